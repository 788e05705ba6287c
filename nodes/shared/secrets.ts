import { boundText, VENDOR_TEXT_MAX_CHARS } from './text';

/** What stands in vendor text where a secret of the run was. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not searched for: a one- or two-character "secret" would blank out
 * ordinary words of the vendor's message, and no issued token or client secret is that short.
 */
const SHORTEST_SECRET = 4;

/**
 * The secrets of a run (client secret, the Basic value built from it, every token), and the forms in
 * which a vendor that quotes the request back would write them: as sent in a header, percent-encoded as
 * in a form body, and form-encoded (spaces as `+`). Vendor text passes through `redact` before it goes
 * into any message, description or error data.
 */
export class SecretRedactor {
	private readonly forms = new Set<string>();
	private sorted?: string[];

	add(...secrets: unknown[]): this {
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.trim().length < SHORTEST_SECRET) continue;
			const trimmed = secret.trim();
			for (const form of [secret, trimmed, encodeURIComponent(trimmed), new URLSearchParams({ s: trimmed }).toString().slice(2)]) {
				this.forms.add(form);
			}
			this.sorted = undefined;
		}
		return this;
	}

	/** Adds what HTTP Basic sends for a client ID and secret: base64 of `id:secret`. */
	addBasic(clientId: unknown, clientSecret: unknown): this {
		if (typeof clientId === 'string' && typeof clientSecret === 'string' && clientSecret !== '') {
			this.add(basicValue(clientId, clientSecret));
		}
		return this;
	}

	redact(text: string): string;
	redact(text: string | undefined): string | undefined;
	redact(text: string | undefined): string | undefined {
		if (text === undefined || this.forms.size === 0) return text;
		// Longest first, so that a secret inside a longer one (a token inside its Basic value) leaves no tail.
		this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length);
		let result = text;
		for (const form of this.sorted) if (result.includes(form)) result = result.split(form).join(REDACTED);
		return result;
	}
}

export function basicValue(clientId: string, clientSecret: string): string {
	return Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
}

/**
 * A token as RFC 6750 allows it in a header: one or more visible ASCII characters. Node.js refuses a
 * header holding CR or LF, and a space or a control character would change what the header means.
 */
export function isHeaderSafeToken(token: string): boolean {
	return /^[\x21-\x7e]+$/.test(token);
}

/** Vendor text as a message may quote it: the secrets removed first (a cut could split one and leave its start), then cut to size. */
export function quoteVendor(text: string, secrets: SecretRedactor): string {
	return boundText(secrets.redact(text), VENDOR_TEXT_MAX_CHARS);
}
