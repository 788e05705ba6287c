import { aiccFailure } from '../../nodes/Aicc/transport';
import { eiamFailure, eiamSpec } from '../../nodes/Eiam/transport';

describe('EIAM error envelope → message (docs/eiam-api.md#error-codes)', () => {
	test('success statuses are not failures', () => {
		expect(eiamFailure(200, { todo_id: 'x' })).toBeUndefined();
	});

	test("documented codes get a plain message, and EIAM's own error_msg stays in the description", () => {
		expect(eiamFailure(400, { error_code: 'USER.0001', error_msg: 'User does not exist' })).toEqual({
			message: 'User does not exist: check User Name',
			description: 'EIAM USER.0001: User does not exist',
			code: 'USER.0001',
		});
		expect(eiamFailure(400, { error_code: 'TODOTASK.0002', error_msg: '待办已存在' })).toEqual({
			message: 'A to-do with this External ID already exists',
			description: 'EIAM TODOTASK.0002: 待办已存在',
			code: 'TODOTASK.0002',
		});
	});

	test('TODOTASK.0001 means "not found" whether EIAM sends it with HTTP 400 (examples) or 402 (tables)', () => {
		for (const status of [400, 402]) {
			expect(eiamFailure(status, { error_code: 'TODOTASK.0001', error_msg: '待办不存在' })?.message).toBe(
				'To-do not found: check the To-Do ID',
			);
		}
	});

	test('an undocumented code keeps code and text; a non-JSON answer points at the domain', () => {
		expect(eiamFailure(403, { error_code: 'AUTH.0403', error_msg: 'No permission' })).toEqual({
			message: 'EIAM refused the request (HTTP 403, AUTH.0403)',
			description: 'EIAM AUTH.0403: No permission',
			code: 'AUTH.0403',
		});
		expect(eiamFailure(502, '<html>Bad gateway</html>')?.message).toBe('EIAM answered HTTP 502 without a JSON error');
		expect(JSON.stringify(eiamFailure(502, '<html>Bad gateway</html>'))).not.toContain('<html>');
	});

	test('token rejection: documented 400 invalid_token, and 401', () => {
		expect(eiamSpec.refusesToken(400, { error: 'invalid_token', error_description: 'Invalid access' })).toBe(true);
		expect(eiamSpec.refusesToken(401, {})).toBe(true);
		expect(eiamSpec.refusesToken(400, { error_code: 'COM.0601' })).toBe(false);
	});
});

describe('AICC resCode envelope → message (docs/aicc-api.md#conventions)', () => {
	test('resCode "0" is success', () => {
		expect(aiccFailure(200, { resCode: '0', resMsg: 'Success', result: { taskId: 'x' } })).toBeUndefined();
	});

	test('a 200 with another resCode is a failure carrying resCode and resMsg', () => {
		expect(aiccFailure(200, { resCode: 'CASE.1001', resMsg: '处理人不存在' })).toEqual({
			message: 'AICC refused the request (resCode CASE.1001)',
			description: 'AICC resCode CASE.1001: 处理人不存在',
			code: 'CASE.1001',
		});
	});

	test('a 200 without the envelope, or an HTML error page, points at the domain', () => {
		expect(aiccFailure(200, '<html></html>')?.message).toBe('AICC answered without its resCode envelope');
		expect(aiccFailure(503, '<html>down</html>')?.message).toBe('AICC answered HTTP 503 without a JSON body');
	});
});
