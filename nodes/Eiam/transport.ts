import type { IExecuteFunctions } from 'n8n-workflow';

import { bodyField, isJsonObject } from '../shared/auth';
import type { VendorFailure, VendorSpec } from '../shared/transport';
import { readRequestOptions } from '../shared/options';
import { VendorTransport } from '../shared/transport';

export const TODO_PATH = '/api/v2/tenant/todo/task';

/** The path of one to-do; the ID is percent-encoded so that it stays a single path segment. */
export function todoPath(todoId: string): string {
	return `${TODO_PATH}/${encodeURIComponent(todoId)}`;
}

/** The path of the to-do created with an External ID (EIAM.md §6), the ID kept a single path segment. */
export function externalIdPath(externalId: string): string {
	return `${TODO_PATH}/sources/${encodeURIComponent(externalId)}`;
}

/** EIAM.md §9, in words that say what to fix. EIAM's own error_msg goes into the description beside it. */
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

export function eiamFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	if (statusCode >= 200 && statusCode < 300) return undefined;
	if (!isJsonObject(body)) {
		return {
			message: `EIAM answered HTTP ${statusCode} without a JSON error`,
			description: 'The domain may point at a proxy or a page that is not the EIAM API; check the credential\'s Domain.',
		};
	}
	const code = bodyField(body, 'error_code');
	const vendorText = bodyField(body, 'error_msg') ?? bodyField(body, 'error_description') ?? bodyField(body, 'error');
	const description = [code, vendorText].filter(Boolean).join(': ') || undefined;
	const known = code ? ERROR_MESSAGES[code] : undefined;
	if (known) return { message: known, description: `EIAM ${description}`, code };
	return {
		message: `EIAM refused the request (HTTP ${statusCode}${code ? `, ${code}` : ''})`,
		description: description ? `EIAM ${description}` : undefined,
		code,
	};
}

export const eiamSpec: VendorSpec = {
	vendor: 'EIAM',
	credentialType: 'eiamApi',
	// EIAM requires this exact Content-Type on every to-do call, GET and DELETE included (EIAM.md §1).
	headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
	// EIAM.md §2 documents 400 {"error":"invalid_token"} for an expired or invalid token; 401 is the HTTP norm.
	isAuthRejection: (statusCode, body) =>
		statusCode === 401 || (statusCode === 400 && bodyField(body, 'error') === 'invalid_token'),
	failureOf: eiamFailure,
};

export function createEiamTransport(context: IExecuteFunctions): VendorTransport {
	return new VendorTransport(context, eiamSpec, readRequestOptions(context));
}
