/**
 * The request path every call of both vendors takes: send, read the answer, classify it, retry or give
 * up. Its rooms: session.ts (the run's token), reading.ts (one answer off the wire), failures.ts (the
 * words a user reads), retry.ts (back-off), deadline.ts (the whole request's time), secrets.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IDataObject,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	bodyField,
	isTokenExchangeFailure,
	isTokenServiceUnavailable,
	SESSION_TOKEN_FIELD,
	TOKEN_EXCHANGE_DESCRIPTION,
	UNSENDABLE_ACCESS_TOKEN,
	type RawResponse,
} from './auth';
import { attachDeadline, DeadlineExpired, withDeadline } from './deadline';
import { failedBeforeSending, isRedirect, networkErrorCode, networkFailureText, redirectTarget } from './network';
import { FailureWords, PassingFailure, type TransientProblem, type VendorFailure } from './failures';
import type { RequestOptions } from './options';
import { BrokenAnswer, readAnswer } from './reading';
import { parseRetryAfter, RetryBudget } from './retry';
import { SecretRedactor } from './secrets';
import { TokenSession } from './session';
import { boundText, VENDOR_TEXT_MAX_CHARS } from './text';

export { UncertainOutcomeError, VendorApiError, type VendorFailure } from './failures';
export { VENDOR_TEXT_MAX_CHARS } from './text';

/** What differs between the vendors; the request path, token renewal and network errors are shared. */
export interface VendorSpec {
	vendor: 'AICC' | 'EIAM';
	credentialType: 'aiccApi' | 'eiamApi';
	headers: Record<string, string>;
	/** True when the vendor refused the token itself (expired, revoked or wrong), in the way its pages document. */
	isAuthRejection(statusCode: number, body: unknown): boolean;
	/** The failure a response stands for, or undefined when the call succeeded. */
	failureOf(statusCode: number, body: unknown): VendorFailure | undefined;
}

export interface VendorRequest {
	method: IHttpRequestMethods;
	/** Path below the domain, with every caller-supplied segment already percent-encoded. */
	path: string;
	body?: IDataObject;
	itemIndex: number;
	/**
	 * Whether sending the request twice leaves the same result as sending it once (reads, updates,
	 * status changes, deletes). Only such requests are repeated after a server error, a lost answer or a
	 * time-out; creates are not, as the first one may have been carried out.
	 */
	idempotent: boolean;
	/** What the user should check when a request that is not idempotent may have been carried out. */
	uncertainAdvice?: string;
}

type Attempt = { response: RawResponse; problem?: TransientProblem } | { response?: undefined; problem: TransientProblem };

/** How sure an answer is that the token was refused: documented or said (`invalid_token`), or a bare 403 that may be. */
type TokenRefusal = 'certain' | 'possible';

function isPage(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

/** Where the transport runs: a node's run, a trigger's poll, or the editor's Task picker. */
export type TransportContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

type CredentialsDecrypted = { id: string; name: string; type: string; data: ICredentialDataDecryptedObject };

/**
 * Sends every call of one node run. Requests go through n8n's httpRequestWithAuthentication with
 * HTTP errors returned rather than thrown, so that this one place sees every status: n8n itself only
 * renews a token on 401, while EIAM answers an expired token with 400 `invalid_token`.
 *
 * Each answer comes as a stream that readAnswer reads, bounded and decoded by its charset; an answer
 * that breaks on the way is a lost answer (the request went out), not an unreachable host. No
 * redirect is followed (n8n would carry the token and the body to the Location), every request has a
 * deadline of the node's Timeout, and vendor text passes through the run's SecretRedactor, then is cut
 * to VENDOR_TEXT_MAX_CHARS, before it reaches a message, a description or n8n's error data.
 */
export class VendorTransport {
	/** Time-out and retries from the node's Options, the same for every item of the run. */
	private readonly requestOptions: RequestOptions;
	/** The secrets of the run: the credential's, and every token it obtains. */
	private readonly secrets = new SecretRedactor();
	private readonly words: FailureWords;
	private readonly session: TokenSession;
	/** Set once a fresh token met a 403 as well: this run's 403s are about permissions, not the token, and renew nothing. */
	private forbiddenIsNotTheToken = false;

	/** The node, read once: n8n's getNode() deep-copies it on every call. */
	private readonly node: INode;
	/** Aborts when the user cancels the execution; n8n-core puts it on requests, but our deadline takes its place. */
	private readonly cancelSignal?: AbortSignal;

	constructor(
		private readonly context: TransportContext,
		private readonly spec: VendorSpec,
		requestOptions: RequestOptions,
	) {
		this.requestOptions = requestOptions;
		this.node = context.getNode();
		this.cancelSignal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
		// A node's run has items to name in its messages; a trigger's poll and the editor's picker have none.
		this.words = new FailureWords(this.node, spec.vendor, 'getInputData' in context);
		this.session = new TokenSession({
			readCredentials: async () => await context.getCredentials(spec.credentialType),
			secrets: this.secrets,
			words: this.words,
			retry: requestOptions.retry,
			send: async (options, itemIndex, data) => await this.send(options, itemIndex, data),
		});
	}

	async request(request: VendorRequest): Promise<unknown> {
		const { itemIndex } = request;
		const budget = new RetryBudget(this.requestOptions.retry);
		let lostAnswer: string | undefined;
		for (;;) {
			const outcome = await this.attempt(request).then(
				(response): Attempt => ({ response, problem: this.transientProblem(response) }),
				(error: unknown): Attempt => {
					if (error instanceof PassingFailure) return { problem: { reason: error.message, notActed: error.notActed } };
					throw error;
				},
			);
			if (!outcome.problem) return this.checked(outcome.response as RawResponse, itemIndex, lostAnswer);
			// Only a request the vendor did not act on, or one that is safe to repeat, is sent again.
			const wait = outcome.problem.notActed || request.idempotent ? budget.nextWait(outcome.problem.retryAfterMs) : undefined;
			if (wait === undefined) {
				const failure = outcome.response && this.failureOf(outcome.response);
				throw this.words.gaveUp(outcome.problem, request, budget, outcome.response, failure);
			}
			if (!outcome.problem.notActed) lostAnswer ??= outcome.problem.reason;
			await sleep(wait);
		}
	}

	/** One attempt: the request with the run's token, renewed once when the vendor refuses it. */
	private async attempt(request: VendorRequest): Promise<RawResponse> {
		const { itemIndex } = request;
		const state = await this.session.current(itemIndex);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${state.baseUrl}${request.path}`,
			headers: { ...this.spec.headers },
			json: true,
			// The body is read by readAnswer (bounded, decoded by its charset), not by axios.
			encoding: 'stream',
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			disableFollowRedirect: true,
			// An idle timer in axios; the deadline in send() bounds the whole request.
			timeout: this.requestOptions.timeoutMs,
			...(request.body ? { body: request.body } : {}),
		};

		const usesClientCredentials = state.data.authentication === 'clientCredentials';
		// A request that starts while a renewal is under way joins it, and shares how it ends.
		let response =
			usesClientCredentials && (!state.data[SESSION_TOKEN_FIELD] || this.session.isRenewing)
				? await this.session.sendRenewed(state.generation, options, itemIndex)
				: await this.send(options, itemIndex, state.data);
		this.refuseRedirect(response, options, itemIndex);
		const refusal = this.tokenRefusal(response);
		if (!refusal) return response;
		if (!usesClientCredentials) {
			// A pasted token is not ours to renew; a bare 403 may be about something else, and says so itself.
			if (refusal === 'certain') throw this.words.rejectedAccessToken(itemIndex);
			return response;
		}
		// A request the vendor refused for its token was not acted on, so resending it (even a create) cannot double it.
		response = await this.session.sendRenewed(state.generation, options, itemIndex);
		this.refuseRedirect(response, options, itemIndex);
		const again = this.tokenRefusal(response);
		if (again === 'possible') {
			// A fresh token refused alike: the 403 is about what the application may do. Its words follow, and no 403 of this run renews again.
			this.forbiddenIsNotTheToken = true;
			return response;
		}
		if (again) throw this.words.rejectedFreshToken(itemIndex, response.statusCode, this.failureOf(response)?.description);
		return response;
	}

	/**
	 * Whether an answer refuses the token. Certain: the way the vendor documents it (spec), or an
	 * `invalid_token` in the body or in WWW-Authenticate (RFC 6750) whatever the status. Possible: any
	 * other 403, which a vendor or its gateway may also give a revoked token; one renewal per run tells
	 * the two apart, so that a token the vendor stopped accepting never stays stuck in the credential.
	 */
	private tokenRefusal(response: RawResponse): TokenRefusal | undefined {
		const { statusCode, body, headers } = response;
		if (this.spec.isAuthRejection(statusCode, body)) return 'certain';
		if (statusCode < 400 || statusCode >= 500) return undefined;
		const challenge = headers?.['www-authenticate'];
		if (bodyField(body, 'error') === 'invalid_token' || (typeof challenge === 'string' && /invalid_token/i.test(challenge))) return 'certain';
		if (statusCode === 403 && !this.forbiddenIsNotTheToken) return 'possible';
		return undefined;
	}

	/**
	 * A fault that may pass: 429, and 503 with Retry-After (the vendor says it did not act), other 5xx
	 * answers, and a success whose body is not JSON (the vendor probably acted). A gateway's bare 503
	 * can come after the backend acted, so only its Retry-After says it did not.
	 */
	private transientProblem(response: RawResponse): TransientProblem | undefined {
		const { statusCode, body } = response;
		const retryAfterMs = parseRetryAfter(response.headers?.['retry-after']);
		if (statusCode === 429 || (statusCode === 503 && retryAfterMs !== undefined)) {
			return { reason: `HTTP ${statusCode}`, notActed: true, retryAfterMs };
		}
		if (statusCode >= 500) return { reason: `HTTP ${statusCode}${isPage(body) ? ', an HTML page' : ''}`, notActed: false };
		if (statusCode < 300 && typeof body === 'string' && body.trim() !== '') {
			return { reason: `HTTP ${statusCode} with an answer that is not readable JSON`, notActed: false };
		}
		return undefined;
	}

	/** Vendor text as a failure may quote it: the run's secrets removed first (a cut could split one), then cut to size. */
	private vendorText(text: string | undefined): string | undefined {
		return text === undefined ? undefined : boundText(this.secrets.redact(text), VENDOR_TEXT_MAX_CHARS);
	}

	/** The vendor's failure for a response, its texts cleared of the run's secrets and cut to size. */
	private failureOf(response: RawResponse): VendorFailure | undefined {
		const failure = this.spec.failureOf(response.statusCode, response.body);
		if (!failure) return undefined;
		return {
			message: this.vendorText(failure.message) as string,
			description: this.vendorText(failure.description),
			code: this.vendorText(failure.code),
		};
	}

	/** The body of a final answer, or the vendor's failure as an error a user can act on. */
	private checked(response: RawResponse, itemIndex: number, lostAnswer?: string): unknown {
		const failure = this.failureOf(response);
		if (failure) throw this.words.refused(response, failure, itemIndex, lostAnswer);
		return response.body;
	}

	/** One request through n8n, bounded by the node's Timeout from the first byte sent to the last byte of the answer read. */
	private async send(options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject): Promise<RawResponse> {
		const reference = this.node.credentials?.[this.spec.credentialType];
		const credentialsDecrypted: CredentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: this.spec.credentialType, data };
		const { timeoutMs } = this.requestOptions;
		const awaitingToken = data.authentication === 'clientCredentials' && !data[SESSION_TOKEN_FIELD];
		const outcome = await withDeadline(timeoutMs, async (deadline): Promise<RawResponse> => {
			// The deadline reaches the token request through the credential data and the request itself through authenticate.
			if (awaitingToken) attachDeadline(data, deadline);
			const sent = attachDeadline({ ...options, headers: { ...options.headers } }, deadline);
			const { statusCode, body, headers } = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, this.spec.credentialType, sent, {
				credentialsDecrypted,
			})) as RawResponse;
			const read = await readAnswer(body, headers).catch((error: unknown) => {
				throw error instanceof BrokenAnswer ? new BrokenAnswer(`HTTP ${statusCode}: ${error.message}`) : error;
			});
			return { statusCode, headers, body: read };
		}, this.cancelSignal).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('response' in outcome) return outcome.response;
		if (outcome.error instanceof DeadlineExpired) throw this.pastDeadline(outcome.error, awaitingToken && !data[SESSION_TOKEN_FIELD]);
		// The request went out and its answer broke on the way: the vendor may have acted.
		if (outcome.error instanceof BrokenAnswer) throw new PassingFailure(this.node, outcome.error.message);
		throw this.requestFailure(outcome.error, options, itemIndex);
	}

	/**
	 * A request the deadline stopped. While the token was still being fetched the request itself had
	 * not gone out (and, aborted, never will), so the vendor did not act; after that its answer was lost.
	 */
	private pastDeadline(expired: DeadlineExpired, awaitingToken: boolean): PassingFailure {
		const failure = new PassingFailure(this.node, awaitingToken ? `${this.spec.vendor}'s token endpoint gave ${expired.message}` : expired.message);
		failure.notActed = awaitingToken;
		return failure;
	}

	/**
	 * Why a request got no answer, built from our own text only (the original error carries the
	 * request, and with it the token), by when it failed: before it was written (no connection, no TLS)
	 * the host could not be reached; after, its answer was lost, and the vendor may have acted.
	 */
	private requestFailure(error: unknown, options: IHttpRequestOptions, itemIndex: number): Error {
		if (isTokenServiceUnavailable(error)) {
			const noToken = new PassingFailure(this.node, this.secrets.redact((error as Error).message));
			noToken.notActed = true;
			return noToken;
		}
		if (isTokenExchangeFailure(error)) {
			return this.words.operationError(this.secrets.redact((error as Error).message), itemIndex, TOKEN_EXCHANGE_DESCRIPTION);
		}
		if ((error as Error)?.message === UNSENDABLE_ACCESS_TOKEN) return this.words.operationError(UNSENDABLE_ACCESS_TOKEN, itemIndex);
		const code = networkErrorCode(error);
		const text = code === 'ECONNABORTED' ? `no answer within ${options.timeout} ms` : networkFailureText(error);
		// Without a network code nothing says the request went out (n8n refused it itself, say): reported as before sending.
		if (code === undefined || failedBeforeSending(code)) return this.words.unreachable(new URL(options.url).origin, text, itemIndex, code);
		return new PassingFailure(this.node, text);
	}

	/** A 3xx is never followed: the message names where it would have gone. */
	private refuseRedirect(response: RawResponse, options: IHttpRequestOptions, itemIndex: number): void {
		if (isRedirect(response.statusCode)) throw this.words.redirected(redirectTarget(response.headers, options.url), response.statusCode, itemIndex);
	}
}
