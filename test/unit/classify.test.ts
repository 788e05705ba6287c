import { classify, type AnswerRules, type RawResponse, type Verdict } from '../../nodes/shared/classify';
import { aiccSpec } from '../../nodes/Aicc/transport';
import { eiamSpec } from '../../nodes/Eiam/transport';

const answer = (statusCode: number, body: unknown = '', headers: Record<string, unknown> = {}, broken?: string): RawResponse => ({ statusCode, body, headers, broken });
const kind = (verdict: Verdict) => (verdict.kind === 'tokenRefused' ? `tokenRefused${verdict.certain ? '' : '?'}` : verdict.kind);

/** A token endpoint's rules as auth.ts gives them, reduced to what the table needs: any error envelope is a refusal. */
const tokenRules: AnswerRules = {
	endpoint: 'token',
	failureOf: (statusCode, body) => (statusCode === 200 && (body as { access_token?: string }).access_token ? undefined : { message: `refused ${statusCode}` }),
};

describe('classify: one table for every answer of both vendors', () => {
	test.each<[string, AnswerRules, RawResponse, string]>([
		['EIAM success', eiamSpec, answer(200, { todo_id: 'x' }), 'success'],
		['EIAM empty success (Delete)', eiamSpec, answer(200, ''), 'success'],
		['a redirect, whatever it says', eiamSpec, answer(302, { error: 'invalid_token' }, { location: 'https://elsewhere.example' }), 'redirect'],
		['a success whose framing broke', eiamSpec, answer(200, '', {}, 'the answer broke off after 10 bytes'), 'broken'],
		['a refusal whose framing broke is still judged by its status', eiamSpec, answer(401, '', {}, 'the answer broke off'), 'tokenRefused'],
		// A token refusal is known by what the answer says, at any status.
		['EIAM invalid_token at 400 (documented)', eiamSpec, answer(400, { error: 'invalid_token' }), 'tokenRefused'],
		['EIAM invalid_token at 200 (a gateway passing it on)', eiamSpec, answer(200, { error: 'invalid_token', error_description: 'Invalid access' }), 'tokenRefused'],
		['EIAM 401', eiamSpec, answer(401, {}), 'tokenRefused'],
		['invalid_token in WWW-Authenticate (RFC 6750)', aiccSpec, answer(400, {}, { 'www-authenticate': 'Bearer error="invalid_token"' }), 'tokenRefused'],
		['AICC 401', aiccSpec, answer(401, {}), 'tokenRefused'],
		['AICC resCode "401" at 200', aiccSpec, answer(200, { resCode: '401', resMsg: 'token expired' }), 'tokenRefused'],
		['a bare 403 may be about the token', aiccSpec, answer(403, {}), 'tokenRefused?'],
		['429: passing, not acted', aiccSpec, answer(429, {}), 'passing'],
		['503 with Retry-After: passing', eiamSpec, answer(503, {}, { 'retry-after': '2' }), 'passing'],
		['502 page: passing', eiamSpec, answer(502, '<html>Bad gateway</html>'), 'passing'],
		['a success that is not JSON: passing (the vendor probably acted)', eiamSpec, answer(200, 'not json'), 'passing'],
		['EIAM refusal envelope at 400', eiamSpec, answer(400, { error_code: 'TODOTASK.0001', error_msg: 'x' }), 'refused'],
		['EIAM refusal envelope at 200', eiamSpec, answer(200, { error_code: 'TODOTASK.0001', error_msg: 'x' }), 'refused'],
		['AICC other resCode at 200', aiccSpec, answer(200, { resCode: 'CASE.TASK.NOT_FOUND' }), 'refused'],
		['APIG code at 404', aiccSpec, answer(404, { error_code: 'APIG.0101', error_msg: 'no API' }), 'refused'],
		// A token endpoint sends no token: nothing there is a token refusal; a page is not a passing fault, JSON cut short is.
		['token endpoint: a token', tokenRules, answer(200, { access_token: 't' }), 'success'],
		['token endpoint: 200 invalid_client', tokenRules, answer(200, { error: 'invalid_client' }), 'refused'],
		['token endpoint: 401', tokenRules, answer(401, {}), 'refused'],
		['token endpoint: 403', tokenRules, answer(403, {}), 'refused'],
		['token endpoint: 200 HTML page', tokenRules, answer(200, '<html></html>'), 'refused'],
		['token endpoint: 200 JSON cut short', tokenRules, answer(200, '{"access_tok'), 'passing'],
		['token endpoint: 429', tokenRules, answer(429, {}), 'passing'],
		// A load balancer's 408 (the request was not read in time) or a 425: not acted on, not a refused secret.
		['408: passing, not acted', eiamSpec, answer(408, ''), 'passing'],
		['token endpoint: 408', tokenRules, answer(408, ''), 'passing'],
		['425: passing, not acted', aiccSpec, answer(425, {}), 'passing'],
	])('%s', (_label, rules, response, expected) => expect(kind(classify(response, rules))).toBe(expected));

	test('a passing fault says whether the vendor acted, and its Retry-After', () => {
		expect(classify(answer(429, {}, { 'retry-after': '3' }), aiccSpec)).toEqual(expect.objectContaining({ kind: 'passing', notActed: true, retryAfterMs: 3000 }));
		expect(classify(answer(503, {}), eiamSpec)).toEqual(expect.objectContaining({ kind: 'passing', notActed: false }));
		expect(classify(answer(408, ''), eiamSpec)).toEqual(expect.objectContaining({ kind: 'passing', notActed: true }));
		expect(classify(answer(502, { error_code: 'APIG.0201', error_msg: 'Backend unavailable' }), eiamSpec)).toEqual(
			expect.objectContaining({ kind: 'passing', failure: expect.objectContaining({ code: 'APIG.0201' }) }),
		);
	});

	/**
	 * AICC documents no refusal of a token (docs/aicc-api.md#conventions: "Expired or wrong token", not documented).
	 * Both readings are taken: HTTP 401, and resCode "401" inside HTTP 200. No other resCode is read as the
	 * token, so that a refusal about something else is not sent twice.
	 */
	test('AICC: the vendor docs are silent on a refused token; HTTP 401 and resCode "401" are both read as one, other resCodes are not', () => {
		expect(kind(classify(answer(401, { resCode: 'AUTH.TOKEN.INVALID' }), aiccSpec))).toBe('tokenRefused');
		expect(kind(classify(answer(200, { resCode: '401' }), aiccSpec))).toBe('tokenRefused');
		expect(kind(classify(answer(200, { resCode: 401 }), aiccSpec))).toBe('tokenRefused');
		expect(kind(classify(answer(200, { resCode: '403' }), aiccSpec))).toBe('refused');
		expect(kind(classify(answer(200, { resCode: 'AUTH.TOKEN.INVALID' }), aiccSpec))).toBe('refused');
	});

	test('a token refusal keeps the answer\'s own words, for when it turns out not to be about the token', () => {
		const verdict = classify(answer(403, { error_code: 'AUTH.0403', error_msg: 'No permission' }), eiamSpec);
		expect(verdict).toEqual({ kind: 'tokenRefused', certain: false, failure: expect.objectContaining({ description: 'EIAM AUTH.0403: No permission' }) });
	});
});
