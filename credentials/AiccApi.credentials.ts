import type {
	ICredentialType,
	ICredentialTestRequest,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { fetchAiccToken } from '../nodes/Aicc/auth';
import {
	accessTokenField,
	authenticationField,
	BASE_URL_EXPRESSION,
	clientCredentialFields,
	domainField,
	clientCredentialsPreAuthentication,
	sessionTokenField,
	tokenHeader,
} from './shared';

export class AiccApi implements ICredentialType {
	name = 'aiccApi';

	displayName = 'Huawei AICC API';

	icon: Icon = { light: 'file:icons/aicc.svg', dark: 'file:icons/aicc.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-aicc-eiam/n8n-nodes-aicc-eiam#huawei-aicc-api';

	properties: INodeProperties[] = [
		domainField('https://service.besclouds.com', 'The AICC (CEC) tenant domain, e.g. https://service.besclouds.com'),
		authenticationField,
		accessTokenField('A token already obtained from /baas/auth/v1.0/oauth2/token; it is sent in the access-token header'),
		...clientCredentialFields('From the key file (.csv) downloaded for the AppCube OAuth record of your machine user'),
		sessionTokenField,
	];

	preAuthentication = clientCredentialsPreAuthentication(fetchAiccToken);

	/**
	 * The Test button lists at most one task, a read with no side effect. Whatever AICC says of the
	 * placeholder creator, an HTTP 200 means the token was accepted.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			// A redirect would take the token to another host: never followed (no vendor documents one).
			disableFollowRedirect: true,
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
			{
				// A token AICC no longer takes may be refused inside a success answer (a pasted Access Token that expired).
				type: 'responseSuccessBody',
				properties: {
					key: 'resCode',
					value: '401',
					message: 'AICC rejected the access token: it is expired or wrong',
				},
			},
		],
	};

	authenticate = tokenHeader('access-token');
}
