/**
 * The token exchange: a client-credentials request to a vendor's token endpoint, its answer judged by
 * classify like every other answer, and every way it can fail as a TokenExchangeError of a kind the
 * node acts on (see tokenBridge.ts). The credentials' preAuthentication runs it; nothing else sends here.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IHttpRequestHelper } from 'n8n-workflow';

import { bodyField, isJsonObject, isSuccess } from './body';
import { classify, type AnswerRules, type RawResponse } from './classify';
import { DeadlineExpired, withDeadline } from './deadline';
import { clearedFailure, type VendorFailure } from './failures';
import { gatewayFailure } from './gateway';
import { failedBeforeSending, networkErrorCode, networkFailureText, redirectTarget } from './network';
import { readBody } from './reading';
import { isHeaderSafeToken, quoteVendor, type SecretRedactor } from './secrets';
import { TokenExchangeError } from './tokenBridge';

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

export interface TokenRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** Sends a token request and returns status and body whatever the status; throws only when nothing answered. */
export type SendTokenRequest = (request: TokenRequest) => Promise<RawResponse>;

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
			return { statusCode, headers, ...(await readBody(body, headers)) };
		};
		const outcome = await (deadline ? send(deadline) : withDeadline(TOKEN_REQUEST_DEADLINE_MS, send)).then(
			(response) => ({ response }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in outcome) {
			if (outcome.failure instanceof DeadlineExpired || deadline?.aborted) {
				throw new TokenExchangeError(`Could not get a token from ${origin} before the deadline`, 'passing');
			}
			const code = networkErrorCode(outcome.failure);
			if (!failedBeforeSending(code)) {
				throw new TokenExchangeError(`Could not get a token from ${origin}: ${networkFailureText(outcome.failure)}`, 'passing');
			}
			throw new TokenExchangeError(`Could not reach ${origin}: ${networkFailureText(outcome.failure)}. Check the credential's Domain.`, 'unreachable');
		}
		return outcome.response;
	};
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
	const { vendor, baseUrl, path } = exchange;
	const url = `${baseUrl}${path}`;
	const response = await send({
		method: 'POST',
		url,
		headers: { ...exchange.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: exchange.body,
	});
	const { statusCode } = response;
	const verdict = classify(response, tokenEndpointRules(exchange));
	switch (verdict.kind) {
		case 'redirect':
			throw new TokenExchangeError(
				`${vendor}'s token endpoint answered with a redirect to ${redirectTarget(response.headers, url)}; the request was not followed. Check the credential's Domain.`,
				'refused',
			);
		case 'broken':
			throw new TokenExchangeError(`The token endpoint's answer from ${new URL(url).origin} was lost: ${verdict.reason}`, 'passing');
		case 'passing': {
			const { failure, retryAfterMs } = verdict;
			const said = statusCode < 300 ? `${vendor}'s token endpoint answer was cut off before the token` : `${vendor}'s token endpoint answered HTTP ${statusCode} instead of a token`;
			throw new TokenExchangeError(failure ? `${said}: ${failure.message}` : said, 'passing', { statusCode, retryAfterMs, failure });
		}
		case 'refused':
		case 'tokenRefused':
			throw new TokenExchangeError(verdict.failure?.message ?? `${vendor} refused the token request (HTTP ${statusCode})`, 'refused', { statusCode, failure: verdict.failure });
		case 'success':
			return issuedToken(vendor, (response.body as Record<string, unknown>).access_token);
	}
}

/** The token endpoint's answers, judged by classify: a gateway's shape first, then an OAuth or vendor error, at any status. */
function tokenEndpointRules(exchange: TokenExchange): AnswerRules {
	return { endpoint: 'token', failureOf: (statusCode, body) => tokenEndpointFailure(exchange, statusCode, body) };
}

/** What a token endpoint's answer says went wrong, or undefined for a token (and for a passing fault without a gateway's words). */
function tokenEndpointFailure(exchange: TokenExchange, statusCode: number, body: unknown): VendorFailure | undefined {
	const { vendor, baseUrl, path, secrets } = exchange;
	const gateway = gatewayFailure(vendor, statusCode, body);
	if (gateway) {
		const cleared = clearedFailure(gateway, secrets);
		if (statusCode === 429 || statusCode >= 500) return cleared;
		// The Test button shows only the message, so the gateway's own words go into it too.
		return { ...cleared, message: `${cleared.message} (asking for a token at ${path})${cleared.description ? `: ${cleared.description}` : ''}` };
	}
	if (statusCode === 429 || statusCode >= 500) return undefined;
	if (typeof body === 'string' && body.trim() !== '' && !isSuccess(statusCode) && statusCode !== 404) {
		// Neither vendor's token endpoint answers a refusal with a page or bare text: something else stands at the Domain.
		const what = /^\s*</.test(body) ? 'an HTML page' : 'a text';
		return {
			message: `${baseUrl} answered the token request with HTTP ${statusCode} and ${what}, not the ${vendor} token endpoint's JSON. Check the credential's Domain and any proxy in front of ${vendor}, then the Client ID and Client Secret.`,
		};
	}
	const success = isSuccess(statusCode);
	const token = isJsonObject(body) ? body.access_token : undefined;
	if (success && token !== undefined && token !== null) return undefined;
	// An OAuth error or the vendor's own envelope is a refusal whatever the status, a 200 included.
	const enveloped = isJsonObject(body) && (body.error !== undefined || body.error_code !== undefined || (body.resCode !== undefined && bodyField(body, 'resCode') !== '0'));
	if (statusCode === 404 || (success && !enveloped)) {
		return { message: `${baseUrl} did not answer like the ${vendor} token endpoint (HTTP ${statusCode} at ${path}). Check the credential's Domain.` };
	}
	const said = bodyField(body, 'error_description') ?? bodyField(body, 'error_msg') ?? bodyField(body, 'resMsg') ?? bodyField(body, 'error');
	const vendorText = said === undefined ? undefined : quoteVendor(said, secrets);
	return {
		message: `${vendor} refused the Client ID or Client Secret (HTTP ${statusCode}${vendorText ? `: ${vendorText}` : ''}). Check both values ${exchange.whereToFindCredentials}.`,
	};
}

/** The access_token of a success, once it is known to be a token a request header can carry. */
function issuedToken(vendor: string, token: unknown): string {
	// Only a text can be a Bearer token: an array or `true` would be sent as "Bearer a,b" or "Bearer true".
	if (typeof token !== 'string' || token.trim() === '') {
		throw new TokenExchangeError(
			`${vendor}'s token endpoint answered with an access_token that is ${describeToken(token)}, not a token; nothing was stored or sent. Check the credential's Domain.`,
			'refused',
		);
	}
	if (!isHeaderSafeToken(token)) {
		throw new TokenExchangeError(
			`${vendor}'s token endpoint answered with an access_token that a request header cannot carry (a line break, space, control or non-ASCII character). Check the credential's Domain.`,
			'refused',
		);
	}
	return token;
}

/** What an access_token that is not a text holds, for the message (its value is not quoted: it may be a real token). */
function describeToken(token: unknown): string {
	if (typeof token === 'string') return 'empty';
	if (Array.isArray(token)) return 'an array';
	return typeof token === 'object' ? 'an object' : `a ${typeof token}`;
}

export function requireClientCredentials(vendor: string, clientId: unknown, clientSecret: unknown): [string, string] {
	if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
		throw new TokenExchangeError(`The ${vendor} credential needs both a Client ID and a Client Secret`, 'refused');
	}
	return [clientId, clientSecret];
}
