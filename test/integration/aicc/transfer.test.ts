// AICC Transfer through n8n's engine.
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

describe('Transfer', () => {
	test('Transfer hands the task to the new owner', async () => {
		const [id] = await seedTasks(bench.emulator, ['Escalate']);
		const { items } = await task({ operation: 'transfer', taskId: id, ownerId: 'teamLead000000000001', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, ownerId: 'teamLead000000000001', transferred: true });
		expect(sent('/transfer')).toEqual([{ id, ownerId: 'teamLead000000000001', creatorId: OWNER }]);
		expect(bench.emulator.aicc.tasks.get(id)?.ownerId).toBe('teamLead000000000001');
	});
});
