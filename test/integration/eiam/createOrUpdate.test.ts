/**
 * EIAM To-Do → Create or Update, keyed by External ID, through n8n's engine against the emulator:
 * created when EIAM holds none, updated with every field when it differs, left alone when it matches,
 * and a lost create settled as Create settles it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { json, startGateway } from '../../support/hostile';
import { startBench, type Bench } from '../../support/emulator-bench';

const TODOS = '/api/v2/tenant/todo/task';

const upsert = (externalId: string, changes: INodeParameters = {}): INodeParameters => ({
	resource: 'todo',
	operation: 'createOrUpdate',
	userName: 'zhangsan',
	title: 'Call the customer back',
	content: 'About order 42',
	messageType: 'TEXT',
	deadline: '2026-12-05 18:00:00',
	externalId,
	webUrl: 'https://crm.example.com/t/42',
	mobileUrl: 'https://m.crm.example.com/t/42',
	options: { maxRetries: 2, maxRetryWait: 3_000, timeout: 2_000 },
	...changes,
});

let bench: Bench;
beforeEach(async () => {
	bench = await startBench('eiam', 'clientCredentials');
});
afterEach(async () => bench.stop());

const writes = () => bench.emulator.requests.filter((entry) => entry.method !== 'GET' && entry.path.startsWith(TODOS)).map((entry) => entry.method);

test('creates the to-do when EIAM holds none with that External ID', async () => {
	const { items, error } = await bench.run(upsert('crm-1'));
	expect(error).toBeUndefined();
	const [stored] = bench.emulator.eiam.todos.values();
	expect(items[0].json).toEqual({ todoId: stored.id, action: 'created' });
	expect(stored).toMatchObject({ external_id: 'crm-1', title: 'Call the customer back' });
	expect(writes()).toEqual(['POST']);
});

test('leaves it alone when it already holds every field, and updates it with every field when one differs', async () => {
	await bench.run(upsert('crm-2'));
	const again = await bench.run(upsert('crm-2'));
	const [stored] = bench.emulator.eiam.todos.values();
	expect(again.items[0].json).toEqual({ todoId: stored.id, action: 'unchanged' });
	expect(writes()).toEqual(['POST']);

	const changed = await bench.run(upsert('crm-2', { title: 'Call the customer back today', deadline: '2026-12-06T09:00:00' }));
	expect(changed.items[0].json).toEqual({ todoId: stored.id, action: 'updated' });
	expect(writes()).toEqual(['POST', 'PUT']);
	const put = bench.emulator.requests.find((entry) => entry.method === 'PUT');
	// EIAM's update replaces the to-do: the whole body goes, but not user_name, which the update cannot change.
	expect(JSON.parse(put?.body ?? '{}')).toEqual({
		title: 'Call the customer back today',
		content: 'About order 42',
		message_type: 'TEXT',
		ending_at: '2026-12-06 09:00:00',
		external_id: 'crm-2',
		detail_url: { web_url: 'https://crm.example.com/t/42', mobile_url: 'https://m.crm.example.com/t/42' },
	});
	expect(bench.emulator.eiam.todos.size).toBe(1);
});

test('several items, one of them a change to an earlier one: order and pairing kept', async () => {
	await bench.run(upsert('crm-3'));
	const { items } = await bench.run(upsert('={{ $json.key }}', { title: '={{ $json.title }}' }), [
		{ key: 'crm-3', title: 'Call the customer back' },
		{ key: 'crm-4', title: 'New one' },
		{ key: 'crm-3', title: 'Changed' },
	]);
	expect(items.map((item) => [item.pairedItem, item.json.action])).toEqual([
		[{ item: 0 }, 'unchanged'],
		[{ item: 1 }, 'created'],
		[{ item: 2 }, 'updated'],
	]);
});

test("a create whose answer was lost is settled as Create settles it: one to-do, and the output says so", async () => {
	bench.emulator.faults.add({ route: `^POST ${TODOS}$`, kind: 'reset', count: 1, acted: 'after' });
	const { items, error } = await bench.run(upsert('crm-5'));
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ action: 'created', recovery: expect.stringMatching(/already held this to-do/) });
	expect(bench.emulator.eiam.todos.size).toBe(1);
});

test('created by someone else between the look-up and the create (TODOTASK.0002): it is updated instead', async () => {
	await bench.run(upsert('crm-6'));
	const gateway = await startGateway(bench.emulator.url);
	try {
		bench.store.get(bench.credential.id as string).data.domain = gateway.url;
		// The first look-up misses the to-do, as if it had been created just after it.
		let missed = false;
		gateway.answer = (request, response) => {
			if (missed || !request.path.startsWith(`${TODOS}/sources/`)) return false;
			missed = true;
			return json(response, 400, { error_code: 'TODOTASK.0001', error_msg: 'To-do does not exist' });
		};
		const { items, error } = await bench.run(upsert('crm-6', { content: 'Raced' }));
		expect(error).toBeUndefined();
		expect(items[0].json.action).toBe('updated');
		expect(gateway.seen.map((request) => `${request.method} ${request.path.replace(/\/(sources|task)\/[^/]+$/, '/$1/…')}`)).toEqual([
			`GET ${TODOS}/sources/…`,
			`POST ${TODOS}`,
			`GET ${TODOS}/sources/…`,
			`PUT ${TODOS}/…`,
		]);
		expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.content)).toEqual(['Raced']);
	} finally {
		await gateway.stop();
	}
});

test('every field is checked before anything is sent, with the item named', async () => {
	const { error } = await bench.run(upsert('crm-7', { title: 'x'.repeat(101) }));
	expect(error?.message).toMatch(/^Title must be at most 100 characters.*\(item 0\)$/);
	expect(bench.emulator.requests.filter((entry) => entry.path.startsWith(TODOS))).toEqual([]);
});
