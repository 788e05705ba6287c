import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IDataObject,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	isTokenExchangeFailure,
	networkErrorCode,
	networkFailureText,
	SESSION_TOKEN_FIELD,
	TOKEN_EXCHANGE_DESCRIPTION,
	type RawResponse,
} from './auth';
import { toBaseUrl } from './domain';

/** What the vendor said when a call failed, in words a user can act on, with the vendor's own text kept. */
export interface VendorFailure {
	message: string;
	description?: string;
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
}

/** The credential as this run uses it, its base URL, and how many times its token has been renewed during the run. */
interface CredentialState {
	data: ICredentialDataDecryptedObject;
	baseUrl: string;
	generation: number;
}

type CredentialsDecrypted = { id: string; name: string; type: string; data: ICredentialDataDecryptedObject };

/**
 * Sends every call of one node run. Requests go through n8n's httpRequestWithAuthentication with
 * HTTP errors returned rather than thrown, so that this one place sees every status: n8n itself only
 * renews a token on 401, while EIAM answers an expired token with 400 `invalid_token`.
 *
 * The credential is read once per run and handed to n8n with every request. When a token has to be
 * obtained or renewed, one request does it (single flight): it goes out with the token field emptied,
 * which makes n8n run the credential's preAuthentication and store the new token, so later requests
 * and later runs use it too; requests in flight meanwhile wait for it and use the new token.
 */
export class VendorTransport {
	private state?: Promise<CredentialState>;
	private renewing?: Promise<unknown>;
	/** A renewal that failed (a wrong secret does not fix itself mid-run): later requests of that generation fail alike. */
	private failedRenewal?: { generation: number; error: NodeOperationError };

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly spec: VendorSpec,
	) {}

	async request(request: VendorRequest): Promise<unknown> {
		const { itemIndex } = request;
		const state = await this.currentState(itemIndex);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${state.baseUrl}${request.path}`,
			headers: { ...this.spec.headers },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			...(request.body ? { body: request.body } : {}),
		};

		const usesClientCredentials = state.data.authentication === 'clientCredentials';
		let response =
			usesClientCredentials && !state.data[SESSION_TOKEN_FIELD]
				? await this.renewToken(state.generation, options, itemIndex)
				: await this.send(options, itemIndex, state.data);
		if (this.spec.isAuthRejection(response.statusCode, response.body)) {
			if (!usesClientCredentials) throw this.rejectedAccessToken(itemIndex);
			// A request the vendor refused for its token was not acted on, so resending it (even a create) cannot double it.
			response = await this.renewToken(state.generation, options, itemIndex);
			if (this.spec.isAuthRejection(response.statusCode, response.body)) throw this.rejectedFreshToken(itemIndex);
		}
		const failure = this.spec.failureOf(response.statusCode, response.body);
		if (failure) {
			throw new NodeApiError(this.context.getNode(), this.errorDetails(response), {
				message: `${failure.message} (item ${itemIndex})`,
				description: failure.description,
				httpCode: String(response.statusCode),
				itemIndex,
			});
		}
		return response.body;
	}

	/** The credential, read on the first request of the run (its Domain checked before any secret is sent), after any renewal under way. */
	private async currentState(itemIndex: number): Promise<CredentialState> {
		this.state ??= this.context
			.getCredentials(this.spec.credentialType)
			.then((data) => ({ data, baseUrl: toBaseUrl(data.domain), generation: 0 }));
		await this.renewing?.catch(() => undefined);
		return await this.state.catch((error: Error) => {
			throw new NodeOperationError(this.context.getNode(), `${error.message} (item ${itemIndex})`, { itemIndex });
		});
	}

	/**
	 * Sends the request with a new token. Only one renewal runs at a time: a request whose token was
	 * already replaced by another one's renewal is simply sent again with the new token.
	 */
	private async renewToken(staleGeneration: number, options: IHttpRequestOptions, itemIndex: number): Promise<RawResponse> {
		const state = await this.currentState(itemIndex);
		if (state.generation !== staleGeneration) return await this.send(options, itemIndex, state.data);
		if (this.failedRenewal?.generation === staleGeneration) throw this.forItem(this.failedRenewal.error, itemIndex);
		if (this.renewing) {
			await this.renewing.catch(() => undefined);
			return await this.renewToken(staleGeneration, options, itemIndex);
		}
		const withoutToken = { ...state.data, [SESSION_TOKEN_FIELD]: '' };
		const renewal = this.send(options, itemIndex, withoutToken).then(
			(response) => {
				// n8n wrote the token its preAuthentication obtained into the object it was handed.
				this.state = Promise.resolve({ ...state, data: withoutToken, generation: staleGeneration + 1 });
				return response;
			},
			(error: NodeOperationError) => {
				if (withoutToken[SESSION_TOKEN_FIELD]) {
					// The token came; the request itself failed afterwards.
					this.state = Promise.resolve({ ...state, data: withoutToken, generation: staleGeneration + 1 });
				} else if (error.description === TOKEN_EXCHANGE_DESCRIPTION) {
					this.failedRenewal = { generation: staleGeneration, error };
				}
				throw error;
			},
		);
		this.renewing = renewal;
		try {
			return await renewal;
		} finally {
			this.renewing = undefined;
		}
	}

	private async send(options: IHttpRequestOptions, itemIndex: number, data: ICredentialDataDecryptedObject): Promise<RawResponse> {
		const reference = this.context.getNode().credentials?.[this.spec.credentialType];
		const credentialsDecrypted: CredentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: this.spec.credentialType, data };
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				this.spec.credentialType,
				{ ...options, headers: { ...options.headers } },
				{ credentialsDecrypted },
			)) as RawResponse;
			return { statusCode: response.statusCode, body: response.body };
		} catch (error) {
			// Built from our own text only: the original error carries the request, and with it the token.
			if (isTokenExchangeFailure(error)) {
				throw new NodeOperationError(this.context.getNode(), `${(error as Error).message} (item ${itemIndex})`, {
					itemIndex,
					description: TOKEN_EXCHANGE_DESCRIPTION,
				});
			}
			const code = networkErrorCode(error);
			throw new NodeOperationError(
				this.context.getNode(),
				`Could not reach ${this.spec.vendor} at ${new URL(options.url).origin}: ${networkFailureText(error)} (item ${itemIndex})`,
				{
					itemIndex,
					description: `Check the credential's Domain and your network.${code ? ` Network error: ${code}.` : ''}`,
				},
			);
		}
	}

	/** The same failure, reported for another item. */
	private forItem(error: NodeOperationError, itemIndex: number): NodeOperationError {
		const message = error.message.replace(/ \(item \d+\)$/, '');
		return new NodeOperationError(this.context.getNode(), `${message} (item ${itemIndex})`, { itemIndex, description: error.description ?? undefined });
	}

	private rejectedAccessToken(itemIndex: number): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), `${this.spec.vendor} rejected the access token: it is expired or invalid (item ${itemIndex})`, {
			itemIndex,
			description: 'Paste a new Access Token into the credential, or switch the credential to Client Credentials so that n8n renews the token itself.',
		});
	}

	private rejectedFreshToken(itemIndex: number): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), `${this.spec.vendor} rejected a token it had just issued (item ${itemIndex})`, {
			itemIndex,
			description: `Check that the ${this.spec.vendor} application behind the Client ID is allowed to call this API.`,
		});
	}

	private errorDetails(response: RawResponse): JsonObject {
		const body = response.body;
		if (body && typeof body === 'object' && !Array.isArray(body)) return body as JsonObject;
		return { statusCode: response.statusCode };
	}
}
