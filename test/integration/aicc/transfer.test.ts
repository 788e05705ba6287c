// AICC Transfer through n8n's engine.

import { OWNER, seedTasks } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Transfer', () => {
	test('Transfer hands the task to the new owner', async () => {
		const [id] = await seedTasks(aicc.bench.emulator, ['Escalate']);
		const { items } = await task({ operation: 'transfer', taskId: id, ownerId: 'teamLead000000000001', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, ownerId: 'teamLead000000000001', transferred: true });
		expect(sent('/transfer')).toEqual([{ id, ownerId: 'teamLead000000000001', creatorId: OWNER }]);
		expect(aicc.bench.emulator.aicc.tasks.get(id)?.ownerId).toBe('teamLead000000000001');
	});
});
