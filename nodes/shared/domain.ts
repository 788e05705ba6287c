const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The URL, or undefined when the text is not one. */
export function parseUrl(text: string): URL | undefined {
	return URL.canParse(text) ? new URL(text) : undefined;
}

/**
 * Turns what a user pastes into the credential's Domain field into the base URL requests are sent to.
 * A path, query or fragment is dropped (users often paste a full endpoint); a missing scheme means
 * https. Plain http is refused except on loopback, so a token or secret never crosses a network in clear.
 */
export function toBaseUrl(domain: unknown): string {
	const text = typeof domain === 'string' ? domain.trim() : '';
	if (text === '') throw new Error('The credential has no Domain: enter the API domain, e.g. https://example.com');
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
	const url = parseUrl(withScheme);
	if (!url) throw new Error(`The credential's Domain "${text}" is not a valid URL`);
	if (url.username !== '' || url.password !== '') {
		throw new Error("The credential's Domain must not contain a user name or password");
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
		throw new Error(
			`The credential's Domain must use https:// (plain http is only allowed for localhost), got "${url.protocol}//${url.host}"`,
		);
	}
	return url.origin;
}
