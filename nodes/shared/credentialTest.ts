import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { RawResponse, SendTokenRequest } from './auth';
import { networkFailureText, TokenExchangeError } from './auth';
import { toBaseUrl } from './domain';

/** How a credential is tested: get a token if needed, send one harmless read, judge the answer. */
export interface CredentialProbe {
	vendor: 'AICC' | 'EIAM';
	fetchToken(send: SendTokenRequest, baseUrl: string, clientId: unknown, clientSecret: unknown): Promise<string>;
	request(baseUrl: string, token: string): { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string };
	isAuthRejection(statusCode: number, body: unknown): boolean;
	/** True when the answer has the vendor's shape, so the domain really is the vendor's API. */
	looksLikeVendor(statusCode: number, body: unknown): boolean;
}

type LegacyRequest = ICredentialTestFunctions['helpers']['request'];

function parseJson(text: unknown): unknown {
	if (typeof text !== 'string') return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * Credential tests get only n8n's legacy request helper (ICredentialTestFunctions); it is used here
 * with full responses so that every status can be explained to the user.
 */
function sendWithLegacyRequest(request: LegacyRequest) {
	return async (options: { method: string; url: string; headers: Record<string, string>; body?: string }): Promise<RawResponse> => {
		const outcome = await request({
			method: options.method,
			uri: options.url,
			headers: options.headers,
			body: options.body,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
		}).then(
			(response: { statusCode: number; body: unknown }) => ({ response }),
			(failure: unknown) => ({ failure }),
		);
		if ('failure' in outcome) {
			throw new TokenExchangeError(
				`Could not reach ${new URL(options.url).origin}: ${networkFailureText(outcome.failure)}. Check the Domain.`,
			);
		}
		return { statusCode: outcome.response.statusCode, body: parseJson(outcome.response.body) };
	};
}

export async function testCredential(
	request: LegacyRequest,
	credential: ICredentialsDecrypted,
	probe: CredentialProbe,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as ICredentialDataDecryptedObject;
	try {
		const baseUrl = toBaseUrl(data.domain);
		const send = sendWithLegacyRequest(request);
		const usesClientCredentials = data.authentication === 'clientCredentials';
		const token = usesClientCredentials
			? await probe.fetchToken(send, baseUrl, data.clientId, data.clientSecret)
			: String(data.accessToken ?? '');
		if (token === '') return { status: 'Error', message: 'Enter an Access Token' };

		const { statusCode, body } = await send(probe.request(baseUrl, token));
		if (probe.isAuthRejection(statusCode, body)) {
			return {
				status: 'Error',
				message: usesClientCredentials
					? `${probe.vendor} issued a token but rejected it (HTTP ${statusCode}): check that the application may call the API`
					: `${probe.vendor} rejected the Access Token (HTTP ${statusCode}): it is expired or wrong`,
			};
		}
		if (!probe.looksLikeVendor(statusCode, body)) {
			return {
				status: 'Error',
				message: `${baseUrl} answered HTTP ${statusCode}, but not like the ${probe.vendor} API: check the Domain`,
			};
		}
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}
