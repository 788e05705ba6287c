// Queue-mode throughput: n8n main + 1 or 2 workers (PostgreSQL, Redis), a production webhook whose every
// call is one execution creating one EIAM to-do, against the emulator in its own process.
//
// Why many calls of one item and not one call of many items: queue mode spreads *executions* over workers;
// one call carrying N items is one execution on one worker (our node's Items per Batch works inside it),
// so it would measure the same thing with 1 or 2 workers.
//
// `npm run bench:queue` runs only this and replaces the queue section of BENCHMARKS.md;
// `npm run bench` keeps this section as it finds it in BENCHMARKS.md (queueSection).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { ensureN8n, type N8nInstall } from '../support/n8n/install';
import { executionsRunBy, fireWebhooks, startQueueCluster, type QueueCluster } from '../support/n8n/queue';
import { N8N_TARGETS, ROOT } from '../support/n8n/targets';
import { CREDENTIALS, QUEUE_WEBHOOK, queueWebhookWorkflow } from '../support/n8n/workflows';
import { DEMO_CLIENTS } from '../emulator/server';
import { packPackage } from '../support/scan';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';

const CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 1000);
const RUNS = Number(process.env.BENCH_QUEUE_RUNS ?? 3);
/** Webhook calls in flight at once from the load generator. */
const IN_FLIGHT = 50;
/** Calls at once in the cold start, when the credential has no token yet. */
const COLD_CALLS = 20;
const WORKER_COUNTS = [1, 2];
const SECTION = '## Queue mode';

const log = (message: string) => process.stderr.write(`[bench queue] ${message}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface QueueRun {
	itemsPerSecond: number;
	/** How fast main accepted the calls (answered 200 and enqueued). */
	acceptedPerSecond: number;
	perWorker: number[];
	tokenRequests: number;
	failed: number;
	/** CPU milliseconds per execution: main, and all workers together (task runners included). */
	mainCpuMs: number;
	workersCpuMs: number;
	/** The machine's 1-minute load average at the end of the run (other work on it included). */
	load: number;
}

/** The median of the runs; perWorker, tokenRequests and failed summed over them. */
export interface QueueRow extends QueueRun {
	workers: number;
}

/** CPU seconds used so far by the processes of one process group (an n8n process and its task runner). */
function groupCpuSeconds(pgid: number): number {
	let ticks = 0;
	for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// the process ended meanwhile
		}
	}
	return ticks / 100;
}

export interface QueueResult {
	rows: QueueRow[];
	coldTokenRequests: number;
	markdown: string;
}

/** Fires `calls` webhook calls and waits until as many new to-dos are at the emulator. */
async function fireAndWait(cluster: QueueCluster, emulator: EmulatorProcess, prefix: string, calls: number, inFlight: number): Promise<{ started: number; accepted: number; done: number }> {
	const before = (await emulator.stats()).eiamTodos;
	const url = `${cluster.main.url}/webhook/${QUEUE_WEBHOOK.path}`;
	const bodies = Array.from({ length: calls }, (_, n) => ({ externalId: `${prefix}-${n}` }));
	const started = Date.now();
	const statuses = await fireWebhooks(url, bodies, inFlight);
	const accepted = Date.now();
	const refused = statuses.filter((status) => status !== 200).length;
	if (refused) throw new Error(`${refused} of ${calls} webhook calls were not answered 200`);
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		const todos = (await emulator.stats()).eiamTodos - before;
		if (todos >= calls) return { started, accepted, done: Date.now() };
		if (Date.now() > deadline) throw new Error(`only ${todos} of ${calls} to-dos arrived within 10 minutes: ${JSON.stringify(await cluster.executionsByStatus(QUEUE_WEBHOOK.workflowId))}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function measureRun(cluster: QueueCluster, emulator: EmulatorProcess, label: string): Promise<QueueRun> {
	const ranBefore = cluster.workers.map((worker) => executionsRunBy(worker).length);
	const failedBefore = (await cluster.executionsByStatus(QUEUE_WEBHOOK.workflowId)).error ?? 0;
	await emulator.reset();
	const workersCpu = () => cluster.workers.reduce((sum, worker) => sum + groupCpuSeconds(worker.pid), 0);
	const cpuBefore = { main: groupCpuSeconds(cluster.main.pid), workers: workersCpu() };
	const { started, accepted, done } = await fireAndWait(cluster, emulator, label, CALLS, IN_FLIGHT);
	const cpuMs = { main: ((groupCpuSeconds(cluster.main.pid) - cpuBefore.main) * 1000) / CALLS, workers: ((workersCpu() - cpuBefore.workers) * 1000) / CALLS };
	const failed = ((await cluster.executionsByStatus(QUEUE_WEBHOOK.workflowId)).error ?? 0) - failedBefore;
	return {
		load: loadavg()[0],
		mainCpuMs: cpuMs.main,
		workersCpuMs: cpuMs.workers,
		itemsPerSecond: (CALLS / (done - started)) * 1000,
		acceptedPerSecond: (CALLS / (accepted - started)) * 1000,
		perWorker: cluster.workers.map((worker, index) => executionsRunBy(worker).length - ranBefore[index]),
		tokenRequests: (await emulator.stats()).tokenRequests,
		failed,
	};
}

function markdown(result: Omit<QueueResult, 'markdown'>, version: string): string {
	const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
	return [
		SECTION,
		'',
		`Made by \`npm run bench:queue\` (or \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)} at commit ${commit}; ${cpus().length} CPUs shared by everything below.`,
		`n8n ${version} in queue mode: \`n8n start\` (main: webhooks, enqueues) and 1 or 2 \`n8n worker\` (concurrency 10 each), PostgreSQL (fsync off) and Redis,`,
		`the emulator in its own process. The workflow is Webhook (respond immediately) → our EIAM node, To-Do Create, Client Credentials;`,
		`${CALLS} webhook calls per run, ${IN_FLIGHT} in flight, each one execution creating one to-do.`,
		'items/s = to-dos ÷ wall clock from the first call to the last to-do at the emulator. One call carrying many items would be',
		'one execution on one worker: queue mode spreads executions, not the items of one execution.',
		`The machine's 1-minute load average at the end of the runs was at most ${Math.max(...result.rows.map((row) => row.load)).toFixed(1)} (other work on it included):`,
		'with every core busy, a second worker adds no CPU, only another process competing for it.',
		'',
		`| workers | items/s (median of ${RUNS}) | calls accepted by main/s | CPU per execution: main | CPU per execution: workers | executions per worker (all runs) | token requests (all runs) | failed executions |`,
		'|---|---|---|---|---|---|---|---|',
		...result.rows.map(
			(row) =>
				`| ${row.workers} | ${row.itemsPerSecond.toFixed(0)} | ${row.acceptedPerSecond.toFixed(0)} | ${row.mainCpuMs.toFixed(1)} ms | ${row.workersCpuMs.toFixed(1)} ms | ${row.perWorker.join(' + ')} | ${row.tokenRequests} | ${row.failed} |`,
		),
		'',
		`Token requests: the credential starts without a token; the cold start (${COLD_CALLS} calls at once on 1 worker) asked for ${result.coldTokenRequests}`,
		'(executions that start together each find no token), after which every execution on every worker used the token stored in the',
		'credential (PostgreSQL): the runs above asked for none.',
		'',
	].join('\n');
}

/** The queue-mode rows of the benchmark: 1 worker, then 2. */
export async function measureQueue(install: N8nInstall, tarball: string): Promise<QueueResult> {
	const emulator = await startEmulatorProcess(0);
	let cluster: QueueCluster | undefined;
	try {
		log('starting PostgreSQL, Redis, n8n main and 1 worker');
		cluster = await startQueueCluster(install, {
			workers: 1,
			tarball,
			prepare: async (main) => {
				// Client credentials, no token yet.
				await main.importJson('credentials', [{ ...CREDENTIALS.eiamClient, type: 'eiamApi', data: { domain: emulator.url, authentication: 'clientCredentials', ...DEMO_CLIENTS.eiam } }]);
				await main.importJson('workflow', queueWebhookWorkflow());
				await main.cli(['publish:workflow', `--id=${QUEUE_WEBHOOK.workflowId}`]);
			},
		});
		await emulator.reset();
		await fireAndWait(cluster, emulator, 'cold', COLD_CALLS, COLD_CALLS);
		const coldTokenRequests = (await emulator.stats()).tokenRequests;

		const rows: QueueRow[] = [];
		for (const workers of WORKER_COUNTS) {
			while (cluster.workers.length < workers) {
				log('starting one more worker');
				await cluster.addWorker();
				// Warm the new worker (node types loaded, code compiled) before measuring.
				await fireAndWait(cluster, emulator, `warm-${workers}`, 4 * IN_FLIGHT, IN_FLIGHT);
			}
			const runs: QueueRun[] = [];
			for (let run = 0; run < RUNS; run++) {
				log(`${workers} worker(s), run ${run + 1} of ${RUNS}: ${CALLS} webhook calls`);
				runs.push(await measureRun(cluster, emulator, `w${workers}-r${run}`));
			}
			rows.push({
				workers,
				itemsPerSecond: median(runs.map((run) => run.itemsPerSecond)),
				acceptedPerSecond: median(runs.map((run) => run.acceptedPerSecond)),
				perWorker: cluster.workers.map((_, index) => runs.reduce((sum, run) => sum + run.perWorker[index], 0)),
				tokenRequests: runs.reduce((sum, run) => sum + run.tokenRequests, 0),
				failed: runs.reduce((sum, run) => sum + run.failed, 0),
				mainCpuMs: median(runs.map((run) => run.mainCpuMs)),
				workersCpuMs: median(runs.map((run) => run.workersCpuMs)),
				load: Math.max(...runs.map((run) => run.load)),
			});
		}
		const result = { rows, coldTokenRequests };
		return { ...result, markdown: markdown(result, install.target.version) };
	} finally {
		await cluster?.stop();
		await emulator.stop();
	}
}

/** The queue section of a BENCHMARKS.md text, for `npm run bench`, which rewrites every other section. */
export function queueSection(current: string): string {
	const start = current.indexOf(`${SECTION}\n`);
	if (start < 0) return `${SECTION}\n\nNot measured yet: \`npm run bench:queue\` writes this section.\n`;
	const end = current.indexOf('\n## ', start + SECTION.length);
	return end < 0 ? current.slice(start) : current.slice(start, end + 1);
}

/** Replaces the queue section of BENCHMARKS.md (or appends it), leaving the other sections as they are. */
function writeSection(section: string): void {
	const file = join(ROOT, 'BENCHMARKS.md');
	const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const start = current.indexOf(`${SECTION}\n`);
	const end = start < 0 ? -1 : current.indexOf('\n## ', start + SECTION.length);
	const next = start < 0 ? `${current.trimEnd()}\n\n${section}` : `${current.slice(0, start)}${section}${end < 0 ? '' : `\n${current.slice(end + 1)}`}`;
	writeFileSync(file, next);
}

async function main(): Promise<void> {
	const install = await ensureN8n(N8N_TARGETS.find((target) => target.node === 'system') ?? N8N_TARGETS[0]);
	const pack = packPackage();
	try {
		const result = await measureQueue(install, pack.tarball);
		writeSection(result.markdown);
		console.log(result.markdown);
	} finally {
		pack.cleanup();
	}
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
