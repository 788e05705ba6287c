/**
 * Failures in the shapes of what stands in front of a vendor (docs/gateways.md#gateways-in-front-of-the-vendors):
 * Huawei API Gateway's `{"error_code": "APIG.xxxx", "error_msg", "request_id"}`, and RFC 9457 problem details
 * `{"type", "title", "status", "detail", "instance"}`. The user reads the gateway's code and words in the
 * description, beside an English message that says what to do; neither vendor's own parser knows them.
 */
import { bodyField, isJsonObject, isSuccess } from './body';
import type { VendorFailure } from './failures';

type Vendor = 'AICC' | 'EIAM';

/** Huawei APIG codes start so; `APIGW.` codes belong to its older API Gateway, with a catalogue of their own. */
const APIG_CODE = /^APIGW?\./;

/** The APIG codes docs/gateways.md lists, for where only an exact match can be made (a credential's test rules). */
export const DOCUMENTED_APIG_CODES = ['APIG.0101', 'APIG.0103', 'APIG.0104', 'APIG.0105', 'APIG.0106', 'APIG.0107', 'APIG.0201', 'APIG.0202', 'APIG.0308'] as const;

/** The table of docs/gateways.md#huawei-api-gateway: what a known APIG code means, by HTTP status where one code has several. */
function apigMessage(vendor: Vendor, code: string, statusCode: number): string | undefined {
	const gateway = `The API gateway in front of ${vendor}`;
	const report = 'tell whoever runs the gateway; running the item again will not help';
	switch (code) {
		case 'APIG.0101':
			return `${gateway} has no such API (${code}): check the credential's Domain, and that the gateway publishes ${vendor}'s API there`;
		case 'APIG.0103':
		case 'APIG.0104':
		case 'APIG.0105':
		case 'APIG.0107':
			return `${gateway} lacks its backend or configuration (${code}): ${report}`;
		case 'APIG.0106':
			return `${gateway} failed in its orchestration (${code}): ${report}`;
		case 'APIG.0202':
			return `${gateway} cannot talk to ${vendor} (${code}, protocol mismatch): ${report}`;
		case 'APIG.0308':
			return `${gateway} throttled the request (${code}): wait a few seconds (Huawei suggests 2–5 s), or lower Items per Batch or add a Batch Interval`;
		case 'APIG.0201':
			return apig0201(gateway, vendor, statusCode);
		default:
			return undefined;
	}
}

/** APIG.0201 stands for several failures, told apart by the HTTP status. */
function apig0201(gateway: string, vendor: Vendor, statusCode: number): string | undefined {
	const code = 'APIG.0201';
	switch (statusCode) {
		case 400:
			return `${gateway} refused the request as malformed (${code})`;
		case 413:
			return `The request is over the API gateway's 12 MB limit for a body (${code}): send shorter fields`;
		case 414:
			return `The request URL is over the API gateway's 32 KB limit (${code}): check the IDs this item sends`;
		case 494:
			return `The request headers are over the API gateway's limit (${code}): check the credential's token`;
		case 502:
			return `${gateway} could not reach ${vendor} (${code}, backend unavailable): run the item again later`;
		case 504:
			return `${gateway} gave up waiting for ${vendor} (${code}, backend timeout): ${vendor} may have carried out the request`;
		case 500:
			return `${gateway} failed unexpectedly (${code}): ${vendor} may have carried out the request`;
		default:
			return undefined;
	}
}

/** How a failure that came inside a success status is told apart in a message. */
export function statusText(statusCode: number): string {
	return isSuccess(statusCode) ? `inside a success answer (HTTP ${statusCode}` : `(HTTP ${statusCode}`;
}

function apigFailure(vendor: Vendor, statusCode: number, body: unknown, code: string): VendorFailure {
	const text = bodyField(body, 'error_msg');
	const requestId = bodyField(body, 'request_id');
	const description = `Huawei API Gateway ${code}${text ? `: ${text}` : ''}${requestId ? ` (request_id ${requestId})` : ''}`;
	const known = apigMessage(vendor, code, statusCode);
	const inSuccess = isSuccess(statusCode) ? ` (inside a success answer, HTTP ${statusCode})` : '';
	return {
		message: known ? `${known}${inSuccess}` : `The API gateway in front of ${vendor} refused the request ${statusText(statusCode)}, ${code})`,
		description,
		code,
	};
}

/**
 * RFC 9457 problem details: a title or a detail, with a type or a status. Inside a success status only a
 * problem whose own status says failure (400 or more) counts: a vendor record may hold a title and a type.
 */
function problemOf(statusCode: number, body: unknown): { title?: string; detail?: string; type?: string; status?: number } | undefined {
	if (!isJsonObject(body)) return undefined;
	const { title, detail, type, status } = body;
	const words = typeof title === 'string' || typeof detail === 'string';
	const marked = typeof type === 'string' || typeof status === 'number';
	if (!words || !marked) return undefined;
	if (statusCode < 300 && !(typeof status === 'number' && status >= 400)) return undefined;
	return {
		title: typeof title === 'string' ? title : undefined,
		detail: typeof detail === 'string' ? detail : undefined,
		type: typeof type === 'string' && type !== 'about:blank' ? type : undefined,
		status: typeof status === 'number' ? status : undefined,
	};
}

function problemFailure(vendor: Vendor, statusCode: number, problem: NonNullable<ReturnType<typeof problemOf>>): VendorFailure {
	const words = [problem.title, problem.detail].filter(Boolean).join(': ');
	const shownStatus = statusCode < 300 && problem.status !== undefined ? `, problem status ${problem.status}` : '';
	return {
		message: `A gateway in front of ${vendor} refused the request ${statusText(statusCode)}${shownStatus})`,
		description: `${words}${problem.type ? ` (type ${problem.type})` : ''}`,
	};
}

/**
 * The failure an answer stands for when it is in a gateway's shape, whatever its status (a broken gateway
 * answers 200 too); undefined when it is not, for the vendor's own parser to judge.
 */
export function gatewayFailure(vendor: Vendor, statusCode: number, body: unknown): VendorFailure | undefined {
	const code = bodyField(body, 'error_code');
	if (code !== undefined && APIG_CODE.test(code)) return apigFailure(vendor, statusCode, body, code);
	const problem = problemOf(statusCode, body);
	return problem ? problemFailure(vendor, statusCode, problem) : undefined;
}
