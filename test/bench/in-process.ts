// Per-item cost of our node beyond the HTTP round trip, in one process with n8n-core's WorkflowExecute:
// our EIAM create against the same requests sent bare through n8n's httpRequest helper; and where the
// 20 ms rows' time goes, from a plain Node.js client through n8n's helper to our node.
import { request as httpRequest } from 'node:http';

import type { INodeParameters } from 'n8n-workflow';

import { CredentialStore, runNode } from '../support/harness';
import type { EmulatorProcess } from './emulator-process';
import { median } from './rounds';

export interface InProcessResult {
	markdown: string;
}

interface Measured {
	seconds: number;
	cpuMicrosPerItem: number;
	rssGrowthBytesPerItem: number;
	heapGrowthBytesPerItem: number;
	errors: number;
}

type Rows = Array<{ n: number }>;
type Run = (rows: Rows) => Promise<{ errors: number }>;

const rowsOf = (items: number): Rows => Array.from({ length: items }, (_, n) => ({ n }));

function collectGarbage(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function measure(items: number, run: Run): Promise<Measured> {
	const rows = rowsOf(items);
	collectGarbage();
	const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const { errors } = await run(rows);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	collectGarbage();
	const { rss: rssAfter, heapUsed: heapAfter } = process.memoryUsage();
	return {
		seconds,
		cpuMicrosPerItem: (cpu.user + cpu.system) / items,
		rssGrowthBytesPerItem: (rssAfter - rssBefore) / items,
		heapGrowthBytesPerItem: (heapAfter - heapBefore) / items,
		errors,
	};
}

/**
 * The EIAM create every in-process measurement runs: two expressions per item (Title and External ID), as
 * a user would map them; External IDs prefixed with `prefix` and unique per run, `inFlight` items at once.
 */
export function benchCreateParameters(prefix: string, inFlight: number): INodeParameters {
	return {
		resource: 'todo',
		operation: 'create',
		userName: 'zhangsan',
		title: '={{ "Bench " + $json.n }}',
		content: 'x',
		messageType: 'TEXT',
		deadline: '2026-12-05 12:00:00',
		externalId: `={{ "${prefix}-" + $json.n + "-" + $runIndex + "-" + Date.now() }}`,
		webUrl: 'https://e.com',
		mobileUrl: 'https://e.com',
		options: { batching: { batch: { batchSize: inFlight, batchInterval: 0 } } },
	};
}

/** The three clients of one emulator: our EIAM node, n8n's bare httpRequest helper, and plain Node.js http. */
async function clientsOf(emulator: EmulatorProcess) {
	const store = new CredentialStore();
	const credential = store.add({ id: 'bench', name: 'bench', type: 'eiamApi', data: { domain: emulator.url, authentication: 'clientCredentials', clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' } });
	const { eiam: token } = await emulator.tokens();
	const url = `${emulator.url}/api/v2/tenant/todo/task`;
	const countErrors = (result: Awaited<ReturnType<typeof runNode>>, items: number) => (result.error ? items : result.items.filter((item) => item.json.error).length);
	const ours =
		(inFlight = 10): Run =>
		async (rows) => ({
			errors: countErrors(
				await runNode(
					store,
					{
						type: 'n8n-nodes-aicc-eiam.eiam',
						credentials: { eiamApi: credential },
						parameters: benchCreateParameters('inproc', inFlight),
					},
					rows,
				),
				rows.length,
			),
		});
	const bare =
		(inFlight = 10, reading: 'axios' | 'ours' = 'axios'): Run =>
		async (rows) => ({ errors: countErrors(await runNode(store, { type: 'test.bareEiamCreate', parameters: { url, token, inFlight, reading }, credentials: {} }, rows), rows.length) });
	/** Node.js's own http client, a new connection per request as n8n's helper makes one: the round trip no n8n node can beat. */
	const plain =
		(inFlight: number): Run =>
		async (rows) => {
			let next = 0;
			let errors = 0;
			const one = (n: number) =>
				new Promise<void>((resolve) => {
					const body = JSON.stringify({ title: `Bench ${n}`, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: `plain-${Date.now()}-${n}`, detail_url: { web_url: 'https://e.com', mobile_url: 'https://e.com' } });
					const sent = httpRequest(url, { method: 'POST', agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } }, (response) => {
						if (response.statusCode !== 200) errors++;
						response.resume();
						response.on('end', resolve);
					});
					sent.on('error', () => {
						errors++;
						resolve();
					});
					sent.end(body);
				});
			const worker = async () => {
				while (next < rows.length) await one(rows[next++].n);
			};
			await Promise.all(Array.from({ length: inFlight }, worker));
			return { errors };
		};
	return { ours, bare, plain };
}

/**
 * Where the 20 ms rows lose time against in flight ÷ 20 ms: items/s of each client with the same
 * requests in flight, and the time one request slot takes per item (in flight ÷ items/s). The plain
 * client's slot time is the emulator's answer plus a connection; what n8n's helper adds is n8n's; what
 * our node adds beyond that is ours.
 */
async function latencyGap(emulator: EmulatorProcess, delayMs: number): Promise<string> {
	const { ours, bare, plain } = await clientsOf(emulator);
	const lines = [
		`| in flight | client | items/s (median of 3) | one slot per item | beyond ${delayMs} ms | CPU per item |`,
		'|---|---|---|---|---|---|',
	];
	for (const inFlight of [2, 10]) {
		const items = inFlight * 200;
		const clients: Array<[string, Run]> = [
			['Node.js http, a new connection per request', plain(inFlight)],
			["n8n's httpRequest helper, bare", bare(inFlight)],
			[`our EIAM node, Items per Batch ${inFlight}`, ours(inFlight)],
		];
		await ours(inFlight)(rowsOf(50));
		const figures = new Map<string, Measured[]>(clients.map(([name]) => [name, []]));
		// Interleaved, like the rounds in n8n.
		for (let round = 0; round < 3; round++) for (const [name, run] of clients) figures.get(name)!.push(await measure(items, run));
		for (const [name] of clients) {
			const runs = figures.get(name)!;
			const perSecond = median(runs.map((run) => items / run.seconds));
			const slotMs = (inFlight / perSecond) * 1000;
			lines.push(`| ${inFlight} | ${name} | ${perSecond.toFixed(0)} | ${slotMs.toFixed(1)} ms | ${(slotMs - delayMs).toFixed(1)} ms | ${median(runs.map((run) => run.cpuMicrosPerItem)).toFixed(0)} µs |`);
		}
	}
	return lines.join('\n');
}

/**
 * What reading an answer ourselves costs (issue #20: `encoding: 'stream'` and readAnswer, bounded and
 * decoded, instead of axios reading and parsing it): the same EIAM create through n8n's bare helper both
 * ways, in interleaved rounds, CPU of this process per item. Bounded by this machine's two shared cores:
 * the difference is a few per cent of figures that move by more between rounds, hence the medians.
 */
export async function readingCost(emulator: EmulatorProcess, items: number, rounds = 5): Promise<string> {
	const { bare } = await clientsOf(emulator);
	const ways: Array<[string, Run]> = [
		["axios reads and parses the answer (before)", bare(10, 'axios')],
		['readAnswer reads the stream: bounded, decoded (after)', bare(10, 'ours')],
	];
	for (const [, run] of ways) await run(rowsOf(200));
	const figures = new Map<string, Measured[]>(ways.map(([name]) => [name, []]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 === 0 ? ways : [...ways].reverse();
		for (const [name, run] of order) figures.get(name)!.push(await measure(items, run));
	}
	const cpu = (name: string) => median(figures.get(name)!.map((run) => run.cpuMicrosPerItem));
	const [before, after] = ways.map(([name]) => cpu(name));
	const perRound = figures.get(ways[1][0])!.map((run, round) => `${((run.cpuMicrosPerItem / figures.get(ways[0][0])![round].cpuMicrosPerItem - 1) * 100).toFixed(1)} %`);
	return [
		`${items} EIAM creates per run, 10 in flight, ${rounds} interleaved rounds (order alternating), emulator without delay in its own process.`,
		'',
		'| reading | items/s (median) | CPU per item (median) | item errors |',
		'|---|---|---|---|',
		...ways.map(([name]) => {
			const runs = figures.get(name)!;
			return `| ${name} | ${median(runs.map((run) => items / run.seconds)).toFixed(0)} | ${cpu(name).toFixed(0)} µs | ${runs.reduce((sum, run) => sum + run.errors, 0)} |`;
		}),
		'',
		`Reading the answer ourselves: **${after - before >= 0 ? '+' : ''}${(after - before).toFixed(0)} µs of CPU per request (${(((after - before) / before) * 100).toFixed(1)} %)**; per round: ${perRound.join(', ')}.`,
	].join('\n');
}

export async function measureInProcess(emulator: EmulatorProcess, items: number, delayed?: { emulator: EmulatorProcess; delayMs: number }): Promise<InProcessResult> {
	const { ours, bare } = await clientsOf(emulator);
	// Warm-up: module loading and JIT are not per-item costs.
	await bare()(rowsOf(200));
	await ours()(rowsOf(200));

	const bareFigures = await measure(items, bare());
	const ourFigures = await measure(items, ours());
	// RSS seldom shrinks once V8 has grown its heap, so the first run's growth is mostly the heap reaching
	// its working size; a second run of the same size shows what each item still adds (a leak would).
	const ourSecondRun = await measure(items, ours());
	const overhead = ourFigures.cpuMicrosPerItem - bareFigures.cpuMicrosPerItem;
	const row = (name: string, figures: Measured) =>
		`| ${name} | ${(items / figures.seconds).toFixed(0)} | ${figures.cpuMicrosPerItem.toFixed(0)} µs | ${(figures.heapGrowthBytesPerItem / 1024).toFixed(2)} KiB | ${(figures.rssGrowthBytesPerItem / 1024).toFixed(2)} KiB | ${figures.errors} |`;
	const gap = delayed ? await latencyGap(delayed.emulator, delayed.delayMs) : undefined;
	const reading = await readingCost(emulator, Math.min(items, 5000));
	return {
		markdown: [
			`${items} EIAM creates, 10 in flight, emulator without delay in its own process; CPU time of this process per item.`,
			'',
			'| node | items/s | CPU per item | heap growth per item (after GC) | RSS growth per item | item errors |',
			'|---|---|---|---|---|---|',
			row("n8n's httpRequest helper, bare (baseline)", bareFigures),
			row('our EIAM node, default options', ourFigures),
			row('our EIAM node, the same run again', ourSecondRun),
			'',
			`Our node's own cost beyond the HTTP round trip: **${overhead.toFixed(0)} µs of CPU per item** (parameters and expressions, validation, date formatting, mapping, credentials handed over once per run).`,
			...(gap ? ['', `### Where a ${delayed!.delayMs} ms answer's slot time goes`, '', gap] : []),
			'',
			'### What reading answers ourselves costs',
			'',
			reading,
		].join('\n'),
	};
}
