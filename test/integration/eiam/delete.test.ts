// EIAM Delete through n8n's engine.

import { FAST_RETRIES, todoCreate } from '../../support/fixtures';
import { eiamOperationBench, TODOS } from './todos';

const eiam = eiamOperationBench();
const { createTodo, run } = eiam;

test('Delete outputs {deleted, todoId} although EIAM answers no body; the to-do is gone', async () => {
	await eiam.start('eiam', 'clientCredentials');
	const todoId = await createTodo();
	const { items, error } = await run({ operation: 'delete', todoId });
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ deleted: true, todoId });
	expect(eiam.bench.emulator.eiam.todos.has(todoId)).toBe(false);
});

test.each([400, 402] as const)('Delete of an unknown to-do (TODOTASK.0001 as HTTP %s) → "To-do not found"', async (notFoundStatus) => {
	await eiam.start('eiam', 'clientCredentials', { eiam: { notFoundStatus } });
	expect((await run({ operation: 'delete', todoId: 'gone' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});

describe('a Delete whose first answer was lost and whose retry finds the to-do gone', () => {
	async function storedTodo(): Promise<string> {
		const { items } = await eiam.bench.run(todoCreate('delete-1'));
		return items[0].json.todoId as string;
	}

	test.each([
		['a reset', { kind: 'reset' }, 'the connection was reset'],
		['a 502', { kind: '502' }, 'HTTP 502'],
		['a time-out', { kind: 'timeout', holdMs: 5_000 }, 'no answer within 500 ms'],
	] as const)('after %s once EIAM deleted it: a success that says the to-do was already gone', async (_name, fault, reason) => {
		await eiam.start('eiam', 'clientCredentials');
		const todoId = await storedTodo();
		eiam.bench.emulator.faults.add({ route: `^DELETE ${TODOS}/`, count: 1, acted: 'after', ...fault });
		const { items, error } = await eiam.bench.run({ resource: 'todo', operation: 'delete', todoId, options: { ...FAST_RETRIES, timeout: 500 } });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			deleted: true,
			todoId,
			alreadyGone: true,
			recovery: `EIAM's answer was lost (${reason}); when the delete was repeated the to-do was already gone, so the first attempt deleted it`,
		});
		expect(eiam.bench.count('DELETE', `${TODOS}/${todoId}`)).toBe(2);
		expect(eiam.bench.emulator.eiam.todos.size).toBe(0);
	});

	test('TODOTASK.0001 on the first attempt stays "To-do not found"', async () => {
		await eiam.start('eiam', 'clientCredentials');
		const { error } = await eiam.bench.run({ resource: 'todo', operation: 'delete', todoId: 'missing', options: FAST_RETRIES });
		expect(error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
	});

	test('TODOTASK.0001 after a 429 (EIAM did not act on the first attempt) stays "To-do not found"', async () => {
		await eiam.start('eiam', 'clientCredentials');
		eiam.bench.emulator.faults.add({ route: `^DELETE ${TODOS}/`, kind: '429', count: 1, retryAfterSeconds: 0 });
		const { error } = await eiam.bench.run({ resource: 'todo', operation: 'delete', todoId: 'missing', options: FAST_RETRIES });
		expect(error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
		expect(eiam.bench.count('DELETE', `${TODOS}/missing`)).toBe(2);
	});
});
