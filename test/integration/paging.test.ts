/**
 * AICC Get Many with Return All against lists that do not page as documented: a list that ignores `start`
 * (the same page forever) and a `count` the pages contradict stop with an error instead of reading on.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from './setup';

const LIST = '/service/AICC__Case/1.0.0/openapi/task/list';
const OWNER = '10gg00000148QvgpaLAm';

const task = (index: number) => ({ taskId: `task${String(index).padStart(16, '0')}`, taskNo: String(index), title: `Task ${index}`, ownerId: OWNER });
const page = (tasks: Array<ReturnType<typeof task>>, count: number) => ({ resCode: '0', resMsg: 'Success', result: { taskList: tasks, count } });
const getAll = (overrides: INodeParameters = {}): INodeParameters => ({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {}, ...overrides });

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('AICC Get Many stops paging a list that does not page', () => {
	test('a list that ignores start (the same full page every time): stopped at the second page, with what happened and what to do', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const fullPage = Array.from({ length: 100 }, (_, index) => task(index));
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page(fullPage, 20_000) });
		const { items, error } = await bench.run(getAll());
		expect(items).toEqual([]);
		expect(error?.message).toBe('AICC Get Many: page 2 (start 100) held no task that earlier pages had not, so AICC does not page this list (item 0)');
		expect(error?.description).toMatch(/Filters.*Limit/);
		expect(bench.count('POST', LIST)).toBe(2);
	});

	test('with Continue On Fail the item carries the error and the next item is still read', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await bench.run({ resource: 'task', operation: 'create', title: 'Stored', ownerId: OWNER, creatorId: OWNER, additionalFields: {} });
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page([task(1)], 5), count: 2 });
		const { items, error } = await bench.run(getAll({ options: { batching: { batch: { batchSize: 1 } } } }), [{}, {}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(/^AICC Get Many: page 2 \(start 1\) held no task/);
		expect(items[1].json.title).toBe('Stored');
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	test('more tasks than count says: an error, not the extra tasks', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page([task(1), task(2), task(3)], 2) });
		const { error } = await bench.run(getAll());
		expect(error?.message).toBe('AICC Get Many: AICC said 2 tasks match but its pages held 3 (item 0)');
		expect(error?.description).toMatch(/run again|Filters/);
	});

	test('a task seen on an earlier page again (a task added while paging) is output once, and paging goes on', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const first = Array.from({ length: 100 }, (_, index) => task(index));
		const second = [task(99), task(100), task(101)];
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page(first, 103), count: 1 });
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page(second, 103), count: 1 });
		const { items, error } = await bench.run(getAll());
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.taskId)).toEqual(Array.from({ length: 102 }, (_, index) => task(index).taskId));
		expect(bench.count('POST', LIST)).toBe(2);
	});
});
