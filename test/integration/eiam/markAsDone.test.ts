// EIAM Mark as Done through n8n's engine.

import { eiamOperationBench, TODOS } from './todos';

const eiam = eiamOperationBench();
const { createTodo, run } = eiam;

test('Mark as Done PUTs {"deal": true} to todoStatus; the to-do reads as dealt with', async () => {
	await eiam.start('eiam', 'accessToken');
	const todoId = await createTodo();
	const { items } = await run({ operation: 'markAsDone', todoId });
	expect(items[0].json).toEqual({ todoId, deal: true });
	expect(eiam.bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}/todoStatus`).map((entry) => JSON.parse(entry.body))).toEqual([{ deal: true }]);
	expect(eiam.bench.emulator.eiam.todos.get(todoId)).toMatchObject({ deal: true, dealt_at: expect.any(String) });
	expect((await run({ operation: 'markAsDone', todoId: 'gone' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});
