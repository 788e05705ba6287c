import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bodyField, isJsonObject, isSuccess } from '../shared/body';
import { gatewayFailure, statusText } from '../shared/gateway';
import type { TransportContext, VendorFailure, VendorSpec } from '../shared/transport';
import { readRequestOptions, requestOptionsOf } from '../shared/options';
import { VendorTransport } from '../shared/transport';

export const TODO_PATH = '/api/v2/tenant/todo/task';

/** The path of one to-do; the ID is percent-encoded so that it stays a single path segment. */
export function todoPath(todoId: string): string {
	return `${TODO_PATH}/${encodeURIComponent(todoId)}`;
}

/** The path of the to-do created with an External ID (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id), the ID kept a single path segment. */
export function externalIdPath(externalId: string): string {
	return `${TODO_PATH}/sources/${encodeURIComponent(externalId)}`;
}

/** The codes of docs/eiam-api.md#error-codes, in words that say what to fix. EIAM's own error_msg goes into the description beside it. */
const ERROR_MESSAGES: Record<string, string> = {
	'COM.0601': 'EIAM refused a parameter as missing or of the wrong type',
	'USER.0001': 'User does not exist: check User Name',
	'TODOTASK.0001': 'To-do not found: check the To-Do ID',
	'TODOTASK.0002': 'A to-do with this External ID already exists',
	'TODOTASK.0004': 'Title must not be empty',
	'TODOTASK.0005': 'Content must not be empty',
	'TODOTASK.0006': 'Message Type must not be empty',
	'TODOTASK.0007': 'External ID must not be empty',
	'TODOTASK.0008': 'Deadline must not be empty',
	'TODOTASK.0009': 'Detail URL must not be empty',
	'TODOTASK.0010': 'Web URL must not be empty',
	'TODOTASK.0011': 'Mobile URL must not be empty',
	'TODOTASK.0013': "Title does not meet EIAM's rules (at most 100 characters)",
	'TODOTASK.0014': "Content does not meet EIAM's rules (at most 1024 characters)",
	'TODOTASK.0015': 'Message Type must be TEXT or MARKDOWN',
	'TODOTASK.0016': "External ID does not meet EIAM's rules (at most 255 characters, and it cannot be changed on update)",
};

/** A failure in EIAM's own error envelope, `{"error_code", "error_msg"}` (or the token call's OAuth `{"error", "error_description"}`). */
function envelopeFailure(statusCode: number, code: string | undefined, vendorText: string | undefined): VendorFailure {
	const description = [code, vendorText].filter(Boolean).join(': ') || undefined;
	const known = code ? ERROR_MESSAGES[code] : undefined;
	if (known) return { message: known, description: `EIAM ${description}`, code };
	return {
		message: `EIAM refused the request ${statusText(statusCode)}${code ? `, ${code}` : ''})`,
		description: description ? `EIAM ${description}` : undefined,
		code,
	};
}

/**
 * A refusal inside a success status. EIAM's error envelope or an OAuth error says so whatever the status; Update's
 * example answer `{"code": "0", "data": true, "message": null}`
 * (docs/eiam-api.md#update-a-to-do-put-todotasktodo_id) is a refusal with another code or with data false. No
 * documented success answer (todo_id, a to-do, an empty body) holds these fields.
 */
function refusalInSuccess(statusCode: number, body: Record<string, unknown>): VendorFailure | undefined {
	const errorCode = bodyField(body, 'error_code');
	if (errorCode !== undefined) return envelopeFailure(statusCode, errorCode, bodyField(body, 'error_msg'));
	if (typeof body.error === 'string' && body.error !== '') return envelopeFailure(statusCode, body.error, bodyField(body, 'error_description'));
	if (!('code' in body) || !('data' in body || 'message' in body)) return undefined;
	const code = bodyField(body, 'code');
	if (code === '0' && body.data !== false) return undefined;
	const message = bodyField(body, 'message');
	if (code !== undefined && ERROR_MESSAGES[code]) return envelopeFailure(statusCode, code, message);
	const codeText = code !== undefined ? `code ${code}` : 'no code';
	return {
		message: `EIAM refused the request ${statusText(statusCode)}, ${codeText}${body.data === false ? ', data false' : ''})`,
		description: message ? `EIAM ${codeText}: ${message}` : `EIAM gave no reason (${codeText})`,
		code,
	};
}

/**
 * What an EIAM answer says went wrong: a gateway's shape first
 * (docs/gateways.md#gateways-in-front-of-the-vendors), then EIAM's envelopes, inside a success status too.
 */
export function eiamFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	const gateway = gatewayFailure('EIAM', statusCode, body);
	if (gateway) return gateway;
	if (isSuccess(statusCode)) return isJsonObject(body) ? refusalInSuccess(statusCode, body) : undefined;
	if (!isJsonObject(body)) {
		return {
			message: `EIAM answered HTTP ${statusCode} without a JSON error`,
			description: 'The domain may point at a proxy or a page that is not the EIAM API; check the credential\'s Domain.',
		};
	}
	const code = bodyField(body, 'error_code');
	const vendorText = bodyField(body, 'error_msg') ?? bodyField(body, 'error_description') ?? bodyField(body, 'error');
	return envelopeFailure(statusCode, code, vendorText);
}

export const eiamSpec: VendorSpec = {
	vendor: 'EIAM',
	credentialType: 'eiamApi',
	endpoint: 'api',
	// EIAM requires this exact Content-Type on every to-do call, GET and DELETE included
	// (docs/eiam-api.md#conventions).
	headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
	// EIAM documents {"error":"invalid_token"} (with HTTP 400) for an expired or invalid token
	// (docs/eiam-api.md#conventions); a gateway in front may pass it on with another status, 200 included. 401 is
	// the HTTP norm.
	refusesToken: (statusCode, body) => statusCode === 401 || bodyField(body, 'error') === 'invalid_token',
	failureOf: eiamFailure,
};

/** The EIAM transport of an action node's run, its time-out and retries read from the run's Options. */
export function createEiamTransport(context: IExecuteFunctions): VendorTransport {
	return new VendorTransport(context, eiamSpec, readRequestOptions(context));
}

/** The EIAM transport of a webhook call (the approval's decision), whose time-out and retries come from `options` (none: defaults). */
export function eiamTransportWith(context: TransportContext, options: IDataObject = {}): VendorTransport {
	return new VendorTransport(context, eiamSpec, requestOptionsOf(options));
}
