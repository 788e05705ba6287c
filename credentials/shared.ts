import type { IAuthenticateRuleResponseSuccessBody, ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import type { SendTokenRequest } from '../nodes/shared/auth';
import { credentialToken, sendWithHttpRequest, SESSION_TOKEN_FIELD, UNSENDABLE_ACCESS_TOKEN } from '../nodes/shared/auth';
import { LOOPBACK_AUTHORITY, toBaseUrl } from '../nodes/shared/domain';
import { deadlineOf } from '../nodes/shared/deadline';
import { DOCUMENTED_APIG_CODES } from '../nodes/shared/gateway';
import { isHeaderSafeToken } from '../nodes/shared/secrets';
import { refuseRequest, throwTokenFailure } from '../nodes/shared/tokenBridge';

export function domainField(defaultDomain: string, description: string): INodeProperties {
	return {
		displayName: 'Domain',
		name: 'domain',
		type: 'string',
		required: true,
		default: defaultDomain,
		placeholder: 'e.g. https://tenant.example.com',
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

export function accessTokenField(description: string): INodeProperties {
	return {
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description,
		displayOptions: { show: { authentication: ['accessToken'] } },
	};
}

export type FetchToken = (send: SendTokenRequest, baseUrl: string, clientId: unknown, clientSecret: unknown) => Promise<string>;

/**
 * A credential's preAuthentication: n8n runs it when the cached token is empty (or rejected, or in a
 * test) and stores what it returns. In Access Token mode there is nothing to obtain.
 */
export function clientCredentialsPreAuthentication(fetchToken: FetchToken) {
	return async function (this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'clientCredentials') return {};
		const send = sendWithHttpRequest(this.helpers, deadlineOf(credentials));
		// n8n keeps only the message and description of what is thrown here: the bridge carries the rest to the node.
		const token = await fetchToken(send, toBaseUrl(credentials.domain), credentials.clientId, credentials.clientSecret).catch((error: unknown) =>
			throwTokenFailure(credentials, error),
		);
		return { [SESSION_TOKEN_FIELD]: token };
	};
}

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

/** Scheme and host of the Domain as typed (no scheme means https); a backslash ends the host, as URL parsers read it. */
const DOMAIN_ORIGIN =
	"(/^[a-z][a-z0-9+.-]*:\\/\\//i.test($credentials.domain.trim()) ? '' : 'https://') + $credentials.domain.trim().replace(/^((?:[a-z][a-z0-9+.-]*:\\/\\/)?[^\\/?#\\\\]+).*$/i, '$1')";

/** The origins toBaseUrl accepts: https with a host and no user info (nor spaces or slashes, which no host has), or plain http on loopback. */
const ACCEPTED_ORIGIN = `/^(https:\\/\\/[^@\\s\\/\\\\]+|http:\\/\\/${LOOPBACK_AUTHORITY.source.slice(1, -1)})$/i`;

/** Where the Test button aims when the Domain is refused: a reserved name that never resolves (RFC 2606), so nothing is sent. */
export const REFUSED_DOMAIN_URL = 'https://domain-refused.invalid';

/**
 * The credential's Domain reduced to scheme and host inside an n8n expression, for the credential test
 * request. It refuses what toBaseUrl refuses (plain http outside loopback, user info), so that the
 * Test button never sends an Access Token where the nodes would not.
 */
export const BASE_URL_EXPRESSION = `={{ ${ACCEPTED_ORIGIN}.test(${DOMAIN_ORIGIN}) ? ${DOMAIN_ORIGIN} : '${REFUSED_DOMAIN_URL}' }}`;

/**
 * A credential's `authenticate`: puts the token in one header, `prefix` first. A token a header cannot
 * carry is refused here, naming the Access Token, rather than by Node.js as a network failure.
 *
 * A function rather than a generic `{{ … }}` block because n8n runs authenticate for every request:
 * a generic block goes through n8n's expression engine (a workflow data proxy, $now in the workflow's
 * zone…) each time, a quarter of a millisecond of CPU per request, which a bulk run pays per item.
 */
export function tokenHeader(header: string, prefix = '') {
	return async function (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = credentialToken(credentials);
		if (token !== '' && !isHeaderSafeToken(token)) refuseRequest(requestOptions, UNSENDABLE_ACCESS_TOKEN);
		const deadline = deadlineOf(requestOptions);
		// A token that came after the deadline must not carry a request the node has already reported as failed.
		if (deadline?.aborted) refuseRequest(requestOptions, 'The request was not sent: its deadline passed while the token was being obtained');
		// Object.assign, then the two fields set: a spread with fields after it took V8's slow path for
		// copying, 1.5 to 2.5 µs per request against 0.4 to 0.8 (measured alone, on request options as ours).
		const headers: NonNullable<IHttpRequestOptions['headers']> = Object.assign({}, requestOptions.headers);
		headers[header] = `${prefix}${token}`;
		const authenticated: IHttpRequestOptions = Object.assign({}, requestOptions);
		// The node's deadline also ends when the execution is cancelled (see withDeadline).
		authenticated.abortSignal = deadline ?? requestOptions.abortSignal;
		authenticated.headers = headers;
		return authenticated;
	};
}

/**
 * Test-button rules for a Huawei API Gateway's refusal in front of the vendor: the button's rules can
 * only compare a field with a value, and an `error_code` is what the EIAM API's own refusals carry too,
 * so each documented APIG code is named. Without them a gateway's refusal read as "Connection successful".
 */
export function gatewayTestRules(vendor: 'AICC' | 'EIAM'): IAuthenticateRuleResponseSuccessBody[] {
	return DOCUMENTED_APIG_CODES.map((code) => ({
		type: 'responseSuccessBody' as const,
		properties: {
			key: 'error_code',
			value: code,
			message: `The API gateway in front of ${vendor} refused the request (${code}): check the credential's Domain, and docs/gateways.md for the code`,
		},
	}));
}
