/**
 * Issue 25, the request path's mechanisms at every door, through n8n-core's real WorkflowExecute: a
 * token refusal known by what the answer says at any status (classify, session), one decoding rule
 * (reading), vendor words from any JSON value (body), and the token endpoints judged like the API.
 */
import type { ServerResponse } from 'node:http';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { DEMO_CLIENTS } from '../../emulator/server';
import { OWNER, TASKS, todoCreate, TODOS } from '../../support/fixtures';
import { gatewayBench, NO_RETRIES, storedTask, storedTodo, stopGatewayBenches, type GatewayBench } from '../../support/gateway-bench';
import { CredentialStore, pollTrigger, runNode, searchList, testCredential } from '../../support/harness';
import { json, upstreamAnswer, type SeenRequest } from '../../support/hostile';

afterEach(stopGatewayBenches);

const EIAM_TOKEN = '/api/v2/tenant/token';
const AICC_TOKEN = '/baas/auth/v1.0/oauth2/token';
const tokenRequests = (bench: GatewayBench, path: string) => bench.gateway.seen.filter((seen) => seen.path === path).length;
const storedToken = (bench: GatewayBench) => bench.store.get(bench.credential.id as string).data.sessionToken;
const todoGet = (todoId: string): INodeParameters => ({ resource: 'todo', operation: 'get', todoId: { mode: 'id', value: todoId }, options: NO_RETRIES });

/** The token a request carries, for the vendor the gateway stands before. */
function carried(vendor: 'aicc' | 'eiam', seen: SeenRequest): string | undefined {
	const header = vendor === 'eiam' ? seen.headers.authorization?.replace(/^Bearer /, '') : seen.headers['access-token'];
	return typeof header === 'string' ? header : undefined;
}

/** A gateway that answers a request carrying a token the vendor no longer accepts with HTTP 200 and `refusal`, as some gateways do. */
function refuseExpiredWith200(bench: GatewayBench, vendor: 'aicc' | 'eiam', refusal: IDataObject): void {
	const prefix = vendor === 'eiam' ? TODOS : TASKS;
	bench.gateway.answer = (seen, response) =>
		seen.path.startsWith(prefix) && !bench.emulator.tokens.isValid(vendor, carried(vendor, seen)) && json(response, 200, refusal);
}

const EIAM_REFUSAL = { error: 'invalid_token', error_description: 'Invalid access' };
const AICC_REFUSAL = { resCode: '401', resMsg: 'access-token is invalid or expired' };

describe('(a) a token refused inside HTTP 200 is renewed, and the next run uses the new token', () => {
	test('EIAM Get: 200 {"error":"invalid_token"} after expiry renews once; a second run asks for no token', async () => {
		const bench = await gatewayBench('eiam');
		const todoId = await storedTodo(bench, 'refusal-200');
		const before = storedToken(bench);
		bench.emulator.tokens.expireAll('eiam');
		refuseExpiredWith200(bench, 'eiam', EIAM_REFUSAL);
		const first = await bench.run(todoGet(todoId));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json.id).toBe(todoId);
		expect(tokenRequests(bench, EIAM_TOKEN)).toBe(2);
		expect(storedToken(bench)).not.toBe(before);
		const second = await bench.run(todoGet(todoId));
		expect(second.error).toBeUndefined();
		expect(tokenRequests(bench, EIAM_TOKEN)).toBe(2);
	});

	test('AICC Get: 200 {"resCode":"401"} after expiry renews once; a second run asks for no token', async () => {
		const bench = await gatewayBench('aicc');
		const taskId = await storedTask(bench);
		bench.emulator.tokens.expireAll('aicc');
		refuseExpiredWith200(bench, 'aicc', AICC_REFUSAL);
		const first = await bench.run({ resource: 'task', operation: 'get', taskId, options: NO_RETRIES });
		expect(first.error).toBeUndefined();
		expect(tokenRequests(bench, AICC_TOKEN)).toBe(2);
		const second = await bench.run({ resource: 'task', operation: 'get', taskId, options: NO_RETRIES });
		expect(second.error).toBeUndefined();
		expect(tokenRequests(bench, AICC_TOKEN)).toBe(2);
	});

	test('the AICC trigger poll renews on 200 {"resCode":"401"}, and so does the next poll not need to', async () => {
		const bench = await gatewayBench('aicc');
		await storedTask(bench);
		bench.emulator.tokens.expireAll('aicc');
		refuseExpiredWith200(bench, 'aicc', AICC_REFUSAL);
		const parameters = { event: 'newTask', creatorId: OWNER, filters: {}, options: { maxRetries: 0 } };
		const first = await pollTrigger(bench.store, parameters, { aiccApi: bench.credential }, {}, 'manual');
		expect(first.emitted?.[0]?.length).toBeGreaterThan(0);
		expect(tokenRequests(bench, AICC_TOKEN)).toBe(2);
		await pollTrigger(bench.store, parameters, { aiccApi: bench.credential }, first.staticData);
		expect(tokenRequests(bench, AICC_TOKEN)).toBe(2);
	});

	test('the Task picker renews on 200 {"resCode":"401"}', async () => {
		const bench = await gatewayBench('aicc');
		const taskId = await storedTask(bench);
		bench.emulator.tokens.expireAll('aicc');
		refuseExpiredWith200(bench, 'aicc', AICC_REFUSAL);
		const found = await searchList(
			bench.store,
			{ type: 'n8n-nodes-aicc-eiam.aicc', parameters: { resource: 'task', operation: 'transfer', creatorId: OWNER }, credentials: { aiccApi: bench.credential } },
			'searchTasks',
		);
		expect(found.results.map((result) => result.value)).toContain(taskId);
		expect(tokenRequests(bench, AICC_TOKEN)).toBe(2);
	});
});

/** The gateway passes `matches` requests to the emulator and rewrites the answer's bytes with `rewrite`, under `contentType`. */
function rewriteAnswers(bench: GatewayBench, matches: (seen: SeenRequest) => boolean, contentType: string, rewrite: (body: Buffer) => Buffer): void {
	bench.gateway.answer = async (seen, response: ServerResponse) => {
		if (!matches(seen)) return false;
		const upstream = await upstreamAnswer(bench.emulator.url, seen);
		response.writeHead(upstream.status, { 'Content-Type': contentType });
		response.end(rewrite(upstream.body));
		return true;
	};
}

/** The answer with one byte that is never valid UTF-8 (0xFF) put in place of the first `marker` in it. */
const badByteAt = (marker: string) => (body: Buffer) => {
	const at = body.indexOf(marker);
	return Buffer.concat([body.subarray(0, at), Buffer.from([0xff]), body.subarray(at + marker.length)]);
};

describe('(b) one byte that is not UTF-8 inside a whole answer is read, not taken for a broken answer', () => {
	test('EIAM Get reads the to-do, its content holding U+FFFD', async () => {
		const bench = await gatewayBench('eiam');
		const todoId = await storedTodo(bench, 'bad-byte');
		rewriteAnswers(bench, (seen) => seen.method === 'GET' && seen.path === `${TODOS}/${todoId}`, 'application/json;charset=UTF-8', badByteAt('customer'));
		const { items, error } = await bench.run(todoGet(todoId));
		expect(error).toBeUndefined();
		expect(items[0].json.content).toBe('Call the \ufffd back');
	});

	test('AICC Get Many reads a page holding such a row', async () => {
		const bench = await gatewayBench('aicc');
		await storedTask(bench);
		rewriteAnswers(bench, (seen) => seen.path === `${TASKS}/list`, 'application/json;charset=UTF-8', badByteAt('customer'));
		const { items, error } = await bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {}, options: NO_RETRIES });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.title)).toContain('Call back the \ufffd');
	});
});

describe('(c) an ISO-8859-1 label over UTF-8 bytes (a servlet container\'s default)', () => {
	const TITLE = '待办标题';

	async function labelled(): Promise<{ bench: GatewayBench; todoId: string }> {
		const bench = await gatewayBench('eiam');
		const { items, error } = await bench.run(todoCreate('latin1-label', NO_RETRIES, { title: TITLE, content: '待办内容' }));
		if (error) throw error;
		const todoId = items[0].json.todoId as string;
		rewriteAnswers(bench, (seen) => seen.method === 'GET' && seen.path.startsWith(TODOS), 'application/json;charset=ISO-8859-1', (body) => body);
		return { bench, todoId };
	}

	test('Get shows the Chinese title as EIAM holds it', async () => {
		const { bench, todoId } = await labelled();
		const { items, error } = await bench.run(todoGet(todoId));
		expect(error).toBeUndefined();
		expect(items[0].json.title).toBe(TITLE);
	});

	const update = (todoId: string): INodeParameters => ({ resource: 'todo', operation: 'update', todoId: { mode: 'id', value: todoId }, updateMode: 'changedFields', updateFields: { deadline: '2026-12-02 10:00:00' }, options: NO_RETRIES });
	const MESSAGE = "EIAM Update did not write: the to-do's Title, Content could not be read faithfully (item 0)";

	test.each(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const)(
		'Update, Only Fields That Change, On Error %s: nothing written, an actionable error naming the fields',
		async (onError) => {
			const { bench, todoId } = await labelled();
			const run = await runNode(bench.store, { type: 'n8n-nodes-aicc-eiam.eiam', parameters: update(todoId), credentials: { eiamApi: bench.credential }, onError });
			expect(bench.gateway.seen.filter((seen) => seen.method === 'PUT')).toHaveLength(0);
			expect(bench.emulator.eiam.todos.get(todoId)?.title).toBe(TITLE);
			if (onError === 'stopWorkflow') {
				expect(run.error?.message).toBe(MESSAGE);
				expect(run.error?.description).toMatch(/Use Update: All Fields/);
				return;
			}
			const [item] = onError === 'continueRegularOutput' ? run.items : run.errorItems;
			expect(item.json.error).toBe(MESSAGE);
			// The error output carries the error itself, its description included.
			expect(item.json.description ?? item.error?.description).toMatch(/nothing was sent/);
			expect(run.items.filter((output) => output.json.updated)).toHaveLength(0);
		},
	);
});

describe('(d) vendor words from any JSON value', () => {
	test('EIAM error_msg as an object {zh_CN, en_US} is quoted, not "[object Object]"', async () => {
		const bench = await gatewayBench('eiam');
		bench.gateway.answer = (seen, response) =>
			seen.path === `${TODOS}/missing` && json(response, 400, { error_code: 'TODOTASK.0001', error_msg: { zh_CN: '待办不存在', en_US: 'To-do does not exist' } });
		const { error } = await bench.run(todoGet('missing'));
		expect(error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
		expect(error?.description).toBe('EIAM TODOTASK.0001: zh_CN: 待办不存在; en_US: To-do does not exist');
	});
});

describe.each([
	{ vendor: 'eiam' as const, name: 'EIAM', path: EIAM_TOKEN },
	{ vendor: 'aicc' as const, name: 'AICC', path: AICC_TOKEN },
])('(e) $name token endpoint judged like the API', ({ vendor, name, path }) => {
	const type = vendor === 'eiam' ? 'eiamApi' : 'aiccApi';
	const get = (bench: GatewayBench) => (vendor === 'eiam' ? bench.run(todoGet('any')) : bench.run({ resource: 'task', operation: 'get', taskId: 'any', options: NO_RETRIES }));
	const clickTest = (bench: GatewayBench) =>
		testCredential(new CredentialStore(), { id: 'c-test', name: 'account', type, data: { domain: bench.gateway.url, authentication: 'clientCredentials', ...DEMO_CLIENTS[vendor] } });

	test('200 {"error":"invalid_client"} quotes the refusal, in a run and on the Test button', async () => {
		const bench = await gatewayBench(vendor);
		bench.gateway.answer = (seen, response) => seen.path === path && json(response, 200, { error: 'invalid_client', error_description: 'Bad client credentials' });
		const { error } = await get(bench);
		expect(error?.message).toMatch(new RegExp(`^${name} refused the Client ID or Client Secret \\(HTTP 200: Bad client credentials\\)`));
		expect((await clickTest(bench)).message).toMatch(new RegExp(`^${name} refused the Client ID or Client Secret \\(HTTP 200: Bad client credentials\\)`));
	});

	const REQUEST_ID = '2f6c8d0e0b1a4c7e9f3d2a1b0c9d8e7f';
	test.each([
		[429, 'APIG.0308', 'The throttling threshold has been reached', `throttled the request (APIG.0308)`],
		[502, 'APIG.0201', 'Backend unavailable', `could not reach ${name} (APIG.0201, backend unavailable)`],
		[404, 'APIG.0101', 'The API does not exist or has not been published in the environment', 'has no such API (APIG.0101)'],
	])('HTTP %s %s: the gateway\'s meaning and words, in a run and on the Test button', async (status, code, words, meaning) => {
		const bench = await gatewayBench(vendor);
		bench.gateway.answer = (seen, response) => seen.path === path && json(response, status, { error_code: code, error_msg: words, request_id: REQUEST_ID });
		const { error } = await get(bench);
		expect(error?.message).toContain(`The API gateway in front of ${name} ${meaning}`);
		expect(error?.description).toContain(`Huawei API Gateway ${code}: ${words} (request_id ${REQUEST_ID})`);
		expect((await clickTest(bench)).message).toContain(`The API gateway in front of ${name} ${meaning}`);
	});
});
