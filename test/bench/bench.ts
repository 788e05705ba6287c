// `npm run bench`: throughput of our nodes against the HTTP Request node in a real n8n, the emulator's
// own limit, and per-item cost in-process. Prints a table and writes BENCHMARKS.md. See README.md.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import { ensureN8n } from '../e2e/tooling/install';
import { N8nInstance } from '../e2e/tooling/n8n';
import { N8N_TARGETS, ROOT } from '../e2e/tooling/targets';
import { packPackage } from '../package/scan';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
import { measureInProcess, type InProcessResult } from './in-process';
import { measureQueue } from './queue';
import { benchCredentials, benchWorkflow, TARGET_NODE, VARIANTS, type Variant, type Vendor } from './workflows';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IN_PROCESS_ITEMS = Number(process.env.BENCH_IN_PROCESS_ITEMS ?? 10000);
const DELAYS = process.env.BENCH_DELAYS ? process.env.BENCH_DELAYS.split(',').map(Number) : [0, 20];
/** Variant IDs (bencheiamoursdefault, bencheiamhttp10…) to run; all when unset. A partial run prints its table without writing BENCHMARKS.md. */
const SELECTED = process.env.BENCH_VARIANTS?.split(',');
const SELECTED_VARIANTS = SELECTED ? VARIANTS.filter((variant) => SELECTED.includes(variant.id)) : VARIANTS;
const PARTIAL = Boolean(SELECTED || process.env.BENCH_DELAYS);

const commit = () => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** The emulator's own limit for one create call: autocannon, 50 connections, 5 s, unique IDs per request. */
async function emulatorLimit(emulator: EmulatorProcess, vendor: Vendor): Promise<number> {
	const tokens = await emulator.tokens();
	let n = 0;
	const eiam = vendor === 'eiam';
	const result = await autocannon({
		url: eiam ? `${emulator.url}/api/v2/tenant/todo/task` : `${emulator.url}/service/AICC__Case/1.0.0/openapi/task`,
		connections: 50,
		duration: 5,
		method: 'POST',
		headers: eiam
			? { Authorization: `Bearer ${tokens.eiam}`, 'Content-Type': 'application/json; charset=utf-8' }
			: { 'access-token': tokens.aicc, 'Content-Type': 'application/json' },
		requests: [
			{
				setupRequest: (request) => {
					n++;
					const body = eiam
						? { title: `AC ${n}`, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: `ac-${Date.now()}-${n}`, detail_url: { web_url: 'https://e.com', mobile_url: 'https://e.com' } }
						: { taskInfo: { title: `AC ${n}`, ownerId: '10gg00000148QvgpaLAm', creatorId: '10gg00000148QvgpaLAm' } };
					return { ...request, body: JSON.stringify(body) };
				},
			},
		],
	});
	return result.requests.average;
}

interface RunFigures {
	itemsPerSecond: number;
	tokenRequests: number;
	maxInFlight: number;
	peakRssMb: number;
	errors: number;
}

/** Samples a process's resident memory until it exits; returns the highest value in MB. */
function sampleRss(pid: number): () => number {
	let peak = 0;
	const timer = setInterval(() => {
		try {
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
			peak = Math.max(peak, kb / 1024);
		} catch {
			clearInterval(timer);
		}
	}, 50);
	return () => {
		clearInterval(timer);
		return peak;
	};
}

async function runVariant(n8n: N8nInstance, emulator: EmulatorProcess, variant: Variant, credentials: unknown): Promise<RunFigures> {
	const runs: RunFigures[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Each run starts without a stored token, so that it shows how many token requests a run makes.
		if (variant.node === 'ours') await n8n.importJson('credentials', credentials);
		await emulator.reset();
		let peak: () => number = () => 0;
		const output = await n8n.execute(variant.id, (pid) => (peak = sampleRss(pid)));
		const peakRssMb = peak();
		const raw = output.raw as { data?: { resultData?: { runData?: Record<string, Array<{ executionTime: number }>> } } };
		const executionTime = raw.data?.resultData?.runData?.[TARGET_NODE]?.[0]?.executionTime ?? NaN;
		const stats = await emulator.stats();
		const items = output.nodes[TARGET_NODE] ?? [];
		runs.push({
			itemsPerSecond: (ITEMS / executionTime) * 1000,
			tokenRequests: stats.tokenRequests,
			maxInFlight: stats.maxInFlight,
			peakRssMb,
			errors: items.filter((item) => item.json.error !== undefined).length + (items.length === ITEMS ? 0 : ITEMS - items.length),
		});
	}
	return {
		itemsPerSecond: median(runs.map((run) => run.itemsPerSecond)),
		tokenRequests: Math.max(...runs.map((run) => run.tokenRequests)),
		maxInFlight: Math.max(...runs.map((run) => run.maxInFlight)),
		peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
		errors: runs.reduce((sum, run) => sum + run.errors, 0),
	};
}

interface Row {
	delayMs: number;
	vendor: Vendor;
	variant: Variant;
	figures: RunFigures;
	limit: number;
}

function label(variant: Variant): string {
	const who = variant.node === 'ours' ? `our ${variant.vendor.toUpperCase()} node` : 'HTTP Request node';
	return `${who}, ${variant.batchSize ? `Items per Batch ${variant.batchSize}` : 'default options'}`;
}

function table(rows: Row[]): string {
	const lines = [
		'| delay | API | node and options | items/s (median of ' + RUNS + ') | ours ÷ HTTP Request | ÷ emulator limit | token requests / run | max in flight | peak RSS (MB) | item errors |',
		'|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const row of rows) {
		const partner = rows.find((other) => other.delayMs === row.delayMs && other.vendor === row.vendor && other.variant.node === 'http' && other.variant.batchSize === row.variant.batchSize);
		const ratio = row.variant.node === 'ours' && partner ? (row.figures.itemsPerSecond / partner.figures.itemsPerSecond).toFixed(2) + '×' : '';
		lines.push(
			`| ${row.delayMs} ms | ${row.vendor.toUpperCase()} create | ${label(row.variant)} | ${row.figures.itemsPerSecond.toFixed(0)} | ${ratio} | ${(row.figures.itemsPerSecond / row.limit).toFixed(3)} | ${row.variant.node === 'ours' ? row.figures.tokenRequests : '–'} | ${row.figures.maxInFlight} | ${row.figures.peakRssMb.toFixed(0)} | ${row.figures.errors} |`,
		);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const target = N8N_TARGETS[0];
	const started = Date.now();
	const install = await ensureN8n(target);
	const pack = packPackage();
	const rows: Row[] = [];
	const limits: Array<{ delayMs: number; vendor: Vendor; requestsPerSecond: number }> = [];
	let inProcess: InProcessResult | undefined;

	for (const delayMs of DELAYS) {
		const emulator = await startEmulatorProcess(delayMs);
		const n8n = new N8nInstance(install);
		try {
			for (const vendor of (['eiam', 'aicc'] as const).filter((name) => SELECTED_VARIANTS.some((variant) => variant.vendor === name))) {
				log(`emulator limit, ${vendor}, delay ${delayMs} ms`);
				limits.push({ delayMs, vendor, requestsPerSecond: await emulatorLimit(emulator, vendor) });
			}
			await n8n.installPackage(pack.tarball);
			const credentials = benchCredentials(emulator.url, await emulator.tokens());
			await n8n.importJson('credentials', credentials);
			for (const variant of SELECTED_VARIANTS) await n8n.importJson('workflow', benchWorkflow(variant, emulator.url, ITEMS));
			for (const variant of SELECTED_VARIANTS) {
				log(`${label(variant)} (${variant.vendor}), delay ${delayMs} ms`);
				const figures = await runVariant(n8n, emulator, variant, credentials);
				const limit = limits.find((entry) => entry.delayMs === delayMs && entry.vendor === variant.vendor)?.requestsPerSecond ?? NaN;
				rows.push({ delayMs, vendor: variant.vendor, variant, figures, limit });
			}
			if (delayMs === 0 && IN_PROCESS_ITEMS > 0) {
				log(`in-process, ${IN_PROCESS_ITEMS} items`);
				inProcess = await measureInProcess(emulator, IN_PROCESS_ITEMS);
			}
		} finally {
			await n8n.remove();
			await emulator.stop();
		}
	}
	const queue = await measureQueue(install, pack.tarball);
	pack.cleanup();

	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, n8n ${target.version}`;
	const report = [
		'# Benchmarks',
		'',
		`Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${((Date.now() - started) / 60000).toFixed(0)} min) at commit ${commit()}. Machine: ${machine}.`,
		`Each row: a workflow that turns ${ITEMS} items into creates, run with \`n8n execute\` against the emulator in its own process;`,
		"items/s from the node's own execution time in the run data. The HTTP Request node sends the same body with a static header credential.",
		'',
		'## Emulator limit (autocannon, 50 connections, 5 s)',
		'',
		'| delay | API | requests/s |',
		'|---|---|---|',
		...limits.map((entry) => `| ${entry.delayMs} ms | ${entry.vendor.toUpperCase()} create | ${entry.requestsPerSecond.toFixed(0)} |`),
		'',
		'## In n8n',
		'',
		table(rows),
		'',
		'## In-process (n8n-core WorkflowExecute, no n8n start-up)',
		'',
		inProcess ? inProcess.markdown : 'not measured',
		'',
		queue.markdown,
	].join('\n');
	if (!PARTIAL) writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
	console.log(report);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
