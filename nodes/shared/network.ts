/**
 * What went wrong on the network, read from the errors n8n hands back: when it happened (before the
 * request was written, or after, when only its answer was lost), its code, and words for it; and where
 * a redirect pointed. Nothing here sends.
 */

/**
 * Network failures that happen before a request is written: no connection (DNS, refused, unreachable)
 * or no trusted TLS session. The vendor cannot have acted, and the Domain or the network is to check.
 * Every other failure (a reset, a time-out, an answer cut or unparseable) came after the request may
 * have reached the vendor: its answer, not the request, was lost.
 */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EAI_FAIL',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EHOSTDOWN',
	'ENETDOWN',
	'EADDRNOTAVAIL',
	'EPROTO',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** True when the request never left: see NOT_SENT_CODES. */
export function failedBeforeSending(code: string | undefined): boolean {
	return code !== undefined && NOT_SENT_CODES.has(code);
}

/** A Node.js network error code (ECONNREFUSED…) from an error, or from the messages n8n kept when it wrapped one. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown; messages?: unknown };
	for (const code of [candidate?.code, candidate?.cause?.code]) {
		if (typeof code === 'string' && /^(E[A-Z_]+|HPE_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)$/.test(code)) return code;
	}
	const texts = [candidate?.message, ...(Array.isArray(candidate?.messages) ? candidate.messages : [])];
	for (const text of texts) {
		if (typeof text !== 'string') continue;
		const match = /\b(E[A-Z]{2,}[A-Z_]*|HPE_[A-Z_]+)\b/.exec(text);
		if (match) return match[1];
		const replaced = N8N_NETWORK_MESSAGES.find(([phrase]) => text.includes(phrase));
		if (replaced) return replaced[1];
	}
	return undefined;
}

/**
 * n8n's error classes replace the message of a network error by their own sentence and may keep no
 * trace of the code (a time-out arrives as "The connection was aborted…"); these phrases of those
 * sentences lead back to the code.
 */
const N8N_NETWORK_MESSAGES: Array<[phrase: string, code: string]> = [
	['refused the connection', 'ECONNREFUSED'],
	['closed unexpectedly', 'ECONNRESET'],
	['incorrect host', 'ENOTFOUND'],
	['connection timed out', 'ETIMEDOUT'],
	['connection was aborted', 'ECONNABORTED'],
	['host is unreachable', 'EHOSTUNREACH'],
	['DNS server returned an error', 'EAI_AGAIN'],
	// Node.js's HTTP parser: the answer's status line or headers could not be read.
	['Header overflow', 'HPE_HEADER_OVERFLOW'],
	['Parse Error', 'HPE_INVALID'],
];

/**
 * What went wrong on the network, in words. The code itself (ECONNREFUSED…) is left out: n8n's error
 * classes replace any message that holds such a code with their own generic text.
 */
export function networkFailureText(error: unknown): string {
	const code = networkErrorCode(error);
	const reasons: Record<string, string> = {
		ECONNREFUSED: 'the connection was refused',
		ENOTFOUND: 'the host name does not resolve',
		EAI_AGAIN: 'the host name could not be resolved',
		ETIMEDOUT: 'the connection timed out',
		ECONNRESET: 'the connection was reset',
		ECONNABORTED: 'the request timed out',
		EPIPE: 'the connection closed while the request was being sent',
		CERT_HAS_EXPIRED: 'its TLS certificate has expired',
		DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
		HPE_HEADER_OVERFLOW: "the answer's headers were larger than Node.js reads (16 KiB)",
	};
	if (code && reasons[code]) return reasons[code];
	if (code?.startsWith('HPE_')) return "the answer's status line or headers could not be read";
	return 'the request failed';
}

/** HTTP 3xx: neither vendor documents a redirect, so one is never followed. */
export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/** Where a redirect pointed, as an origin (scheme, host, port): enough to recognise the place, nothing of its path. */
export function redirectTarget(headers: Record<string, unknown> | undefined, requestUrl: string): string {
	const location = headers?.location;
	if (typeof location !== 'string' || location.trim() === '') return 'no Location';
	try {
		return new URL(location.trim(), requestUrl).origin;
	} catch {
		return 'an address that is not a URL';
	}
}
