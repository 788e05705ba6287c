/**
 * What an answer means, judged in one place for every call of both vendors and both token endpoints:
 * a pure function of the status, the headers and the decoded body. Nothing here sends or words a
 * message for the user; the transport, the session and the token exchange act on the verdict.
 */
import { bodyField, isSuccess } from './body';
import type { VendorFailure } from './failures';
import { isRedirect } from './network';
import { parseRetryAfter } from './retry';

/** One answer: its status, headers and body as read (see reading.ts), and why its framing broke when it did. */
export interface RawResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
	broken?: string;
}

export type Verdict =
	| { kind: 'success' }
	/** A 3xx: never followed (it would carry the token or the client secret elsewhere). */
	| { kind: 'redirect' }
	/**
	 * The token was refused: `certain` when the answer says so (the vendor's documented way, or
	 * `invalid_token` in the body or in WWW-Authenticate, at any status, 200 included); not certain for a
	 * bare 403, which may be about the token or about what the application may do. `failure` is the
	 * answer's own words, for when it turns out not to be about the token.
	 */
	| { kind: 'tokenRefused'; certain: boolean; failure?: VendorFailure }
	/** The vendor (or a gateway) refused the request, in these words. */
	| { kind: 'refused'; failure: VendorFailure }
	/**
	 * A fault that may pass: 408, 425, 429, and 503 with Retry-After (the request was not acted on: `notActed`),
	 * any other 5xx, or a success whose body is not JSON (the vendor probably acted).
	 */
	| { kind: 'passing'; reason: string; notActed: boolean; retryAfterMs?: number; failure?: VendorFailure }
	/** A success whose framing broke on the way (cut, corrupt, oversized): the request went out and its answer was lost. */
	| { kind: 'broken'; reason: string };

/** What differs between the endpoints an answer can come from. */
export interface AnswerRules {
	/**
	 * `api` for a vendor's API, where a token is sent and may be refused; `token` for a token endpoint,
	 * where none is, and where a success that is text rather than JSON is another server's page unless
	 * it looks like JSON cut short.
	 */
	endpoint: 'api' | 'token';
	/** True when the answer refuses the token in the vendor's own documented way, whatever the status. */
	refusesToken?(statusCode: number, body: unknown): boolean;
	/** The refusal an answer stands for, in the vendor's or a gateway's words (a gateway's shape first), or undefined. */
	failureOf(statusCode: number, body: unknown): VendorFailure | undefined;
}

/** The verdicts that carry nothing of their own, made once rather than for every answer. */
const SUCCESS: Verdict = Object.freeze({ kind: 'success' });
const REDIRECT: Verdict = Object.freeze({ kind: 'redirect' });

const INVALID_TOKEN = /invalid_token/i;
const LOOKS_LIKE_JSON = /^\s*[[{]/;
const PAGE = /^\s*</;

/** RFC 6750: a refused token is named `invalid_token`, in the body's `error` or in the WWW-Authenticate challenge. */
function saysInvalidToken(response: RawResponse): boolean {
	if (bodyField(response.body, 'error') === 'invalid_token') return true;
	const challenge = response.headers?.['www-authenticate'];
	return typeof challenge === 'string' && INVALID_TOKEN.test(challenge);
}

/** Judges one answer; see Verdict. Its order: redirect, broken framing, token refusal, passing fault, refusal, success. */
export function classify(response: RawResponse, rules: AnswerRules): Verdict {
	const { statusCode, body } = response;
	if (isRedirect(statusCode)) return REDIRECT;
	const success = isSuccess(statusCode);
	// A refusal whose body broke is still a refusal (its status says so, its body reads as ''); a success whose body broke is lost.
	if (success && response.broken !== undefined) return { kind: 'broken', reason: `HTTP ${statusCode}: ${response.broken}` };
	if (rules.endpoint === 'api') {
		if (rules.refusesToken?.(statusCode, body) || saysInvalidToken(response)) {
			return { kind: 'tokenRefused', certain: true, failure: rules.failureOf(statusCode, body) };
		}
		if (statusCode === 403) return { kind: 'tokenRefused', certain: false, failure: rules.failureOf(statusCode, body) };
	}
	const passing = passingFault(response, rules);
	if (passing) return passing;
	const failure = rules.failureOf(statusCode, body);
	return failure ? { kind: 'refused', failure } : SUCCESS;
}

function passingFault(response: RawResponse, rules: AnswerRules): Verdict | undefined {
	const { statusCode, body } = response;
	if (statusCode === 429 || statusCode === 503 || statusCode === 408 || statusCode === 425) {
		const retryAfterMs = parseRetryAfter(response.headers?.['retry-after']);
		// 408 (the request was not read in time) and 425 (too early to process) say the request was not
		// acted on, as 429 does. A gateway's bare 503 can come after the backend acted: only its Retry-After says it did not.
		if (statusCode !== 503 || retryAfterMs !== undefined) {
			return { kind: 'passing', reason: `HTTP ${statusCode}`, notActed: true, retryAfterMs, failure: rules.failureOf(statusCode, body) };
		}
	}
	if (statusCode >= 500) {
		const page = typeof body === 'string' && PAGE.test(body);
		return { kind: 'passing', reason: `HTTP ${statusCode}${page ? ', an HTML page' : ''}`, notActed: false, failure: rules.failureOf(statusCode, body) };
	}
	if (statusCode < 300 && typeof body === 'string' && body !== '' && (rules.endpoint === 'api' || LOOKS_LIKE_JSON.test(body))) {
		// JSON cut short is a lost answer; a page or a text where JSON belongs is more likely another server's (a proxy, a login page).
		const reason = LOOKS_LIKE_JSON.test(body)
			? `HTTP ${statusCode} with an answer that is not readable JSON`
			: `HTTP ${statusCode} with ${PAGE.test(body) ? 'an HTML page' : 'a text'} instead of JSON; check the credential's Domain`;
		return { kind: 'passing', reason, notActed: false };
	}
	return undefined;
}
