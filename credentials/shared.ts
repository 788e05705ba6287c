import type { INodeProperties } from 'n8n-workflow';

export function domainField(defaultDomain: string, description: string): INodeProperties {
	return {
		displayName: 'Domain',
		name: 'domain',
		type: 'string',
		required: true,
		default: defaultDomain,
		placeholder: 'https://example.com',
		description: `${description}. A trailing slash or path is ignored; https is required except for localhost.`,
	};
}

export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'Client Credentials',
			value: 'clientCredentials',
			description: 'n8n exchanges the client ID and secret for a token and renews it when it expires',
		},
		{
			name: 'Access Token',
			value: 'accessToken',
			description: 'Paste a token you obtained yourself; it is not renewed',
		},
	],
	default: 'clientCredentials',
};

export function clientCredentialFields(whereToFind: string): INodeProperties[] {
	const show = { show: { authentication: ['clientCredentials'] } };
	return [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: whereToFind,
			displayOptions: show,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: whereToFind,
			displayOptions: show,
		},
	];
}

/** n8n runs preAuthentication whenever this expirable field is empty, and stores what it returns. */
export const sessionTokenField: INodeProperties = {
	displayName: 'Session Token',
	name: 'sessionToken',
	type: 'hidden',
	typeOptions: { expirable: true, password: true },
	default: '',
};

/**
 * The credential's Domain reduced to scheme and host inside an n8n expression, for the credential test
 * request (the nodes themselves use toBaseUrl, which also refuses plain http outside loopback).
 */
export const BASE_URL_EXPRESSION =
	"={{ (/^[a-z][a-z0-9+.-]*:\\/\\//i.test($credentials.domain.trim()) ? '' : 'https://') + $credentials.domain.trim().replace(/^((?:[a-z][a-z0-9+.-]*:\\/\\/)?[^\\/?#]+).*$/i, '$1') }}";
