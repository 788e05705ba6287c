/**
 * The AICC Trigger's guarantee, driven as n8n drives it (n8n-core's PollContext, static data round-tripped
 * through JSON between polls) with n8n's clock faked: a task created while the trigger is active is
 * emitted exactly once, whatever zone AICC stamps in and whichever way its clock is off, across the
 * repeated hour of daylight saving, pages that contradict each other, re-activation, filter changes,
 * and a poll that runs twice or two at once. The emulator shares the faked clock (same process).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { Aicc } from '../../../nodes/Aicc/Aicc.node';
import { HORIZON_SECONDS } from '../../../nodes/Aicc/trigger/poll';
import { advanceDate, fakeDateAt } from '../../support/clock';
import { pollTrigger, searchList, type PollRun } from '../../support/harness';
import { startBench, type Bench } from '../../support/emulator-bench';

const OWNER = '10gg00000148QvgpaLAm';
const TEAM_B = '10gg00000148QvgpaLBn';
const TASKS = '/service/AICC__Case/1.0.0/openapi/task';
const MINUTE = 60_000;

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	jest.useRealTimers();
});


async function start(aiccZone = 'UTC') {
	bench = await startBench('aicc', 'clientCredentials', { aicc: { timezone: aiccZone } });
}

/** A task created in AICC itself (as its own UI would), stamped by the emulator's clock. */
async function createTask(title: string, ownerId = OWNER): Promise<string> {
	const answer = await fetch(`${bench.emulator.url}${TASKS}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'access-token': bench.emulator.issueToken('aicc') },
		body: JSON.stringify({ taskInfo: { title, ownerId, creatorId: OWNER } }),
	});
	return ((await answer.json()) as { result: { taskId: string } }).result.taskId;
}

const setStatus = (taskId: string, status: string) => {
	(bench.emulator.aicc.tasks.get(taskId) as { status: string }).status = status;
};

const newTask = (extra: INodeParameters = {}): INodeParameters => ({ event: 'newTask', creatorId: OWNER, filters: {}, options: { maxRetries: 0 }, ...extra });
const reachedStatus = (status: string, extra: INodeParameters = {}): INodeParameters => ({ ...newTask(extra), event: 'taskReachedStatus', status });
const titlesOf = (run: PollRun) => (run.emitted?.[0] ?? []).map((item) => item.json.title as string);
const listCalls = () => bench.emulator.requestsTo('POST', `${TASKS}/list`).length;

/** One active trigger: its static data kept between polls as n8n keeps it (as JSON), everything it emitted recorded. */
class Trigger {
	staticData: IDataObject = {};
	readonly emitted: string[] = [];
	readonly warnings: string[] = [];

	constructor(
		public parameters: INodeParameters,
		private readonly timezone = 'UTC',
	) {}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<string[]> {
		const run = await pollTrigger(bench.store, this.parameters, { aiccApi: bench.credential }, this.staticData, mode, this.timezone);
		if (mode === 'trigger') this.staticData = run.staticData;
		const titles = titlesOf(run);
		if (mode === 'trigger') this.emitted.push(...titles);
		for (const item of run.emitted?.[0] ?? []) if (item.json.aiccTriggerWarning) this.warnings.push(item.json.aiccTriggerWarning as string);
		return titles;
	}
}

describe('zones and clocks: the window is measured on AICC\'s own stamps', () => {
	test.each([
		['Asia/Shanghai', 'UTC'],
		['UTC', 'Asia/Shanghai'],
		['America/New_York', 'Asia/Shanghai'],
		['Asia/Shanghai', 'Asia/Shanghai'],
	])('workflow in %s, AICC stamping in %s: each task created after activation is emitted once, by the next poll; none from before', async (workflowZone, aiccZone) => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start(aiccZone);
		await createTask('before activation');
		advanceDate(30_000);
		const trigger = new Trigger(newTask(), workflowZone);
		expect(await trigger.poll()).toEqual([]);
		for (let n = 1; n <= 4; n++) {
			advanceDate(20_000);
			await createTask(`task ${n}`);
			advanceDate(40_000);
			expect(await trigger.poll()).toEqual([`task ${n}`]);
		}
		for (let n = 0; n < 3; n++) {
			advanceDate(MINUTE);
			expect(await trigger.poll()).toEqual([]);
		}
		// A zone apart is said once, naming the workflow's zone; zones that agree say nothing.
		if (workflowZone === aiccZone) expect(trigger.warnings).toEqual([]);
		else expect(trigger.warnings).toEqual([expect.stringContaining(`in the workflow's time zone (${workflowZone})`)]);
	});

	test("AICC's clock 10 minutes behind n8n's: both tasks are emitted, once each, and the mismatch is said once", async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		bench.emulator.aicc.clock = () => new Date(Date.now() - 10 * MINUTE);
		const trigger = new Trigger(newTask());
		await trigger.poll();
		for (const title of ['first behind', 'second behind']) {
			advanceDate(30_000);
			await createTask(title);
			advanceDate(30_000);
			await trigger.poll();
		}
		for (let n = 0; n < 15; n++) {
			advanceDate(MINUTE);
			await trigger.poll();
		}
		expect(trigger.emitted).toEqual(['first behind', 'second behind']);
		expect(trigger.warnings).toEqual([expect.stringMatching(/10 min behind n8n's clock/)]);
	});

	test("AICC's clock 45 s ahead: a task created 30 s before activation is not news; the next one is", async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		bench.emulator.aicc.clock = () => new Date(Date.now() + 45_000);
		await createTask('before activation');
		advanceDate(30_000);
		const trigger = new Trigger(newTask());
		await trigger.poll();
		advanceDate(MINUTE);
		await trigger.poll();
		await createTask('after activation');
		advanceDate(MINUTE);
		await trigger.poll();
		advanceDate(MINUTE);
		await trigger.poll();
		expect(trigger.emitted).toEqual(['after activation']);
	});
});

test('daylight saving ends (Europe/Berlin, 2026-10-25): tasks stamped in the repeated hour are emitted once each, by the next poll', async () => {
	// 00:40 UTC is 02:40 CEST; at 01:00 UTC the clocks go back to 02:00 CET.
	fakeDateAt('2026-10-25T00:40:00Z');
	await start('Europe/Berlin');
	const trigger = new Trigger(newTask(), 'Europe/Berlin');
	await trigger.poll();
	const createdAt: Record<string, string> = { '00:50': 'at 02:50 CEST', '01:05': 'at 02:05 CET, the hour again', '01:30': 'at 02:30 CET', '02:10': 'at 03:10 CET' };
	for (let minute = 1; minute <= 100; minute++) {
		advanceDate(20_000);
		const now = new Date().toISOString().slice(11, 16);
		if (createdAt[now]) await createTask(createdAt[now]);
		advanceDate(40_000);
		const emitted = await trigger.poll();
		expect({ now, emitted }).toEqual({ now, emitted: createdAt[now] ? [createdAt[now]] : [] });
	}
	expect([...bench.emulator.aicc.tasks.values()].map((task) => task.createdDate)).toEqual([
		'2026-10-25 02:50:20',
		'2026-10-25 02:05:20',
		'2026-10-25 02:30:20',
		'2026-10-25 03:10:20',
	]);
	expect(trigger.warnings).toEqual([]);
});

describe('pages that contradict each other fail the poll, and its state stays as it was', () => {
	async function activeWith150(filters: INodeParameters = {}) {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		const trigger = new Trigger(newTask({ filters }));
		await trigger.poll();
		const ids: string[] = [];
		for (let n = 0; n < 150; n++) ids.push(await createTask(`task ${n}`));
		advanceDate(MINUTE);
		return { trigger, ids };
	}

	async function failsLeavingState(trigger: Trigger, message: RegExp) {
		const before = JSON.stringify(trigger.staticData);
		const error = (await trigger.poll().catch((caught: Error) => caught)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(message);
		// A trigger has no items: its own messages name none.
		expect(error.message).not.toMatch(/\(item \d+\)/);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
		expect(trigger.emitted).toEqual([]);
	}

	test('page 2 answers no tasks though count says 150: the poll fails; the next one emits all 150, once', async () => {
		const { trigger } = await activeWith150();
		let tampered = false;
		bench.emulator.aicc.onListPage = (body, answer) => {
			if (body.start === 100 && !tampered) [tampered, answer.taskList] = [true, []];
		};
		await failsLeavingState(trigger, /fewer than asked|pages held 100/);
		await trigger.poll();
		expect(trigger.emitted).toHaveLength(150);
		expect(new Set(trigger.emitted).size).toBe(150);
	});

	test('a short page before the end (99 of 100 while 150 match) fails the poll too', async () => {
		const { trigger } = await activeWith150();
		let tampered = false;
		bench.emulator.aicc.onListPage = (body, answer) => {
			if (body.start === 0 && !tampered) [tampered, answer.taskList] = [true, answer.taskList.slice(0, 99)];
		};
		await failsLeavingState(trigger, /held 99 tasks, fewer than asked/);
		await trigger.poll();
		expect(trigger.emitted).toHaveLength(150);
	});

	test('a task transferred away while the pages are read (the count changes, offsets shift): the poll fails; the next emits all 149 that match, once', async () => {
		const { trigger, ids } = await activeWith150({ ownerId: OWNER });
		bench.emulator.aicc.onListPage = (body) => {
			if (body.start === 0 && bench.emulator.aicc.tasks.get(ids[0])?.ownerId === OWNER) (bench.emulator.aicc.tasks.get(ids[0]) as { ownerId: string }).ownerId = TEAM_B;
		};
		await failsLeavingState(trigger, /count changed from 150 to 149/);
		await trigger.poll();
		expect(trigger.emitted.sort()).toEqual(Array.from({ length: 149 }, (_, n) => `task ${n + 1}`).sort());
	});
});

test('an answer of the wrong shape fails a poll, or the baseline, with a message that names no item (a trigger has none)', async () => {
	fakeDateAt('2026-12-01T08:00:00Z');
	await start();
	const trigger = new Trigger(newTask());
	const wrongShape = { resCode: '0', resMsg: 'Success', result: { taskList: 'none', count: 1 } };
	const answerWrongly = () => bench.emulator.faults.add({ route: `^POST ${TASKS}/list$`, kind: 'body', body: wrongShape, count: 1 });
	answerWrongly();
	await expect(trigger.poll()).rejects.toThrow(/^AICC Trigger answered with .* instead of a list of tasks in taskList$/);
	await trigger.poll();
	await createTask('after the baseline');
	advanceDate(MINUTE);
	answerWrongly();
	await expect(trigger.poll()).rejects.toThrow(/^AICC Trigger answered with .* instead of a list of tasks in taskList$/);
	expect(await trigger.poll()).toEqual(['after the baseline']);
});

test('re-activation catches up, as README says: a day off, then the first poll emits what was created and what reached the status meanwhile, once', async () => {
	fakeDateAt('2026-12-01T08:00:00Z');
	await start();
	const done = await createTask('completed while off');
	const created = new Trigger(newTask());
	const completed = new Trigger(reachedStatus('Completed'));
	await created.poll();
	await completed.poll();
	// Deactivated: n8n keeps the static data, and nothing polls for a day.
	advanceDate(24 * 60 * MINUTE);
	await createTask('created while off');
	setStatus(done, 'Completed');
	advanceDate(60 * MINUTE);
	expect(await created.poll()).toEqual(['created while off']);
	expect(await completed.poll()).toEqual(['completed while off']);
	advanceDate(MINUTE);
	expect(await created.poll()).toEqual([]);
	expect(await completed.poll()).toEqual([]);

	const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
	const from = readme.indexOf('### Huawei AICC Trigger');
	const section = readme.slice(from, readme.indexOf('\n### ', from + 1));
	expect(section).toContain('Tasks created while the workflow was off are emitted');
	expect(section).not.toContain('the first poll after you activate the workflow emits nothing');
});

describe('changing a filter sets a new baseline, as changing the Status does', () => {
	test('Task Reached Status: after the Owner changes to team B, team B\'s tasks completed earlier are not news; the next one is', async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		const teamB = [];
		for (let n = 0; n < 5; n++) teamB.push(await createTask(`team B ${n}`, TEAM_B));
		const trigger = new Trigger(reachedStatus('Completed', { filters: { ownerId: OWNER } }));
		await trigger.poll();
		for (const taskId of teamB.slice(0, 4)) setStatus(taskId, 'Completed');
		advanceDate(2 * 60 * MINUTE);
		trigger.parameters = reachedStatus('Completed', { filters: { ownerId: TEAM_B } });
		expect(await trigger.poll()).toEqual([]);
		setStatus(teamB[4], 'Completed');
		advanceDate(MINUTE);
		expect(await trigger.poll()).toEqual(['team B 4']);
	});

	test("New Task: after the Owner changes, the new owner's tasks of the last window are not news; the next one is", async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		const trigger = new Trigger(newTask({ filters: { ownerId: OWNER } }));
		await trigger.poll();
		advanceDate(20_000);
		await createTask('team B, before the change', TEAM_B);
		advanceDate(40_000);
		trigger.parameters = newTask({ filters: { ownerId: TEAM_B } });
		expect(await trigger.poll()).toEqual([]);
		await createTask('team B, after the change', TEAM_B);
		advanceDate(MINUTE);
		expect(await trigger.poll()).toEqual(['team B, after the change']);
	});
});

describe('Fetch Test Event', () => {
	test.each([
		['oldestFirst', 2],
		['newestFirst', 1],
	] as const)('with 250 matches listed %s: the newest task, from %d list call(s), and the state left alone', async (order, calls) => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		bench.emulator.aicc.listOrder = order;
		const trigger = new Trigger(newTask());
		await trigger.poll();
		for (let n = 0; n < 250; n++) {
			advanceDate(1000);
			await createTask(`task ${n}`);
		}
		const state = JSON.stringify(trigger.staticData);
		const before = listCalls();
		expect(await trigger.poll('manual')).toEqual(['task 249']);
		expect(listCalls() - before).toBe(calls);
		expect(JSON.stringify(trigger.staticData)).toBe(state);
		// The next poll still emits every one of them: the test event took nothing away.
		advanceDate(MINUTE);
		expect(await trigger.poll()).toHaveLength(250);
	});
});

test("the Task picker: Get, which has no Creator ID, offers By ID only; every operation that offers From List lists", async () => {
	fakeDateAt('2026-12-01T08:00:00Z');
	await start();
	await createTask('Pick me');
	const properties = new Aicc().description.properties as INodeProperties[];
	const taskFields = properties.filter((property) => property.name === 'taskId');
	const operationsOf = (field: INodeProperties) => field.displayOptions?.show?.operation as string[];
	const modesOf = (field: INodeProperties) => (field.modes ?? []).map((mode) => mode.name);
	const get = taskFields.find((field) => operationsOf(field).includes('get')) as INodeProperties;
	expect(modesOf(get)).toEqual(['id']);
	expect(get.default).toEqual({ mode: 'id', value: '' });
	const listing = taskFields.filter((field) => modesOf(field).includes('list'));
	expect(listing.flatMap(operationsOf).sort()).toEqual(['process', 'transfer', 'update', 'updateStatus']);
	for (const field of listing) {
		const operation = operationsOf(field)[0];
		const parameters = operation === 'update' ? { resource: 'task', operation, updateFields: { creatorId: OWNER } } : { resource: 'task', operation, creatorId: OWNER };
		const found = await searchList(bench.store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters, credentials: { aiccApi: bench.credential } }, 'searchTasks');
		expect({ operation, names: found.results.map((result) => result.name) }).toEqual({ operation, names: [expect.stringContaining('Pick me')] });
	}
});

test("a tenant creating 10,000 tasks a day, AICC in Shanghai and n8n on its default New York zone: every task once, and the static data stays bounded", async () => {
	fakeDateAt('2026-12-01T08:00:00Z');
	await start('Asia/Shanghai');
	const trigger = new Trigger(newTask(), 'America/New_York');
	await trigger.poll();
	const everySeconds = 86_400 / 10_000;
	const created: string[] = [];
	const sizes: number[] = [];
	// Two hours of one-minute polls: past the horizon, so that the remembered tasks reach their steady number.
	let createdUntil = Date.now();
	for (let minute = 1; minute <= 120; minute++) {
		const pollAt = Date.now() + MINUTE;
		while (createdUntil + everySeconds * 1000 < pollAt) {
			createdUntil += everySeconds * 1000;
			jest.setSystemTime(Math.floor(createdUntil));
			created.push(`task ${created.length}`);
			await createTask(created.at(-1) as string);
		}
		jest.setSystemTime(pollAt);
		await trigger.poll();
		sizes.push(JSON.stringify(trigger.staticData).length);
	}
	expect(trigger.emitted).toEqual(created);
	const steady = Math.max(...sizes.slice(100));
	const remembered = Object.keys((trigger.staticData['node:AICC Trigger'] as { state: { seen: object } }).state.seen).length;
	// The horizon's tasks at 10,000 a day, and a few more (the last poll's own minute).
	expect(remembered).toBeGreaterThanOrEqual(Math.floor(HORIZON_SECONDS / everySeconds));
	expect(remembered).toBeLessThanOrEqual(Math.ceil((HORIZON_SECONDS + 60) / everySeconds) + 1);
	expect(Math.max(...sizes.slice(100)) - Math.min(...sizes.slice(100))).toBeLessThan(steady * 0.05);
	expect(steady).toBeLessThan(25_000);
	process.stdout.write(`AICC Trigger static data at 10,000 tasks a day: ${steady} bytes of JSON, ${remembered} task IDs\n`);
}, 120_000);

describe('a poll that runs twice, or two at once, emits no task twice', () => {
	test('two polls at once from the same stored state: the new task comes out of one of them', async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		const trigger = new Trigger(newTask());
		await trigger.poll();
		await createTask('wanted once');
		advanceDate(MINUTE);
		const stored = trigger.staticData;
		const both = await Promise.all([1, 2].map(() => pollTrigger(bench.store, newTask(), { aiccApi: bench.credential }, stored)));
		expect(both.flatMap(titlesOf)).toEqual(['wanted once']);
	});

	test('a poll run again from the state its first run started from (a retried task, a save that did not land) emits nothing again', async () => {
		fakeDateAt('2026-12-01T08:00:00Z');
		await start();
		const created = new Trigger(newTask());
		const completed = new Trigger(reachedStatus('Completed'));
		await created.poll();
		const taskId = await createTask('wanted once');
		await completed.poll();
		setStatus(taskId, 'Completed');
		advanceDate(MINUTE);
		for (const trigger of [created, completed]) {
			const stored = trigger.staticData;
			expect(titlesOf(await pollTrigger(bench.store, trigger.parameters, { aiccApi: bench.credential }, stored))).toEqual(['wanted once']);
			expect(titlesOf(await pollTrigger(bench.store, trigger.parameters, { aiccApi: bench.credential }, stored))).toEqual([]);
		}
		// A task that leaves the status and reaches it again is news again.
		setStatus(taskId, 'Processing');
		advanceDate(MINUTE);
		await completed.poll();
		await completed.poll();
		setStatus(taskId, 'Completed');
		advanceDate(MINUTE);
		expect(await completed.poll()).toEqual(['wanted once']);
	});
});

test("the state main's trigger kept carries over: an upgrade emits what is new, and nothing old", async () => {
	fakeDateAt('2026-12-01T08:00:00Z');
	await start();
	await createTask('emitted before the upgrade');
	// Older than the previous version's 60 s overlap, so that its state no longer held this task's ID.
	advanceDate(90_000);
	const old = await createTask('in the last overlap');
	const windowEnd = new Date().toISOString().slice(0, 19).replace('T', ' ');
	const trigger = new Trigger(newTask());
	trigger.staticData = { 'node:AICC Trigger': { state: { event: 'newTask', windowEnd, seen: { [old]: windowEnd } } } };
	advanceDate(30_000);
	await createTask('after the upgrade');
	advanceDate(30_000);
	expect(await trigger.poll()).toEqual(['after the upgrade']);
	advanceDate(MINUTE);
	expect(await trigger.poll()).toEqual([]);
});
