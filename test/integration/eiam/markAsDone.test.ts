// EIAM Mark as Done through n8n's engine.
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/bench';
import { todo, TODOS } from './todos';

let bench: Bench;
afterEach(async () => bench.stop());

async function createTodo(): Promise<string> {
	const { items } = await bench.run({ ...todo, operation: 'create' });
	return items[0].json.todoId as string;
}

const run = (parameters: INodeParameters) => bench.run({ resource: 'todo', ...parameters });

test('Mark as Done PUTs {"deal": true} to todoStatus; the to-do reads as dealt with', async () => {
	bench = await startBench('eiam', 'accessToken');
	const todoId = await createTodo();
	const { items } = await run({ operation: 'markAsDone', todoId });
	expect(items[0].json).toEqual({ todoId, deal: true });
	expect(bench.emulator.requestsTo('PUT', `${TODOS}/${todoId}/todoStatus`).map((entry) => JSON.parse(entry.body))).toEqual([{ deal: true }]);
	expect(bench.emulator.eiam.todos.get(todoId)).toMatchObject({ deal: true, dealt_at: expect.any(String) });
	expect((await run({ operation: 'markAsDone', todoId: 'gone' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});
