/**
 * The attempt loop every call of both vendors goes through: send (with the run's token, see session.ts),
 * act on the answer's verdict (classify.ts), retry a passing fault or give up in words a user can act
 * on (failures.ts). Its other rooms: reading.ts (one answer off the wire), retry.ts (back-off),
 * deadline.ts (the whole request's time), tokenBridge.ts (what n8n's wrapping does not carry).
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IDataObject,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { classify, type AnswerRules, type RawResponse, type Verdict } from './classify';
import { attachDeadline, DeadlineExpired, withDeadline } from './deadline';
import { clearedFailure, FailureWords, PassingFailure, type TransientProblem } from './failures';
import { failedBeforeSending, networkErrorCode, networkFailureText, redirectTarget } from './network';
import type { RequestOptions } from './options';
import { readBody } from './reading';
import { RetryBudget } from './retry';
import { SecretRedactor } from './secrets';
import { TokenSession, type Judged } from './session';
import { SESSION_TOKEN_FIELD } from './auth';
import { requestRefusalOf, TokenExchangeError, tokenFailureOf } from './tokenBridge';

export { UncertainOutcomeError, VendorApiError, type VendorFailure } from './failures';
export { VENDOR_TEXT_MAX_CHARS } from './text';

/** What differs between the vendors: their name, credential, headers, and how their answers are read (see classify). */
export interface VendorSpec extends AnswerRules {
	vendor: 'AICC' | 'EIAM';
	credentialType: 'aiccApi' | 'eiamApi';
	headers: Record<string, string>;
	endpoint: 'api';
	refusesToken(statusCode: number, body: unknown): boolean;
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

/** A fault that may pass is the loop's to retry; any other error ends the request. */
function passingOnly(error: unknown): PassingFailure {
	if (error instanceof PassingFailure) return error;
	throw error;
}

/** Where the transport runs: a node's run, a trigger's poll, the editor's Task picker, or the approval page's webhook. */
export type TransportContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IWebhookFunctions;

/**
 * Sends every call of one node run, a trigger's poll or a picker's search. Requests go through n8n's
 * httpRequestWithAuthentication with HTTP errors returned rather than thrown, and each answer is read
 * by reading.ts's one rule, so that classify sees every status and every body: n8n itself only renews
 * a token on 401, while EIAM answers an expired token with 400 `invalid_token`, and a gateway with 200.
 * No redirect is followed (n8n would carry the token and the body to the Location), every request has
 * a deadline of the node's Timeout, and vendor text passes through the run's SecretRedactor, then is
 * cut to VENDOR_TEXT_MAX_CHARS, before it reaches a message, a description or n8n's error data.
 */
export class VendorTransport {
	private readonly requestOptions: RequestOptions;
	/** The secrets of the run: the credential's, and every token it obtains. */
	private readonly secrets = new SecretRedactor();
	private readonly words: FailureWords;
	private readonly session: TokenSession;
	/** The node, read once: n8n's getNode() deep-copies it on every call. */
	private readonly node: INode;
	/** The credential's reference, as n8n's helper wants it beside the decrypted data. */
	private readonly credential: { id: string; name: string };
	/** What n8n's helper takes beside a request: the credential's reference and the data of the token generation in use. */
	private decrypted?: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject };
	/** Aborts when the user cancels the execution; n8n-core puts it on requests, but our deadline takes its place. */
	private readonly cancelSignal?: AbortSignal;

	constructor(
		private readonly context: TransportContext,
		private readonly spec: VendorSpec,
		requestOptions: RequestOptions,
	) {
		this.requestOptions = requestOptions;
		this.node = context.getNode();
		const reference = this.node.credentials?.[spec.credentialType];
		this.credential = { id: reference?.id ?? '', name: reference?.name ?? '' };
		this.cancelSignal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
		// A node's run has items to name in its messages; a trigger's poll and the editor's picker have none.
		this.words = new FailureWords(this.node, spec.vendor, 'getInputData' in context);
		this.session = new TokenSession({
			readCredentials: async () => await context.getCredentials(spec.credentialType),
			secrets: this.secrets,
			words: this.words,
			retry: requestOptions.retry,
			send: (options, itemIndex, data) => this.send(options, itemIndex, data),
			judge: (response) => this.judge(response),
		});
	}

	async request(request: VendorRequest): Promise<unknown> {
		const { itemIndex } = request;
		const { baseUrl } = this.session.known ?? (await this.session.current(itemIndex));
		const options = this.optionsFor(request, baseUrl);
		let budget: RetryBudget | undefined;
		let lostAnswer: string | undefined;
		for (;;) {
			let judged: Judged | PassingFailure;
			try {
				judged = await this.session.send(options, itemIndex);
			} catch (error) {
				judged = passingOnly(error);
			}
			let problem: TransientProblem;
			const response = 'verdict' in judged ? judged.response : undefined;
			const verdict = 'verdict' in judged ? judged.verdict : undefined;
			switch (verdict?.kind) {
				case 'success':
					return response?.body;
				case 'refused':
					throw this.words.refused(response as RawResponse, verdict.failure, itemIndex, lostAnswer);
				case 'redirect':
					throw this.words.redirected(redirectTarget(response?.headers, options.url), (response as RawResponse).statusCode, itemIndex);
				case 'broken':
					problem = { reason: verdict.reason, notActed: false };
					break;
				case 'passing':
					problem = verdict;
					break;
				default:
					problem = { reason: (judged as PassingFailure).message, notActed: (judged as PassingFailure).notActed };
			}
			// Only a request the vendor did not act on, or one that is safe to repeat, is sent again.
			budget ??= new RetryBudget(this.requestOptions.retry);
			const wait = problem.notActed || request.idempotent ? budget.nextWait(problem.retryAfterMs) : undefined;
			if (wait === undefined) throw this.words.gaveUp(problem, request, budget, response, verdict?.kind === 'passing' ? verdict.failure : undefined);
			if (!problem.notActed) lostAnswer ??= problem.reason;
			await sleep(wait);
		}
	}

	/** The request as n8n's helper takes it; built once per request, copied for each attempt by send. */
	private optionsFor(request: VendorRequest, baseUrl: string): IHttpRequestOptions & { url: string } {
		const options: IHttpRequestOptions & { url: string } = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			headers: this.spec.headers,
			json: true,
			// The body is read by readBody (bounded, decoded by one rule), not by axios.
			encoding: 'stream',
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			disableFollowRedirect: true,
			// An idle timer in axios; the deadline in send() bounds the whole request.
			timeout: this.requestOptions.timeoutMs,
		};
		// Set after rather than spread in from a new object: 40 ns against 70 (measured alone, on options as these).
		if (request.body) options.body = request.body;
		return options;
	}

	/** What an answer means, its vendor words cleared of the run's secrets and cut to size. */
	private judge(response: RawResponse): Verdict {
		const verdict = classify(response, this.spec);
		if ((verdict.kind === 'refused' || verdict.kind === 'passing' || verdict.kind === 'tokenRefused') && verdict.failure) {
			return { ...verdict, failure: clearedFailure(verdict.failure, this.secrets) };
		}
		return verdict;
	}

	/** One request through n8n, bounded by the node's Timeout from the first byte sent to the last byte of the answer read. */
	private async send(options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject): Promise<RawResponse> {
		if (this.decrypted?.data !== data) this.decrypted = { ...this.credential, type: this.spec.credentialType, data };
		const credentialsDecrypted = this.decrypted;
		const { timeoutMs } = this.requestOptions;
		const awaitingToken = data.authentication === 'clientCredentials' && !data[SESSION_TOKEN_FIELD];
		// Each attempt its own copy, as n8n writes into the options it is given. Object.assign, not a spread:
		// V8 gives each spread copy a shape of its own, so n8n's and our writes to it (abortSignal, the
		// deadline) and authenticate's copy of it all took the slow path. The copy, those writes and
		// authenticate cost 7.7 to 9 µs a request so, 0.8 to 1.4 µs with Object.assign (measured alone).
		const sent: IHttpRequestOptions = Object.assign({}, options);
		sent.headers = Object.assign({}, options.headers);
		try {
			return await withDeadline(
				timeoutMs,
				async (deadline): Promise<RawResponse> => {
					// The deadline reaches the token request through the credential data and the request itself through authenticate.
					if (awaitingToken) attachDeadline(data, deadline);
					attachDeadline(sent, deadline);
					const { statusCode, body, headers } = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, this.spec.credentialType, sent, {
						credentialsDecrypted,
					})) as RawResponse;
					const read = await readBody(body, headers);
					return { statusCode, headers, body: read.body, broken: read.broken };
				},
				this.cancelSignal,
			);
		} catch (error) {
			// What the credential's hooks could not say through n8n's wrapping comes back through the bridge.
			const tokenFailure = tokenFailureOf(data);
			if (tokenFailure) throw tokenFailure;
			if (error instanceof DeadlineExpired) throw this.pastDeadline(error, awaitingToken && !data[SESSION_TOKEN_FIELD]);
			const refusal = requestRefusalOf(sent);
			if (refusal) throw this.words.operationError(refusal, itemIndex);
			throw this.requestFailure(error, options, itemIndex);
		}
	}

	/**
	 * A request the deadline stopped. While the token was still being fetched the request itself had
	 * not gone out (and, aborted, never will), so the vendor did not act; after that its answer was lost.
	 */
	private pastDeadline(expired: DeadlineExpired, awaitingToken: boolean): Error {
		if (awaitingToken) return new TokenExchangeError(`${this.spec.vendor}'s token endpoint gave ${expired.message}`, 'passing');
		return new PassingFailure(this.node, expired.message);
	}

	/**
	 * Why a request got no answer, built from our own text only (the original error carries the
	 * request, and with it the token), by when it failed: before it was written (no connection, no TLS)
	 * the host could not be reached; after, its answer was lost, and the vendor may have acted.
	 */
	private requestFailure(error: unknown, options: IHttpRequestOptions, itemIndex: number): Error {
		const code = networkErrorCode(error);
		const text = code === 'ECONNABORTED' ? `no answer within ${options.timeout} ms` : networkFailureText(error);
		// Without a network code nothing says the request went out (n8n refused it itself, say): reported as before sending.
		if (code === undefined || failedBeforeSending(code)) return this.words.unreachable(new URL(options.url).origin, text, itemIndex, code);
		return new PassingFailure(this.node, text);
	}
}
