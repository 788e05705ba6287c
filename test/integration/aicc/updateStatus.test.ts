// AICC Update Status through n8n's engine.
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

describe('Update Status', () => {
	test('Update Status sets any of the three statuses; anything else is refused before sending', async () => {
		const [id] = await seedTasks(bench.emulator, ['Close me']);
		const { items } = await task({ operation: 'updateStatus', taskId: id, status: 'Completed', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, status: 'Completed' });
		expect(sent('/status/update')).toEqual([{ id, status: 'Completed', creatorId: OWNER }]);
		expect(bench.emulator.aicc.tasks.get(id)?.status).toBe('Completed');
		const { error } = await task({ operation: 'updateStatus', taskId: id, status: '={{ "Closed" }}', creatorId: OWNER });
		expect(error?.message).toBe('Status must be one of Completed, Pending, Processing, got "Closed" (item 0)');
	});
});
