import type { SendTokenRequest } from '../shared/auth';
import { exchangeClientCredentials, requireClientCredentials } from '../shared/auth';
import { SecretRedactor } from '../shared/secrets';

export const AICC_GRANT_ENDPOINT = '/baas/auth/v1.0/oauth2/token';

/** Form-encoded `grant_type=client_credentials` with `client_id` and `client_secret` in the body (docs/aicc-api.md#token-client-credentials). */
export async function fetchAiccToken(
	send: SendTokenRequest,
	baseUrl: string,
	clientIdValue: unknown,
	clientSecretValue: unknown,
): Promise<string> {
	const [clientId, clientSecret] = requireClientCredentials('AICC', clientIdValue, clientSecretValue);
	return await exchangeClientCredentials(send, {
		vendor: 'AICC',
		baseUrl,
		path: AICC_GRANT_ENDPOINT,
		headers: {},
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
		whereToFindCredentials: 'in the key file (.csv) of your AppCube OAuth record',
		secrets: new SecretRedactor().add(clientSecret),
	});
}
