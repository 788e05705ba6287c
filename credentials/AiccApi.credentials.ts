import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IAuthenticateGeneric,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { fetchAiccToken } from '../nodes/Aicc/auth';
import { sendWithHttpRequest, SESSION_TOKEN_FIELD } from '../nodes/shared/auth';
import { toBaseUrl } from '../nodes/shared/domain';
import { authenticationField, clientCredentialFields, domainField, sessionTokenField } from './shared';

export class AiccApi implements ICredentialType {
	name = 'aiccApi';

	displayName = 'Huawei AICC API';

	icon: Icon = { light: 'file:icons/aicc.svg', dark: 'file:icons/aicc.dark.svg' };

	documentationUrl = 'https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_3401.html';

	properties: INodeProperties[] = [
		domainField('https://service.besclouds.com', 'The AICC (CEC) tenant domain, e.g. https://service.besclouds.com'),
		authenticationField,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A token already obtained from /baas/auth/v1.0/oauth2/token; it is sent in the access-token header',
			displayOptions: { show: { authentication: ['accessToken'] } },
		},
		...clientCredentialFields('From the key file (.csv) downloaded for the AppCube OAuth record of your machine user'),
		sessionTokenField,
	];

	/** Runs when n8n finds the cached token empty or rejected: one token exchange, cached by n8n in sessionToken. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'clientCredentials') return {};
		const token = await fetchAiccToken(
			sendWithHttpRequest(this.helpers),
			toBaseUrl(credentials.domain),
			credentials.clientId,
			credentials.clientSecret,
		);
		return { [SESSION_TOKEN_FIELD]: token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'access-token':
					'={{$credentials.authentication === "clientCredentials" ? $credentials.sessionToken : $credentials.accessToken}}',
			},
		},
	};
}
