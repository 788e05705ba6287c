import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { bodyField } from '../shared/auth';
import { testCredential } from '../shared/credentialTest';
import { fetchAiccToken } from './auth';
import { aiccSpec, TASK_API_PATH } from './transport';

/**
 * Lists at most one task: a read with no side effect. Whatever AICC says of the placeholder creator,
 * an answer in its resCode envelope means the token was accepted.
 */
export async function aiccCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	// Credential tests are handed only the legacy request helper; nothing here creates or changes data.
	// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
	return await testCredential(this.helpers.request, credential, {
		vendor: 'AICC',
		fetchToken: fetchAiccToken,
		request: (baseUrl, token) => ({
			method: 'POST',
			url: `${baseUrl}${TASK_API_PATH}/list`,
			headers: { ...aiccSpec.headers, 'access-token': token },
			body: JSON.stringify({ start: 0, limit: 1, creatorId: 'n8nCredentialTest' }),
		}),
		isAuthRejection: aiccSpec.isAuthRejection,
		looksLikeVendor: (_statusCode, body) => bodyField(body, 'resCode') !== undefined,
	});
}
