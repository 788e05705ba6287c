import type { SendTokenRequest } from '../shared/auth';
import { exchangeClientCredentials, requireClientCredentials } from '../shared/auth';
import { basicValue, SecretRedactor } from '../shared/secrets';

export const EIAM_GRANT_ENDPOINT = '/api/v2/tenant/token';

/** HTTP Basic `client_id:client_secret`, form body `grant_type=client_credentials`, as EIAM's Identity Management API page says (docs/eiam-api.md#token-client-credentials). */
export async function fetchEiamToken(
	send: SendTokenRequest,
	baseUrl: string,
	clientIdValue: unknown,
	clientSecretValue: unknown,
): Promise<string> {
	const [clientId, clientSecret] = requireClientCredentials('EIAM', clientIdValue, clientSecretValue);
	return await exchangeClientCredentials(send, {
		vendor: 'EIAM',
		baseUrl,
		path: EIAM_GRANT_ENDPOINT,
		headers: { Authorization: `Basic ${basicValue(clientId, clientSecret)}` },
		body: 'grant_type=client_credentials',
		whereToFindCredentials: "on the application's page in the EIAM admin console",
		secrets: new SecretRedactor().add(clientSecret).addBasic(clientId, clientSecret),
	});
}
