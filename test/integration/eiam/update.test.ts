// EIAM Update through n8n's engine.
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';
import { createParameters, todo, TODOS } from './todos';

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

async function createTodo(): Promise<string> {
	const { items } = await bench.run({ ...todo, operation: 'create' });
	return items[0].json.todoId as string;
}

const run = (parameters: INodeParameters) => bench.run({ resource: 'todo', ...parameters });

describe('EIAM To-Do Update', () => {
	const updateParameters = (todoId: string, overrides: INodeParameters = {}): INodeParameters => ({
		...createParameters(),
		operation: 'update',
		todoId,
		title: 'Review contract v2',
		messageType: 'TEXT',
		...overrides,
	});

	test.each(['example', 'table'] as const)(
		'update PUTs every field and outputs {todoId, updated} (update answer as in the %s)',
		async (updateResponse) => {
			bench = await startBench('eiam', 'clientCredentials', { eiam: { updateResponse } });
			const { items: created } = await bench.run(createParameters());
			const todoId = created[0].json.todoId as string;
			const { items, error } = await bench.run(updateParameters(todoId));
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ todoId, updated: true });
			const [put] = bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}`);
			expect(Object.keys(JSON.parse(put.body)).sort()).toEqual(['content', 'detail_url', 'ending_at', 'external_id', 'message_type', 'title']);
			const { items: got } = await bench.run({ resource: 'todo', operation: 'get', todoId });
			expect(got[0].json).toMatchObject({ id: todoId, title: 'Review contract v2', message_type: 'TEXT', external_id: 'ticket-1', deal: false });
		},
	);

	test('update of an unknown ID → "To-do not found"; changing the External ID → EIAM\'s rule message', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		expect((await bench.run(updateParameters('missing'))).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
		const { items } = await bench.run(createParameters());
		const { error } = await bench.run(updateParameters(items[0].json.todoId as string, { externalId: 'other' }));
		expect(error?.message).toContain("External ID does not meet EIAM's rules");
		expect(error?.description).toBe('EIAM TODOTASK.0016: The external todo ID does not meet the verification rules');
	});
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
