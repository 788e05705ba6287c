/**
 * The one bridge across n8n's wrapping. What a credential's preAuthentication or authenticate throws,
 * n8n wraps in an error of its own that keeps only a message and a description; the node cannot tell
 * from words alone whether the token exchange failed, how, or for how long to leave the endpoint alone.
 * But n8n hands both hooks the very objects the node passed in (the credential data, the request
 * options): the typed failure rides back on them under a symbol-keyed, non-enumerable property, never
 * stored, and the node asks this module, and only this module, what happened.
 */
import type { VendorFailure } from './failures';

/**
 * How a token exchange failed. `refused`: the endpoint refused the client or is not a token endpoint
 * (wrong secret, wrong Domain, a redirect); it does not fix itself within a run. `unreachable`: no
 * connection at all (DNS, refused, TLS); the host may be back after a back-off. `passing`: busy or
 * failing (429, 5xx, a lost answer, the deadline); the request was not sent, and may be tried again.
 */
export type TokenFailureKind = 'refused' | 'unreachable' | 'passing';

export interface TokenFailureDetail {
	/** The token endpoint's status, when it answered. */
	statusCode?: number;
	/** How long the token endpoint asked to be left alone (its Retry-After). */
	retryAfterMs?: number;
	/** The endpoint's or its gateway's own words, already cleared of the exchange's secrets and cut to size. */
	failure?: VendorFailure;
}

/** A token exchange failed; its message is written for the user and never holds a secret. */
export class TokenExchangeError extends Error {
	override name = 'TokenExchangeError';

	constructor(
		message: string,
		readonly kind: TokenFailureKind,
		readonly detail: TokenFailureDetail = {},
	) {
		super(message);
	}

	/** What n8n keeps beside the message: the endpoint's own words, or what to check. */
	get description(): string {
		return this.detail.failure?.description ?? DESCRIPTIONS[this.kind];
	}
}

const DESCRIPTIONS: Record<TokenFailureKind, string> = {
	refused: "n8n could not obtain an access token with the credential's Client ID and Client Secret.",
	unreachable: "n8n could not connect to the token endpoint: check the credential's Domain and your network.",
	passing: 'The token endpoint did not give a token this time; the request was not sent, and can be tried again.',
};

const TOKEN_FAILURE = Symbol.for('n8n-nodes-aicc-eiam.tokenFailure');
const REQUEST_REFUSAL = Symbol.for('n8n-nodes-aicc-eiam.requestRefusal');

function note(target: object, key: symbol, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: false, configurable: true, writable: true });
}

/** In preAuthentication: notes a token exchange's failure on the credential object n8n hands back to the node, and throws it. */
export function throwTokenFailure(credentials: object, error: unknown): never {
	if (error instanceof TokenExchangeError) note(credentials, TOKEN_FAILURE, error);
	throw error;
}

/** The token exchange's failure noted on this credential object, if preAuthentication failed with it. */
export function tokenFailureOf(credentials: object): TokenExchangeError | undefined {
	const value = (credentials as Record<symbol, unknown>)[TOKEN_FAILURE];
	return value instanceof TokenExchangeError ? value : undefined;
}

/** In authenticate: notes why the request may not be sent (a token no header can carry, a deadline passed) on its options, and throws. */
export function refuseRequest(requestOptions: object, message: string): never {
	note(requestOptions, REQUEST_REFUSAL, message);
	throw new Error(message);
}

/** Why authenticate refused to send these request options, if it did. */
export function requestRefusalOf(requestOptions: object): string | undefined {
	const value = (requestOptions as Record<symbol, unknown>)[REQUEST_REFUSAL];
	return typeof value === 'string' ? value : undefined;
}
