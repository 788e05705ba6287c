import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { bodyField } from '../shared/auth';
import { testCredential } from '../shared/credentialTest';
import { fetchEiamToken } from './auth';
import { eiamSpec, TODO_PATH } from './transport';

/** An ID EIAM cannot have issued: with a good token the answer is TODOTASK.0001 "to-do does not exist". */
const PROBE_TODO_ID = 'n8n-credential-test';

export async function eiamCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	// Credential tests are handed only the legacy request helper; nothing here creates or changes data.
	// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
	return await testCredential(this.helpers.request, credential, {
		vendor: 'EIAM',
		fetchToken: fetchEiamToken,
		request: (baseUrl, token) => ({
			method: 'GET',
			url: `${baseUrl}${TODO_PATH}/${PROBE_TODO_ID}`,
			headers: { ...eiamSpec.headers, Authorization: `Bearer ${token}` },
		}),
		isAuthRejection: eiamSpec.isAuthRejection,
		looksLikeVendor: (statusCode, body) =>
			(statusCode >= 200 && statusCode < 300) || bodyField(body, 'error_code') !== undefined,
	});
}
