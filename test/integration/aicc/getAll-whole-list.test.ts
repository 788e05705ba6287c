/**
 * AICC's list read whole or not at all, at every door that reads it (issue 25): Get Many (Return All and
 * Limit) and the Task picker go through the one reader the trigger uses (nodes/Aicc/list.ts). Pages that
 * contradict each other or AICC's count fail loudly; rows that contradict a filter AICC was sent are left
 * out without making a complete list look incomplete; a page longer than asked cannot carry a read past
 * its bound. Through n8n-core's WorkflowExecute (runNode) and LoadOptionsContext (searchList).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { MAX_TASKS } from '../../../nodes/Aicc/actions/task/getAll';
import { CredentialStore, runNode, searchList } from '../../support/harness';
import { startBench, type Bench } from '../../support/emulator-bench';

const OWNER = '10gg00000148QvgpaLAm';
const TASKS = '/service/AICC__Case/1.0.0/openapi/task';
const LIST = `${TASKS}/list`;

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

const getAll = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'task',
	operation: 'getAll',
	creatorId: OWNER,
	returnAll: true,
	filters: {},
	simplify: false,
	options: { maxRetries: 0 },
	...overrides,
});

/** Tasks created in AICC itself, numbered from 0; their IDs in creation order. */
async function createTasks(count: number, status?: (n: number) => string): Promise<string[]> {
	const ids: string[] = [];
	for (let n = 0; n < count; n++) {
		const answer = await fetch(`${bench.emulator.url}${TASKS}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'access-token': bench.emulator.issueToken('aicc') },
			body: JSON.stringify({ taskInfo: { title: `task ${n}`, ownerId: OWNER, creatorId: OWNER } }),
		});
		const taskId = ((await answer.json()) as { result: { taskId: string } }).result.taskId;
		if (status) (bench.emulator.aicc.tasks.get(taskId) as { status: string }).status = status(n);
		ids.push(taskId);
	}
	return ids;
}

describe('Get Many: pages that contradict each other or the count fail the item, never a silent part', () => {
	test('Return All: page 2 repeats 10 of page 1 and lacks 10 others while count stays 200: an error, no tasks', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await createTasks(200);
		bench.emulator.aicc.onListPage = (body, answer) => {
			if (body.start !== 100) return;
			const firstPage = [...bench.emulator.aicc.tasks.values()].slice(0, 10);
			answer.taskList.splice(0, 10, ...firstPage.map((task) => ({ taskId: task.id, taskNo: task.taskNo, title: task.title, ownerId: task.ownerId })));
		};
		const { items, error } = await bench.run(getAll());
		expect(items).toEqual([]);
		expect(error?.message).toBe('AICC Get Many: page 2 (start 100) repeated 10 tasks of earlier pages, so others were skipped (item 0)');
		expect(error?.description).toMatch(/run again/);
	});

	test('Limit 50: the first page is empty while count says 3: an error, not an empty success', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await createTasks(3);
		bench.emulator.aicc.onListPage = (_body, answer) => {
			answer.taskList = [];
		};
		const { items, error } = await bench.run(getAll({ returnAll: false, limit: 50 }));
		expect(items).toEqual([]);
		expect(error?.message).toBe('AICC Get Many: page 1 (start 0) held 0 tasks, fewer than asked (50), before the 3 AICC counts (item 0)');
	});

	test('the Task picker reads the same way: a first page empty while count says 3 is an error that names no item', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await createTasks(3);
		bench.emulator.aicc.onListPage = (_body, answer) => {
			answer.taskList = [];
		};
		const parameters = { resource: 'task', operation: 'transfer', creatorId: OWNER };
		const search = searchList(bench.store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters, credentials: { aiccApi: bench.credential } }, 'searchTasks');
		await expect(search).rejects.toThrow(/^AICC task list: page 1 \(start 0\) held 0 tasks, fewer than asked \(100\), before the 3 AICC counts$/);
	});
});

/** A server answering every list call with one page of `rows` tiny tasks and that count. */
async function startOversizedList(rows: number): Promise<{ url: string; calls: () => number; stop(): Promise<void> }> {
	const taskList = Array.from({ length: rows }, (_, n) => ({ taskId: `t${n}` }));
	const body = JSON.stringify({ resCode: '0', resMsg: 'Success', result: { taskList, count: rows } });
	let calls = 0;
	const server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			calls++;
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		calls: () => calls,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

test(`Return All given one page of 100,050 rows: bounded by ${MAX_TASKS.toLocaleString('en-US')} tasks an item, loudly, and a Limit reads only what it asked for`, async () => {
	const list = await startOversizedList(100_050);
	try {
		const store = new CredentialStore();
		const credential = store.add({ id: 'cred-1', name: 'aicc', type: 'aiccApi', data: { domain: `${list.url}/`, authentication: 'accessToken', accessToken: 'any' } });
		const run = (parameters: INodeParameters) => runNode(store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters, credentials: { aiccApi: credential } });
		const all = await run(getAll());
		expect(all.items).toEqual([]);
		expect(all.error?.message).toBe('AICC Get Many: 100,050 tasks match, more than the 100,000 one item reads (item 0)');
		expect(list.calls()).toBe(1);
		// Rows past the page size asked for are not output: they belong to later offsets.
		const limited = await run(getAll({ returnAll: false, limit: 30 }));
		expect(limited.error).toBeUndefined();
		expect(limited.items.map((item) => item.json.taskId)).toEqual(Array.from({ length: 30 }, (_, n) => `t${n}`));
	} finally {
		await list.stop();
	}
});

/** AICC ignoring the status filter: the emulator's answer as if no status had been sent, rows with their real status. */
function ignoreStatusFilter() {
	bench.emulator.aicc.onListPage = (body, answer) => {
		const all = [...bench.emulator.aicc.tasks.values()];
		const [start, limit] = [body.start as number, body.limit as number];
		answer.taskList = all.slice(start, start + limit).map((task) => ({ taskId: task.id, taskNo: task.taskNo, title: task.title, ownerId: task.ownerId, status: task.status }));
		answer.count = all.length;
	};
}

describe('rows are checked against the filters sent', () => {
	test('AICC ignores Status: Return All outputs exactly the Completed tasks, over pages that still add up', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const ids = await createTasks(150, (n) => (n % 3 === 0 ? 'Completed' : 'Pending'));
		ignoreStatusFilter();
		const { items, error } = await bench.run(getAll({ filters: { status: 'Completed' } }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.taskId)).toEqual(ids.filter((_, n) => n % 3 === 0));
		expect(bench.count('POST', LIST)).toBe(2);
	});

	test('AICC ignores Status: a Limit of 5 reads on past the rows left out until it has 5 matches', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const ids = await createTasks(40, (n) => (n >= 20 ? 'Completed' : 'Processing'));
		ignoreStatusFilter();
		const { items, error } = await bench.run(getAll({ returnAll: false, limit: 5, filters: { status: 'Completed' } }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.taskId)).toEqual(ids.slice(20, 25));
	});

	test("AICC's row table (docs/aicc-api.md#get-many-post-tasklist) is cut off after priority: rows without status or createdDate are kept (both readings of the contract)", async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.aicc.listCreatedDate = false;
		const ids = await createTasks(3, () => 'Completed');
		bench.emulator.aicc.onListPage = (_body, answer) => {
			for (const row of answer.taskList) delete row.status;
		};
		const filters = { status: 'Completed', createdAfter: '2000-01-01T00:00:00', createdBefore: '2100-01-01T00:00:00' };
		const { items, error } = await bench.run(getAll({ filters }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.taskId)).toEqual(ids);
	});

	test('rows whose createdDate lies outside Created After/Before, or whose owner is another, are left out; rows at either bound are kept', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const ids = await createTasks(4);
		const stamps = ['2026-03-01 10:00:00', '2026-03-01 10:00:01', '2026-03-01 11:00:00', '2026-03-01 11:00:01'];
		bench.emulator.aicc.onListPage = (_body, answer) => {
			answer.taskList = [...bench.emulator.aicc.tasks.values()].map((task, n) => ({ taskId: task.id, ownerId: n === 1 ? 'someoneElse' : OWNER, createdDate: stamps[n] }));
			answer.count = answer.taskList.length;
		};
		const filters = { ownerId: OWNER, createdAfter: '2026-03-01T10:00:00', createdBefore: '2026-03-01T11:00:00' };
		const { items, error } = await bench.run(getAll({ filters }), [{}], { timezone: 'UTC' });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.taskId)).toEqual([ids[0], ids[2]]);
	});
});
