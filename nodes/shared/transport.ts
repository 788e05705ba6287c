import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IDataObject,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	credentialToken,
	isRedirect,
	isTokenExchangeFailure,
	isTokenServiceUnavailable,
	LOST_ANSWER_CODES,
	networkErrorCode,
	networkFailureText,
	redirectTarget,
	SESSION_TOKEN_FIELD,
	TOKEN_EXCHANGE_DESCRIPTION,
	UNSENDABLE_ACCESS_TOKEN,
	type RawResponse,
} from './auth';
import { attachDeadline, DeadlineExpired, withDeadline } from './deadline';
import { toBaseUrl } from './domain';
import type { RequestOptions } from './options';
import { parseRetryAfter, RetryBudget } from './retry';
import { isHeaderSafeToken, SecretRedactor } from './secrets';

/** What the vendor said when a call failed, in words a user can act on, with the vendor's own text kept. */
export interface VendorFailure {
	message: string;
	description?: string;
	/** The vendor's own error code (EIAM error_code, AICC resCode), when it gave one. */
	code?: string;
}

/** What differs between the vendors; the request path, token renewal and network errors are shared. */
export interface VendorSpec {
	vendor: 'AICC' | 'EIAM';
	credentialType: 'aiccApi' | 'eiamApi';
	headers: Record<string, string>;
	/** True when the vendor refused the token itself (expired, revoked or wrong). */
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
	 * status changes, deletes). Only such requests are repeated after a server error, a reset or a
	 * time-out; creates are not, as the first one may have been carried out.
	 */
	idempotent: boolean;
	/** What the user should check when a request that is not idempotent may have been carried out. */
	uncertainAdvice?: string;
}

/**
 * A request failed on the way for a reason that may pass; `message` says how. Either its answer was
 * lost (reset, time-out: the vendor may have acted) or it never went out (no token this time). Never
 * leaves the transport.
 */
class PassingFailure extends NodeOperationError {
	notActed = false;
}

// n8n tells its errors apart by `name` (which defaults to the class name), so the subclasses below keep their base's.

/** A fault that may pass, and whether the vendor said it did not act on the request. */
interface TransientProblem {
	reason: string;
	notActed: boolean;
	retryAfterMs?: number;
}

type Attempt = { response: RawResponse; problem?: TransientProblem } | { response?: undefined; problem: TransientProblem };

/**
 * A request that is not idempotent failed in a way that leaves open whether the vendor carried it out.
 * Operations with a natural key (EIAM's External ID) catch it to find out.
 */
export class UncertainOutcomeError extends NodeOperationError {
	override name = 'NodeOperationError';
}

/** The vendor refused a request; its own error code is kept for operations that act on it. */
export class VendorApiError extends NodeApiError {
	override name = 'NodeApiError';
	vendorCode?: string;
	/**
	 * Set when this answer came on a repeat attempt after an earlier attempt's answer was lost (the vendor
	 * may have acted on that one): why it was lost. A Delete's "not found" then means the first one deleted it.
	 */
	lostAnswer?: string;
}

function isPage(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

/** Where the transport runs: a node's run, a trigger's poll, or the editor's Task picker. */
export type TransportContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** The credential as this run uses it, its base URL, and how many times its token has been renewed during the run. */
interface CredentialState {
	data: ICredentialDataDecryptedObject;
	baseUrl: string;
	generation: number;
}

type CredentialsDecrypted = { id: string; name: string; type: string; data: ICredentialDataDecryptedObject };

/** How a renewal ended, for every request that waited on it: with the new generation's state, or with the error they all report. */
type RenewalOutcome = { renewed: CredentialState } | { failed: NodeOperationError };

/**
 * Sends every call of one node run. Requests go through n8n's httpRequestWithAuthentication with
 * HTTP errors returned rather than thrown, so that this one place sees every status: n8n itself only
 * renews a token on 401, while EIAM answers an expired token with 400 `invalid_token`.
 *
 * The credential is read once per run and handed to n8n with every request. When a token has to be
 * obtained or renewed, one request does it (single flight): it goes out with the token field emptied,
 * which makes n8n run the credential's preAuthentication and store the new token, so later requests
 * and later runs use it too; requests in flight meanwhile wait for it and share how it ended.
 *
 * No redirect is followed (n8n would carry the token and the body to the Location), every request
 * has a deadline of the node's Timeout, and vendor text passes through the run's SecretRedactor
 * before it reaches a message, a description or n8n's error data.
 */
export class VendorTransport {
	private state?: Promise<CredentialState>;
	private renewing?: Promise<RenewalOutcome>;
	/** A renewal the token endpoint refused (a wrong secret does not fix itself mid-run): later requests of that generation fail alike. */
	private failedRenewal?: { generation: number; error: NodeOperationError };
	/** Time-out and retries from the node's Options, the same for every item of the run. */
	private readonly requestOptions: RequestOptions;
	/** The secrets of the run: the credential's, and every token it obtains. */
	private readonly secrets = new SecretRedactor();

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
			if (wait === undefined) throw this.gaveUp(outcome.problem, request, budget, outcome.response);
			if (!outcome.problem.notActed) lostAnswer ??= outcome.problem.reason;
			await sleep(wait);
		}
	}

	/** One attempt: the request with the run's token, renewed once when the vendor refuses it. */
	private async attempt(request: VendorRequest): Promise<RawResponse> {
		const { itemIndex } = request;
		const state = await this.currentState(itemIndex);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${state.baseUrl}${request.path}`,
			headers: { ...this.spec.headers },
			json: true,
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
			usesClientCredentials && (!state.data[SESSION_TOKEN_FIELD] || this.renewing)
				? await this.renewToken(state.generation, options, itemIndex)
				: await this.send(options, itemIndex, state.data);
		if (isRedirect(response.statusCode)) throw this.redirected(response, options, itemIndex);
		if (this.spec.isAuthRejection(response.statusCode, response.body)) {
			if (!usesClientCredentials) throw this.rejectedAccessToken(itemIndex);
			// A request the vendor refused for its token was not acted on, so resending it (even a create) cannot double it.
			response = await this.renewToken(state.generation, options, itemIndex);
			if (isRedirect(response.statusCode)) throw this.redirected(response, options, itemIndex);
			if (this.spec.isAuthRejection(response.statusCode, response.body)) throw this.rejectedFreshToken(itemIndex);
		}
		return response;
	}

	/**
	 * A fault that may pass: 429, and 503 with Retry-After (the vendor says it did not act), other 5xx
	 * answers, and a success whose body cannot be read (a cut or non-JSON answer: the vendor probably
	 * acted). A gateway's bare 503 can come after the backend acted, so only its Retry-After says it did not.
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

	/** The vendor's failure for a response, its texts cleared of the run's secrets. */
	private failureOf(response: RawResponse): VendorFailure | undefined {
		const failure = this.spec.failureOf(response.statusCode, response.body);
		if (!failure) return undefined;
		return {
			message: this.secrets.redact(failure.message),
			description: this.secrets.redact(failure.description),
			code: this.secrets.redact(failure.code),
		};
	}

	/** The body of a final answer, or the vendor's failure as an error a user can act on. */
	private checked(response: RawResponse, itemIndex: number, lostAnswer?: string): unknown {
		const failure = this.failureOf(response);
		if (failure) {
			const error = new VendorApiError(this.node, this.errorDetails(response, failure), {
				message: `${failure.message} (item ${itemIndex})`,
				description: failure.description,
				httpCode: String(response.statusCode),
				itemIndex,
			});
			error.vendorCode = failure.code;
			error.lostAnswer = lostAnswer;
			throw error;
		}
		return response.body;
	}

	/** The error for a request whose fault outlasted the retries, or that may have been carried out and must not be repeated. */
	private gaveUp(problem: TransientProblem, request: Pick<VendorRequest, 'itemIndex' | 'idempotent' | 'uncertainAdvice'>, budget: RetryBudget, response?: RawResponse): Error {
		const { vendor } = this.spec;
		const { itemIndex } = request;
		const tries = budget.retries === 0 ? '' : ` after ${budget.retries} ${budget.retries === 1 ? 'retry' : 'retries'} over ${(budget.waitedMs / 1000).toFixed(1)} s`;
		const failure = response && this.failureOf(response);
		const vendorText = failure?.description;
		const details = this.errorDetails(response, failure);
		const options = { itemIndex, ...(response ? { httpCode: String(response.statusCode) } : {}) };
		if (problem.notActed) {
			const held = response?.statusCode === 429 ? `${vendor}'s rate limit held` : `${vendor} stayed unavailable`;
			return new NodeApiError(this.node, details, {
				...options,
				message: `${held} (${problem.reason}${tries}) (item ${itemIndex})`,
				description: [
					'The request was not carried out.',
					problem.retryAfterMs === undefined ? undefined : `${vendor} asked to wait ${Math.ceil(problem.retryAfterMs / 1000)} s (Retry-After).`,
					'Lower Items per Batch or add a Batch Interval, or raise Max Retries and Max Retry Wait under Options.',
					vendorText,
				]
					.filter(Boolean)
					.join(' '),
			});
		}
		if (request.idempotent) {
			return new NodeApiError(this.node, details, {
				...options,
				message: `${vendor} failed (${problem.reason}${tries}) (item ${itemIndex})`,
				description: [
					'The request is safe to repeat: run the item again later, or raise Max Retries and Max Retry Wait under Options.',
					vendorText,
				]
					.filter(Boolean)
					.join(' '),
			});
		}
		return new UncertainOutcomeError(this.node, `${vendor}'s answer was lost (${problem.reason}) (item ${itemIndex})`, {
			itemIndex,
			description: request.uncertainAdvice ?? `${vendor} may have carried out the request; check in ${vendor} before running this item again.`,
		});
	}

	/**
	 * The credential, read on the first request of the run (its Domain and a pasted token checked before
	 * anything is sent), with the token of the latest renewal.
	 */
	private async currentState(itemIndex: number): Promise<CredentialState> {
		this.state ??= this.context.getCredentials(this.spec.credentialType).then((data) => {
			const baseUrl = toBaseUrl(data.domain);
			this.secrets.add(data.clientSecret, data.accessToken, data[SESSION_TOKEN_FIELD]).addBasic(data.clientId, data.clientSecret);
			const pasted = data.authentication === 'clientCredentials' ? '' : credentialToken(data);
			if (pasted !== '' && !isHeaderSafeToken(pasted)) {
				throw new NodeOperationError(this.node, UNSENDABLE_ACCESS_TOKEN, {
					description:
						'A line break, space, control or non-ASCII character is inside the token: paste the token again, exactly as the vendor issued it.',
				});
			}
			return { data, baseUrl, generation: 0 };
		});
		return await this.state.catch((error: NodeOperationError) => {
			throw new NodeOperationError(this.node, `${error.message} (item ${itemIndex})`, { itemIndex, description: error.description ?? undefined });
		});
	}

	/**
	 * Sends the request with a new token. Only one renewal runs at a time: a request whose token was
	 * already replaced by another one's renewal is simply sent again with the new token, and a request
	 * that waited on a renewal that failed reports the same failure rather than asking again.
	 */
	private async renewToken(staleGeneration: number, options: IHttpRequestOptions, itemIndex: number): Promise<RawResponse> {
		const state = await this.currentState(itemIndex);
		if (state.generation !== staleGeneration) return await this.send(options, itemIndex, state.data);
		if (this.failedRenewal?.generation === staleGeneration) throw this.forItem(this.failedRenewal.error, itemIndex);
		if (this.renewing) {
			const outcome = await this.renewing;
			if ('failed' in outcome) throw this.forItem(outcome.failed, itemIndex);
			return await this.send(options, itemIndex, outcome.renewed.data);
		}
		let settle!: (outcome: RenewalOutcome) => void;
		this.renewing = new Promise<RenewalOutcome>((resolve) => (settle = resolve));
		try {
			const sent = await this.sendWithNewToken(state, options, itemIndex).catch((error: NodeOperationError) => {
				settle({ failed: error });
				throw error;
			});
			settle({ renewed: sent.renewed });
			if ('error' in sent) throw sent.error;
			return sent.response;
		} finally {
			this.renewing = undefined;
		}
	}

	/**
	 * The renewal itself: the request goes out with the token field emptied, so that n8n runs
	 * preAuthentication first. A token endpoint that fails for a passing reason (429, 5xx, reset,
	 * deadline) is asked again within the run's retries; the requests waiting meanwhile share the wait.
	 */
	private async sendWithNewToken(
		state: CredentialState,
		options: IHttpRequestOptions,
		itemIndex: number,
	): Promise<{ renewed: CredentialState } & ({ response: RawResponse } | { error: Error })> {
		const budget = new RetryBudget(this.requestOptions.retry);
		for (;;) {
			const withoutToken = { ...state.data, [SESSION_TOKEN_FIELD]: '' };
			const renewed = (): CredentialState => {
				this.secrets.add(withoutToken[SESSION_TOKEN_FIELD]);
				const next = { ...state, data: withoutToken, generation: state.generation + 1 };
				this.state = Promise.resolve(next);
				return next;
			};
			// n8n writes the token its preAuthentication obtained into the object it was handed.
			const outcome = await this.send(options, itemIndex, withoutToken).then(
				(response) => ({ response }),
				(error: NodeOperationError) => ({ error }),
			);
			if ('response' in outcome) return { response: outcome.response, renewed: renewed() };
			const { error } = outcome;
			// The token came and the request itself failed afterwards: the renewal worked, the failure is the request's own.
			if (withoutToken[SESSION_TOKEN_FIELD]) return { error, renewed: renewed() };
			if (error instanceof PassingFailure) {
				const wait = budget.nextWait();
				if (wait === undefined) throw this.gaveUp({ reason: error.message, notActed: true }, { itemIndex, idempotent: false }, budget);
				await sleep(wait);
				continue;
			}
			if (error.description === TOKEN_EXCHANGE_DESCRIPTION) this.failedRenewal = { generation: state.generation, error };
			throw error;
		}
	}

	/** One request through n8n, bounded by the node's Timeout from the first byte sent to the last byte received. */
	private async send(options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject): Promise<RawResponse> {
		const reference = this.node.credentials?.[this.spec.credentialType];
		const credentialsDecrypted: CredentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: this.spec.credentialType, data };
		const { timeoutMs } = this.requestOptions;
		const awaitingToken = data.authentication === 'clientCredentials' && !data[SESSION_TOKEN_FIELD];
		const outcome = await withDeadline(timeoutMs, async (deadline) => {
			// The deadline reaches the token request through the credential data and the request itself through authenticate.
			if (awaitingToken) attachDeadline(data, deadline);
			const sent = attachDeadline({ ...options, headers: { ...options.headers } }, deadline);
			return (await this.context.helpers.httpRequestWithAuthentication.call(this.context, this.spec.credentialType, sent, { credentialsDecrypted })) as RawResponse;
		}, this.cancelSignal).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in outcome) {
			if (outcome.error instanceof DeadlineExpired) throw this.pastDeadline(outcome.error, awaitingToken && !data[SESSION_TOKEN_FIELD]);
			throw this.requestFailure(outcome.error, options, itemIndex);
		}
		const { statusCode, body, headers } = outcome.response;
		return { statusCode, body, headers };
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

	/** Why a request got no answer, built from our own text only: the original error carries the request, and with it the token. */
	private requestFailure(error: unknown, options: IHttpRequestOptions, itemIndex: number): NodeOperationError {
		if (isTokenServiceUnavailable(error)) {
			const noToken = new PassingFailure(this.node, this.secrets.redact((error as Error).message));
			noToken.notActed = true;
			return noToken;
		}
		if (isTokenExchangeFailure(error)) {
			return new NodeOperationError(this.node, `${this.secrets.redact((error as Error).message)} (item ${itemIndex})`, {
				itemIndex,
				description: TOKEN_EXCHANGE_DESCRIPTION,
			});
		}
		if ((error as Error)?.message === UNSENDABLE_ACCESS_TOKEN) {
			return new NodeOperationError(this.node, `${UNSENDABLE_ACCESS_TOKEN} (item ${itemIndex})`, { itemIndex });
		}
		const code = networkErrorCode(error);
		const text = code === 'ECONNABORTED' ? `no answer within ${options.timeout} ms` : networkFailureText(error);
		if (code && LOST_ANSWER_CODES.has(code)) return new PassingFailure(this.node, text);
		return new NodeOperationError(this.node, `Could not reach ${this.spec.vendor} at ${new URL(options.url).origin}: ${text} (item ${itemIndex})`, {
			itemIndex,
			description: `Check the credential's Domain and your network.${code ? ` Network error: ${code}.` : ''}`,
		});
	}

	/** A 3xx: the request was not followed, and the message names where it would have gone. */
	private redirected(response: RawResponse, options: IHttpRequestOptions, itemIndex: number): NodeOperationError {
		const { vendor } = this.spec;
		return new NodeOperationError(
			this.node,
			`${vendor} answered with a redirect to ${redirectTarget(response.headers, options.url)}; the request was not followed (item ${itemIndex})`,
			{
				itemIndex,
				description: `Neither vendor documents a redirect, and following one would send the credential elsewhere: check the credential's Domain (HTTP ${response.statusCode}), and any proxy between n8n and ${vendor}.`,
			},
		);
	}

	/** The same failure, reported for another item. */
	private forItem(error: NodeOperationError, itemIndex: number): NodeOperationError {
		const message = error.message.replace(/ \(item \d+\)$/, '');
		return new NodeOperationError(this.node, `${message} (item ${itemIndex})`, { itemIndex, description: error.description ?? undefined });
	}

	private rejectedAccessToken(itemIndex: number): NodeOperationError {
		return new NodeOperationError(this.node, `${this.spec.vendor} rejected the access token: it is expired or invalid (item ${itemIndex})`, {
			itemIndex,
			description: 'Paste a new Access Token into the credential, or switch the credential to Client Credentials so that n8n renews the token itself.',
		});
	}

	private rejectedFreshToken(itemIndex: number): NodeOperationError {
		return new NodeOperationError(this.node, `${this.spec.vendor} rejected a token it had just issued (item ${itemIndex})`, {
			itemIndex,
			description: `Check that the ${this.spec.vendor} application behind the Client ID is allowed to call this API.`,
		});
	}

	/**
	 * What NodeApiError keeps of the answer (n8n stores it in the run data): a few known fields, already
	 * cleared of secrets, never the raw body, which may quote the request or nest beyond what n8n can copy.
	 */
	private errorDetails(response: RawResponse | undefined, failure: VendorFailure | undefined): JsonObject {
		if (!response) return {};
		return {
			statusCode: response.statusCode,
			...(failure?.code ? { code: failure.code } : {}),
			...(failure?.description ? { message: failure.description } : {}),
		};
	}
}
