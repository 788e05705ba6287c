// AICC Get through n8n's engine.

import { OWNER, seedTasks, TASKS } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Get', () => {
	test('POSTs task/{id} with {"id"} in the body and outputs taskInfo, taskTrace, customerInfo and caseInfos', async () => {
		const [id] = await seedTasks(aicc.bench.emulator, ['Call back'], { type: 'Case', relateId: 'c6m80000014iXKHqDw3c' });
		const { items, error } = await task({ operation: 'get', taskId: id });
		expect(error).toBeUndefined();
		expect(sent(`/${id}`)).toEqual([{ id }]);
		expect(items[0].json).toMatchObject({ taskInfo: { id, title: 'Call back', status: 'Pending' }, caseInfos: [{ id: 'c6m80000014iXKHqDw3c' }] });
		expect(items[0].json.taskTrace).toEqual([expect.objectContaining({ creatorId: OWNER })]);
	});

	test('a Task ID of "." or ".." is refused before any request: the URL would resolve to another path', async () => {
		const { items } = await aicc.bench.run({ resource: 'task', operation: 'get', taskId: '={{ $json.id }}' }, [{ id: '..' }, { id: ' . ' }], { continueOnFail: true });
		expect(items.map((item) => item.json.error)).toEqual([
			'Task ID must not be "..": a URL path cannot hold it as an ID (item 0)',
			'Task ID must not be ".": a URL path cannot hold it as an ID (item 1)',
		]);
		expect(aicc.bench.emulator.requests).toEqual([]);
	});

	test('an unknown task: AICC\'s resCode and resMsg reach the user', async () => {
		const { error } = await task({ operation: 'get', taskId: 'ccqG0000000000000000' });
		expect(error?.message).toBe('AICC refused the request (resCode CASE.TASK.NOT_FOUND) (item 0)');
		expect(error?.description).toBe('AICC resCode CASE.TASK.NOT_FOUND: Task ccqG0000000000000000 does not exist');
	});

	test('task IDs in the path are percent-encoded', async () => {
		await task({ operation: 'get', taskId: 'a/b?c' });
		expect(aicc.bench.emulator.requests.map((entry) => entry.path)).toContain(`${TASKS}/a%2Fb%3Fc`);
	});
});
