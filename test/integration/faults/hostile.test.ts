/**
 * A hostile vendor or gateway, through n8n's real engine: credentials never leave the Domain (no
 * redirect is followed), no secret of the run reaches what the user or n8n's run data sees, tokens a
 * header cannot carry are refused, Timeout is a deadline, and a failing token endpoint is asked once per
 * renewal however many items wait.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../../emulator/server';
import { testCredential } from '../../support/harness';
import { json, startRecorder, trickle, type HostileServer } from '../../support/hostile';
import { taskCreate, TASKS, todoCreate, TODOS } from '../../support/fixtures';
import { gatewayBench, stopGatewayBenches } from '../../support/gateway-bench';
import type { Bench } from '../../support/emulator-bench';

const EIAM_TOKEN = '/api/v2/tenant/token';
const AICC_TOKEN = '/baas/auth/v1.0/oauth2/token';
const NO_RETRIES = { maxRetries: 0, timeout: 5_000 };

const todoGet = (todoId: string, options: INodeParameters = NO_RETRIES): INodeParameters => ({ resource: 'todo', operation: 'get', todoId, options });
const taskGet = (taskId: string, options: INodeParameters = NO_RETRIES): INodeParameters => ({ resource: 'task', operation: 'get', taskId, options });

const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
	await stopGatewayBenches();
	for (const server of started.splice(0)) await server.stop();
});

const hostileBench = gatewayBench;

async function recorder(): Promise<HostileServer> {
	const server = await startRecorder();
	started.push(server);
	return server;
}

/** The secrets of a run: the client secret, EIAM's Basic value, and every token the emulator issued or the credential holds. */
function secretsOf(bench: Bench, vendor: 'aicc' | 'eiam'): string[] {
	const { clientId, clientSecret } = DEMO_CLIENTS[vendor];
	const data = bench.store.get(bench.credential.id as string).data;
	const tokens = [data.sessionToken, data.accessToken].filter((value): value is string => typeof value === 'string' && value !== '');
	return [clientSecret, Buffer.from(`${clientId}:${clientSecret}`).toString('base64'), ...tokens];
}

function expectNoSecret(where: unknown, secrets: string[]) {
	const text = JSON.stringify(where);
	for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
}

describe('redirects are never followed: the credential stays with the Domain', () => {
	test.each([
		['EIAM Get, 302', 'eiam', 302, 'GET', todoGet('t-1')],
		['EIAM Create, 307 (which would re-post the body)', 'eiam', 307, 'POST', todoCreate('redirect-1', NO_RETRIES)],
		['AICC Get, 302', 'aicc', 302, 'POST', taskGet('t-1')],
		['AICC Create, 307', 'aicc', 307, 'POST', taskCreate(NO_RETRIES)],
	] as const)('%s: nothing reaches the other host, and the error names its origin', async (_label, vendor, status, method, parameters) => {
		const bench = await hostileBench(vendor);
		const other = await recorder();
		const apiPath = vendor === 'eiam' ? TODOS : TASKS;
		bench.gateway.answer = (request, response) =>
			request.method === method && request.path.startsWith(apiPath) && json(response, status, '', { Location: `${other.url}/steal${request.path}` });
		const { error, items } = await bench.run(parameters);
		expect(other.seen).toEqual([]);
		expect(items).toEqual([]);
		const name = vendor.toUpperCase();
		expect(error?.message).toBe(`${name} answered with a redirect to ${other.url}; the request was not followed (item 0)`);
		expect(error?.description).toMatch(/check the credential's Domain/);
		// Only the Domain was asked, once: a redirect is not a passing fault to retry.
		expect(bench.gateway.seen.filter((request) => request.path.startsWith(apiPath))).toHaveLength(1);
	});

	test.each([
		['eiam', EIAM_TOKEN, todoCreate('redirect-token', NO_RETRIES)],
		['aicc', AICC_TOKEN, taskCreate(NO_RETRIES)],
	] as const)('%s token request: a 307 carries neither the Basic header nor client_secret away', async (vendor, tokenPath, parameters) => {
		const bench = await hostileBench(vendor);
		const other = await recorder();
		bench.gateway.answer = (request, response) => request.path === tokenPath && json(response, 307, '', { Location: `${other.url}${tokenPath}` });
		const { error } = await bench.run(parameters);
		expect(other.seen).toEqual([]);
		expect(error?.message).toMatch(new RegExp(`^${vendor.toUpperCase()}'s token endpoint answered with a redirect to ${other.url.replace(/[.]/g, '\\.')}; the request was not followed`));
		expect(bench.store.get(bench.credential.id as string).data.sessionToken).toBeFalsy();
		expect(bench.emulator.eiam.todos.size + bench.emulator.aicc.tasks.size).toBe(0);
	});

	test.each([
		['eiam', 'eiamApi', 'accessToken'],
		['eiam', 'eiamApi', 'clientCredentials'],
		['aicc', 'aiccApi', 'accessToken'],
		['aicc', 'aiccApi', 'clientCredentials'],
	] as const)('%s Test button (%s, %s): a redirect of the test or token request is not followed', async (vendor, type, mode) => {
		const bench = await hostileBench(vendor, mode);
		const other = await recorder();
		bench.gateway.answer = (request, response) => json(response, 307, '', { Location: `${other.url}${request.path}` });
		const data = { ...bench.store.get(bench.credential.id as string).data };
		const result = await testCredential(bench.store, { id: 'test-button', name: 'account', type, data });
		expect(other.seen).toEqual([]);
		expect(result.status).toBe('Error');
	});
});

describe('no secret of the run reaches an error, Continue On Fail output or run data', () => {
	test('an EIAM gateway that quotes the request, Authorization header and all, in its error', async () => {
		const bench = await hostileBench('eiam');
		bench.gateway.answer = (request, response) =>
			request.path.startsWith(TODOS) &&
			json(response, 400, {
				error_code: 'COM.0601',
				error_msg: `bad request; headers were ${JSON.stringify(request.headers)}`,
				echo: { headers: request.headers, body: request.body },
			});
		const { items, run } = await bench.run(todoGet('t-1'), [{}], { continueOnFail: true });
		const secrets = secretsOf(bench, 'eiam');
		expect(secrets.length).toBe(3);
		expect(items[0].json.error).toBe('EIAM refused a parameter as missing or of the wrong type (item 0)');
		// The vendor's own words stay, with the secret taken out.
		expect(items[0].json.description).toMatch(/^EIAM COM\.0601: bad request; headers were .*Bearer \[redacted\]/);
		expectNoSecret(items, secrets);
		expectNoSecret(run, secrets);
	});

	test('an AICC resMsg holding the access token, without Continue On Fail: the failed run data holds no token', async () => {
		const bench = await hostileBench('aicc');
		bench.gateway.answer = (request, response) =>
			request.path.startsWith(TASKS) && json(response, 200, { resCode: '1', resMsg: `token ${String(request.headers['access-token'])} has no right to this` });
		const { error, run } = await bench.run(taskGet('t-1'));
		expect(error?.message).toBe('AICC refused the request (resCode 1) (item 0)');
		expect(error?.description).toBe('AICC resCode 1: token [redacted] has no right to this');
		expectNoSecret(run, secretsOf(bench, 'aicc'));
	});

	test.each([
		['eiam', EIAM_TOKEN, todoCreate('echo-token', NO_RETRIES)],
		['aicc', AICC_TOKEN, taskCreate(NO_RETRIES)],
	] as const)('a %s token endpoint whose error_description echoes the Basic header and the form body', async (vendor, tokenPath, parameters) => {
		const bench = await hostileBench(vendor);
		bench.gateway.answer = (request, response) =>
			request.path === tokenPath &&
			json(response, 401, { error: 'invalid_client', error_description: `rejected ${String(request.headers.authorization)} with ${request.body}` });
		const { error, run } = await bench.run(parameters);
		expect(error?.message).toMatch(new RegExp(`^${vendor.toUpperCase()} refused the Client ID or Client Secret \\(HTTP 401: rejected `));
		expect(error?.message).toContain('[redacted]');
		expectNoSecret(run, secretsOf(bench, vendor));
		// The client secret as the form body carries it, percent-encoded, is gone too.
		expectNoSecret(run, [encodeURIComponent(DEMO_CLIENTS[vendor].clientSecret)]);
	});

	test('a success whose task list is text echoing the access token: the wrong-shape error does not quote it', async () => {
		const bench = await hostileBench('aicc');
		bench.gateway.answer = (request, response) =>
			request.path === `${TASKS}/list` && json(response, 200, { resCode: '0', result: { taskList: `token ${String(request.headers['access-token'])}`, count: 1 } });
		const { error, run } = await bench.run({ resource: 'task', operation: 'getAll', creatorId: '10gg00000148QvgpaLAm', returnAll: true, filters: {}, options: NO_RETRIES });
		expect(error?.message).toMatch(/^AICC Get Many answered with a text of \d+ characters instead of a list of tasks in taskList \(item 0\)$/);
		expectNoSecret(run, secretsOf(bench, 'aicc'));
	});

	test('an error body nested 20,000 levels deep is the vendor error as usual', async () => {
		const bench = await hostileBench('eiam');
		const nested = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
		bench.gateway.answer = (request, response) =>
			request.path.startsWith(TODOS) && json(response, 400, `{"error_code":"TODOTASK.0001","error_msg":"not found","deep":${nested}}`);
		const { error, run } = await bench.run(todoGet('t-1'));
		expect(error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
		expect(error?.description).toBe('EIAM TODOTASK.0001: not found');
		// n8n stores run data as JSON: the raw body in it made that throw "Maximum call stack size exceeded".
		expect(() => JSON.stringify(run)).not.toThrow();
	});
});

describe('tokens a request header cannot carry', () => {
	test.each([
		['eiam', EIAM_TOKEN, todoCreate('crlf-token', NO_RETRIES)],
		['aicc', AICC_TOKEN, taskCreate(NO_RETRIES)],
	] as const)('%s: a token with CR/LF from the token endpoint is a token-endpoint error, and is not kept', async (vendor, tokenPath, parameters) => {
		const bench = await hostileBench(vendor);
		bench.gateway.answer = (request, response) =>
			request.path === tokenPath && json(response, 200, { access_token: 'abc\r\nX-Injected: 1', expires_in: 1800, token_type: 'Bearer' });
		const { error } = await bench.run(parameters);
		expect(error?.message).toMatch(new RegExp(`^${vendor.toUpperCase()}'s token endpoint answered with an access_token that a request header cannot carry`));
		expect(bench.store.get(bench.credential.id as string).data.sessionToken).toBeFalsy();
		expect(bench.emulator.eiam.todos.size + bench.emulator.aicc.tasks.size).toBe(0);
	});

	test('a pasted Access Token with surrounding whitespace and a trailing newline is trimmed', async () => {
		const bench = await hostileBench('eiam', 'accessToken');
		const stored = bench.store.get(bench.credential.id as string).data;
		const token = stored.accessToken as string;
		stored.accessToken = `  ${token}\n`;
		const { error, items } = await bench.run(todoCreate('trimmed-token', NO_RETRIES));
		expect(error).toBeUndefined();
		expect(items[0].json.todoId).toBeDefined();
		expect(bench.gateway.seen.find((request) => request.path === TODOS)?.headers.authorization).toBe(`Bearer ${token}`);
	});

	test.each(['eiam', 'aicc'] as const)('%s: a pasted Access Token with a line break inside is refused naming the Access Token, nothing sent', async (vendor) => {
		const bench = await hostileBench(vendor, 'accessToken');
		bench.store.get(bench.credential.id as string).data.accessToken = 'first-half\nsecond-half';
		const { error } = await bench.run(vendor === 'eiam' ? todoCreate('broken-token', NO_RETRIES) : taskCreate(NO_RETRIES));
		expect(error?.message).toBe("The credential's Access Token holds characters a request header cannot carry (item 0)");
		expect(error?.description).toMatch(/paste the token again/i);
		expect(bench.gateway.seen).toEqual([]);
	});
});

describe('Timeout is a deadline for the whole request, token request and body included', () => {
	test('an answer trickling a byte every 100 ms fails at the deadline, not when it ends', async () => {
		const bench = await hostileBench('eiam', 'accessToken');
		bench.gateway.answer = (request, response) => request.path.startsWith(TODOS) && trickle(response, JSON.stringify({ id: 't-1', padding: 'x'.repeat(50) }), 100);
		const started = Date.now();
		const { error } = await bench.run(todoGet('t-1', { maxRetries: 0, timeout: 500 }));
		const took = Date.now() - started;
		expect(error?.message).toBe('EIAM failed (no answer within 500 ms) (item 0)');
		expect(took).toBeLessThan(3_000);
	});

	test.each([
		['eiam', EIAM_TOKEN, todoCreate('hung-token', { maxRetries: 0, timeout: 500 })],
		['aicc', AICC_TOKEN, taskCreate({ maxRetries: 0, timeout: 500 })],
	] as const)('%s: a token endpoint that never answers fails the items at the deadline, and no API request follows later', async (vendor, tokenPath, parameters) => {
		const bench = await hostileBench(vendor);
		bench.gateway.answer = (request) => request.path === tokenPath;
		const started = Date.now();
		const { error } = await bench.run(parameters, [{}, {}, {}]);
		expect(Date.now() - started).toBeLessThan(3_000);
		expect(error?.message).toMatch(new RegExp(`^${vendor.toUpperCase()} stayed unavailable \\(${vendor.toUpperCase()}'s token endpoint gave no answer within 500 ms\\)`));
		// One token request for the three items (renewal is single flight), none to the API.
		expect(bench.gateway.seen.map((request) => request.path)).toEqual([tokenPath]);
	});

	test('a token that arrives after the deadline is kept, but the request it was fetched for is not sent late', async () => {
		const bench = await hostileBench('eiam');
		// The token endpoint answers after 1 s: the gateway holds the request, then lets it through to the emulator.
		bench.gateway.answer = async (request) => {
			if (request.path === EIAM_TOKEN) await new Promise((resolve) => setTimeout(resolve, 1_000));
			return false;
		};
		const { error } = await bench.run(todoCreate('late-token', { maxRetries: 0, timeout: 300 }));
		expect(error?.message).toMatch(/^EIAM stayed unavailable \(EIAM's token endpoint gave no answer within 300 ms\)/);
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(bench.emulator.requestsTo('POST', EIAM_TOKEN).map((entry) => entry.status)).toEqual([200]);
		expect(bench.gateway.seen.filter((request) => request.path === TODOS)).toEqual([]);
		expect(bench.emulator.eiam.todos.size).toBe(0);
	});
});

describe('a failing token endpoint is asked once per renewal, however many items wait', () => {
	test('50 items in flight against a token endpoint answering 429 share one renewal and its back-off', async () => {
		const bench = await hostileBench('eiam');
		bench.gateway.answer = (request, response) => request.path === EIAM_TOKEN && json(response, 429, { error: 'too_many_requests' });
		const items = Array.from({ length: 50 }, (_, n) => ({ key: `busy-${n}` }));
		const { items: output } = await bench.run(
			todoCreate('={{ $json.key }}', { maxRetries: 2, maxRetryWait: 5_000, timeout: 2_000, batching: { batch: { batchSize: 50 } } }),
			items,
			{ continueOnFail: true },
		);
		// The first renewal and its two retries; items waiting on it share its failure instead of asking themselves.
		expect(bench.gateway.seen.filter((request) => request.path === EIAM_TOKEN)).toHaveLength(3);
		expect(output).toHaveLength(50);
		for (const item of output) expect(item.json.error).toMatch(/^EIAM stayed unavailable \(EIAM's token endpoint answered HTTP 429 instead of a token after 2 retries over \d+\.\d s\) \(item \d+\)$/);
	});
});
