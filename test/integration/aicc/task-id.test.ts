// Rules every AICC operation that takes a Task ID shares, through n8n's engine.
import { startBench, type Bench } from '../../support/emulator-bench';
import { TASKS } from '../../support/fixtures';

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('AICC Task IDs that are the names of AICC endpoints', () => {
	test.each(['list', 'modify', 'transfer', 'process', 'status', 'List', 'MODIFY'])('Get with Task ID %j is refused before any request: it would reach that endpoint', async (taskId) => {
		bench = await startBench('aicc', 'clientCredentials');
		const { error } = await bench.run({ resource: 'task', operation: 'get', taskId });
		expect(error?.message).toBe(
			`Task ID must not be "${taskId}": AICC has an endpoint of that name below task/, so the request would reach it instead of a task (item 0)`,
		);
		expect(bench.emulator.requests).toEqual([]);
	});

	test('every operation that takes a Task ID applies the same rule', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const { error } = await bench.run({ resource: 'task', operation: 'updateStatus', taskId: 'process', status: 'Pending', creatorId: '10gg00000148QvgpaLAm' });
		expect(error?.message).toMatch(/^Task ID must not be "process"/);
		expect(bench.emulator.requests).toEqual([]);
	});

	test('an ID that only contains such a name is a Task ID like any other', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await bench.run({ resource: 'task', operation: 'get', taskId: 'listing1' });
		expect(bench.count('POST', `${TASKS}/listing1`)).toBe(1);
	});
});
