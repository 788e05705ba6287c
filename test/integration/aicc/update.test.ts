// AICC Update through n8n's engine.

import { OWNER, seedTasks } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Update', () => {
	test('Update sends {"taskInfo": {"id", …}} with only the fields to change', async () => {
		const [id] = await seedTasks(aicc.bench.emulator, ['Draft'], { priority: 'Low', description: 'keep me' });
		const { items, error } = await task({ operation: 'update', taskId: id, updateFields: { title: 'Final', dueDate: '2026-03-01T09:00:00', creatorId: OWNER } });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ taskId: id, updated: true });
		expect(sent('/modify')).toEqual([{ taskInfo: { id, title: 'Final', dueDate: '2026-03-01 09:00:00', creatorId: OWNER } }]);
		expect(aicc.bench.emulator.aicc.tasks.get(id)).toMatchObject({ title: 'Final', priority: 'Low', description: 'keep me' });
	});

	test('Update with nothing to change is refused before any request', async () => {
		const { error } = await task({ operation: 'update', taskId: 'ccqG0000014iXvGKONQO', updateFields: {} });
		expect(error?.message).toBe('Update Fields is empty: add at least one field to change (item 0)');
		expect(aicc.bench.emulator.requests).toHaveLength(0);
	});
});
