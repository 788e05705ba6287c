import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IHttpRequestHelper } from 'n8n-workflow';

import { DeadlineExpired, withDeadline } from './deadline';
import { failedBeforeSending, isRedirect, networkErrorCode, networkFailureText, redirectTarget } from './network';
import { BrokenAnswer, readAnswer } from './reading';
import { parseRetryAfter } from './retry';
import { boundText, VENDOR_TEXT_MAX_CHARS } from './text';
import { isHeaderSafeToken, type SecretRedactor } from './secrets';

export type AuthMode = 'accessToken' | 'clientCredentials';

/** The hidden, expirable credential field that caches the token obtained with client credentials. */
export const SESSION_TOKEN_FIELD = 'sessionToken';

/** The message for a pasted Access Token that no request header can carry. */
export const UNSENDABLE_ACCESS_TOKEN = "The credential's Access Token holds characters a request header cannot carry";

/**
 * The token a request carries: the one obtained with the client credentials, or the one pasted in
 * Access Token mode, with the whitespace and line break that copying often brings trimmed off.
 */
export function credentialToken(credentials: ICredentialDataDecryptedObject): string {
	const token = credentials.authentication === 'clientCredentials' ? credentials[SESSION_TOKEN_FIELD] : credentials.accessToken;
	return typeof token === 'string' ? token.trim() : '';
}

export interface RawResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export interface TokenRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** Sends a token request and returns status and body whatever the status; throws only when nothing answered. */
export type SendTokenRequest = (request: TokenRequest) => Promise<RawResponse>;

/** The description every token-exchange failure carries; see isTokenExchangeFailure. */
export const TOKEN_EXCHANGE_DESCRIPTION = "n8n could not obtain an access token with the credential's Client ID and Client Secret.";

/** A token exchange failed; its message is written for the user and never holds a secret. */
export class TokenExchangeError extends Error {
	readonly description: string = TOKEN_EXCHANGE_DESCRIPTION;
}

/** The description of a token exchange that failed for a passing reason (429, 5xx, reset, time-out); see isTokenServiceUnavailable. */
export const TOKEN_SERVICE_DESCRIPTION = 'The token endpoint did not give a token this time; the request was not sent, and can be tried again.';

/** The token endpoint is busy or failing: unlike a wrong secret, this may pass, so requests wait and try again. */
export class TokenServiceUnavailable extends TokenExchangeError {
	override readonly description = TOKEN_SERVICE_DESCRIPTION;

	constructor(
		message: string,
		/** How long the token endpoint asked to be left alone (its Retry-After), when it said. */
		readonly retryAfterMs?: number,
	) {
		super(message);
	}
}

/**
 * Where a token endpoint's Retry-After travels back to the node. n8n wraps what preAuthentication throws
 * in an error of its own that keeps only message and description, but it hands preAuthentication the
 * very credential object the node passed in: a symbol-keyed, non-enumerable note rides on it without
 * being stored (see deadline.ts for the same path the other way).
 */
const TOKEN_RETRY_AFTER = Symbol.for('n8n-nodes-aicc-eiam.tokenRetryAfter');

export function noteTokenRetryAfter(credentials: object, retryAfterMs: number | undefined): void {
	Object.defineProperty(credentials, TOKEN_RETRY_AFTER, { value: retryAfterMs, enumerable: false, configurable: true, writable: true });
}

export function tokenRetryAfterOf(credentials: object): number | undefined {
	const value = (credentials as Record<symbol, unknown>)[TOKEN_RETRY_AFTER];
	return typeof value === 'number' ? value : undefined;
}

export function isTokenServiceUnavailable(error: unknown): boolean {
	return (error as { description?: unknown })?.description === TOKEN_SERVICE_DESCRIPTION;
}

/**
 * True when a request failed because the credential could not get a token. n8n wraps what
 * preAuthentication throws in a NodeApiError and drops the original (ExecutionBaseError declares its
 * own `cause` field), but it copies message and description, so the description is what survives.
 */
export function isTokenExchangeFailure(error: unknown): boolean {
	return (error as { description?: unknown })?.description === TOKEN_EXCHANGE_DESCRIPTION;
}

/**
 * How long a token request may take, body and all. preAuthentication cannot see the node's Timeout
 * option; a node's request whose token is late still fails at its own Timeout (see VendorTransport).
 */
export const TOKEN_REQUEST_DEADLINE_MS = 30_000;

/**
 * The token request through n8n's `httpRequest` helper, as a credential's preAuthentication has it.
 * Redirects are not followed: n8n would re-send the Basic header and re-post the form body, client
 * secret and all, to wherever the Location points. `deadline` is the node request's own (see
 * VendorTransport); without one (the Test button) the request has TOKEN_REQUEST_DEADLINE_MS.
 */
export function sendWithHttpRequest(helpers: IHttpRequestHelper['helpers'], deadline?: AbortSignal): SendTokenRequest {
	return async (request) => {
		const origin = new URL(request.url).origin;
		const send = async (abortSignal: AbortSignal): Promise<RawResponse> => {
			const options: IHttpRequestOptions = {
				...request,
				json: true,
				// Read by readAnswer: bounded, decoded by its charset (see reading.ts).
				encoding: 'stream',
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
				disableFollowRedirect: true,
				abortSignal,
			};
			const { statusCode, body, headers } = (await helpers.httpRequest(options)) as RawResponse;
			return { statusCode, headers, body: await readAnswer(body, headers) };
		};
		const outcome = await (deadline ? send(deadline) : withDeadline(TOKEN_REQUEST_DEADLINE_MS, send)).then(
			(response) => ({ response }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in outcome) {
			if (outcome.failure instanceof DeadlineExpired || deadline?.aborted) {
				throw new TokenServiceUnavailable(`Could not get a token from ${origin} before the deadline`);
			}
			if (outcome.failure instanceof BrokenAnswer) {
				throw new TokenServiceUnavailable(`The token endpoint's answer from ${origin} was lost: ${outcome.failure.message}`);
			}
			const code = networkErrorCode(outcome.failure);
			if (!failedBeforeSending(code)) {
				throw new TokenServiceUnavailable(`Could not get a token from ${origin}: ${networkFailureText(outcome.failure)}`);
			}
			throw new TokenExchangeError(`Could not reach ${origin}: ${networkFailureText(outcome.failure)}. Check the credential's Domain.`);
		}
		return outcome.response;
	};
}

/** True for a parsed JSON object body (not an array, not text such as an HTML page). */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

export function bodyField(body: unknown, key: string): string | undefined {
	if (body && typeof body === 'object' && key in body) {
		const value = (body as Record<string, unknown>)[key];
		return value === null || value === undefined ? undefined : String(value);
	}
	return undefined;
}

export interface TokenExchange {
	vendor: 'AICC' | 'EIAM';
	baseUrl: string;
	path: string;
	headers: Record<string, string>;
	body: string;
	/** Where the user finds the client ID and secret, for the error message. */
	whereToFindCredentials: string;
	/** The secrets this request carries, removed from whatever the token endpoint says back. */
	secrets: SecretRedactor;
}

/** Sends a client-credentials token request and returns the access token, or throws a TokenExchangeError a user can act on. */
export async function exchangeClientCredentials(send: SendTokenRequest, exchange: TokenExchange): Promise<string> {
	const { vendor, baseUrl, path, secrets } = exchange;
	const url = `${baseUrl}${path}`;
	const { statusCode, body, headers } = await send({
		method: 'POST',
		url,
		headers: { ...exchange.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: exchange.body,
	});
	if (isRedirect(statusCode)) {
		throw new TokenExchangeError(
			`${vendor}'s token endpoint answered with a redirect to ${redirectTarget(headers, url)}; the request was not followed. Check the credential's Domain.`,
		);
	}
	const token = isJsonObject(body) ? body.access_token : undefined;
	if (statusCode >= 200 && statusCode < 300 && token !== undefined && token !== null) {
		// Only a text can be a Bearer token: an array or `true` would be sent as "Bearer a,b" or "Bearer true".
		if (typeof token !== 'string' || token.trim() === '') {
			throw new TokenExchangeError(
				`${vendor}'s token endpoint answered with an access_token that is ${describeToken(token)}, not a token; nothing was stored or sent. Check the credential's Domain.`,
			);
		}
		if (!isHeaderSafeToken(token)) {
			throw new TokenExchangeError(
				`${vendor}'s token endpoint answered with an access_token that a request header cannot carry (a line break, space, control or non-ASCII character). Check the credential's Domain.`,
			);
		}
		return token;
	}
	if (statusCode === 429 || statusCode >= 500) {
		throw new TokenServiceUnavailable(`${vendor}'s token endpoint answered HTTP ${statusCode} instead of a token`, parseRetryAfter(headers?.['retry-after']));
	}
	// JSON that does not parse (it arrives as text) was cut on the way: the endpoint is right, the answer got lost.
	if (statusCode < 300 && typeof body === 'string' && body.trimStart().startsWith('{')) {
		throw new TokenServiceUnavailable(`${vendor}'s token endpoint answer was cut off before the token`);
	}
	if (statusCode === 404 || statusCode < 300) {
		throw new TokenExchangeError(
			`${baseUrl} did not answer like the ${vendor} token endpoint (HTTP ${statusCode} at ${path}). Check the credential's Domain.`,
		);
	}
	const said = bodyField(body, 'error_description') ?? bodyField(body, 'error_msg') ?? bodyField(body, 'resMsg') ?? bodyField(body, 'error');
	// Secrets out first: a cut could split one and leave its start unredacted.
	const vendorText = said === undefined ? undefined : boundText(secrets.redact(said), VENDOR_TEXT_MAX_CHARS);
	throw new TokenExchangeError(
		`${vendor} refused the Client ID or Client Secret (HTTP ${statusCode}${vendorText ? `: ${vendorText}` : ''}). Check both values ${exchange.whereToFindCredentials}.`,
	);
}

/** What an access_token that is not a text holds, for the message (its value is not quoted: it may be a real token). */
function describeToken(token: unknown): string {
	if (typeof token === 'string') return 'empty';
	if (Array.isArray(token)) return 'an array';
	return typeof token === 'object' ? 'an object' : `a ${typeof token}`;
}

export function requireClientCredentials(vendor: string, clientId: unknown, clientSecret: unknown): [string, string] {
	if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
		throw new TokenExchangeError(`The ${vendor} credential needs both a Client ID and a Client Secret`);
	}
	return [clientId, clientSecret];
}
