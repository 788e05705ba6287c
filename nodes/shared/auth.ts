import type { IHttpRequestOptions, IHttpRequestHelper } from 'n8n-workflow';

export type AuthMode = 'accessToken' | 'clientCredentials';

/** The hidden, expirable credential field that caches the token obtained with client credentials. */
export const SESSION_TOKEN_FIELD = 'sessionToken';

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
}

export function isTokenServiceUnavailable(error: unknown): boolean {
	return (error as { description?: unknown })?.description === TOKEN_SERVICE_DESCRIPTION;
}

/** Network failures after which a request may have reached the server: the answer, not the request, was lost. */
export const LOST_ANSWER_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ESOCKETTIMEDOUT']);

/**
 * True when a request failed because the credential could not get a token. n8n wraps what
 * preAuthentication throws in a NodeApiError and drops the original (ExecutionBaseError declares its
 * own `cause` field), but it copies message and description, so the description is what survives.
 */
export function isTokenExchangeFailure(error: unknown): boolean {
	return (error as { description?: unknown })?.description === TOKEN_EXCHANGE_DESCRIPTION;
}

/** A Node.js network error code (ECONNREFUSED…) from an error, or from the messages n8n kept when it wrapped one. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown; messages?: unknown };
	for (const code of [candidate?.code, candidate?.cause?.code]) {
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	const texts = [candidate?.message, ...(Array.isArray(candidate?.messages) ? candidate.messages : [])];
	for (const text of texts) {
		if (typeof text !== 'string') continue;
		const match = /\b(E[A-Z]{2,}[A-Z_]*)\b/.exec(text);
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
		CERT_HAS_EXPIRED: 'its TLS certificate has expired',
		DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
	};
	return (code && reasons[code]) ?? 'the request failed';
}

/** The token request through n8n's `httpRequest` helper, as a credential's preAuthentication has it. */
export function sendWithHttpRequest(helpers: IHttpRequestHelper['helpers']): SendTokenRequest {
	return async (request) => {
		const options: IHttpRequestOptions = {
			...request,
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		};
		const outcome = await helpers.httpRequest(options).then(
			(response: RawResponse) => ({ response }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in outcome) {
			const origin = new URL(request.url).origin;
			const code = networkErrorCode(outcome.failure);
			if (code && LOST_ANSWER_CODES.has(code)) {
				throw new TokenServiceUnavailable(`Could not get a token from ${origin}: ${networkFailureText(outcome.failure)}`);
			}
			throw new TokenExchangeError(`Could not reach ${origin}: ${networkFailureText(outcome.failure)}. Check the credential's Domain.`);
		}
		return { statusCode: outcome.response.statusCode, body: outcome.response.body };
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
}

/** Sends a client-credentials token request and returns the access token, or throws a TokenExchangeError a user can act on. */
export async function exchangeClientCredentials(send: SendTokenRequest, exchange: TokenExchange): Promise<string> {
	const { vendor, baseUrl, path } = exchange;
	const { statusCode, body } = await send({
		method: 'POST',
		url: `${baseUrl}${path}`,
		headers: { ...exchange.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: exchange.body,
	});
	const token = bodyField(body, 'access_token');
	if (statusCode >= 200 && statusCode < 300 && token) return token;
	if (statusCode === 429 || statusCode >= 500) {
		throw new TokenServiceUnavailable(`${vendor}'s token endpoint answered HTTP ${statusCode} instead of a token`);
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
	const vendorText =
		bodyField(body, 'error_description') ?? bodyField(body, 'error_msg') ?? bodyField(body, 'resMsg') ?? bodyField(body, 'error');
	throw new TokenExchangeError(
		`${vendor} refused the Client ID or Client Secret (HTTP ${statusCode}${vendorText ? `: ${vendorText}` : ''}). Check both values ${exchange.whereToFindCredentials}.`,
	);
}

export function requireClientCredentials(vendor: string, clientId: unknown, clientSecret: unknown): [string, string] {
	if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
		throw new TokenExchangeError(`The ${vendor} credential needs both a Client ID and a Client Secret`);
	}
	return [clientId, clientSecret];
}
