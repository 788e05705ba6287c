// The credentials' authenticate (tokenHeader): what n8n sends for every request of a run. It returns a
// copy, as n8n-core hands it request options that a caller may use again (the HTTP Request node with our
// credential type, the credential test).
import type { IHttpRequestOptions } from 'n8n-workflow';

import { tokenHeader } from '../../credentials/shared';
import { attachDeadline } from '../../nodes/shared/deadline';

const bearer = tokenHeader('Authorization', 'Bearer ');
const clientCredentials = { authentication: 'clientCredentials', sessionToken: ' t0ken ' };

function request(): IHttpRequestOptions {
	return { method: 'POST', url: 'https://x.example/api', headers: { 'Content-Type': 'application/json' }, body: { title: 'a' }, json: true };
}

describe('tokenHeader', () => {
	test('adds the token, prefix first and trimmed, beside the headers already set, and leaves the options it was given alone', async () => {
		const options = request();
		const before = structuredClone(options);
		const sent = await bearer(clientCredentials, options);
		expect(sent.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer t0ken' });
		expect(sent).toMatchObject({ method: 'POST', url: 'https://x.example/api', body: { title: 'a' }, json: true });
		expect(options).toEqual(before);
		expect(sent).not.toBe(options);
		expect(sent.headers).not.toBe(options.headers);
	});

	test("puts the node's deadline in place of the signal n8n-core set, and keeps n8n's when there is none", async () => {
		const cancel = new AbortController().signal;
		const deadline = new AbortController().signal;
		expect((await bearer(clientCredentials, attachDeadline({ ...request(), abortSignal: cancel }, deadline))).abortSignal).toBe(deadline);
		expect((await bearer(clientCredentials, { ...request(), abortSignal: cancel })).abortSignal).toBe(cancel);
	});

	test('an Access Token takes its own header with no prefix, from the accessToken field', async () => {
		const sent = await tokenHeader('access-token')({ authentication: 'accessToken', accessToken: 'abc' }, request());
		expect(sent.headers?.['access-token']).toBe('abc');
	});

	test('refuses to send after the deadline passed, or with a token no header can carry', async () => {
		const expired = new AbortController();
		expired.abort();
		await expect(bearer(clientCredentials, attachDeadline(request(), expired.signal))).rejects.toThrow('its deadline passed');
		await expect(bearer({ authentication: 'accessToken', accessToken: 'a b' }, request())).rejects.toThrow();
	});
});
