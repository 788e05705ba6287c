// AICC Process through n8n's engine.
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/bench';
import { OWNER, seedTasks, TASKS } from '../../support/fixtures';

let bench: Bench;
beforeEach(async () => {
	bench = await startBench('aicc', 'clientCredentials');
});
afterEach(async () => bench.stop());

const sent = (path: string) => bench.emulator.requestsTo('POST', `${TASKS}${path}`).map((entry) => JSON.parse(entry.body));
const task = (parameters: INodeParameters) => bench.run({ resource: 'task', ...parameters });

describe('Process', () => {
	test('Process sends the documented handling type "Iternal" with title and description', async () => {
		const [id] = await seedTasks(bench.emulator, ['Handle me']);
		const { items } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'Called back', description: 'Customer satisfied', additionalFields: { attachment: 'report.pdf' } });
		expect(items[0].json).toEqual({ taskId: id, processed: true });
		expect(sent('/process')).toEqual([{ taskId: id, creatorId: OWNER, processInfo: { type: 'Iternal', title: 'Called back', description: 'Customer satisfied', attachment: 'report.pdf' } }]);
		const { error } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'x', description: '={{ "" }}' });
		expect(error?.message).toBe('Description is required and must not be empty (item 0)');
		expect(sent('/process')).toHaveLength(1);
	});
});
