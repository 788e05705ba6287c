/**
 * Answers of HTTP 200 whose body is not the documented shape (null, an array, a number): each is an item
 * error that names the operation and what arrived, and Continue On Fail carries on with the next item.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';

const TODOS = '/api/v2/tenant/todo/task';
const TASKS = '/service/AICC__Case/1.0.0/openapi/task';
const OWNER = '10gg00000148QvgpaLAm';
/** One item at a time, so that a fault with count 1 meets item 0 and item 1 gets the real answer. */
const ONE_AT_A_TIME = { batching: { batch: { batchSize: 1 } }, maxRetries: 0 };
const SUCCESS = { resCode: '0', resMsg: 'Success' };

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

const todoCreate = (externalId: string): INodeParameters => ({
	resource: 'todo',
	operation: 'create',
	userName: 'zhangsan',
	title: 'Review contract',
	content: 'Please review',
	messageType: 'TEXT',
	deadline: '2026-12-01 10:00:00',
	externalId,
	webUrl: 'https://example.com/t/1',
	mobileUrl: 'https://m.example.com/t/1',
});

/** Runs two items with Continue On Fail, the first meeting the wrong answer; returns both outputs. */
async function runTwo(parameters: INodeParameters, route: string, body: unknown, acted: 'before' | 'after' = 'before') {
	bench.emulator.faults.add({ route, kind: 'body', body, count: 1, acted });
	const { items, error } = await bench.run({ ...parameters, options: ONE_AT_A_TIME }, [{ key: 'a' }, { key: 'b' }], { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	return items.map((item) => item.json);
}

describe('EIAM answers that are not objects', () => {
	async function storedTodoId(): Promise<string> {
		const { items } = await bench.run(todoCreate('shape-1'));
		return items[0].json.todoId as string;
	}

	test.each([
		['null', null, 'null'],
		['an array', [1, 'two', true], 'an array'],
		['a number', 1, 'the number 1'],
	])('Get answered with %s: an item error naming Get and what arrived', async (_name, body, shown) => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await storedTodoId();
		const [first, second] = await runTwo({ resource: 'todo', operation: 'get', todoId }, `^GET ${TODOS}/`, body);
		expect(first).toEqual({ error: `EIAM Get answered with ${shown} instead of a to-do object (item 0)`, description: expect.any(String) });
		expect(second.id).toBe(todoId);
	});

	test('Get by External ID answered with null: an item error', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await storedTodoId();
		const [first, second] = await runTwo({ resource: 'todo', operation: 'getByExternalId', externalId: 'shape-1' }, `^GET ${TODOS}/sources/`, null);
		expect(first.error).toBe('EIAM Get by External ID answered with null instead of a to-do object (item 0)');
		expect(second.id).toBe(todoId);
	});

	test('Create answered with null after storing: an item error saying the to-do was probably created and how to find it', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const [first, second] = await runTwo(todoCreate('={{ "shape-" + $json.key }}'), `^POST ${TODOS}$`, null, 'after');
		expect(first.error).toBe("EIAM Create answered with null instead of an object with the new to-do's todo_id (item 0)");
		expect(first.description).toMatch(/probably created.*External ID "shape-a".*Get by External ID/);
		expect(second.todoId).toEqual(expect.any(String));
		expect(bench.count('POST', TODOS)).toBe(2);
		expect(bench.emulator.eiam.todos.size).toBe(2);
	});

	test('Create answered with an array: an item error, not a success without todoId', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const [first] = await runTwo(todoCreate('={{ "shape-" + $json.key }}'), `^POST ${TODOS}$`, [{ todo_id: 'x' }], 'after');
		expect(first.error).toBe("EIAM Create answered with an array instead of an object with the new to-do's todo_id (item 0)");
	});

	test.each([
		['update', 'PUT', (todoId: string) => `${TODOS}/${todoId}`, { updateMode: 'allFields', ...todoCreate('shape-1') }],
		['markAsDone', 'PUT', (todoId: string) => `${TODOS}/${todoId}/todoStatus`, {}],
		['delete', 'DELETE', (todoId: string) => `${TODOS}/${todoId}`, {}],
	] as const)('%s answered with null: an item error, not a success', async (operation, method, path, extra) => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await storedTodoId();
		const names = { update: 'Update', markAsDone: 'Mark as Done', delete: 'Delete' } as const;
		const parameters = { ...extra, resource: 'todo', operation, todoId };
		bench.emulator.faults.add({ route: `^${method} ${path(todoId)}$`, kind: 'body', body: null, count: 1 });
		const { items, error } = await bench.run({ ...parameters, options: ONE_AT_A_TIME }, [{}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(new RegExp(`^EIAM ${names[operation]} answered with null instead of .+ \\(item 0\\)$`));
		expect(items[0].json.description).toMatch(/probably/);
	});

	test('without Continue On Fail a null answer fails the node with the same message, not inside n8n', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const todoId = await storedTodoId();
		bench.emulator.faults.add({ route: `^GET ${TODOS}/`, kind: 'body', body: null, count: 1 });
		const { error } = await bench.run({ resource: 'todo', operation: 'get', todoId, options: ONE_AT_A_TIME });
		expect(error?.message).toBe('EIAM Get answered with null instead of a to-do object (item 0)');
	});
});

describe('AICC answers that are not the documented shape', () => {
	const taskCreate = (): INodeParameters => ({ resource: 'task', operation: 'create', title: 'Call back', ownerId: OWNER, creatorId: OWNER, additionalFields: {} });

	async function storedTaskId(): Promise<string> {
		const { items } = await bench.run(taskCreate());
		return items[0].json.taskId as string;
	}

	test.each([
		['a result of null', null, 'null'],
		['a result that is an array', [1, 'two', true], 'an array'],
	])('Get answered with %s: an item error naming Get', async (_name, result, shown) => {
		bench = await startBench('aicc', 'clientCredentials');
		const taskId = await storedTaskId();
		const [first, second] = await runTwo({ resource: 'task', operation: 'get', taskId }, `^POST ${TASKS}/${taskId}$`, { ...SUCCESS, result });
		expect(first.error).toBe(`AICC Get answered with ${shown} instead of a task object (item 0)`);
		expect((second.taskInfo as { id?: string })?.id ?? second.taskInfo).toBeTruthy();
	});

	test.each([
		['a result of null', { ...SUCCESS, result: null }, "AICC Create answered with null instead of a result holding the new task's taskId (item 0)"],
		['no taskId', { ...SUCCESS, result: {} }, "AICC Create answered with nothing instead of the new task's taskId (item 0)"],
	])('Create answered with %s: an item error saying the task was probably created', async (_name, body, message) => {
		bench = await startBench('aicc', 'clientCredentials');
		const [first, second] = await runTwo(taskCreate(), `^POST ${TASKS}$`, body, 'after');
		expect(first.error).toBe(message);
		expect(first.description).toMatch(/probably created.*Get Many/);
		expect(second.taskId).toEqual(expect.any(String));
		expect(bench.emulator.aicc.tasks.size).toBe(2);
	});

	test.each([
		['a result of null', { ...SUCCESS, result: null }, 'null', 'a result with taskList and count'],
		['a taskList that is not a list', { ...SUCCESS, result: { taskList: 'none', count: 1 } }, 'a text of 4 characters', 'a list of tasks in taskList'],
		['tasks that are not objects', { ...SUCCESS, result: { taskList: [1, 'two', true], count: 3 } }, 'the number 1', 'a task object in taskList'],
	])('Get Many answered with %s: an item error, no items of another shape', async (_name, body, shown, expected) => {
		bench = await startBench('aicc', 'clientCredentials');
		await storedTaskId();
		const [first, second] = await runTwo({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {} }, `^POST ${TASKS}/list$`, body);
		expect(first.error).toBe(`AICC Get Many answered with ${shown} instead of ${expected} (item 0)`);
		expect(second.taskId).toEqual(expect.any(String));
	});

	test.each([
		['update', { updateFields: { title: 'New' } }, `${TASKS}/modify`],
		['transfer', { ownerId: OWNER, creatorId: OWNER }, `${TASKS}/transfer`],
		['updateStatus', { status: 'Processing', creatorId: OWNER }, `${TASKS}/status/update`],
		['process', { creatorId: OWNER, title: 'Called', description: 'Called back', additionalFields: {} }, `${TASKS}/process`],
	] as const)('%s answered with null: an item error, not a success', async (operation, extra, path) => {
		bench = await startBench('aicc', 'clientCredentials');
		const taskId = await storedTaskId();
		const [first, second] = await runTwo({ ...extra, resource: 'task', operation, taskId }, `^POST ${path}$`, null);
		expect(first.error).toMatch(/^AICC answered without its resCode envelope \(item 0\)$/);
		expect(second.taskId).toBe(taskId);
	});
});
