/**
 * All of a run's token state: the credential read once, one renewal at a time (single flight), what a
 * failed renewal leaves behind (so that items starting after it share its failure instead of asking
 * again), which token generations the vendor accepted, and what a refusal of a fresh token taught.
 * The transport hands it each request; it answers with the vendor's answer and its verdict, a refused
 * token already renewed or worded.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { credentialToken, SESSION_TOKEN_FIELD, UNSENDABLE_ACCESS_TOKEN } from './auth';
import type { RawResponse, Verdict } from './classify';
import { toBaseUrl } from './domain';
import type { FailureWords } from './failures';
import { backoffDelay, RetryBudget, type RetryPolicy } from './retry';
import { isHeaderSafeToken, type SecretRedactor } from './secrets';
import { TokenExchangeError } from './tokenBridge';

/** The credential as this run uses it, its base URL, and how many times its token has been renewed during the run. */
export interface CredentialState {
	data: ICredentialDataDecryptedObject;
	baseUrl: string;
	generation: number;
}

/** Sends one request through n8n with the given credential data (the transport's wire call). */
export type SendWith = (options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject) => Promise<RawResponse>;

/** An answer, and the generation of the token its request carried. */
export interface SentWith {
	response: RawResponse;
	generation: number;
}

/** An answer and what it means; never a refusal of the token, which the session renews or words itself. */
export interface Judged {
	response: RawResponse;
	verdict: Exclude<Verdict, TokenRefusal>;
}

type TokenRefusal = Extract<Verdict, { kind: 'tokenRefused' }>;

/** How a renewal ended, for every request that waited on it: with the new generation's state, or with the error they all report. */
type RenewalOutcome = { renewed: CredentialState } | { failed: NodeOperationError };

/** A renewal that failed, and until when later requests share that failure: for good (a wrong secret) or for the endpoint's back-off. */
interface FailedRenewal {
	generation: number;
	error: NodeOperationError;
	untilMs: number;
}

export interface SessionSettings {
	readCredentials: () => Promise<ICredentialDataDecryptedObject>;
	secrets: SecretRedactor;
	words: FailureWords;
	retry: RetryPolicy;
	send: SendWith;
	/** What an answer means (classify with the vendor's rules, its words cleared of the run's secrets). */
	judge: (response: RawResponse) => Verdict;
}

export class TokenSession {
	private state?: Promise<CredentialState>;
	/** The state once read, so that most requests reach it without a promise of their own. */
	private latest?: CredentialState;
	private renewing?: Promise<RenewalOutcome>;
	private failedRenewal?: FailedRenewal;
	/** Set once a fresh token met a 403 as well: this run's 403s are about permissions, not the token, and renew nothing. */
	private forbiddenIsNotTheToken = false;
	/** Set once a token obtained in this run was refused: later requests with that token share this error, unsent, rather than renew. */
	private freshTokenRefused?: { generation: number; error: NodeOperationError };
	/** The token generations the vendor has accepted in this run (0: the stored token). */
	private readonly acceptedGenerations = new Set<number>();

	constructor(private readonly settings: SessionSettings) {}

	/**
	 * Sends one request with the run's token and judges the answer. A token the vendor refuses is renewed
	 * once (a request refused for its token was not acted on, so resending it, even a create, cannot
	 * double it); a request that starts while a renewal is under way joins it and shares how it ends.
	 */
	async send(options: IHttpRequestOptions, itemIndex: number): Promise<Judged> {
		const { send, judge, words } = this.settings;
		const state = this.latest ?? (await this.current(itemIndex));
		if (this.freshTokenRefused?.generation === state.generation) throw words.forItem(this.freshTokenRefused.error, itemIndex);
		const renewable = state.data.authentication === 'clientCredentials';
		let sent =
			renewable && (!state.data[SESSION_TOKEN_FIELD] || this.renewing !== undefined)
				? await this.sendRenewed(state.generation, options, itemIndex)
				: { response: await send(options, itemIndex, state.data), generation: state.generation };
		let verdict = judge(sent.response);
		if (verdict.kind !== 'tokenRefused') return this.accepted(sent, verdict);
		if (!renewable) {
			// A pasted token is not ours to renew; a bare 403 may be about something else, and says so itself.
			if (verdict.certain) throw words.rejectedAccessToken(itemIndex);
			return { response: sent.response, verdict: this.asRefusal(verdict, sent.response) };
		}
		if (!verdict.certain && this.forbiddenIsNotTheToken) return this.accepted(sent, this.asRefusal(verdict, sent.response));
		// A token this run obtained that the vendor has never accepted is not renewed again: a new one would fare alike.
		if (sent.generation > 0 && !this.acceptedGenerations.has(sent.generation)) return this.refusedFreshToken(sent, verdict, itemIndex);
		sent = await this.sendRenewed(sent.generation, options, itemIndex);
		verdict = judge(sent.response);
		return verdict.kind === 'tokenRefused' ? this.refusedFreshToken(sent, verdict, itemIndex) : this.accepted(sent, verdict);
	}

	/** The vendor took the token (whatever it said of the request): that generation works, so its later refusal is an expiry. */
	private accepted(sent: SentWith, verdict: Judged['verdict']): Judged {
		if (verdict.kind !== 'redirect') this.acceptedGenerations.add(sent.generation);
		return { response: sent.response, verdict };
	}

	/** A refusal that turned out not to be about the token, in its own words. */
	private asRefusal(refusal: TokenRefusal, response: RawResponse): Judged['verdict'] {
		const failure = refusal.failure ?? { message: `${this.settings.words.vendor} refused the request (HTTP ${response.statusCode})` };
		return { kind: 'refused', failure };
	}

	/**
	 * A token obtained in this run was refused. A bare 403 alike is about what the application may do:
	 * its own words follow, and no 403 of this run renews again. A certain refusal of a fresh token is
	 * the application's permission too, and every later request of the run shares it instead of renewing.
	 */
	private refusedFreshToken(sent: SentWith, refusal: TokenRefusal, itemIndex: number): Judged {
		const { response, generation } = sent;
		if (!refusal.certain) {
			this.forbiddenIsNotTheToken = true;
			return { response, verdict: this.asRefusal(refusal, response) };
		}
		const error = this.settings.words.rejectedFreshToken(itemIndex, response.statusCode, refusal.failure?.description);
		this.freshTokenRefused = { generation, error };
		throw error;
	}

	/** The credential as current() gives it once it has been read; undefined before. */
	get known(): CredentialState | undefined {
		return this.latest;
	}

	/**
	 * The credential, read on the first request of the run (its Domain and a pasted token checked before
	 * anything is sent), with the token of the latest renewal.
	 */
	async current(itemIndex: number): Promise<CredentialState> {
		if (this.latest) return this.latest;
		const { secrets, words } = this.settings;
		this.state ??= this.settings.readCredentials().then((data): CredentialState => {
			const baseUrl = toBaseUrl(data.domain);
			secrets.add(data.clientSecret, data.accessToken, data[SESSION_TOKEN_FIELD]).addBasic(data.clientId, data.clientSecret);
			const pasted = data.authentication === 'clientCredentials' ? '' : credentialToken(data);
			if (pasted !== '' && !isHeaderSafeToken(pasted)) {
				throw new NodeOperationError(words.node, UNSENDABLE_ACCESS_TOKEN, {
					description:
						'A line break, space, control or non-ASCII character is inside the token: paste the token again, exactly as the vendor issued it.',
				});
			}
			this.latest ??= { data, baseUrl, generation: 0 };
			return this.latest;
		});
		return await this.state.catch((error: NodeOperationError) => {
			throw words.operationError(error.message, itemIndex, error.description ?? undefined);
		});
	}

	/**
	 * Sends the request with a new token. Only one renewal runs at a time: a request whose token was
	 * already replaced by another one's renewal is simply sent again with the new token, and a request
	 * that comes while a failed renewal is remembered reports the same failure rather than asking again.
	 */
	async sendRenewed(staleGeneration: number, options: IHttpRequestOptions, itemIndex: number): Promise<SentWith> {
		const { send, words } = this.settings;
		const state = await this.current(itemIndex);
		if (state.generation !== staleGeneration) return { response: await send(options, itemIndex, state.data), generation: state.generation };
		const remembered = this.rememberedFailure(staleGeneration);
		if (remembered) throw words.forItem(remembered, itemIndex);
		if (this.renewing) {
			const outcome = await this.renewing;
			if ('failed' in outcome) throw words.forItem(outcome.failed, itemIndex);
			return { response: await send(options, itemIndex, outcome.renewed.data), generation: outcome.renewed.generation };
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
			return { response: sent.response, generation: sent.renewed.generation };
		} finally {
			this.renewing = undefined;
		}
	}

	private rememberedFailure(generation: number): NodeOperationError | undefined {
		const failed = this.failedRenewal;
		if (!failed || failed.generation !== generation) return undefined;
		if (Date.now() < failed.untilMs) return failed.error;
		this.failedRenewal = undefined;
		return undefined;
	}

	/**
	 * The renewal itself: the request goes out with the token field emptied, so that n8n runs
	 * preAuthentication first. A token endpoint that fails for a passing reason (429, 5xx, a lost answer,
	 * the deadline) is asked again within the run's retries, after its Retry-After when it gives one; the
	 * requests waiting meanwhile share the wait. A token endpoint that keeps failing is left alone for the
	 * back-off the next retry would have used (or its Retry-After); a refused Client Secret for the run.
	 */
	private async sendWithNewToken(
		state: CredentialState,
		options: IHttpRequestOptions,
		itemIndex: number,
	): Promise<{ renewed: CredentialState } & ({ response: RawResponse } | { error: Error })> {
		const { send, secrets, words } = this.settings;
		const budget = new RetryBudget(this.settings.retry);
		for (;;) {
			const withoutToken = { ...state.data, [SESSION_TOKEN_FIELD]: '' };
			const renewed = (): CredentialState => {
				secrets.add(withoutToken[SESSION_TOKEN_FIELD]);
				const next = { ...state, data: withoutToken, generation: state.generation + 1 };
				this.latest = next;
				this.state = Promise.resolve(next);
				return next;
			};
			// n8n writes the token its preAuthentication obtained into the object it was handed.
			const outcome = await send(options, itemIndex, withoutToken).then(
				(response) => ({ response }),
				(error: Error) => ({ error }),
			);
			if ('response' in outcome) return { response: outcome.response, renewed: renewed() };
			const { error } = outcome;
			// The token came and the request itself failed afterwards: the renewal worked, the failure is the request's own.
			if (withoutToken[SESSION_TOKEN_FIELD]) return { error, renewed: renewed() };
			if (!(error instanceof TokenExchangeError)) throw error;
			const { retryAfterMs, failure } = error.detail;
			if (error.kind === 'passing') {
				const wait = budget.nextWait(retryAfterMs);
				if (wait !== undefined) {
					await sleep(wait);
					continue;
				}
				const problem = { reason: secrets.redact(error.message), notActed: true, retryAfterMs };
				// Requests that come later share the failure, not the retries this renewal made: theirs made none.
				const later = new RetryBudget(this.settings.retry);
				const shared = words.gaveUp(problem, { itemIndex, idempotent: false }, later, undefined, failure) as NodeOperationError;
				this.failedRenewal = { generation: state.generation, error: shared, untilMs: Date.now() + (retryAfterMs ?? backoffDelay(budget.retries)) };
				throw words.gaveUp(problem, { itemIndex, idempotent: false }, budget, undefined, failure);
			}
			const worded = words.operationError(secrets.redact(error.message), itemIndex, error.description);
			// A refused secret does not fix itself mid-run; a host that could not be reached may be back after a back-off.
			const untilMs = error.kind === 'refused' ? Infinity : Date.now() + backoffDelay(budget.retries);
			this.failedRenewal = { generation: state.generation, error: worded, untilMs };
			throw worded;
		}
	}
}
