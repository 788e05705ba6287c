// EIAM Get through n8n's engine.
import { startBench, type Bench } from '../../support/emulator-bench';
import { createParameters } from './todos';

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('EIAM To-Do Get', () => {
	test('get outputs the documented record', async () => {
		bench = await startBench('eiam', 'accessToken');
		const { items: created } = await bench.run(createParameters());
		const { items } = await bench.run({ resource: 'todo', operation: 'get', todoId: created[0].json.todoId as string });
		expect(Object.keys(items[0].json).sort()).toEqual(
			['content', 'created_at', 'deal', 'dealt_at', 'detail_url', 'ending_at', 'external_id', 'id', 'message_type', 'source_id', 'source_type', 'title', 'updated_at', 'user_id'].sort(),
		);
		expect(items[0].json.ending_at).toBe('2026-12-01 10:00:00');
	});

	// The tables say 402, the examples 400 (docs/eiam-api.md#contradictions-and-the-reading-we-chose). Both
	// readings mean "not found".
	test.each([400, 402] as const)('TODOTASK.0001 with HTTP %s → "To-do not found"', async (notFoundStatus) => {
		bench = await startBench('eiam', 'clientCredentials', { eiam: { notFoundStatus } });
		const { error } = await bench.run({ resource: 'todo', operation: 'get', todoId: 'missing' });
		expect(error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
		expect(error?.httpCode).toBe(String(notFoundStatus));
	});
});
