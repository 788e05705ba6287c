// AICC Process through n8n's engine.

import { OWNER, seedTasks } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Process', () => {
	test('Process sends the documented handling type "Iternal" with title and description', async () => {
		const [id] = await seedTasks(aicc.bench.emulator, ['Handle me']);
		const { items } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'Called back', description: 'Customer satisfied', additionalFields: { attachment: 'report.pdf' } });
		expect(items[0].json).toEqual({ taskId: id, processed: true });
		expect(sent('/process')).toEqual([{ taskId: id, creatorId: OWNER, processInfo: { type: 'Iternal', title: 'Called back', description: 'Customer satisfied', attachment: 'report.pdf' } }]);
		const { error } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'x', description: '={{ "" }}' });
		expect(error?.message).toBe('Description is required and must not be empty (item 0)');
		expect(sent('/process')).toHaveLength(1);
	});
});
