// The AICC Trigger under n8n's durable scheduler (2.41.1: off by default; on by default from 2.45): polls
// run from the database's task queue, each on a Workflow loaded afresh from the database, and with durable
// cursors the trigger's memory lives in poller_state, written with the execution in one transaction.
// AICC stamps in UTC while the workflow reads Asia/Shanghai, so the window must rest on AICC's own stamps.
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import { ensureN8n } from '../support/n8n/install';
import { N8nInstance } from '../support/n8n/n8n';
import { N8nRest } from '../support/n8n/rest';
import { run } from '../support/n8n/run';
import { N8N_TARGETS } from '../support/n8n/targets';
import { credentialsFor, triggerWorkflow } from '../support/n8n/workflows';

const MINUTE = 60_000;
const OWNER_ID = '10gg00000148QvgpaLAm';
const LIST = '/service/AICC__Case/1.0.0/openapi/task/list';

const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	// The scheduler's "handed off to a new execution" line is a debug line: it shows which path ran the poll.
	N8N_LOG_LEVEL: 'debug',
};

const target = N8N_TARGETS.find((candidate) => candidate.version === '2.41.1');
const describeDurable = target ? describe : describe.skip;

describeDurable(`n8n ${target?.version} with the durable scheduler and durable cursors`, () => {
	let pack: PackResult;
	let emulator: Emulator;
	let n8n: N8nInstance;
	let rest: N8nRest;

	const listCalls = () => emulator.requestsTo('POST', LIST).length;
	async function createTask(title: string): Promise<string> {
		const answer = await fetch(`${emulator.url}/service/AICC__Case/1.0.0/openapi/task`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'access-token': emulator.issueToken('aicc') },
			body: JSON.stringify({ taskInfo: { title, ownerId: OWNER_ID, creatorId: OWNER_ID } }),
		});
		return ((await answer.json()) as { result: { taskId: string } }).result.taskId;
	}
	async function until(what: string, holds: () => Promise<boolean> | boolean, timeoutMs = 2.5 * MINUTE) {
		const deadline = Date.now() + timeoutMs;
		while (!(await holds())) {
			if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s; n8n logged:\n${n8n.log().slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 1_000));
		}
	}
	async function executions(): Promise<string[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: triggerWorkflow().id }));
		const { body } = await rest.request<{ data: { results: Array<{ id: string }> } }>('GET', `/rest/executions?filter=${filter}`);
		return body.data.results.map((execution) => execution.id);
	}

	/** poller_state's rows, read from n8n's SQLite file with the Node.js n8n runs on (node:sqlite). */
	async function pollerState(): Promise<Array<{ nodeId: string; cursor: string }>> {
		const read = "const { DatabaseSync } = require('node:sqlite'); console.log(JSON.stringify(new DatabaseSync(process.argv[1]).prepare('SELECT nodeId, cursor FROM poller_state').all()))";
		const database = join(n8n.userFolder, '.n8n', 'database.sqlite');
		const { stdout } = await run(n8n.install.nodeBin, ['-e', read, database], { timeoutMs: MINUTE, check: true });
		return JSON.parse(stdout) as Array<{ nodeId: string; cursor: string }>;
	}

	beforeAll(async () => {
		pack = packPackage();
		const install = await ensureN8n(target!);
		emulator = await startEmulator({ aicc: { timezone: 'UTC' } });
		n8n = new N8nInstance(install, { env: DURABLE });
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentialsFor(emulator));
		await n8n.importJson('workflow', triggerWorkflow());
		await n8n.cli(['publish:workflow', `--id=${triggerWorkflow().id}`]);
		await createTask('Durable: before the start');
		await n8n.start();
		rest = new N8nRest(n8n.url);
		await rest.setUpOwner();
	}, 15 * MINUTE);

	afterAll(async () => {
		await n8n?.remove();
		await emulator?.stop();
		pack?.cleanup();
	});

	test('each task created while active comes out once, in one execution, whatever AICC stamps in; polls after it emit nothing again', async () => {
		// The first poll sets the baseline (the task from before the start is not news); tasks created while
		// it still reads would count as old, so the new ones wait for its end.
		const handedOff = (outcome: string) => n8n.log().split('\n').filter((line) => line.includes(`Poll returned ${outcome}`)).length;
		await until('baseline poll', () => handedOff('no new data') > 0);
		const baselineCalls = listCalls();
		const first = await createTask('Durable: first');
		const second = await createTask('Durable: second');
		await until('execution for the new tasks', async () => (await executions()).length > 0);
		const [id] = await executions();
		const text = JSON.stringify((await rest.request('GET', `/rest/executions/${id}`)).body);
		expect(text).toContain(first);
		expect(text).toContain(second);
		expect(text).not.toContain('Durable: before the start');
		// AICC stamps UTC, the workflow reads Asia/Shanghai: said once, on the execution's first item.
		expect(text).toContain('aiccTriggerWarning');
		expect(listCalls()).toBeGreaterThan(baselineCalls);
		// The next poll reads the window again from the memory the durable cursor kept: nothing new.
		const quiet = handedOff('no new data');
		await until('the next poll', () => handedOff('no new data') > quiet);
		expect(await executions()).toEqual([id]);
		// The durable path ran the polls (the legacy one logs no such lines).
		expect(handedOff('new data; handed off to a new execution')).toBe(1);
		// With durable cursors the trigger's memory is poller_state's cursor, not the workflow's static data.
		const [row] = await pollerState();
		const { state } = JSON.parse(row.cursor) as { state: { version: number; event: string; seen: Record<string, number> } };
		expect(state).toMatchObject({ version: 2, event: 'newTask' });
		expect(Object.keys(state.seen)).toEqual(expect.arrayContaining([first, second]));
	}, 8 * MINUTE);
});
