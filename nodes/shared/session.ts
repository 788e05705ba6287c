/**
 * The run's token: the credential read once, one renewal at a time (single flight), and what a failed
 * renewal leaves behind, so that items starting after it share its failure instead of asking again.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { credentialToken, SESSION_TOKEN_FIELD, TOKEN_EXCHANGE_DESCRIPTION, tokenRetryAfterOf, UNSENDABLE_ACCESS_TOKEN, type RawResponse } from './auth';
import { toBaseUrl } from './domain';
import { PassingFailure, type FailureWords } from './failures';
import { backoffDelay, RetryBudget, type RetryPolicy } from './retry';
import { isHeaderSafeToken, type SecretRedactor } from './secrets';

/** The credential as this run uses it, its base URL, and how many times its token has been renewed during the run. */
export interface CredentialState {
	data: ICredentialDataDecryptedObject;
	baseUrl: string;
	generation: number;
}

/** Sends one request through n8n with the given credential data (the transport's wire call). */
export type SendWith = (options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject) => Promise<RawResponse>;

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
}

export class TokenSession {
	private state?: Promise<CredentialState>;
	private renewing?: Promise<RenewalOutcome>;
	private failedRenewal?: FailedRenewal;

	constructor(private readonly settings: SessionSettings) {}

	/**
	 * The credential, read on the first request of the run (its Domain and a pasted token checked before
	 * anything is sent), with the token of the latest renewal.
	 */
	async current(itemIndex: number): Promise<CredentialState> {
		const { secrets, words } = this.settings;
		this.state ??= this.settings.readCredentials().then((data) => {
			const baseUrl = toBaseUrl(data.domain);
			secrets.add(data.clientSecret, data.accessToken, data[SESSION_TOKEN_FIELD]).addBasic(data.clientId, data.clientSecret);
			const pasted = data.authentication === 'clientCredentials' ? '' : credentialToken(data);
			if (pasted !== '' && !isHeaderSafeToken(pasted)) {
				throw new NodeOperationError(words.node, UNSENDABLE_ACCESS_TOKEN, {
					description:
						'A line break, space, control or non-ASCII character is inside the token: paste the token again, exactly as the vendor issued it.',
				});
			}
			return { data, baseUrl, generation: 0 };
		});
		return await this.state.catch((error: NodeOperationError) => {
			throw words.operationError(error.message, itemIndex, error.description ?? undefined);
		});
	}

	/** True while a renewal is under way: a request that starts then joins it rather than sending the old token. */
	get isRenewing(): boolean {
		return this.renewing !== undefined;
	}

	/**
	 * Sends the request with a new token. Only one renewal runs at a time: a request whose token was
	 * already replaced by another one's renewal is simply sent again with the new token, and a request
	 * that comes while a failed renewal is remembered reports the same failure rather than asking again.
	 */
	async sendRenewed(staleGeneration: number, options: IHttpRequestOptions, itemIndex: number): Promise<RawResponse> {
		const { send, words } = this.settings;
		const state = await this.current(itemIndex);
		if (state.generation !== staleGeneration) return await send(options, itemIndex, state.data);
		const remembered = this.rememberedFailure(staleGeneration);
		if (remembered) throw words.forItem(remembered, itemIndex);
		if (this.renewing) {
			const outcome = await this.renewing;
			if ('failed' in outcome) throw words.forItem(outcome.failed, itemIndex);
			return await send(options, itemIndex, outcome.renewed.data);
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
				this.state = Promise.resolve(next);
				return next;
			};
			// n8n writes the token its preAuthentication obtained into the object it was handed.
			const outcome = await send(options, itemIndex, withoutToken).then(
				(response) => ({ response }),
				(error: NodeOperationError) => ({ error }),
			);
			if ('response' in outcome) return { response: outcome.response, renewed: renewed() };
			const { error } = outcome;
			// The token came and the request itself failed afterwards: the renewal worked, the failure is the request's own.
			if (withoutToken[SESSION_TOKEN_FIELD]) return { error, renewed: renewed() };
			if (error instanceof PassingFailure) {
				const retryAfterMs = tokenRetryAfterOf(withoutToken);
				const wait = budget.nextWait(retryAfterMs);
				if (wait !== undefined) {
					await sleep(wait);
					continue;
				}
				const gaveUp = words.gaveUp({ reason: error.message, notActed: true, retryAfterMs }, { itemIndex, idempotent: false }, budget) as NodeOperationError;
				this.failedRenewal = { generation: state.generation, error: gaveUp, untilMs: Date.now() + (retryAfterMs ?? backoffDelay(budget.retries)) };
				throw gaveUp;
			}
			if (error.description === TOKEN_EXCHANGE_DESCRIPTION) this.failedRenewal = { generation: state.generation, error, untilMs: Infinity };
			throw error;
		}
	}
}
