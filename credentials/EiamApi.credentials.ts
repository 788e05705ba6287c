import type {
	ICredentialType,
	ICredentialTestRequest,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { fetchEiamToken } from '../nodes/Eiam/auth';
import {
	accessTokenField,
	authenticationField,
	BASE_URL_EXPRESSION,
	clientCredentialFields,
	domainField,
	gatewayTestRules,
	clientCredentialsPreAuthentication,
	sessionTokenField,
	tokenHeader,
} from './shared';

export class EiamApi implements ICredentialType {
	name = 'eiamApi';

	displayName = 'BCCastle EIAM API';

	icon: Icon = { light: 'file:icons/eiam.svg', dark: 'file:icons/eiam.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-aicc-eiam/n8n-nodes-aicc-eiam#bccastle-eiam-api';

	properties: INodeProperties[] = [
		domainField('', 'Your IDaaS tenant domain, e.g. https://your-tenant.bccastle.com'),
		authenticationField,
		accessTokenField('A token already obtained from /api/v2/tenant/token; it is sent as Authorization: Bearer'),
		...clientCredentialFields(
			'From the application in the EIAM admin console; the application needs the app_todo_msg (or all) permission',
		),
		sessionTokenField,
	];

	preAuthentication = clientCredentialsPreAuthentication(fetchEiamToken);

	/**
	 * The Test button reads a to-do ID EIAM cannot have issued: with a good token EIAM answers
	 * TODOTASK.0001 (HTTP 400 or 402), so HTTP errors are let through and the body is judged.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			// A redirect would take the token to another host: never followed (no vendor documents one).
			disableFollowRedirect: true,
			url: '/api/v2/tenant/todo/task/n8n-credential-test',
			method: 'GET',
			headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'invalid_token',
					message: 'EIAM rejected the access token: it is expired or wrong',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_code',
					value: undefined,
					message: "The Domain answered, but not like the EIAM API: check the credential's Domain",
				},
			},
			...gatewayTestRules('EIAM'),
		],
	};

	authenticate = tokenHeader('Authorization', 'Bearer ');
}
