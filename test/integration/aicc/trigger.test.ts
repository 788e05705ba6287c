/**
 * The Huawei AICC Trigger polled as n8n's active workflows poll it (n8n-core's PollContext, static
 * data kept between polls) against the emulator: a baseline on activation, each task once across
 * overlapping windows, status changes, paging, a failing poll that loses nothing, Fetch Test Event.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HORIZON_SECONDS, MAX_TASKS_PER_POLL } from '../../../nodes/Aicc/trigger/poll';
import { pollTrigger, type PollRun } from '../../support/harness';
import { startBench, type Bench } from '../../support/emulator-bench';

const OWNER = '10gg00000148QvgpaLAm';
const OTHER_OWNER = '10gg00000148QvgpaLBn';
const TASKS = '/service/AICC__Case/1.0.0/openapi/task';

let bench: Bench;
beforeEach(async () => {
	bench = await startBench('aicc', 'clientCredentials');
});
afterEach(async () => bench.stop());

const newTask = (extra: INodeParameters = {}): INodeParameters => ({ event: 'newTask', creatorId: OWNER, filters: {}, options: { maxRetries: 0 }, ...extra });
const reachedStatus = (status: string, extra: INodeParameters = {}): INodeParameters => ({ ...newTask(extra), event: 'taskReachedStatus', status });

async function poll(parameters: INodeParameters, staticData: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollRun> {
	return await pollTrigger(bench.store, parameters, { aiccApi: bench.credential }, staticData, mode);
}

async function createTasks(titles: string[], ownerId = OWNER): Promise<string[]> {
	const { items, error } = await bench.run(
		{ resource: 'task', operation: 'create', title: '={{ $json.title }}', ownerId, creatorId: OWNER, additionalFields: {}, options: {} },
		titles.map((title) => ({ title })),
	);
	expect(error).toBeUndefined();
	return items.map((item) => item.json.taskId as string);
}

const emittedTitles = (run: PollRun) => (run.emitted?.[0] ?? []).map((item) => item.json.title);

/** The emulator's clock `seconds` from now, for tasks stamped at a window's edge or by a clock that runs behind. */
function stampAt(seconds: number) {
	bench.emulator.aicc.clock = () => new Date(Date.now() + seconds * 1000);
}

describe('New Task', () => {
	test('activation sets a baseline and emits nothing old, even tasks created just before it; then each new task is emitted once', async () => {
		await createTasks(['old 1', 'old 2']);
		const first = await poll(newTask());
		expect(first.emitted).toBeNull();

		await createTasks(['new 1', 'new 2']);
		const second = await poll(newTask(), first.staticData);
		expect(emittedTitles(second)).toEqual(['new 1', 'new 2']);
		expect(second.emitted?.[0][0].json).toMatchObject({ taskId: expect.any(String), ownerId: OWNER, status: 'Pending' });

		// The next window overlaps this one: the same tasks are listed again, and not emitted again.
		const third = await poll(newTask(), second.staticData);
		expect(third.emitted).toBeNull();
		expect(Object.keys(second.staticData)).toEqual(['node:AICC Trigger']);
	});

	test('a task stamped at the newest stamp seen, or by a clock running behind, is emitted once, by the next poll', async () => {
		await createTasks(['old']);
		const first = await poll(newTask());
		// Created after the first poll's list call, but stamped with the newest stamp it saw, and one 45 s behind.
		const { mark } = (first.staticData['node:AICC Trigger'] as { state: { mark: string } }).state;
		bench.emulator.aicc.clock = () => new Date(`${mark.replace(' ', 'T')}Z`);
		await createTasks(['at the edge']);
		expect([...bench.emulator.aicc.tasks.values()][1].createdDate).toBe(mark);
		stampAt(-45);
		await createTasks(['clock behind']);
		bench.emulator.aicc.clock = () => new Date();
		const second = await poll(newTask(), first.staticData);
		expect(emittedTitles(second).sort()).toEqual(['at the edge', 'clock behind']);
		expect((await poll(newTask(), second.staticData)).emitted).toBeNull();
	});

	test('many tasks in one poll are read page by page and all emitted once', async () => {
		const first = await poll(newTask());
		const titles = Array.from({ length: 230 }, (_, n) => `bulk ${n}`);
		await createTasks(titles);
		const second = await poll(newTask(), first.staticData);
		expect(emittedTitles(second)).toEqual(titles);
		const pages = bench.emulator.requestsTo('POST', `${TASKS}/list`).slice(1);
		expect(pages.map((entry) => (JSON.parse(entry.body) as IDataObject).start)).toEqual([0, 100, 200]);
	});

	test("filters apply: only tasks of the chosen owner; each list call carries them, and no end from n8n's clock", async () => {
		const first = await poll(newTask({ filters: { ownerId: OWNER } }));
		await createTasks(['mine']);
		await createTasks(['theirs'], OTHER_OWNER);
		const second = await poll(newTask({ filters: { ownerId: OWNER } }), first.staticData);
		expect(emittedTitles(second)).toEqual(['mine']);
		const third = await poll(newTask({ filters: { ownerId: OWNER } }), second.staticData);
		expect(third.emitted).toBeNull();
		for (const entry of bench.emulator.requestsTo('POST', `${TASKS}/list`)) {
			const body = JSON.parse(entry.body) as IDataObject;
			expect(body).toMatchObject({ ownerId: OWNER, creatorId: OWNER });
			expect(body.endTime).toBeUndefined();
		}
		// Once a task was seen, the window starts a horizon before its stamp, in AICC's own time.
		const last = JSON.parse(bench.emulator.requestsTo('POST', `${TASKS}/list`).at(-1)?.body as string) as IDataObject;
		expect(last.startTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
	});

	test('a failing poll fails with the usual error and loses nothing: the next poll emits what it would have', async () => {
		const first = await poll(newTask());
		await createTasks(['during the outage']);
		bench.emulator.faults.add({ route: `^POST ${TASKS}/list$`, kind: '500', count: 1 });
		await expect(poll(newTask(), first.staticData)).rejects.toThrow(/^AICC failed \(HTTP 500\)/);
		const recovered = await poll(newTask(), first.staticData);
		expect(emittedTitles(recovered)).toEqual(['during the outage']);
	});

	test('a restarted workflow (a new Workflow from the stored static data) carries on where it stopped', async () => {
		const first = await poll(newTask());
		await createTasks(['before the restart']);
		// n8n stores static data as JSON and reads it back when the workflow is activated again.
		const stored = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		const afterRestart = await poll(newTask(), stored);
		expect(emittedTitles(afterRestart)).toEqual(['before the restart']);
	});

	test('the state stays bounded: only the tasks within the horizon of the newest stamp are remembered', async () => {
		stampAt(-(HORIZON_SECONDS + 120));
		await createTasks(['before the horizon']);
		const first = await poll(newTask());
		stampAt(-60);
		await createTasks(['a minute ago']);
		bench.emulator.aicc.clock = () => new Date();
		await createTasks(['just now']);
		const run = await poll(newTask(), first.staticData);
		expect(emittedTitles(run).sort()).toEqual(['a minute ago', 'just now']);
		const state = run.staticData['node:AICC Trigger'] as { state: { seen: Record<string, number> } };
		const idOf = (title: string) => [...bench.emulator.aicc.tasks.values()].find((task) => task.title === title)?.id as string;
		expect(Object.keys(state.state.seen).sort()).toEqual([idOf('a minute ago'), idOf('just now')].sort());
	});

	test("AICC's list-row table (docs/aicc-api.md#get-many-post-tasklist) is cut off before createdDate: without it in the rows, tasks are still emitted once", async () => {
		bench.emulator.aicc.listCreatedDate = false;
		const first = await poll(newTask());
		await createTasks(['no createdDate in the row']);
		const second = await poll(newTask(), first.staticData);
		expect(emittedTitles(second)).toEqual(['no createdDate in the row']);
		expect((await poll(newTask(), second.staticData)).emitted).toBeNull();
	});
});

describe('Task Reached Status', () => {
	async function setStatus(taskId: string, status: string) {
		const { error } = await bench.run({ resource: 'task', operation: 'updateStatus', taskId, status, creatorId: OWNER, options: {} });
		expect(error).toBeUndefined();
	}

	test('tasks that already had the status at activation are not news; a task that reaches it is emitted once', async () => {
		const [done, open] = await createTasks(['already done', 'finished later']);
		await setStatus(done, 'Completed');
		const first = await poll(reachedStatus('Completed'));
		expect(first.emitted).toBeNull();
		await setStatus(open, 'Completed');
		const second = await poll(reachedStatus('Completed'), first.staticData);
		expect(emittedTitles(second)).toEqual(['finished later']);
		expect(second.emitted?.[0][0].json.status).toBe('Completed');
		expect((await poll(reachedStatus('Completed'), second.staticData)).emitted).toBeNull();
	});

	test('Processing, then Completed: each status trigger sees its own transition', async () => {
		const [taskId] = await createTasks(['moving along']);
		const processing = await poll(reachedStatus('Processing'));
		const completed = await poll(reachedStatus('Completed'));
		await setStatus(taskId, 'Processing');
		const sawProcessing = await poll(reachedStatus('Processing'), processing.staticData);
		expect(emittedTitles(sawProcessing)).toEqual(['moving along']);
		expect((await poll(reachedStatus('Completed'), completed.staticData)).emitted).toBeNull();
		await setStatus(taskId, 'Completed');
		expect(emittedTitles(await poll(reachedStatus('Completed'), completed.staticData))).toEqual(['moving along']);
	});

	test('changing the Status parameter sets a new baseline instead of emitting every task that has it', async () => {
		const [taskId] = await createTasks(['pending one']);
		const first = await poll(reachedStatus('Completed'));
		await setStatus(taskId, 'Processing');
		const switched = await poll(reachedStatus('Processing'), first.staticData);
		expect(switched.emitted).toBeNull();
	});
});

describe('Fetch Test Event', () => {
	test('returns the most recently created matching task, and leaves the state alone', async () => {
		stampAt(-120);
		await createTasks(['older']);
		bench.emulator.aicc.clock = () => new Date();
		await createTasks(['newest']);
		const test = await poll(newTask(), {}, 'manual');
		expect(emittedTitles(test)).toEqual(['newest']);
		expect(test.staticData).toEqual({});
	});

	test('with no matching task it says what to do', async () => {
		await expect(poll(newTask(), {}, 'manual')).rejects.toThrow('No AICC task created in the last 30 days matches the trigger');
	});
});

test('a Creator ID the list call would refuse fails the poll before anything is sent', async () => {
	await expect(poll(newTask({ creatorId: 'x'.repeat(21) }))).rejects.toThrow(/Creator ID must be at most 20 bytes/);
	expect(bench.emulator.requestsTo('POST', `${TASKS}/list`)).toEqual([]);
	expect(MAX_TASKS_PER_POLL).toBeGreaterThan(1_000);
});
