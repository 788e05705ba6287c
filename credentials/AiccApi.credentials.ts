import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IAuthenticateGeneric,
	ICredentialTestRequest,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { fetchAiccToken } from '../nodes/Aicc/auth';
import { sendWithHttpRequest, SESSION_TOKEN_FIELD } from '../nodes/shared/auth';
import { toBaseUrl } from '../nodes/shared/domain';
import { authenticationField, BASE_URL_EXPRESSION, clientCredentialFields, domainField, sessionTokenField } from './shared';

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

	/**
	 * The Test button lists at most one task, a read with no side effect. Whatever AICC says of the
	 * placeholder creator, an HTTP 200 means the token was accepted.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/service/AICC__Case/1.0.0/openapi/task/list',
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: { start: 0, limit: 1, creatorId: 'n8nCredentialTest' },
			json: true,
		},
		// An HTTP error is reported by n8n itself (401: "Authorization failed - please check your
		// credentials"; n8n 2.x drops the status that `responseCode` rules would need). A success must
		// carry AICC's resCode envelope, or the Domain points at some other server.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'resCode',
					value: undefined,
					message: "The Domain answered, but not like the AICC API: check the credential's Domain",
				},
			},
		],
	};

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
