/**
 * AICC Get Many with Return All against lists that do not page as documented: a list that ignores `start`
 * (the same page forever) and a `count` the pages contradict stop with an error instead of reading on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { MAX_TASKS } from '../../../nodes/Aicc/actions/task/getAll';
import { CredentialStore, runNode } from '../../support/harness';
import { startBench, type Bench } from '../../support/emulator-bench';

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
		// One task where AICC counts 5: a page shorter than asked before the count, which fails the item at once.
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page([task(1)], 5), count: 1 });
		const { items, error } = await bench.run(getAll({ options: { batching: { batch: { batchSize: 1 } } } }), [{}, {}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(/^AICC Get Many: page 1 \(start 0\) held 1 tasks, fewer than asked/);
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

	test('a task seen on an earlier page again (the list moved while paging): an error, since another task was skipped (count stays 103, 102 were met)', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const first = Array.from({ length: 100 }, (_, index) => task(index));
		const second = [task(99), task(100), task(101)];
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page(first, 103), count: 1 });
		bench.emulator.faults.add({ route: `^POST ${LIST}$`, kind: 'body', body: page(second, 103), count: 1 });
		const { items, error } = await bench.run(getAll());
		expect(items).toEqual([]);
		expect(error?.message).toBe('AICC Get Many: page 2 (start 100) repeated 1 tasks of earlier pages, so others were skipped (item 0)');
		expect(error?.description).toMatch(/run again/);
		expect(bench.count('POST', LIST)).toBe(2);
	});
});

/** A list that never ends: every page holds 100 new tasks from `start` on and a count of ten million. */
async function startEndlessList(): Promise<{ url: string; calls: () => number; stop(): Promise<void> }> {
	let calls = 0;
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			calls++;
			const { start, limit } = JSON.parse(Buffer.concat(chunks).toString()) as { start: number; limit: number };
			const tasks = Array.from({ length: limit }, (_, offset) => task(start + offset));
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(page(tasks, 10_000_000)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		calls: () => calls,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

test(`a list of new tasks without end, counting more than ${MAX_TASKS}, stops at its first page with an error that says what to do`, async () => {
	const list = await startEndlessList();
	try {
		const store = new CredentialStore();
		const credential = store.add({ id: 'cred-1', name: 'aicc', type: 'aiccApi', data: { domain: `${list.url}/`, authentication: 'accessToken', accessToken: 'any' } });
		const { items, error } = await runNode(store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters: getAll(), credentials: { aiccApi: credential } });
		expect(items).toEqual([]);
		expect(error?.message).toBe('AICC Get Many: 10,000,000 tasks match, more than the 100,000 one item reads (item 0)');
		expect(error?.description).toMatch(/Filters/);
		expect(list.calls()).toBe(1);
	} finally {
		await list.stop();
	}
});
