// Options → Batching, token single flight and once-per-run work, through n8n's engine.
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../support/emulator-bench';

const TODOS = '/api/v2/tenant/todo/task';
const TOKEN = '/api/v2/tenant/token';

const create = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'todo',
	operation: 'create',
	userName: 'zhangsan',
	title: '={{ "To-do " + $json.n }}',
	content: 'x',
	messageType: 'TEXT',
	deadline: '2026-12-05 12:00:00',
	externalId: '={{ "bulk-" + $json.n }}',
	webUrl: 'https://example.com',
	mobileUrl: 'https://example.com',
	options,
});
const batching = (batchSize: number, batchInterval = 0) => ({ batching: { batch: { batchSize, batchInterval } } });
const rows = (count: number) => Array.from({ length: count }, (_, n) => ({ n }));

let bench: Bench;
afterEach(async () => bench.stop());

test('by default 10 requests are in flight together, never more; output order and pairing follow the input', async () => {
	// Each answer held long enough that ten requests overlap even when a loaded machine sends them far apart.
	bench = await startBench('eiam', 'clientCredentials', { delayMs: 200 });
	const { items, error } = await bench.run(create(), rows(35));
	expect(error).toBeUndefined();
	expect(bench.emulator.maxInFlight()).toBe(10);
	expect(items.map((item) => item.pairedItem)).toEqual(rows(35).map(({ n }) => ({ item: n })));
	const titles = new Map([...bench.emulator.eiam.todos.values()].map((todo) => [todo.id, todo.title]));
	expect(items.map((item) => titles.get(item.json.todoId as string))).toEqual(rows(35).map(({ n }) => `To-do ${n}`));
});

test('Items per Batch sets how many are in flight; 1 sends one item at a time, in order', async () => {
	bench = await startBench('eiam', 'clientCredentials', { delayMs: 100 });
	await bench.run(create(batching(4)), rows(12));
	expect(bench.emulator.maxInFlight()).toBe(4);
	await bench.stop();

	bench = await startBench('eiam', 'clientCredentials', { delayMs: 5 });
	await bench.run(create(batching(1)), rows(6));
	expect(bench.emulator.maxInFlight()).toBe(1);
	const sent = bench.emulator.requestsTo('POST', TODOS).map((entry) => JSON.parse(entry.body).external_id);
	expect(sent).toEqual(rows(6).map(({ n }) => `bulk-${n}`));
});

test('Batch Interval waits between batches', async () => {
	bench = await startBench('eiam', 'accessToken');
	await bench.run(create(batching(3, 150)), rows(7));
	const arrivals = bench.emulator.requestsTo('POST', TODOS).map((entry) => entry.receivedAt);
	expect(arrivals).toHaveLength(7);
	expect(arrivals[3] - arrivals[2]).toBeGreaterThanOrEqual(140);
	expect(arrivals[6] - arrivals[5]).toBeGreaterThanOrEqual(140);
});

test('Continue On Fail: a failing item never stops its batch-mates; each error stays at its item', async () => {
	bench = await startBench('eiam', 'clientCredentials', { delayMs: 5 });
	const users = ['zhangsan', 'nobody', 'lisi', 'nobody', 'zhangsan'];
	const { items } = await bench.run({ ...create(batching(5)), userName: '={{ $json.user }}' }, users.map((user, n) => ({ n, user })), { continueOnFail: true });
	expect(items.map((item) => (item.json.error ? 'error' : 'ok'))).toEqual(['ok', 'error', 'ok', 'error', 'ok']);
	expect(items[3].json.error).toBe('User does not exist: check User Name (item 3)');
	expect(bench.emulator.eiam.todos.size).toBe(3);
});

test('a fresh credential: 30 items in flight ask for one token, and the credential is read once per run', async () => {
	bench = await startBench('eiam', 'clientCredentials', { delayMs: 10 });
	const { error } = await bench.run(create(batching(30)), rows(30));
	expect(error).toBeUndefined();
	expect(bench.count('POST', TOKEN)).toBe(1);
	expect(bench.store.reads).toBe(1);
	expect(bench.store.updates).toBe(1);
});

test('a token that expires mid-run is renewed once for all the requests in flight', async () => {
	bench = await startBench('eiam', 'clientCredentials', { delayMs: 10 });
	await bench.run(create(), rows(1));
	bench.emulator.tokens.expireAll('eiam');
	const { error } = await bench.run({ ...create(batching(20)), externalId: '={{ "again-" + $json.n }}' }, rows(20));
	expect(error).toBeUndefined();
	expect(bench.count('POST', TOKEN)).toBe(2);
	expect(bench.emulator.eiam.todos.size).toBe(21);
});

test('a wrong client secret fails every item with one token request, not one per item', async () => {
	bench = await startBench('eiam', 'clientCredentials');
	bench.store.get('cred-1').data.clientSecret = 'wrong';
	const { items } = await bench.run(create(batching(5)), rows(12), { continueOnFail: true });
	expect(items).toHaveLength(12);
	expect(items.every((item) => String(item.json.error).startsWith('EIAM refused the Client ID or Client Secret'))).toBe(true);
	expect(items[11].json.error).toMatch(/\(item 11\)$/);
	expect(bench.count('POST', TOKEN)).toBe(1);
	expect(bench.count('POST', TODOS)).toBe(0);
});
