/**
 * AICC's Task locator: From List (the editor's list search, backed by AICC's list call for the
 * operation's Creator ID and its title filter, a page at a time) and By ID, on every Task ID operation.
 */
import type { INodeParameters } from 'n8n-workflow';

import { searchList } from '../../support/harness';
import { startBench, type Bench } from '../../support/emulator-bench';

const OWNER = '10gg00000148QvgpaLAm';
const LIST = '/service/AICC__Case/1.0.0/openapi/task/list';

let bench: Bench;
beforeEach(async () => {
	bench = await startBench('aicc', 'clientCredentials');
});
afterEach(async () => bench.stop());

async function createTasks(titles: string[]): Promise<string[]> {
	const { items } = await bench.run(
		{ resource: 'task', operation: 'create', title: '={{ $json.title }}', ownerId: OWNER, creatorId: OWNER, additionalFields: {} },
		titles.map((title) => ({ title })),
	);
	return items.map((item) => item.json.taskId as string);
}

const search = (parameters: INodeParameters, filter?: string, token?: string) =>
	searchList(bench.store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters: { resource: 'task', ...parameters }, credentials: { aiccApi: bench.credential } }, 'searchTasks', filter, token);

test("the picker lists the Creator ID's tasks by title and number, and searches titles", async () => {
	const [refund, call] = await createTasks(['Refund order 7', 'Call back Mr. Li']);
	const all = await search({ operation: 'transfer', creatorId: OWNER });
	expect(all.results).toEqual([
		{ name: 'Refund order 7 (000000000001)', value: refund },
		{ name: 'Call back Mr. Li (000000000002)', value: call },
	]);
	expect(all.paginationToken).toBeUndefined();
	const found = await search({ operation: 'transfer', creatorId: OWNER }, 'refund');
	expect(found.results.map((result) => result.value)).toEqual([refund]);
	expect(JSON.parse(bench.emulator.requestsTo('POST', LIST).slice(-1)[0].body)).toMatchObject({ creatorId: OWNER, title: 'refund', start: 0 });
});

test('the picker reads the whole list in one search (pages fetched by separate calls could not be checked against each other)', async () => {
	await createTasks(Array.from({ length: 160 }, (_, n) => `Task ${n}`));
	const before = bench.emulator.requestsTo('POST', LIST).length;
	const all = await search({ operation: 'updateStatus', creatorId: OWNER });
	expect(all.results.map((result) => result.name)).toEqual(Array.from({ length: 160 }, (_, n) => `Task ${n} (${String(n + 1).padStart(12, '0')})`));
	expect(all.paginationToken).toBeUndefined();
	expect(bench.emulator.requestsTo('POST', LIST).slice(before).map((request) => JSON.parse(request.body).start)).toEqual([0, 100]);
});

test('more tasks than one search of the picker reads: it says to type part of the title, asking AICC once', async () => {
	await createTasks(Array.from({ length: 501 }, (_, n) => `Task ${n}`));
	const before = bench.emulator.requestsTo('POST', LIST).length;
	await expect(search({ operation: 'updateStatus', creatorId: OWNER })).rejects.toThrow('501 tasks match, more than the 500 one search of the picker reads');
	expect(bench.emulator.requestsTo('POST', LIST).length - before).toBe(1);
});

test("Update takes the Creator ID from its Update Fields; without one the picker says what to set, sending nothing", async () => {
	await createTasks(['Only one']);
	const update = await search({ operation: 'update', updateFields: { creatorId: OWNER } });
	expect(update.results).toHaveLength(1);
	const before = bench.emulator.requestsTo('POST', LIST).length;
	await expect(search({ operation: 'get' })).rejects.toThrow("Set this operation's Creator ID first: AICC lists tasks only for a creator");
	expect(bench.emulator.requestsTo('POST', LIST).length).toBe(before);
});

test('a task picked From List, given By ID, or as a plain string of an older workflow is acted on alike', async () => {
	const [taskId] = await createTasks(['Pick me']);
	for (const value of [{ __rl: true, mode: 'list', value: taskId, cachedResultName: 'Pick me' }, { __rl: true, mode: 'id', value: taskId }, taskId]) {
		const { items, error } = await bench.run({ resource: 'task', operation: 'get', taskId: value });
		expect(error).toBeUndefined();
		expect((items[0].json.taskInfo as { id: string }).id).toBe(taskId);
	}
	const { error } = await bench.run({ resource: 'task', operation: 'get', taskId: { __rl: true, mode: 'id', value: 'list' } });
	expect(error?.message).toMatch(/^Task ID must not be "list"/);
});
