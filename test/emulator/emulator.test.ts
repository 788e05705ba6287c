// The emulator's own tests: each states the contract rule (shared/api) it checks.
import { startEmulator, DEMO_CLIENTS, type Emulator, type EmulatorOptions } from './server';

interface Answer {
	status: number;
	contentType: string | null;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the emulator answered, read by the assertions
	body: any;
}

async function call(emulator: Emulator, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
	const response = await fetch(`${emulator.url}${path}`, { method, headers: init.headers, body: init.body });
	const text = await response.text();
	return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_UTF8 = 'application/json; charset=utf-8';

const validTodo = (overrides: Record<string, unknown> = {}) => ({
	title: 'To-Do Title',
	content: 'To-Do Content',
	message_type: 'TEXT',
	ending_at: '2022-08-14 12:00:00',
	user_name: 'zhangsan',
	external_id: '123fdsafsafdsafdsa-fdas',
	detail_url: { web_url: 'https://example.com', mobile_url: 'https://example.com' },
	...overrides,
});

async function withEmulator(options: EmulatorOptions, body: (emulator: Emulator) => Promise<void>) {
	const emulator = await startEmulator(options);
	try {
		await body(emulator);
	} finally {
		await emulator.stop();
	}
}

describe('EIAM token endpoint (docs/eiam-api.md#token-client-credentials)', () => {
	test('variant A (Basic header), B (query string) and C (form body) all give an OAuth-style token', async () => {
		await withEmulator({}, async (emulator) => {
			const { clientId, clientSecret } = DEMO_CLIENTS.eiam;
			const answers = [
				await call(emulator, 'POST', '/api/v2/tenant/token', { headers: { ...FORM, Authorization: basic(clientId, clientSecret) }, body: 'grant_type=client_credentials' }),
				await call(emulator, 'POST', `/api/v2/tenant/token?grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`),
				await call(emulator, 'POST', '/api/v2/tenant/token', { headers: FORM, body: `client_id=${clientId}&client_secret=${clientSecret}&grant_type=client_credentials` }),
			];
			for (const answer of answers) {
				expect(answer.status).toBe(200);
				expect(Object.keys(answer.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
				expect(answer.body).toMatchObject({ token_type: 'bearer', expires_in: 1799, scope: 'all' });
			}
		});
	});

	test('wrong client secret: 401 invalid_client ("Bad client credentials")', async () => {
		await withEmulator({}, async (emulator) => {
			const answer = await call(emulator, 'POST', '/api/v2/tenant/token', { headers: { ...FORM, Authorization: basic(DEMO_CLIENTS.eiam.clientId, 'nope') }, body: 'grant_type=client_credentials' });
			expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } });
		});
	});
});

describe('EIAM to-do calls (docs/eiam-api.md#operations, docs/eiam-api.md#error-codes)', () => {
	const todoCall = (emulator: Emulator, method: string, path: string, body?: unknown, token = emulator.issueToken('eiam')) =>
		call(emulator, method, `/api/v2/tenant/todo/task${path}`, {
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': JSON_UTF8 },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	test('create answers {todo_id} with an ID shaped like the examples; get returns the documented record', async () => {
		await withEmulator({}, async (emulator) => {
			const created = await todoCall(emulator, 'POST', '', validTodo());
			expect(created.status).toBe(200);
			expect(created.contentType).toBe('application/json');
			expect(created.body.todo_id).toMatch(/^\d{17}-[0-9A-F]{4}-[0-9A-F]{9}$/);
			const record = await todoCall(emulator, 'GET', `/${created.body.todo_id}`);
			expect(record.status).toBe(200);
			expect(Object.keys(record.body).sort()).toEqual(
				['content', 'created_at', 'deal', 'dealt_at', 'detail_url', 'ending_at', 'external_id', 'id', 'message_type', 'source_id', 'source_type', 'title', 'updated_at', 'user_id'].sort(),
			);
			expect(record.body).toMatchObject({ id: created.body.todo_id, deal: false, dealt_at: null, ending_at: '2022-08-14 12:00:00', source_type: 'APP' });
			expect(record.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
			expect(record.body).not.toHaveProperty('user_name');
		});
	});

	test.each([
		{ name: 'title missing', overrides: { title: undefined }, code: 'TODOTASK.0004' },
		{ name: 'title blank', overrides: { title: '  ' }, code: 'TODOTASK.0004' },
		{ name: 'content empty', overrides: { content: '' }, code: 'TODOTASK.0005' },
		{ name: 'message_type missing', overrides: { message_type: undefined }, code: 'TODOTASK.0006' },
		{ name: 'external_id empty', overrides: { external_id: '' }, code: 'TODOTASK.0007' },
		{ name: 'ending_at missing', overrides: { ending_at: undefined }, code: 'TODOTASK.0008' },
		{ name: 'detail_url missing', overrides: { detail_url: undefined }, code: 'TODOTASK.0009' },
		{ name: 'web_url missing', overrides: { detail_url: { mobile_url: 'https://m' } }, code: 'TODOTASK.0010' },
		{ name: 'mobile_url missing', overrides: { detail_url: { web_url: 'https://w' } }, code: 'TODOTASK.0011' },
		{ name: 'title of 101 characters', overrides: { title: 'x'.repeat(101) }, code: 'TODOTASK.0013' },
		{ name: 'content of 1025 characters', overrides: { content: 'x'.repeat(1025) }, code: 'TODOTASK.0014' },
		{ name: 'external_id of 256 characters', overrides: { external_id: 'x'.repeat(256) }, code: 'TODOTASK.0016' },
		{ name: 'message_type not TEXT/MARKDOWN (0015 is not listed for create)', overrides: { message_type: 'HTML' }, code: 'COM.0601' },
		{ name: 'ending_at not yyyy-MM-dd HH:mm:ss', overrides: { ending_at: '2022-08-14T12:00:00Z' }, code: 'COM.0601' },
		{ name: 'title of the wrong type', overrides: { title: 5 }, code: 'COM.0601' },
		{ name: 'unknown user_name', overrides: { user_name: 'nobody' }, code: 'USER.0001' },
	])('create with $name → HTTP 400 $code', async ({ overrides, code }) => {
		await withEmulator({}, async (emulator) => {
			const answer = await todoCall(emulator, 'POST', '', validTodo(overrides));
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({ error_code: code, error_msg: expect.any(String) });
			expect(emulator.eiam.todos.size).toBe(0);
		});
	});

	test('limits at the edge are accepted: title 100, content 1024, external_id 255 characters (CJK counted as characters)', async () => {
		await withEmulator({}, async (emulator) => {
			const answer = await todoCall(emulator, 'POST', '', validTodo({ title: '中'.repeat(100), content: '文'.repeat(1024), external_id: 'e'.repeat(255) }));
			expect(answer.status).toBe(200);
		});
	});

	test('ending_at in the years 1–99 is a date of the documented format (Date.UTC would read 0099 as 1999)', async () => {
		await withEmulator({}, async (emulator) => {
			expect((await todoCall(emulator, 'POST', '', validTodo({ ending_at: '0099-12-31 23:59:59' }))).status).toBe(200);
		});
	});

	test('a second create with the same external_id → TODOTASK.0002; error_msg follows the page language', async () => {
		await withEmulator({ eiam: { language: 'zh' } }, async (emulator) => {
			expect((await todoCall(emulator, 'POST', '', validTodo())).status).toBe(200);
			const again = await todoCall(emulator, 'POST', '', validTodo());
			expect(again).toMatchObject({ status: 400, body: { error_code: 'TODOTASK.0002', error_msg: '待办已存在' } });
		});
	});

	test('TODOTASK.0001 on get: HTTP 402 by the tables (default) or 400 by the examples, as configured', async () => {
		await withEmulator({}, async (emulator) => {
			expect(await todoCall(emulator, 'GET', '/nope')).toMatchObject({ status: 402, body: { error_code: 'TODOTASK.0001' } });
		});
		await withEmulator({ eiam: { notFoundStatus: 400 } }, async (emulator) => {
			expect(await todoCall(emulator, 'GET', '/nope')).toMatchObject({ status: 400, body: { error_code: 'TODOTASK.0001' } });
		});
	});

	test('update: example answer {"code":"0","data":true,"message":null} by default, {todo_id} by the table when configured', async () => {
		for (const [updateResponse, expected] of [
			['example', { code: '0', data: true, message: null }],
			['table', 'todo_id'],
		] as const) {
			await withEmulator({ eiam: { updateResponse } }, async (emulator) => {
				const { body } = await todoCall(emulator, 'POST', '', validTodo());
				const updated = await todoCall(emulator, 'PUT', `/${body.todo_id}`, validTodo({ title: 'Changed' }));
				expect(updated.status).toBe(200);
				expect(updated.body).toEqual(expected === 'todo_id' ? { todo_id: body.todo_id } : expected);
				expect((await todoCall(emulator, 'GET', `/${body.todo_id}`)).body.title).toBe('Changed');
			});
		}
	});

	test('update rules: unknown ID → 400 TODOTASK.0001; message type → TODOTASK.0015; external_id cannot change → TODOTASK.0016', async () => {
		await withEmulator({}, async (emulator) => {
			expect(await todoCall(emulator, 'PUT', '/nope', validTodo())).toMatchObject({ status: 400, body: { error_code: 'TODOTASK.0001' } });
			const { body } = await todoCall(emulator, 'POST', '', validTodo());
			expect((await todoCall(emulator, 'PUT', `/${body.todo_id}`, validTodo({ message_type: 'HTML' }))).body.error_code).toBe('TODOTASK.0015');
			expect((await todoCall(emulator, 'PUT', `/${body.todo_id}`, validTodo({ external_id: 'other' }))).body.error_code).toBe('TODOTASK.0016');
		});
	});

	test('an expired or unknown token → HTTP 400 {"error":"invalid_token"} (docs/eiam-api.md#conventions), or 401 when configured', async () => {
		await withEmulator({}, async (emulator) => {
			const token = emulator.issueToken('eiam');
			emulator.tokens.expireAll('eiam');
			expect(await todoCall(emulator, 'GET', '/x', undefined, token)).toMatchObject({ status: 400, body: { error: 'invalid_token', error_description: 'Invalid access' } });
			expect((await todoCall(emulator, 'GET', '/x', undefined, 'made-up')).status).toBe(400);
		});
		await withEmulator({ eiam: { authRejectStatus: 401 } }, async (emulator) => {
			expect((await todoCall(emulator, 'GET', '/x', undefined, 'made-up')).status).toBe(401);
		});
	});

	test('Content-Type is mandatory on every to-do call, GET included (docs/eiam-api.md#conventions)', async () => {
		await withEmulator({}, async (emulator) => {
			const answer = await call(emulator, 'GET', '/api/v2/tenant/todo/task/x', { headers: { Authorization: `Bearer ${emulator.issueToken('eiam')}` } });
			expect(answer).toMatchObject({ status: 400, body: { error_code: 'COM.0601' } });
		});
	});
});

describe('AICC (docs/aicc-api.md#token-client-credentials, docs/aicc-api.md#create-a-task-post-task, docs/aicc-api.md#get-many-post-tasklist)', () => {
	const taskCall = (emulator: Emulator, path: string, body: unknown, token = emulator.issueToken('aicc')) =>
		call(emulator, 'POST', `/service/AICC__Case/1.0.0/openapi/task${path}`, {
			headers: { 'access-token': token, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
	const required = { title: 'test002', ownerId: '10gg00000148QvgpaLAm', creatorId: '10gg00000148QvgpaLAm' };

	test('token: form-encoded client credentials give {access_token, expires_in, token_type}; wrong secret → 401', async () => {
		await withEmulator({}, async (emulator) => {
			const { clientId, clientSecret } = DEMO_CLIENTS.aicc;
			const ok = await call(emulator, 'POST', '/baas/auth/v1.0/oauth2/token', { headers: FORM, body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}` });
			expect(ok).toMatchObject({ status: 200, body: { access_token: expect.any(String), expires_in: 1800, token_type: 'Bearer' } });
			const bad = await call(emulator, 'POST', '/baas/auth/v1.0/oauth2/token', { headers: FORM, body: `grant_type=client_credentials&client_id=${clientId}&client_secret=x` });
			expect(bad.status).toBe(401);
		});
	});

	test('create: the verbatim example is accepted; answer {"resCode":"0","resMsg":"Success","result":{"taskId"}} with the literal URL-encoded Content-Type', async () => {
		await withEmulator({}, async (emulator) => {
			const example = { taskInfo: { ...required, description: 'test001', type: 'Case', relateId: 'c6m80000014iXKHqDw3c', dueDate: '2023-07-08 00:00:00', contactId: 'ciIy0000013y7cC8T2rA', priority: 'Low' } };
			const answer = await taskCall(emulator, '', example);
			expect(answer.status).toBe(200);
			expect(answer.contentType).toBe('application/json%3Bcharset=UTF-8');
			expect(answer.body).toEqual({ resCode: '0', resMsg: 'Success', result: { taskId: expect.stringMatching(/^[A-Za-z0-9]{20}$/) } });
		});
	});

	test.each([
		{ name: 'no taskInfo', body: {} },
		{ name: 'title missing', body: { taskInfo: { ...required, title: '' } } },
		{ name: 'title of 129 bytes (43 CJK characters)', body: { taskInfo: { ...required, title: '中'.repeat(43) } } },
		{ name: 'ownerId of 21 bytes', body: { taskInfo: { ...required, ownerId: 'x'.repeat(21) } } },
		{ name: 'creatorId missing', body: { taskInfo: { title: 't', ownerId: 'o' } } },
		{ name: 'type without relateId', body: { taskInfo: { ...required, type: 'Case' } } },
		{ name: 'type other than Case', body: { taskInfo: { ...required, type: 'Order', relateId: 'r' } } },
		{ name: 'priority outside the enum', body: { taskInfo: { ...required, priority: 'Urgent' } } },
		{ name: 'dueDate in ISO form', body: { taskInfo: { ...required, dueDate: '2023-07-08T00:00:00Z' } } },
		{ name: 'description over 20000 bytes', body: { taskInfo: { ...required, description: 'x'.repeat(20001) } } },
		{ name: 'attachment over 255 bytes', body: { taskInfo: { ...required, attachment: 'x'.repeat(256) } } },
	])('create with $name → HTTP 200 with a resCode other than "0" (failure bodies are undocumented)', async ({ body }) => {
		await withEmulator({}, async (emulator) => {
			const answer = await taskCall(emulator, '', body);
			expect(answer.status).toBe(200);
			expect(answer.body.resCode).not.toBe('0');
			expect(emulator.aicc.tasks.size).toBe(0);
		});
	});

	test('a refused access-token → HTTP 401 (undocumented; our assumption)', async () => {
		await withEmulator({}, async (emulator) => {
			expect((await taskCall(emulator, '', { taskInfo: required }, 'wrong')).status).toBe(401);
		});
	});

	test('list: start, limit 1–100 and creatorId are mandatory; count is the total', async () => {
		await withEmulator({}, async (emulator) => {
			await taskCall(emulator, '', { taskInfo: required });
			expect((await taskCall(emulator, '/list', { start: 0, limit: 101, creatorId: 'c' })).body.resCode).not.toBe('0');
			expect((await taskCall(emulator, '/list', { start: 0, limit: 10 })).body.resCode).not.toBe('0');
			const page = await taskCall(emulator, '/list', { start: 0, limit: 10, creatorId: 'c' });
			expect(page.body).toMatchObject({ resCode: '0', result: { count: 1, taskList: [{ title: 'test002' }] } });
		});
	});
});

describe('EIAM delete, status and lookup by external ID (docs/eiam-api.md#operations)', () => {
	const todoCall = (emulator: Emulator, method: string, path: string, body?: unknown) =>
		call(emulator, method, `/api/v2/tenant/todo/task${path}`, {
			headers: { Authorization: `Bearer ${emulator.issueToken('eiam')}`, 'Content-Type': JSON_UTF8 },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	test('GET sources/{external_id} returns the same record as get; unknown → TODOTASK.0001', async () => {
		await withEmulator({}, async (emulator) => {
			const { body } = await todoCall(emulator, 'POST', '', validTodo({ external_id: 'ext/1 é' }));
			const byExternal = await todoCall(emulator, 'GET', `/sources/${encodeURIComponent('ext/1 é')}`);
			expect(byExternal.status).toBe(200);
			expect(byExternal.body).toEqual((await todoCall(emulator, 'GET', `/${body.todo_id}`)).body);
			expect((await todoCall(emulator, 'GET', '/sources/none')).body.error_code).toBe('TODOTASK.0001');
		});
	});

	test('PUT {id}/todoStatus {"deal": true} answers {todo_id} and marks the to-do processed; a non-boolean deal → COM.0601', async () => {
		await withEmulator({}, async (emulator) => {
			const { body } = await todoCall(emulator, 'POST', '', validTodo());
			expect(await todoCall(emulator, 'PUT', `/${body.todo_id}/todoStatus`, { deal: 'yes' })).toMatchObject({ status: 400, body: { error_code: 'COM.0601' } });
			expect(await todoCall(emulator, 'PUT', `/${body.todo_id}/todoStatus`, { deal: true })).toEqual({ status: 200, contentType: 'application/json', body: { todo_id: body.todo_id } });
			const record = (await todoCall(emulator, 'GET', `/${body.todo_id}`)).body;
			expect(record.deal).toBe(true);
			expect(record.dealt_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
			expect((await todoCall(emulator, 'PUT', '/nope/todoStatus', { deal: true })).body.error_code).toBe('TODOTASK.0001');
		});
	});

	test('DELETE answers 200, Content-Type application/json, no body; the to-do is gone; again → TODOTASK.0001 (402)', async () => {
		await withEmulator({}, async (emulator) => {
			const { body } = await todoCall(emulator, 'POST', '', validTodo());
			expect(await todoCall(emulator, 'DELETE', `/${body.todo_id}`)).toEqual({ status: 200, contentType: 'application/json', body: undefined });
			expect((await todoCall(emulator, 'GET', `/${body.todo_id}`)).status).toBe(402);
			expect(await todoCall(emulator, 'DELETE', `/${body.todo_id}`)).toMatchObject({ status: 402, body: { error_code: 'TODOTASK.0001' } });
		});
	});
});

describe('AICC task family (docs/aicc-api.md#operations)', () => {
	const taskCall = (emulator: Emulator, path: string, body?: unknown, method = 'POST') =>
		call(emulator, method, `/service/AICC__Case/1.0.0/openapi/task${path}`, {
			headers: { 'access-token': emulator.issueToken('aicc'), 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	const owner = '10gg00000148QvgpaLAm';
	const create = async (emulator: Emulator, info: Record<string, unknown> = {}) =>
		(await taskCall(emulator, '', { taskInfo: { title: 'show0707', ownerId: owner, creatorId: owner, ...info } })).body.result.taskId as string;

	test('details: POST task/{id} with {"id"} (most pages) and GET task/{id} (one page) both answer taskInfo, taskTrace, customerInfo, caseInfos', async () => {
		await withEmulator({}, async (emulator) => {
			const id = await create(emulator, { relateId: 'c6m80000014iXKHqDw3c', type: 'Case', contactId: 'ciIy0000013y7cC8T2rA' });
			const byPost = await taskCall(emulator, `/${id}`, { id });
			const byGet = await taskCall(emulator, `/${id}`, undefined, 'GET');
			expect(byGet.body).toEqual(byPost.body);
			expect(byPost.body.resCode).toBe('0');
			expect(Object.keys(byPost.body.result).sort()).toEqual(['caseInfos', 'customerInfo', 'taskInfo', 'taskTrace']);
			expect(byPost.body.result.taskInfo).toMatchObject({ id, title: 'show0707', ownerId: owner, creatorId: owner, status: 'Pending', creatorName: expect.any(String) });
			expect(Array.isArray(byPost.body.result.caseInfos)).toBe(true);
			expect((await taskCall(emulator, `/${id}`, { id: 'other' })).body.resCode).not.toBe('0');
			expect((await taskCall(emulator, '/ccqG0000000000000000', { id: 'ccqG0000000000000000' })).body.resCode).not.toBe('0');
		});
	});

	test('modify: {"taskInfo": {"id", …}} changes only the fields sent; ownerId is not modifiable; the verbatim example is accepted', async () => {
		await withEmulator({}, async (emulator) => {
			const id = await create(emulator, { priority: 'Low' });
			expect((await taskCall(emulator, '/modify', { taskInfo: { id, title: 'show0707 v2', creatorId: owner } })).body).toEqual({ resCode: '0', resMsg: 'Success' });
			expect(emulator.aicc.tasks.get(id)).toMatchObject({ title: 'show0707 v2', priority: 'Low' });
			expect((await taskCall(emulator, '/modify', { taskInfo: { id, ownerId: 'x' } })).body.resCode).not.toBe('0');
			expect((await taskCall(emulator, '/modify', { taskInfo: { id, type: 'Case' } })).body.resCode).not.toBe('0');
			expect((await taskCall(emulator, '/modify', { taskInfo: { title: 'no id' } })).body.resCode).not.toBe('0');
		});
	});

	test('transfer {id, ownerId, creatorId}, status/update {id, status, creatorId} and process {taskId, processInfo{type:"Iternal"}} as in the examples', async () => {
		await withEmulator({}, async (emulator) => {
			const id = await create(emulator);
			expect((await taskCall(emulator, '/transfer', { id, ownerId: 'newOwner00000000000A', creatorId: owner })).body.resCode).toBe('0');
			expect(emulator.aicc.tasks.get(id)?.ownerId).toBe('newOwner00000000000A');
			expect((await taskCall(emulator, '/status/update', { id, status: 'Processing', creatorId: owner })).body.resCode).toBe('0');
			expect((await taskCall(emulator, '/status/update', { id, status: 'Closed', creatorId: owner })).body.resCode).not.toBe('0');
			const processed = await taskCall(emulator, '/process', { taskId: id, processInfo: { type: 'Iternal', title: 'test0707', description: 'test0707' }, creatorId: owner });
			expect(processed.body).toEqual({ resCode: '0', resMsg: 'Success' });
			expect((await taskCall(emulator, '/process', { taskId: id, processInfo: { type: 'Internal', title: 't', description: 'd' }, creatorId: owner })).body.resCode).not.toBe('0');
			expect((await taskCall(emulator, '/process', { taskId: id, processInfo: { type: 'Iternal', title: 't' }, creatorId: owner })).body.resCode).not.toBe('0');
			const trace = (await taskCall(emulator, `/${id}`, { id })).body.result.taskTrace.map((entry: { action: string }) => entry.action);
			expect(trace).toEqual(['create', 'transfer', 'status', 'process']);
		});
	});

	test('list: filters narrow the result, count is the total of matches, start/limit page through it', async () => {
		await withEmulator({}, async (emulator) => {
			for (let n = 0; n < 7; n++) await create(emulator, { title: `Order ${n}`, priority: n % 2 ? 'High' : 'Low' });
			await create(emulator, { title: 'Other' });
			const page = (start: number, limit: number, filter: Record<string, unknown> = {}) =>
				taskCall(emulator, '/list', { creatorId: owner, start, limit, ...filter }).then((answer) => answer.body.result);
			expect((await page(0, 100, { title: 'order' })).count).toBe(7);
			expect((await page(0, 100, { title: 'Order', priority: 'High' })).count).toBe(3);
			const first = await page(0, 3, { title: 'Order' });
			const second = await page(3, 3, { title: 'Order' });
			expect(first.taskList).toHaveLength(3);
			expect(second.taskList.map((task: { title: string }) => task.title)).toEqual(['Order 3', 'Order 4', 'Order 5']);
			expect((await page(0, 100, { classification: 'Created' })).count).toBe(8);
			expect((await page(0, 100, { startTime: '2999-01-01 00:00:00' })).count).toBe(0);
			expect((await taskCall(emulator, '/list', { creatorId: owner, start: 0, limit: 10, type: 'Case' })).body.resCode).not.toBe('0');
		});
	});
});
