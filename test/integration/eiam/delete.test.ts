// EIAM Get by External ID, Delete, Mark as Done and partial Update through n8n's engine (EIAM.md §4–§8).
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../support/harness';
import { startBench, type Bench } from '../../support/bench';

const TODOS = '/api/v2/tenant/todo/task';

const todo = {
	resource: 'todo',
	userName: 'lisi',
	title: 'Sign the NDA',
	content: 'Legal needs it by Monday',
	messageType: 'TEXT',
	deadline: '2026-12-07 18:00:00',
	externalId: 'crm/42',
	webUrl: 'https://crm.example.com/42',
	mobileUrl: 'https://m.crm.example.com/42',
};

let bench: Bench;
afterEach(async () => bench.stop());

async function createTodo(): Promise<string> {
	const { items } = await bench.run({ ...todo, operation: 'create' });
	return items[0].json.todoId as string;
}

const run = (parameters: INodeParameters) => bench.run({ resource: 'todo', ...parameters });

test('Get by External ID returns the to-do; the ID is percent-encoded in the path', async () => {
	bench = await startBench('eiam', 'clientCredentials');
	const todoId = await createTodo();
	const { items, error } = await run({ operation: 'getByExternalId', externalId: 'crm/42' });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: todoId, external_id: 'crm/42', title: 'Sign the NDA' });
	expect(bench.emulator.requestsTo('GET', `${TODOS}/sources/crm%2F42`)).toHaveLength(1);
	expect((await run({ operation: 'getByExternalId', externalId: 'crm/43' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});

test('Get by External ID finds a to-do created with spaces around its External ID: both send it as given', async () => {
	bench = await startBench('eiam', 'clientCredentials');
	const { items: created } = await bench.run({ ...todo, operation: 'create', externalId: ' crm/42 ' });
	const { items, error } = await run({ operation: 'getByExternalId', externalId: ' crm/42 ' });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: created[0].json.todoId, external_id: ' crm/42 ' });
	expect(bench.emulator.requestsTo('GET', `${TODOS}/sources/%20crm%2F42%20`)).toHaveLength(1);
});

test.each(['get', 'delete', 'markAsDone'])('%s: a To-Do ID of "..", "." or half an emoji is refused before any request (".." would reach todo/)', async (operation) => {
	bench = await startBench('eiam', 'clientCredentials');
	const ids = [{ id: '..' }, { id: '.' }, { id: 'a\ud83d' }];
	const { items } = await bench.run({ resource: 'todo', operation, todoId: '={{ $json.id }}' }, ids, { continueOnFail: true });
	expect(items.map((item) => item.json.error)).toEqual([
		'To-Do ID must not be "..": a URL path cannot hold it as an ID (item 0)',
		'To-Do ID must not be ".": a URL path cannot hold it as an ID (item 1)',
		'To-Do ID holds half of an emoji or other character (a lone UTF-16 surrogate) and cannot be sent (item 2)',
	]);
	expect(bench.emulator.requests).toEqual([]);
});

test('Delete outputs {deleted, todoId} although EIAM answers no body; the to-do is gone', async () => {
	bench = await startBench('eiam', 'clientCredentials');
	const todoId = await createTodo();
	const { items, error } = await run({ operation: 'delete', todoId });
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ deleted: true, todoId });
	expect(bench.emulator.eiam.todos.has(todoId)).toBe(false);
});

test.each([400, 402] as const)('Delete of an unknown to-do (TODOTASK.0001 as HTTP %s) → "To-do not found"', async (notFoundStatus) => {
	bench = await startBench('eiam', 'clientCredentials', { eiam: { notFoundStatus } });
	expect((await run({ operation: 'delete', todoId: 'gone' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});

test('Mark as Done PUTs {"deal": true} to todoStatus; the to-do reads as dealt with', async () => {
	bench = await startBench('eiam', 'accessToken');
	const todoId = await createTodo();
	const { items } = await run({ operation: 'markAsDone', todoId });
	expect(items[0].json).toEqual({ todoId, deal: true });
	expect(bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}/todoStatus`).map((entry) => JSON.parse(entry.body))).toEqual([{ deal: true }]);
	expect(bench.emulator.eiam.todos.get(todoId)).toMatchObject({ deal: true, dealt_at: expect.any(String) });
	expect((await run({ operation: 'markAsDone', todoId: 'gone' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});

describe('Update with only the fields that change', () => {
	test('reads the to-do once, PUTs it back once with the changes merged and the External ID kept', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await createTodo();
		const { items, error } = await run({ operation: 'update', todoId, updateMode: 'changedFields', updateFields: { title: 'Sign the NDA today', deadline: '2026-12-01T09:00:00' } });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ todoId, updated: true });
		expect(bench.emulator.requestsTo('GET', `${TODOS}/${todoId}`)).toHaveLength(1);
		const puts = bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}`);
		expect(puts.map((entry) => JSON.parse(entry.body))).toEqual([
			{
				title: 'Sign the NDA today',
				content: 'Legal needs it by Monday',
				message_type: 'TEXT',
				ending_at: '2026-12-01 09:00:00',
				external_id: 'crm/42',
				detail_url: { web_url: 'https://crm.example.com/42', mobile_url: 'https://m.crm.example.com/42' },
			},
		]);
	});

	test('a change breaking a rule is refused after the read and before the write', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await createTodo();
		const { error } = await run({ operation: 'update', todoId, updateMode: 'changedFields', updateFields: { title: 'x'.repeat(101) } });
		expect(error?.message).toBe('Title must be at most 100 characters, got 101 (item 0)');
		expect(bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}`)).toHaveLength(0);
	});

	test('no field to change is refused before any request; an unknown to-do → "To-do not found"', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const empty = await run({ operation: 'update', todoId: 'x', updateMode: 'changedFields', updateFields: {} });
		expect(empty.error?.message).toBe('Update Fields is empty: add at least one field to change (item 0)');
		expect(bench.emulator.requests).toHaveLength(0);
		const missing = await run({ operation: 'update', todoId: 'x', updateMode: 'changedFields', updateFields: { title: 'y' } });
		expect(missing.error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
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
