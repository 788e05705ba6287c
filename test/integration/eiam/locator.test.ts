/**
 * EIAM's To-Do locator on Get, Update, Mark as Done and Delete: By ID as before (a plain string from an
 * older workflow too), or By External ID, looked up first and then acted on.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';

const TODOS = '/api/v2/tenant/todo/task';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byExternalId = (value: string) => ({ __rl: true, mode: 'externalId', value });

const fields = {
	title: 'Sign the NDA',
	content: 'Before Friday',
	messageType: 'TEXT',
	deadline: '2026-12-05 18:00:00',
	webUrl: 'https://crm.example.com/42',
	mobileUrl: 'https://m.crm.example.com/42',
};

let bench: Bench;
let todoId: string;
beforeEach(async () => {
	bench = await startBench('eiam', 'clientCredentials');
	const { items } = await bench.run({ resource: 'todo', operation: 'create', userName: 'zhangsan', externalId: 'crm-42', ...fields });
	todoId = items[0].json.todoId as string;
});
afterEach(async () => bench.stop());

const todoCalls = () => bench.emulator.requests.filter((entry) => entry.path.startsWith(TODOS) && entry.method !== 'POST').map((entry) => `${entry.method} ${entry.path.slice(TODOS.length)}`);
const run = (parameters: INodeParameters, items?: Array<Record<string, string>>) => bench.run({ resource: 'todo', ...parameters }, items);

test('Get By ID, and a plain To-Do ID string as older workflows store it, read the to-do', async () => {
	for (const value of [byId(todoId), todoId]) {
		const { items, error } = await run({ operation: 'get', todoId: value });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: todoId, external_id: 'crm-42' });
	}
});

test('Get By External ID reads the to-do once, through Get by External ID', async () => {
	const { items, error } = await run({ operation: 'get', todoId: byExternalId('crm-42') });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: todoId, title: 'Sign the NDA' });
	expect(todoCalls()).toEqual(['GET /sources/crm-42']);
});

test('Update, Mark as Done and Delete By External ID act on the ID the look-up found', async () => {
	const all = await run({ operation: 'update', todoId: byExternalId('crm-42'), updateMode: 'allFields', externalId: 'crm-42', ...fields, title: 'Signed' });
	expect(all.items[0].json).toEqual({ todoId, updated: true });
	const changed = await run({ operation: 'update', todoId: byExternalId('crm-42'), updateMode: 'changedFields', updateFields: { content: 'Done early' } });
	expect(changed.items[0].json).toEqual({ todoId, updated: true });
	expect(bench.emulator.eiam.todos.get(todoId)).toMatchObject({ title: 'Signed', content: 'Done early' });
	expect((await run({ operation: 'markAsDone', todoId: byExternalId('crm-42') })).items[0].json).toEqual({ todoId, deal: true });
	expect((await run({ operation: 'delete', todoId: byExternalId('crm-42') })).items[0].json).toEqual({ deleted: true, todoId });
	expect(bench.emulator.eiam.todos.size).toBe(0);
	// The changed-fields update reads the to-do only once: the look-up is the read.
	expect(todoCalls()).toEqual([
		'GET /sources/crm-42',
		`PUT /${todoId}`,
		'GET /sources/crm-42',
		`PUT /${todoId}`,
		'GET /sources/crm-42',
		`PUT /${todoId}/todoStatus`,
		'GET /sources/crm-42',
		`DELETE /${todoId}`,
	]);
});

test('a locator from an expression, item by item', async () => {
	await run({ operation: 'create', userName: 'lisi', externalId: 'crm-43', ...fields });
	const { items } = await run({ operation: 'get', todoId: byExternalId('={{ $json.key }}') }, [{ key: 'crm-43' }, { key: 'crm-42' }]);
	expect(items.map((item) => item.json.external_id)).toEqual(['crm-43', 'crm-42']);
});

test('an External ID EIAM does not know says so, naming it', async () => {
	const { error } = await run({ operation: 'markAsDone', todoId: byExternalId('crm-404') });
	expect(error?.message).toBe('No to-do has External ID "crm-404" (item 0)');
	expect(error?.description).toMatch(/TODOTASK\.0001/);
});

test('the locator and every field are checked before anything is sent', async () => {
	const before = bench.emulator.requests.length;
	expect((await run({ operation: 'delete', todoId: byExternalId('..') })).error?.message).toMatch(/^External ID .*\(item 0\)$/);
	expect((await run({ operation: 'delete', todoId: byId('.') })).error?.message).toMatch(/^To-Do ID .*\(item 0\)$/);
	const tooLong = await run({ operation: 'update', todoId: byExternalId('crm-42'), updateMode: 'allFields', externalId: 'crm-42', ...fields, title: 'x'.repeat(101) });
	expect(tooLong.error?.message).toMatch(/^Title must be at most 100 characters/);
	expect(bench.emulator.requests.length).toBe(before);
});
