// n8n in queue mode: PostgreSQL, Redis, one main and two workers, our packed package in every process's
// .n8n/nodes. A production webhook creates one EIAM to-do per call; the executions run on the workers.
import { parse } from 'flatted';

import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import { ensureN8n } from '../support/n8n/install';
import { executionsRunBy, fireWebhooks, startQueueCluster, type QueueCluster } from '../support/n8n/queue';
import { N8N_TARGETS } from '../support/n8n/targets';
import { APPROVAL_HOOK, APPROVAL_WORKFLOW_ID, approvalWorkflow } from './approval-workflow';
import { CREDENTIALS, credentialsFor, QUEUE_WEBHOOK, queueWebhookWorkflow } from '../support/n8n/workflows';

const MINUTE = 60_000;
const CALLS = 200;
const EIAM_TOKEN = '/api/v2/tenant/token';
const EIAM_CREATE = '/api/v2/tenant/todo/task';

// Queue mode runs on the n8n release for this machine's Node.js (2.8.4), to keep the suite's time down.
const target = N8N_TARGETS.find((candidate) => candidate.node === 'system');
const describeQueue = target ? describe : describe.skip;

/** Polls until check() returns a value, or fails after timeoutMs saying what it last saw. */
async function eventually<T>(check: () => Promise<T | undefined>, describeState: () => Promise<string>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) return value;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`gave up after ${timeoutMs / 1000} s: ${await describeState()}`);
}

describeQueue(`n8n ${target?.version} in queue mode: main + webhook processor + 2 workers, PostgreSQL, Redis`, () => {
	let pack: PackResult;
	let emulator: Emulator;
	let cluster: QueueCluster;
	let webhookUrl: string;

	beforeAll(async () => {
		pack = packPackage();
		const install = await ensureN8n(target!);
		emulator = await startEmulator();
		cluster = await startQueueCluster(install, {
			workers: 2,
			tarball: pack.tarball,
			// Resume links point at the webhook processor (WEBHOOK_URL): Create and Wait for Approval's page is served there.
			webhookProcessor: true,
			prepare: async (main) => {
				// The client-credentials credential starts without a token.
				await main.importJson('credentials', credentialsFor(emulator));
				await main.importJson('workflow', queueWebhookWorkflow());
				await main.cli(['publish:workflow', `--id=${QUEUE_WEBHOOK.workflowId}`]);
				await main.importJson('workflow', approvalWorkflow());
				await main.cli(['publish:workflow', `--id=${APPROVAL_WORKFLOW_ID}`]);
			},
		});
		webhookUrl = `${cluster.main.url}/webhook/${QUEUE_WEBHOOK.path}`;
	}, 20 * MINUTE);

	afterAll(async () => {
		await cluster?.stop();
		await emulator?.stop();
		pack?.cleanup();
	});

	const createdExternalIds = () => emulator.requestsTo('POST', EIAM_CREATE).map((entry) => (JSON.parse(entry.body) as { external_id: string }).external_id);
	const finished = async (count: number) => {
		const byStatus = await cluster.executionsByStatus(QUEUE_WEBHOOK.workflowId);
		const done = (byStatus.success ?? 0) + (byStatus.error ?? 0) + (byStatus.crashed ?? 0);
		return done >= count ? byStatus : undefined;
	};
	const state = async () => `executions ${JSON.stringify(await cluster.executionsByStatus(QUEUE_WEBHOOK.workflowId))}, creates at the emulator ${createdExternalIds().length}`;

	test('the first execution obtains the token and stores it in the credential (PostgreSQL)', async () => {
		expect(await fireWebhooks(webhookUrl, [{ externalId: 'queue-warm-up' }], 1)).toEqual([200]);
		expect(await eventually(() => finished(1), state, 2 * MINUTE)).toEqual({ success: 1 });
		expect(createdExternalIds()).toEqual(['queue-warm-up']);
		const tokenRequests = emulator.requestsTo('POST', EIAM_TOKEN);
		expect(tokenRequests).toHaveLength(1);
		const issued = (tokenRequests[0].response as { access_token: string }).access_token;
		expect((await cluster.main.credentialData(CREDENTIALS.eiamClient.id)).sessionToken).toBe(issued);
	}, 5 * MINUTE);

	test(`${CALLS} webhook calls: each to-do created exactly once, on both workers, with the one stored token`, async () => {
		const externalIds = Array.from({ length: CALLS }, (_, n) => `queue-${n}`);
		const statuses = await fireWebhooks(
			webhookUrl,
			externalIds.map((externalId) => ({ externalId })),
			20,
		);
		expect(statuses.filter((status) => status !== 200)).toEqual([]);
		const byStatus = await eventually(() => finished(CALLS + 1), state, 5 * MINUTE);
		expect(byStatus).toEqual({ success: CALLS + 1 });

		// Every external ID reached EIAM exactly once: none lost, none sent twice.
		const created = createdExternalIds().filter((id) => id !== 'queue-warm-up');
		expect(created).toHaveLength(CALLS);
		expect([...new Set(created)].sort()).toEqual([...externalIds].sort());
		expect(emulator.requestsTo('POST', EIAM_CREATE).filter((entry) => entry.status !== 200)).toEqual([]);

		// Both workers ran executions (their logs name each one), and no execution ran on both.
		const [first, second] = cluster.workers.map(executionsRunBy);
		expect(first.length).toBeGreaterThan(0);
		expect(second.length).toBeGreaterThan(0);
		expect(first.filter((id) => second.includes(id))).toEqual([]);
		const stored = (await cluster.postgres.query(`SELECT id FROM execution_entity WHERE "workflowId" = '${QUEUE_WEBHOOK.workflowId}'`)).map(([id]) => id);
		expect([...first, ...second].sort()).toEqual([...stored].sort());
		process.stderr.write(`[queue e2e] executions per worker: ${first.length} and ${second.length}\n`);

		// No worker asked for a token of its own: both read the one the warm-up stored in PostgreSQL.
		expect(emulator.requestsTo('POST', EIAM_TOKEN)).toHaveLength(1);
	}, 10 * MINUTE);

	test('Create and Wait for Approval: the page from the webhook processor, Approve resumes on a worker with the decision and one PUT', async () => {
		const externalId = 'queue-approval';
		const started = await fetch(`${cluster.main.url}/webhook/${APPROVAL_HOOK}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ externalId, title: 'Approve in queue mode', amount: 5, limitMinutes: 60 }),
		});
		expect(started.status).toBe(200);
		const waiting = async () => ((await cluster.executionsByStatus(APPROVAL_WORKFLOW_ID)).waiting === 1 ? true : undefined);
		const approvalState = async () => `executions ${JSON.stringify(await cluster.executionsByStatus(APPROVAL_WORKFLOW_ID))}`;
		await eventually(waiting, approvalState, 2 * MINUTE);
		const todo = [...emulator.eiam.todos.values()].find((record) => record.external_id === externalId)!;
		const link = todo.detail_url.web_url;
		expect(new URL(link).origin).toBe(cluster.webhookProcessor!.url);

		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Approve in queue mode');
		expect(await cluster.executionsByStatus(APPROVAL_WORKFLOW_ID)).toEqual({ waiting: 1 });

		const approved = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'decision=approve' });
		expect(approved.status).toBe(200);
		expect(await approved.text()).toContain('Approved. Thank you');
		const done = async () => ((await cluster.executionsByStatus(APPROVAL_WORKFLOW_ID)).success === 1 ? true : undefined);
		await eventually(done, approvalState, 2 * MINUTE);
		const [[executionId]] = await cluster.postgres.query(`SELECT id FROM execution_entity WHERE "workflowId" = '${APPROVAL_WORKFLOW_ID}'`);
		const [[data]] = await cluster.postgres.query(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
		const runData = (parse(data) as { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } }).resultData.runData;
		expect(runData['Ask for Approval'][0].data.main[0][0].json).toMatchObject({ approved: true, decision: 'approve', todoId: todo.id, externalId, todoMarkedDone: true });
		expect(emulator.requestsTo('PUT', `/api/v2/tenant/todo/task/${todo.id}/todoStatus`)).toHaveLength(1);
		expect(cluster.workers.flatMap(executionsRunBy)).toContain(String(executionId));
	}, 5 * MINUTE);
});
