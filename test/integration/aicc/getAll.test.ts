// AICC Get, Get Many, Update, Transfer, Update Status and Process through n8n's engine (AICC.md §4–§9).
import type { INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../emulator/server';
import { startBench, type Bench } from '../../support/bench';

const TASKS = '/service/AICC__Case/1.0.0/openapi/task';
const OWNER = '10gg00000148QvgpaLAm';

let bench: Bench;
beforeEach(async () => {
	bench = await startBench('aicc', 'clientCredentials');
});
afterEach(async () => bench.stop());

/** Tasks made through the API, as another system would have made them. */
async function seedTasks(emulator: Emulator, titles: string[], extra: Record<string, unknown> = {}): Promise<string[]> {
	const token = emulator.issueToken('aicc');
	const ids: string[] = [];
	for (const title of titles) {
		const response = await fetch(`${emulator.url}${TASKS}`, {
			method: 'POST',
			headers: { 'access-token': token, 'Content-Type': 'application/json' },
			body: JSON.stringify({ taskInfo: { title, ownerId: OWNER, creatorId: OWNER, ...extra } }),
		});
		ids.push(((await response.json()) as { result: { taskId: string } }).result.taskId);
	}
	return ids;
}

const sent = (path: string) => bench.emulator.requestsTo('POST', `${TASKS}${path}`).map((entry) => JSON.parse(entry.body));
const task = (parameters: INodeParameters) => bench.run({ resource: 'task', ...parameters });

describe('Get', () => {
	test('POSTs task/{id} with {"id"} in the body and outputs taskInfo, taskTrace, customerInfo and caseInfos', async () => {
		const [id] = await seedTasks(bench.emulator, ['Call back'], { type: 'Case', relateId: 'c6m80000014iXKHqDw3c' });
		const { items, error } = await task({ operation: 'get', taskId: id });
		expect(error).toBeUndefined();
		expect(sent(`/${id}`)).toEqual([{ id }]);
		expect(items[0].json).toMatchObject({ taskInfo: { id, title: 'Call back', status: 'Pending' }, caseInfos: [{ id: 'c6m80000014iXKHqDw3c' }] });
		expect(items[0].json.taskTrace).toEqual([expect.objectContaining({ creatorId: OWNER })]);
	});

	test('a Task ID of "." or ".." is refused before any request: the URL would resolve to another path', async () => {
		const { items } = await bench.run({ resource: 'task', operation: 'get', taskId: '={{ $json.id }}' }, [{ id: '..' }, { id: ' . ' }], { continueOnFail: true });
		expect(items.map((item) => item.json.error)).toEqual([
			'Task ID must not be "..": a URL path cannot hold it as an ID (item 0)',
			'Task ID must not be ".": a URL path cannot hold it as an ID (item 1)',
		]);
		expect(bench.emulator.requests).toEqual([]);
	});

	test('an unknown task: AICC\'s resCode and resMsg reach the user', async () => {
		const { error } = await task({ operation: 'get', taskId: 'ccqG0000000000000000' });
		expect(error?.message).toBe('AICC refused the request (resCode CASE.TASK.NOT_FOUND) (item 0)');
		expect(error?.description).toBe('AICC resCode CASE.TASK.NOT_FOUND: Task ccqG0000000000000000 does not exist');
	});
});

describe('Get Many', () => {
	test('Return All walks every page, 100 tasks at a time, and outputs one item per task', async () => {
		await seedTasks(bench.emulator, Array.from({ length: 250 }, (_, n) => `Task ${n}`));
		const { items, error } = await task({ operation: 'getAll', creatorId: OWNER, returnAll: true });
		expect(error).toBeUndefined();
		expect(sent('/list').map(({ start, limit }) => [start, limit])).toEqual([[0, 100], [100, 100], [200, 100]]);
		expect(items).toHaveLength(250);
		expect(new Set(items.map((item) => item.json.taskId)).size).toBe(250);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	test('a Limit asks only for what it needs: 150 → pages of 100 and 50; the default is 50', async () => {
		await seedTasks(bench.emulator, Array.from({ length: 180 }, (_, n) => `Task ${n}`));
		expect((await task({ operation: 'getAll', creatorId: OWNER, returnAll: false, limit: 150 })).items).toHaveLength(150);
		expect(sent('/list').map(({ start, limit }) => [start, limit])).toEqual([[0, 100], [100, 50]]);
		expect((await task({ operation: 'getAll', creatorId: OWNER })).items).toHaveLength(50);
	});

	test('filters go into the body in AICC\'s names, dates as yyyy-MM-dd HH:mm:ss', async () => {
		await seedTasks(bench.emulator, ['Order 1', 'Order 2', 'Invoice'], { priority: 'High' });
		await seedTasks(bench.emulator, ['Order 3'], { priority: 'Low' });
		const { items } = await task({
			operation: 'getAll',
			creatorId: OWNER,
			returnAll: true,
			filters: { title: 'order', priority: 'High', createdAfter: '2000-01-01T00:00:00', classification: 'Created' },
		});
		expect(items.map((item) => item.json.title)).toEqual(['Order 1', 'Order 2']);
		expect(sent('/list')[0]).toEqual({ creatorId: OWNER, start: 0, limit: 100, title: 'order', priority: 'High', classification: 'Created', startTime: '2000-01-01 00:00:00' });
	});

	test('a Limit from an expression must be a whole number: 2.5 is refused before any request, "5" counts', async () => {
		await seedTasks(bench.emulator, ['A', 'B', 'C', 'D', 'E', 'F']);
		const { items } = await bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: false, limit: '={{ $json.limit }}' }, [{ limit: 2.5 }, { limit: '5' }], {
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('Limit must be a whole number of at least 1, got 2.5 (item 0)');
		expect(items.slice(1).map((item) => item.pairedItem)).toEqual(Array(5).fill({ item: 1 }));
		expect(sent('/list').map(({ limit }) => limit)).toEqual([5]);
	});

	test('a Title Contains over 128 bytes is refused naming the filter as the panel shows it', async () => {
		const { error } = await task({ operation: 'getAll', creatorId: OWNER, filters: { title: '中'.repeat(43) } });
		expect(error?.message).toBe('Title Contains must be at most 128 bytes (UTF-8), got 129 (item 0)');
		expect(sent('/list')).toEqual([]);
	});

	test('Type without Related Record ID is refused before any request', async () => {
		const { error } = await task({ operation: 'getAll', creatorId: OWNER, filters: { type: 'Case' } });
		expect(error?.message).toBe('Type and Related Record ID go together: set both filters or neither (item 0)');
		expect(sent('/list')).toEqual([]);
	});
});

describe('Update, Transfer, Update Status, Process', () => {
	test('Update sends {"taskInfo": {"id", …}} with only the fields to change', async () => {
		const [id] = await seedTasks(bench.emulator, ['Draft'], { priority: 'Low', description: 'keep me' });
		const { items, error } = await task({ operation: 'update', taskId: id, updateFields: { title: 'Final', dueDate: '2026-03-01T09:00:00', creatorId: OWNER } });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ taskId: id, updated: true });
		expect(sent('/modify')).toEqual([{ taskInfo: { id, title: 'Final', dueDate: '2026-03-01 09:00:00', creatorId: OWNER } }]);
		expect(bench.emulator.aicc.tasks.get(id)).toMatchObject({ title: 'Final', priority: 'Low', description: 'keep me' });
	});

	test('Update with nothing to change is refused before any request', async () => {
		const { error } = await task({ operation: 'update', taskId: 'ccqG0000014iXvGKONQO', updateFields: {} });
		expect(error?.message).toBe('Update Fields is empty: add at least one field to change (item 0)');
		expect(bench.emulator.requests).toHaveLength(0);
	});

	test('Transfer hands the task to the new owner', async () => {
		const [id] = await seedTasks(bench.emulator, ['Escalate']);
		const { items } = await task({ operation: 'transfer', taskId: id, ownerId: 'teamLead000000000001', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, ownerId: 'teamLead000000000001', transferred: true });
		expect(sent('/transfer')).toEqual([{ id, ownerId: 'teamLead000000000001', creatorId: OWNER }]);
		expect(bench.emulator.aicc.tasks.get(id)?.ownerId).toBe('teamLead000000000001');
	});

	test('Update Status sets any of the three statuses; anything else is refused before sending', async () => {
		const [id] = await seedTasks(bench.emulator, ['Close me']);
		const { items } = await task({ operation: 'updateStatus', taskId: id, status: 'Completed', creatorId: OWNER });
		expect(items[0].json).toEqual({ taskId: id, status: 'Completed' });
		expect(sent('/status/update')).toEqual([{ id, status: 'Completed', creatorId: OWNER }]);
		expect(bench.emulator.aicc.tasks.get(id)?.status).toBe('Completed');
		const { error } = await task({ operation: 'updateStatus', taskId: id, status: '={{ "Closed" }}', creatorId: OWNER });
		expect(error?.message).toBe('Status must be one of Completed, Pending, Processing, got "Closed" (item 0)');
	});

	test('Process sends the documented handling type "Iternal" with title and description', async () => {
		const [id] = await seedTasks(bench.emulator, ['Handle me']);
		const { items } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'Called back', description: 'Customer satisfied', additionalFields: { attachment: 'report.pdf' } });
		expect(items[0].json).toEqual({ taskId: id, processed: true });
		expect(sent('/process')).toEqual([{ taskId: id, creatorId: OWNER, processInfo: { type: 'Iternal', title: 'Called back', description: 'Customer satisfied', attachment: 'report.pdf' } }]);
		const { error } = await task({ operation: 'process', taskId: id, creatorId: OWNER, title: 'x', description: '={{ "" }}' });
		expect(error?.message).toBe('Description is required and must not be empty (item 0)');
		expect(sent('/process')).toHaveLength(1);
	});

	test('task IDs in the path are percent-encoded', async () => {
		await task({ operation: 'get', taskId: 'a/b?c' });
		expect(bench.emulator.requests.map((entry) => entry.path)).toContain(`${TASKS}/a%2Fb%3Fc`);
	});
});
