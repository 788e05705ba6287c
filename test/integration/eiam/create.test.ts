import { startBench, type Bench } from '../../support/emulator-bench';
import { runNode } from '../../support/harness';
import { createParameters, TODOS } from './todos';

const TOKEN = '/api/v2/tenant/token';

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('EIAM To-Do Create', () => {
	test('sends the documented body, with the deadline in the workflow time zone, and outputs todoId', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const { items, error } = await bench.run(createParameters(), [{}], { timezone: 'Asia/Shanghai' });
		expect(error).toBeUndefined();
		const [created] = bench.emulator.requestsTo('POST', TODOS);
		expect(JSON.parse(created.body)).toEqual({
			title: 'Review contract',
			content: 'Please review **before Friday**',
			message_type: 'MARKDOWN',
			ending_at: '2026-12-01 10:00:00',
			user_name: 'zhangsan',
			external_id: 'ticket-1',
			detail_url: { web_url: 'https://example.com/t/1', mobile_url: 'https://m.example.com/t/1' },
		});
		expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(created.headers.authorization).toMatch(/^Bearer eiam-/);
		expect(items).toEqual([{ json: { todoId: created.response && (created.response as { todo_id: string }).todo_id }, pairedItem: { item: 0 } }]);
		expect(bench.emulator.eiam.todos.size).toBe(1);
	});

	test('expressions per item; one token exchange for the whole run, stored in the credential', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const input = [1, 2, 3].map((n) => ({ subject: `Ticket ${n}`, key: `T-${n}`, due: `2026-12-0${n} 09:30:00` }));
		const { items, error } = await bench.run(
			createParameters({ title: '={{ $json.subject }}', externalId: '={{ $json.key }}', deadline: '={{ $json.due }}' }),
			input,
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const records = [...bench.emulator.eiam.todos.values()];
		expect(records.map((todo) => [todo.title, todo.external_id, todo.ending_at])).toEqual([
			['Ticket 1', 'T-1', '2026-12-01 09:30:00'],
			['Ticket 2', 'T-2', '2026-12-02 09:30:00'],
			['Ticket 3', 'T-3', '2026-12-03 09:30:00'],
		]);
		expect(items.map((item) => item.json.todoId)).toEqual(records.map((todo) => todo.id));
		expect(bench.count('POST', TOKEN)).toBe(1);
		expect(bench.store.get('cred-1').data.sessionToken).toMatch(/^eiam-/);
		// A later run reuses the stored token.
		await bench.run(createParameters({ externalId: 'T-4' }));
		expect(bench.count('POST', TOKEN)).toBe(1);
	});

	test('Access Token mode sends the pasted token and never asks for one', async () => {
		bench = await startBench('eiam', 'accessToken');
		const { error } = await bench.run(createParameters());
		expect(error).toBeUndefined();
		expect(bench.count('POST', TOKEN)).toBe(0);
		expect(bench.emulator.eiam.todos.size).toBe(1);
	});

	test('USER.0001 → "User does not exist: check User Name" with EIAM\'s text kept, and the create is not resent', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const { error } = await bench.run(createParameters({ userName: 'nobody' }));
		expect(error?.message).toBe('User does not exist: check User Name (item 0)');
		expect(error?.description).toBe('EIAM USER.0001: User does not exist');
		expect(bench.count('POST', TODOS)).toBe(1);
	});

	test('TODOTASK.0002 for a repeated External ID, with the Chinese error_msg kept in the description', async () => {
		bench = await startBench('eiam', 'clientCredentials', { eiam: { language: 'zh' } });
		await bench.run(createParameters());
		const { error } = await bench.run(createParameters());
		expect(error?.message).toBe('A to-do with this External ID already exists (item 0)');
		expect(error?.description).toBe('EIAM TODOTASK.0002: 待办已存在');
		expect(error?.httpCode).toBe('400');
	});

	test.each([
		{ field: 'title', value: 'x'.repeat(101), message: 'Title must be at most 100 characters, got 101' },
		{ field: 'content', value: '   ', message: 'Content is required and must not be empty' },
		{ field: 'externalId', value: 'e'.repeat(256), message: 'External ID must be at most 255 characters, got 256' },
		{ field: 'deadline', value: 'next friday', message: 'Deadline must be a date and time' },
		{ field: 'webUrl', value: 'example.com', message: 'Web URL must be a full URL' },
		// An empty required field typed in the panel is caught by n8n itself; an expression can still yield one.
		{ field: 'userName', value: '={{ $json.nobody }}', message: 'User Name is required' },
		{ field: 'messageType', value: 'HTML', message: 'Message Type must be one of TEXT, MARKDOWN' },
	])('$field breaking its rule is refused before any request, naming field and item', async ({ field, value, message }) => {
		bench = await startBench('eiam', 'clientCredentials');
		const { error } = await bench.run(createParameters({ [field]: value }));
		expect(error?.message).toContain(message);
		expect(error?.message).toMatch(/\(item 0\)$/);
		expect(bench.emulator.requests).toHaveLength(0);
	});

	test('without Continue On Fail, a bad item 1 stops the run and names item 1: one item at a time, nothing after it is sent', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const oneAtATime = { options: { batching: { batch: { batchSize: 1 } } } };
		const { error } = await bench.run(createParameters({ title: '={{ $json.title }}', externalId: '={{ $json.key }}', ...oneAtATime }), [
			{ title: 'ok', key: 'a' },
			{ title: '', key: 'b' },
			{ title: 'ok too', key: 'c' },
		]);
		expect(error?.message).toBe('Title is required and must not be empty (item 1)');
		expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.external_id)).toEqual(['a']);
	});

	test('without Continue On Fail, with the default batch, the failing item\'s batch-mates were already sent', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const { error } = await bench.run(createParameters({ title: '={{ $json.title }}', externalId: '={{ $json.key }}' }), [
			{ title: 'ok', key: 'a' },
			{ title: '', key: 'b' },
			{ title: 'ok too', key: 'c' },
		]);
		expect(error?.message).toBe('Title is required and must not be empty (item 1)');
		expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.external_id).sort()).toEqual(['a', 'c']);
	});

	test('with Continue On Fail, every item gets an output in input order, the failing one with its error', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const { items, error } = await bench.run(
			createParameters({ externalId: '={{ $json.key }}', userName: '={{ $json.user }}' }),
			[
				{ key: 'a', user: 'zhangsan' },
				{ key: 'b', user: 'nobody' },
				{ key: 'a', user: 'lisi' },
				{ key: 'd', user: 'lisi' },
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.todoId).toEqual(expect.any(String));
		expect(items[1].json).toEqual({ error: 'User does not exist: check User Name (item 1)', description: 'EIAM USER.0001: User does not exist' });
		expect(items[2].json.error).toBe('A to-do with this External ID already exists (item 2)');
		expect(items[3].json.todoId).toEqual(expect.any(String));
	});
});

describe('EIAM token expiry', () => {
	// An expired token is answered with HTTP 400 {"error":"invalid_token"} (docs/eiam-api.md#conventions); 401 is also handled.
	test.each([400, 401] as const)(
		'a token rejected with HTTP %s leads to one new token, one retry, and the new token stored for later runs',
		async (authRejectStatus) => {
			bench = await startBench('eiam', 'clientCredentials', { eiam: { authRejectStatus } });
			await bench.run(createParameters({ externalId: 'first' }));
			const firstToken = bench.store.get('cred-1').data.sessionToken;
			bench.emulator.tokens.expireAll('eiam');

			const { items, error } = await bench.run(createParameters({ externalId: '={{ $json.key }}' }), [{ key: 'second' }, { key: 'third' }]);
			expect(error).toBeUndefined();
			expect(items.map((item) => typeof item.json.todoId)).toEqual(['string', 'string']);
			// Both items went out together with the expired token; one renewal served both retries.
			expect(bench.count('POST', TOKEN)).toBe(2);
			const creates = bench.emulator.requestsTo('POST', TODOS).map((entry) => entry.status);
			expect(creates).toEqual([200, authRejectStatus, authRejectStatus, 200, 200]);
			expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.external_id)).toEqual(['first', 'second', 'third']);
			const storedToken = bench.store.get('cred-1').data.sessionToken;
			expect(storedToken).not.toBe(firstToken);

			await bench.run({ resource: 'todo', operation: 'get', todoId: items[0].json.todoId as string });
			expect(bench.count('POST', TOKEN)).toBe(2);
		},
	);

	test('Access Token mode: an expired token is a clear error and the create is not retried', async () => {
		bench = await startBench('eiam', 'accessToken');
		bench.emulator.tokens.expireAll('eiam');
		const { error } = await bench.run(createParameters());
		expect(error?.message).toBe('EIAM rejected the access token: it is expired or invalid (item 0)');
		expect(error?.description).toContain('Paste a new Access Token');
		expect(bench.count('POST', TODOS)).toBe(1);
		expect(bench.count('POST', TOKEN)).toBe(0);
	});

	test('wrong client secret: the item error says so, and no to-do call is made', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.store.get('cred-1').data.clientSecret = 'wrong';
		const { error } = await bench.run(createParameters());
		expect(error?.message).toContain('EIAM refused the Client ID or Client Secret (HTTP 401: Bad client credentials)');
		expect(error?.message).not.toContain('wrong');
		expect(bench.count('POST', TODOS)).toBe(0);
	});

	test('a Domain where nothing listens: the item error names the address and the refused connection', async () => {
		bench = await startBench('eiam', 'accessToken');
		await bench.stop();
		const { error } = await bench.run(createParameters());
		expect(error?.message).toBe(`Could not reach EIAM at ${bench.emulator.url}: the connection was refused (item 0)`);
		expect(error?.description).toBe("Check the credential's Domain and your network. Network error: ECONNREFUSED.");
		bench = undefined as unknown as Bench;
	});

	test('a plain-http domain that is not loopback is refused before any secret is sent', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.store.get('cred-1').data.domain = 'http://tenant.example.com';
		const { error } = await bench.run(createParameters());
		expect(error?.message).toContain("The credential's Domain must use https://");
		expect(bench.emulator.requests).toHaveLength(0);
	});
});

test("as an AI Agent tool, an item error is output for the model to read, since n8n hands it nothing of a thrown one", async () => {
	bench = await startBench('eiam', 'clientCredentials');
	const parameters = { resource: 'todo', operation: 'create', userName: 'zhangsan', title: 'x'.repeat(101), content: 'c', messageType: 'TEXT', deadline: '2026-12-05 18:00:00', externalId: 'tool-1', webUrl: 'https://e.com/1', mobileUrl: 'https://e.com/1' };
	const { items, error } = await runNode(bench.store, { type: 'n8n-nodes-aicc-eiam.eiamTool', parameters, credentials: { eiamApi: bench.credential } });
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json)).toEqual([{ error: 'Title must be at most 100 characters, got 101 (item 0)' }]);
	expect(bench.emulator.eiam.todos.size).toBe(0);
});
