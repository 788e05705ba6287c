// Create and Wait for Approval in real n8n (2.8.4 and 2.41.1), one `n8n start` per release with WEBHOOK_URL
// on 127.0.0.1: the to-do's detail_url read from the emulator, driven by an HTTP client and by Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'flatted';

import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import { launchBrowser } from '../support/n8n/browser';
import { ensureN8n } from '../support/n8n/install';
import { N8nInstance } from '../support/n8n/n8n';
import { freePort } from '../support/n8n/ports';
import { N8nRest } from '../support/n8n/rest';
import { ARTIFACTS_DIR, N8N_TARGETS } from '../support/n8n/targets';
import { APPROVAL_HOOK as HOOK, APPROVAL_WORKFLOW_ID as WORKFLOW_ID, approvalWorkflow } from './approval-workflow';
import { credentialsFor, exampleWorkflows } from '../support/n8n/workflows';

const MINUTE = 60_000;
const EXAMPLE_ID = 'exampleApproval01';
const OWNER_ID = '10gg00000148QvgpaLAm';
const AICC_LIST = '/service/AICC__Case/1.0.0/openapi/task/list';

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>>;
interface Execution {
	id: string;
	status: string;
	runData: RunData;
}

const firstJson = (runData: RunData, node: string) => runData[node]?.[0]?.data?.main?.[0]?.[0]?.json;

let pack: PackResult;
beforeAll(() => {
	pack = packPackage();
});
afterAll(() => pack?.cleanup());

describe.each(N8N_TARGETS.map((target) => [target.version, target] as const))('n8n %s: Create and Wait for Approval', (version, target) => {
	let emulator: Emulator;
	let n8n: N8nInstance;
	let rest: N8nRest;
	let limitStarted = 0;
	/** The AICC task created after the example's baseline poll; the next poll emits it. */
	let exampleTaskId = '';

	async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 2 * MINUTE): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await check();
			if (value !== undefined && value !== false) return value;
			if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s; n8n logged:\n${n8n.log().slice(-3000)}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async function executions(workflowId: string): Promise<Execution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { body } = await rest.request<{ data: { results: Array<{ id: string; status: string }> } }>('GET', `/rest/executions?filter=${filter}`);
		return await Promise.all(
			body.data.results.map(async ({ id, status }) => {
				const detail = await rest.request<{ data: { data: string } }>('GET', `/rest/executions/${id}`);
				const data = parse(detail.body.data.data) as { resultData: { runData: RunData } };
				return { id, status, runData: data.resultData.runData };
			}),
		);
	}

	/** The webhook workflow's execution for an External ID. */
	async function executionFor(externalId: string): Promise<Execution | undefined> {
		return (await executions(WORKFLOW_ID)).find((execution) => (firstJson(execution.runData, 'Webhook')?.body as { externalId?: string })?.externalId === externalId);
	}

	const todoOf = (externalId: string) => [...emulator.eiam.todos.values()].find((todo) => todo.external_id === externalId);
	const statusPuts = (todoId: string) => emulator.requestsTo('PUT', `/api/v2/tenant/todo/task/${todoId}/todoStatus`).length;

	/** Starts an execution and returns the approval link EIAM stored for it. */
	async function ask(externalId: string, title = `Approve refund ${externalId}`, limitMinutes = 60): Promise<string> {
		const answer = await fetch(`${n8n.url}/webhook/${HOOK}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ externalId, title, amount: 120, limitMinutes }) });
		expect(answer.status).toBe(200);
		const todo = await until(`to-do ${externalId}`, () => todoOf(externalId));
		await until(`waiting execution for ${externalId}`, async () => (await executionFor(externalId))?.status === 'waiting');
		return todo.detail_url.web_url;
	}

	const post = async (link: string, fields: Record<string, string>) => {
		const response = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
		return { status: response.status, text: await response.text() };
	};

	async function finished(externalId: string): Promise<Execution> {
		return await until(`finished execution for ${externalId}`, async () => {
			const execution = await executionFor(externalId);
			return execution && !['waiting', 'running', 'new'].includes(execution.status) ? execution : undefined;
		});
	}

	beforeAll(async () => {
		const install = await ensureN8n(target);
		emulator = await startEmulator();
		const port = await freePort();
		n8n = new N8nInstance(install, { env: { WEBHOOK_URL: `http://127.0.0.1:${port}/` } });
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentialsFor(emulator));
		// One import for both: every n8n CLI call costs seconds.
		await n8n.importJson('workflow', [approvalWorkflow(), exampleWorkflows().find((workflow) => workflow.id === EXAMPLE_ID)]);
		await n8n.cli(['publish:workflow', `--id=${WORKFLOW_ID}`]);
		await n8n.cli(['publish:workflow', `--id=${EXAMPLE_ID}`]);
		await n8n.start(port);
		rest = new N8nRest(n8n.url);
		await rest.setUpOwner();
		// The one-minute limit and the example's next poll run beside the other cases; their tests come last.
		limitStarted = Date.now();
		await ask(`limit-${version}`, 'Nobody answers this one', 1);
		await until('the baseline poll', () => emulator.requestsTo('POST', AICC_LIST).length >= 1, 1.5 * MINUTE);
		const created = await fetch(`${emulator.url}/service/AICC__Case/1.0.0/openapi/task`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'access-token': emulator.issueToken('aicc') },
			body: JSON.stringify({ taskInfo: { title: 'Example approval task', ownerId: OWNER_ID, creatorId: OWNER_ID } }),
		});
		exampleTaskId = ((await created.json()) as { result: { taskId: string } }).result.taskId;
	}, 20 * MINUTE);

	afterAll(async () => {
		await n8n?.remove();
		await emulator?.stop();
	});

	test('GET shows the escaped page and the execution stays waiting; a tampered link is refused; Approve in Chromium resumes with one PUT; a replay changes nothing', async () => {
		const externalId = `approve-${version}`;
		const link = await ask(externalId, '<script>alert("x")</script> Refund');
		expect(new URL(link).origin).toBe(n8n.url);
		const page = await fetch(link);
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Refund');
		expect(html).not.toContain('<script');
		expect(html).toContain('<form method="post">');
		expect((await executionFor(externalId))?.status).toBe('waiting');

		const tampered = new URL(link);
		tampered.searchParams.set('todo', `limit-${version}`);
		expect((await post(tampered.toString(), { decision: 'approve' })).status).toBe(401);
		const unsigned = new URL(link);
		unsigned.searchParams.delete('signature');
		expect((await post(unsigned.toString(), { decision: 'approve' })).status).toBe(401);
		const todo = todoOf(externalId)!;
		expect(statusPuts(todo.id)).toBe(0);
		expect((await executionFor(externalId))?.status).toBe('waiting');

		const browser = await launchBrowser();
		try {
			const tab = await (await browser.newContext({ viewport: { width: 760, height: 560 } })).newPage();
			await tab.goto(link);
			await tab.getByRole('button', { name: 'Approve' }).waitFor();
			await tab.locator('textarea[name="comment"]').fill('Looks right');
			// Beside the editor's screenshots, where npm run docs:images takes README's pictures from.
			const folder = join(ARTIFACTS_DIR, `n8n-${version}`);
			mkdirSync(folder, { recursive: true });
			await tab.screenshot({ path: join(folder, 'approval-page.png') });
			await tab.getByRole('button', { name: 'Approve' }).click();
			await tab.getByText('Approved. Thank you').waitFor({ timeout: 30_000 });
		} finally {
			await browser.close();
		}
		const execution = await finished(externalId);
		expect(execution.status).toBe('success');
		expect(firstJson(execution.runData, 'Ask for Approval')).toEqual({
			approved: true,
			decision: 'approve',
			comment: 'Looks right',
			respondedAt: expect.any(String),
			todoId: todo.id,
			externalId,
			todoMarkedDone: true,
		});
		expect(statusPuts(todo.id)).toBe(1);
		expect(todoOf(externalId)?.deal).toBe(true);

		const replay = await post(link, { decision: 'decline' });
		expect(replay.text).not.toMatch(/Declined/);
		expect(statusPuts(todo.id)).toBe(1);
		expect((await executionFor(externalId))?.runData).toEqual(execution.runData);
	});

	test('Decline from an HTTP client resumes with approved: false', async () => {
		const externalId = `decline-${version}`;
		const link = await ask(externalId);
		const declined = await post(link, { decision: 'decline', comment: 'Not this month' });
		expect(declined.status).toBe(200);
		expect(declined.text).toContain('Declined. Thank you');
		const execution = await finished(externalId);
		expect(firstJson(execution.runData, 'Ask for Approval')).toMatchObject({ approved: false, decision: 'decline', comment: 'Not this month', todoMarkedDone: true });
		expect(statusPuts(todoOf(externalId)!.id)).toBe(1);
	});

	test('simultaneous POSTs: one decision, at most one PUT', async () => {
		const externalId = `race-${version}`;
		const link = await ask(externalId);
		const decisions = ['approve', 'decline', 'approve', 'decline'];
		const answers = await Promise.all(decisions.map((decision) => post(link, { decision })));
		const execution = await finished(externalId);
		const output = firstJson(execution.runData, 'Ask for Approval') as { decision: string };
		expect(['approve', 'decline']).toContain(output.decision);
		expect(execution.runData['Ask for Approval']).toHaveLength(1);
		const said = output.decision === 'approve' ? 'Approved' : 'Declined';
		const other = output.decision === 'approve' ? 'Declined' : 'Approved';
		for (const answer of answers) expect(answer.text).not.toContain(other);
		expect(answers.filter((answer) => answer.status === 200 && answer.text.includes(said)).length).toBeGreaterThanOrEqual(1);
		expect(statusPuts(todoOf(externalId)!.id)).toBeLessThanOrEqual(1);
		process.stderr.write(`[approval e2e ${version}] simultaneous POSTs answered ${answers.map((answer) => answer.status).join(', ')}\n`);
	});

	test("README's example: a new AICC task, its owner approves in the EIAM inbox, the task goes to Processing", async () => {
		const taskId = exampleTaskId;
		const todo = await until('the example to-do', () => todoOf(`aicc-approval-${taskId}`), 2 * MINUTE);
		expect(todo.title).toBe('Approve AICC task: Example approval task');
		await until('the example waiting', async () => (await executions(EXAMPLE_ID)).some((execution) => execution.status === 'waiting'));
		expect((await post(todo.detail_url.web_url, { decision: 'approve' })).status).toBe(200);
		const execution = await until('the example finished', async () => (await executions(EXAMPLE_ID)).find((run) => run.status === 'success' && run.runData['Start Processing']));
		expect(firstJson(execution.runData, 'Start Processing')).toMatchObject({ taskId, status: 'Processing' });
		expect(execution.runData['Transfer to the Team Lead']).toBeUndefined();
		expect(emulator.aicc.tasks.get(taskId)?.status).toBe('Processing');
		expect(statusPuts(todo.id)).toBe(1);
	});

	test('after a one-minute limit the input item passes through, with no PUT', async () => {
		const externalId = `limit-${version}`;
		const execution = await finished(externalId);
		expect(Date.now() - limitStarted).toBeGreaterThanOrEqual(55_000);
		expect(execution.status).toBe('success');
		expect(firstJson(execution.runData, 'Ask for Approval')).toEqual(firstJson(execution.runData, 'Webhook'));
		expect(statusPuts(todoOf(externalId)!.id)).toBe(0);
		expect(todoOf(externalId)?.deal).toBe(false);
	}, 4 * MINUTE);
});
