import { quoteText } from './text';

/**
 * A loopback host and optional port as typed, where plain http is allowed. Only the usual spellings:
 * other forms of 127.0.0.1 (2130706433, 0x7f.1) are refused rather than decoded, so that the
 * credential's Test button, which can only match text, accepts exactly the same Domains.
 */
export const LOOPBACK_AUTHORITY = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** The URL, or undefined when the text is not one (parsed once: URL.canParse and then new URL would parse it twice). */
export function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
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
	// The host must follow "//" directly: URL parsers skip extra slashes, the Test button's expression does not.
	const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(withScheme)?.[1] ?? '';
	if (!url || authority === '') throw new Error(`The credential's Domain ${quoteText(text)} is not a valid URL`);
	// An "@" in the host part is user info even when it is empty ("https://@host"); the Test button refuses it alike.
	if (authority.includes('@') || url.username !== '' || url.password !== '') {
		throw new Error("The credential's Domain must not contain a user name or password");
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_AUTHORITY.test(authority))) {
		throw new Error(
			`The credential's Domain must use https:// (plain http is only allowed for localhost), got ${quoteText(`${url.protocol}//${url.host}`)}`,
		);
	}
	return url.origin;
}
