import { aiccFailure } from '../../nodes/Aicc/transport';
import { eiamFailure } from '../../nodes/Eiam/transport';
import { gatewayFailure } from '../../nodes/shared/gateway';

const apig = (code: string, text = 'gateway text') => ({ error_code: code, error_msg: text, request_id: 'r-1' });

describe('Huawei API Gateway answers (docs/gateways.md#huawei-api-gateway)', () => {
	test.each([
		['APIG.0101', 404, "The API gateway in front of EIAM has no such API (APIG.0101): check the credential's Domain, and that the gateway publishes EIAM's API there"],
		['APIG.0103', 500, 'The API gateway in front of EIAM lacks its backend or configuration (APIG.0103): tell whoever runs the gateway; running the item again will not help'],
		['APIG.0107', 500, 'The API gateway in front of EIAM lacks its backend or configuration (APIG.0107): tell whoever runs the gateway; running the item again will not help'],
		['APIG.0106', 400, 'The API gateway in front of EIAM failed in its orchestration (APIG.0106): tell whoever runs the gateway; running the item again will not help'],
		['APIG.0201', 400, 'The API gateway in front of EIAM refused the request as malformed (APIG.0201)'],
		['APIG.0201', 413, "The request is over the API gateway's 12 MB limit for a body (APIG.0201): send shorter fields"],
		['APIG.0201', 414, "The request URL is over the API gateway's 32 KB limit (APIG.0201): check the IDs this item sends"],
		['APIG.0201', 494, "The request headers are over the API gateway's limit (APIG.0201): check the credential's token"],
		['APIG.0201', 502, 'The API gateway in front of EIAM could not reach EIAM (APIG.0201, backend unavailable): run the item again later'],
		['APIG.0201', 504, 'The API gateway in front of EIAM gave up waiting for EIAM (APIG.0201, backend timeout): EIAM may have carried out the request'],
		['APIG.0201', 500, 'The API gateway in front of EIAM failed unexpectedly (APIG.0201): EIAM may have carried out the request'],
		['APIG.0202', 502, 'The API gateway in front of EIAM cannot talk to EIAM (APIG.0202, protocol mismatch): tell whoever runs the gateway; running the item again will not help'],
		['APIG.0308', 429, 'The API gateway in front of EIAM throttled the request (APIG.0308): wait a few seconds (Huawei suggests 2–5 s), or lower Items per Batch or add a Batch Interval'],
	])('%s with HTTP %i: an English message saying what to do; the gateway\'s words in the description', (code, status, message) => {
		expect(gatewayFailure('EIAM', status, apig(code))).toEqual({ message, description: `Huawei API Gateway ${code}: gateway text (request_id r-1)`, code });
	});

	test('an unlisted APIG code, an APIG.0201 with an unlisted status, and the older APIGW codes: the gateway named, code kept', () => {
		expect(gatewayFailure('AICC', 403, apig('APIG.0302'))?.message).toBe('The API gateway in front of AICC refused the request (HTTP 403, APIG.0302)');
		expect(gatewayFailure('AICC', 418, apig('APIG.0201'))?.message).toBe('The API gateway in front of AICC refused the request (HTTP 418, APIG.0201)');
		expect(gatewayFailure('AICC', 401, apig('APIGW.0301'))?.message).toBe('The API gateway in front of AICC refused the request (HTTP 401, APIGW.0301)');
	});

	test('inside a success status it is still the gateway\'s failure, and the message says it came so', () => {
		expect(gatewayFailure('EIAM', 200, apig('APIG.0101'))?.message).toMatch(/^The API gateway in front of EIAM has no such API .* \(inside a success answer, HTTP 200\)$/);
		expect(gatewayFailure('EIAM', 200, apig('APIG.0999'))?.message).toBe('The API gateway in front of EIAM refused the request inside a success answer (HTTP 200, APIG.0999)');
	});

	test('without error_msg or request_id the description keeps what there is', () => {
		expect(gatewayFailure('EIAM', 404, { error_code: 'APIG.0101' })?.description).toBe('Huawei API Gateway APIG.0101');
	});

	test("EIAM's and AICC's own codes are not the gateway's", () => {
		expect(gatewayFailure('EIAM', 400, { error_code: 'TODOTASK.0001', error_msg: 'x' })).toBeUndefined();
		expect(gatewayFailure('AICC', 200, { resCode: '0', resMsg: 'Success' })).toBeUndefined();
	});
});

describe('RFC 9457 problem details', () => {
	test('title, detail and type reach the description; about:blank is no type worth naming', () => {
		expect(gatewayFailure('AICC', 503, { type: 'about:blank', title: 'Service Unavailable', status: 503 })).toEqual({
			message: 'A gateway in front of AICC refused the request (HTTP 503)',
			description: 'Service Unavailable',
		});
		expect(gatewayFailure('EIAM', 403, { title: 'Forbidden', detail: 'IP blocked', type: 'https://x.example/p' })?.description).toBe('Forbidden: IP blocked (type https://x.example/p)');
	});

	test('inside a 200 only a problem whose own status says failure counts: records hold a title too', () => {
		expect(gatewayFailure('AICC', 200, { title: 'Quota', status: 429 })?.message).toBe('A gateway in front of AICC refused the request inside a success answer (HTTP 200, problem status 429)');
		// An AICC task row holds title and status (a text); an EIAM to-do holds title; neither is a problem.
		expect(gatewayFailure('AICC', 200, { title: 'Call back', status: 'Pending', type: 'Case' })).toBeUndefined();
		expect(gatewayFailure('EIAM', 200, { id: 't-1', title: 'Review', source_type: 'APP' })).toBeUndefined();
		expect(gatewayFailure('EIAM', 200, { title: 'Odd', status: 200 })).toBeUndefined();
	});

	test('text without type or status is not taken for problem details', () => {
		expect(gatewayFailure('EIAM', 400, { title: 'Bad' })).toBeUndefined();
	});
});

describe('refusals inside a success status, by vendor', () => {
	test("EIAM: Update's example envelope with another code or data false is a refusal; code \"0\" with data true (or null) is not", () => {
		expect(eiamFailure(200, { code: '0', data: true, message: null })).toBeUndefined();
		expect(eiamFailure(200, { code: 0, data: true })).toBeUndefined();
		expect(eiamFailure(200, { code: '0', data: null, message: null })).toBeUndefined();
		expect(eiamFailure(200, { code: '1', data: false, message: 'no' })).toEqual({
			message: 'EIAM refused the request inside a success answer (HTTP 200, code 1, data false)',
			description: 'EIAM code 1: no',
			code: '1',
		});
		expect(eiamFailure(200, { code: '0', data: false, message: null })?.description).toBe('EIAM gave no reason (code 0)');
		expect(eiamFailure(200, { code: null, data: false, message: null })).toEqual({
			message: 'EIAM refused the request inside a success answer (HTTP 200, no code, data false)',
			description: 'EIAM gave no reason (no code)',
		});
	});

	test("EIAM: the documented success answers are not refusals (todo_id, a to-do, no body)", () => {
		expect(eiamFailure(200, { todo_id: 't-1' })).toBeUndefined();
		expect(eiamFailure(200, { id: 't-1', title: 'x', deal: false })).toBeUndefined();
		expect(eiamFailure(200, '')).toBeUndefined();
		expect(eiamFailure(200, undefined)).toBeUndefined();
	});

	test('EIAM: an error envelope or OAuth error in a 200 is that error', () => {
		expect(eiamFailure(200, { error_code: 'USER.0001', error_msg: '用户不存在' })?.message).toBe('User does not exist: check User Name');
		expect(eiamFailure(200, { error: 'invalid_token', error_description: 'Invalid access' })?.message).toBe('EIAM refused the request inside a success answer (HTTP 200, invalid_token)');
	});

	test('AICC: an error_code envelope, in a 200 or another status, keeps its code and words', () => {
		expect(aiccFailure(200, { error_code: 'CASE.0001', error_msg: '任务不存在' })).toEqual({
			message: 'AICC refused the request inside a success answer (HTTP 200, CASE.0001)',
			description: 'AICC CASE.0001: 任务不存在',
			code: 'CASE.0001',
		});
		expect(aiccFailure(400, { error_code: 'CASE.0002', error_msg: 'bad' })?.description).toBe('AICC CASE.0002: bad');
		expect(aiccFailure(200, { resCode: '0', resMsg: 'Success', error_code: 'ignored' })).toBeUndefined();
	});

	// AICC types resCode as a string ("0", docs/aicc-api.md#conventions); a gateway or another release may send
	// the number. Both readings are taken.
	test('AICC: resCode 0 as text or as a number is success; any other, either way, is a refusal', () => {
		expect(aiccFailure(200, { resCode: '0', resMsg: 'Success' })).toBeUndefined();
		expect(aiccFailure(200, { resCode: 0, resMsg: 'Success' })).toBeUndefined();
		expect(aiccFailure(200, { resCode: 1, resMsg: '失败' })).toEqual({ message: 'AICC refused the request (resCode 1)', description: 'AICC resCode 1: 失败', code: '1' });
	});
});
