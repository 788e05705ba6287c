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

/**
 * Sends every call of one node run. Requests go through n8n's httpRequestWithAuthentication with
 * HTTP errors returned rather than thrown, so that this one place sees every status: n8n itself only
 * renews a token on 401, while EIAM answers an expired token with 400 `invalid_token`.
 */
export class VendorTransport {
	private baseUrl?: Promise<string>;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly spec: VendorSpec,
	) {}

	async request(request: VendorRequest): Promise<unknown> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${await this.resolveBaseUrl(request.itemIndex)}${request.path}`,
			headers: { ...this.spec.headers },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			...(request.body ? { body: request.body } : {}),
		};

		let response = await this.send(options, request.itemIndex);
		if (this.spec.isAuthRejection(response.statusCode, response.body)) {
			response = await this.retryWithNewToken(options, request.itemIndex);
		}
		const failure = this.spec.failureOf(response.statusCode, response.body);
		if (failure) {
			throw new NodeApiError(this.context.getNode(), this.errorDetails(response), {
				message: `${failure.message} (item ${request.itemIndex})`,
				description: failure.description,
				httpCode: String(response.statusCode),
				itemIndex: request.itemIndex,
			});
		}
		return response.body;
	}

	private resolveBaseUrl(itemIndex: number): Promise<string> {
		this.baseUrl ??= this.context.getCredentials(this.spec.credentialType).then((credentials) => toBaseUrl(credentials.domain));
		return this.baseUrl.catch((error: Error) => {
			throw new NodeOperationError(this.context.getNode(), `${error.message} (item ${itemIndex})`, { itemIndex });
		});
	}

	private async send(
		options: IHttpRequestOptions,
		itemIndex: number,
		credentialsDecrypted?: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject },
	): Promise<RawResponse> {
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				this.spec.credentialType,
				{ ...options, headers: { ...options.headers } },
				credentialsDecrypted ? { credentialsDecrypted } : undefined,
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

	/**
	 * One new token and one retry, in Client Credentials mode only. Handing n8n the credential with its
	 * expirable field emptied makes n8n run the credential's preAuthentication and store the new token,
	 * so later requests and later runs use it too. A request the vendor refused for its token was not
	 * acted on, so resending it (even a create) cannot double it.
	 */
	private async retryWithNewToken(options: IHttpRequestOptions, itemIndex: number): Promise<RawResponse> {
		const credentials = await this.context.getCredentials(this.spec.credentialType);
		if (credentials.authentication !== 'clientCredentials') {
			throw new NodeOperationError(
				this.context.getNode(),
				`${this.spec.vendor} rejected the access token: it is expired or invalid (item ${itemIndex})`,
				{
					itemIndex,
					description:
						'Paste a new Access Token into the credential, or switch the credential to Client Credentials so that n8n renews the token itself.',
				},
			);
		}
		const reference = this.context.getNode().credentials?.[this.spec.credentialType];
		const response = await this.send(options, itemIndex, {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: this.spec.credentialType,
			data: { ...credentials, [SESSION_TOKEN_FIELD]: '' },
		});
		if (this.spec.isAuthRejection(response.statusCode, response.body)) {
			throw new NodeOperationError(
				this.context.getNode(),
				`${this.spec.vendor} rejected a token it had just issued (item ${itemIndex})`,
				{
					itemIndex,
					description: `Check that the ${this.spec.vendor} application behind the Client ID is allowed to call this API.`,
				},
			);
		}
		return response;
	}

	private errorDetails(response: RawResponse): JsonObject {
		const body = response.body;
		if (body && typeof body === 'object' && !Array.isArray(body)) return body as JsonObject;
		return { statusCode: response.statusCode };
	}
}
