import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bodyField, isJsonObject, isSuccess } from '../shared/body';
import { gatewayFailure, statusText } from '../shared/gateway';
import type { TransportContext, VendorFailure, VendorSpec } from '../shared/transport';
import { readRequestOptions, requestOptionsOf } from '../shared/options';
import { VendorTransport } from '../shared/transport';

/** Every task operation lives below this prefix, note the double underscore (docs/aicc-api.md#conventions). */
export const TASK_API_PATH = '/service/AICC__Case/1.0.0/openapi/task';

/** The path of one task; the ID is percent-encoded so that it stays a single path segment. */
export function taskPath(taskId: string): string {
	return `${TASK_API_PATH}/${encodeURIComponent(taskId)}`;
}

/** An `{"error_code", "error_msg"}` envelope, as Huawei services and the gateways in front of them answer. */
function errorCodeFailure(statusCode: number, code: string, body: unknown): VendorFailure {
	const text = bodyField(body, 'error_msg');
	return { message: `AICC refused the request ${statusText(statusCode)}, ${code})`, description: `AICC ${code}${text ? `: ${text}` : ''}`, code };
}

/**
 * AICC answers HTTP 200 with `resCode` "0" on success (docs/aicc-api.md#conventions). Its failure codes are not
 * documented, so any other resCode is reported with AICC's own resMsg in the description. A gateway's shape
 * (docs/gateways.md#gateways-in-front-of-the-vendors) or an `error_code` envelope is read whatever the status, a
 * 200 included.
 */
export function aiccFailure(statusCode: number, body: unknown): VendorFailure | undefined {
	const gateway = gatewayFailure('AICC', statusCode, body);
	if (gateway) return gateway;
	const resCode = bodyField(body, 'resCode');
	const resMsg = bodyField(body, 'resMsg');
	const errorCode = resCode === undefined ? bodyField(body, 'error_code') : undefined;
	if (errorCode !== undefined) return errorCodeFailure(statusCode, errorCode, body);
	const vendorText = resCode !== undefined ? `AICC resCode ${resCode}${resMsg ? `: ${resMsg}` : ''}` : undefined;
	if (isSuccess(statusCode)) {
		if (!isJsonObject(body) || resCode === undefined) {
			return {
				message: 'AICC answered without its resCode envelope',
				description: "The domain may not point at the AICC API; check the credential's Domain.",
			};
		}
		if (resCode === '0') return undefined;
		return { message: `AICC refused the request (resCode ${resCode})`, description: vendorText, code: resCode };
	}
	if (!isJsonObject(body)) {
		return {
			message: `AICC answered HTTP ${statusCode} without a JSON body`,
			description: "The domain may point at a proxy or a page that is not the AICC API; check the credential's Domain.",
		};
	}
	return { message: `AICC refused the request (HTTP ${statusCode})`, description: vendorText, code: resCode };
}

export const aiccSpec: VendorSpec = {
	vendor: 'AICC',
	credentialType: 'aiccApi',
	endpoint: 'api',
	headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
	// AICC does not document how it refuses a token (docs/aicc-api.md#conventions, "Expired or wrong token"). Two
	// readings are taken: HTTP 401, the HTTP norm, and resCode "401" in its envelope, as gateways in front of
	// AppCube answer an expired access-token with HTTP 200. No other resCode is read as the token: AICC documents
	// none, and renewing on a refusal about something else would only send the request twice.
	refusesToken: (statusCode, body) => statusCode === 401 || bodyField(body, 'resCode') === '401',
	failureOf: aiccFailure,
};

/** The AICC transport of an action node's run, its time-out and retries read from the run's Options. */
export function createAiccTransport(context: IExecuteFunctions): VendorTransport {
	return new VendorTransport(context, aiccSpec, readRequestOptions(context));
}

/** The AICC transport of a poll or the editor's picker, whose time-out and retries come from `options` (none: defaults). */
export function aiccTransportWith(context: TransportContext, options: IDataObject = {}): VendorTransport {
	return new VendorTransport(context, aiccSpec, requestOptionsOf(options));
}
