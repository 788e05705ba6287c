// AICC Update Status through n8n's engine.

import { OWNER, seedTasks } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Update Status', () => {
	test('Update Status sets any of the three statuses; anything else is refused before sending', async () => {
		const [id] = await seedTasks(aicc.bench.emulator, ['Close me']);
		const { items } = await task({ operation: 'updateStatus', taskId: id, status: 'Completed', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, status: 'Completed' });
		expect(sent('/status/update')).toEqual([{ id, status: 'Completed', creatorId: OWNER }]);
		expect(aicc.bench.emulator.aicc.tasks.get(id)?.status).toBe('Completed');
		const { error } = await task({ operation: 'updateStatus', taskId: id, status: '={{ "Closed" }}', creatorId: OWNER });
		expect(error?.message).toBe('Status must be one of Completed, Pending, Processing, got "Closed" (item 0)');
	});
});
