// `npm run bench`: our nodes against n8n's HTTP Request node in a real n8n, in interleaved rounds, over
// HTTP and HTTPS, at three sizes; the emulator's own limit; per-item cost in-process with a profile.
// A full run writes BENCHMARKS.md (the queue section is `npm run bench:queue`'s and is kept); a run
// changed by any BENCH_* setting prints only. See BENCHMARKS.md, and CONTRIBUTING.md#long-running-tools-e2e-soak-bench-chaos for how to run it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import { DEFAULT_BATCH_SIZE } from '../../nodes/shared/options';
import { ensureN8n } from '../support/n8n/install';
import { N8nInstance } from '../support/n8n/n8n';
import { N8N_TARGETS, ROOT } from '../support/n8n/targets';
import { packPackage } from '../support/scan';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
import { clientCostSection } from './client-cost';
import { measureInProcess } from './in-process';
import { cpuMicrosBetween, meterProcess, peakRssUntil } from './process-meter';
import { profileComparison, samplesBetween, summariseProfile, type Area, type TimedProfile } from './profile';
import { queueSection } from './queue';
import { readNodeRun, type NodeRunFigures } from './run-data';
import { makeLoopbackCertificates, type LoopbackCertificates } from '../support/tls';
import { benchCredentials, benchWorkflow, caseId, endpointId, TARGET_NODE, variantLabel, variantsOf, type Case, type Endpoint, type Vendor } from './workflows';
import { interleave, median, ratioAndFloor, ratioOfRounds, type RoundFigures } from './rounds';

const SETTINGS = ['BENCH_ROUNDS', 'BENCH_ITEMS', 'BENCH_SCALE', 'BENCH_ENDPOINTS', 'BENCH_VENDORS', 'BENCH_IN_PROCESS_ITEMS'];
/** Any BENCH_* setting makes a partial run, which prints its tables without writing BENCHMARKS.md. */
const PARTIAL = SETTINGS.some((name) => process.env[name] !== undefined);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
/** Sizes of the scale rows (our EIAM create and the HTTP Request node, plain HTTP, no delay); ITEMS is the first. */
const SCALE = (process.env.BENCH_SCALE ?? '10000,50000').split(',').filter(Boolean).map(Number);
const ENDPOINTS: Endpoint[] = (process.env.BENCH_ENDPOINTS ?? 'http0,http20,https0,https20').split(',').map((text) => {
	const match = /^(https?)(\d+)$/.exec(text);
	if (!match) throw new Error(`BENCH_ENDPOINTS: "${text}" is not like http0 or https20`);
	return { scheme: match[1] as Endpoint['scheme'], delayMs: Number(match[2]) };
});
const VENDORS = (process.env.BENCH_VENDORS ?? 'eiam,aicc').split(',') as Vendor[];
const IN_PROCESS_ITEMS = Number(process.env.BENCH_IN_PROCESS_ITEMS ?? 10000);
/** Requests per run of the plain Node.js client (measured with the in-process section). */
const CLIENT_REQUESTS = 1500;

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const commit = () => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();

/** The cases of a run: every variant at every endpoint at ITEMS (AICC over plain HTTP only), then the scale rows. */
function casesOfRun(): Case[] {
	const cases: Case[] = [];
	for (const endpoint of ENDPOINTS) {
		for (const vendor of VENDORS) {
			if (vendor === 'aicc' && endpoint.scheme === 'https') continue;
			for (const variant of variantsOf(vendor)) cases.push({ endpoint, variant, items: ITEMS });
		}
	}
	const plain = ENDPOINTS.find((endpoint) => endpoint.scheme === 'http' && endpoint.delayMs === 0);
	if (plain && VENDORS.includes('eiam')) {
		for (const items of SCALE) for (const node of ['ours', 'http'] as const) cases.push({ endpoint: plain, variant: { vendor: 'eiam', node }, items });
	}
	return cases;
}

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

/**
 * One `n8n execute` of a case's workflow, its stdout thrown away (n8n prints the whole run data there),
 * its CPU and memory read from /proc while it runs, its figures taken over the node's own execution.
 * `nodeArguments` go to Node.js before n8n's (the profile pass's --cpu-prof).
 */
async function runCase(n8n: N8nInstance, emulator: EmulatorProcess, benchCase: Case, caFile: string, nodeArguments: string[] = []): Promise<{ figures: RoundFigures; run: NodeRunFigures }> {
	await emulator.reset();
	const env = await n8n.env({ NODE_EXTRA_CA_CERTS: caFile });
	const child = spawn(n8n.install.nodeBin, [...nodeArguments, n8n.install.n8nBin, 'execute', `--id=${caseId(benchCase)}`], { cwd: n8n.userFolder, env, stdio: ['ignore', 'ignore', 'pipe'] });
	const meter = meterProcess(child.pid!);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
	const samples = meter.stop();
	const run = await readNodeRun(n8n, caseId(benchCase), TARGET_NODE).catch((error: Error) => {
		throw new Error(`n8n execute ${caseId(benchCase)} exited ${code}: ${error.message}\n${stderr}`);
	});
	if (code !== 0 || run.error) throw new Error(`n8n execute ${caseId(benchCase)} exited ${code}: ${run.error ?? 'the node ran without an error'}\n${stderr}`);
	const end = run.startTime + run.executionTime;
	const stats = await emulator.stats();
	const figures = {
		itemsPerSecond: (benchCase.items / run.executionTime) * 1000,
		cpuMicrosPerItem: cpuMicrosBetween(samples, run.startTime, end) / benchCase.items,
		peakRssMb: peakRssUntil(samples, end) / 2 ** 20,
		maxInFlight: stats.maxInFlight,
		tokenRequests: stats.tokenRequests,
		itemErrors: run.itemErrors + (benchCase.items - run.items),
	};
	return { figures, run };
}

/** A case run once more under V8's profiler (--cpu-prof); the samples of the node's execution, by area, in µs per item. */
async function profileCase(n8n: N8nInstance, emulator: EmulatorProcess, benchCase: Case, caFile: string): Promise<Map<Area, number>> {
	const folder = mkdtempSync(join(tmpdir(), 'bench-profile-'));
	try {
		const { run } = await runCase(n8n, emulator, benchCase, caFile, ['--cpu-prof', `--cpu-prof-dir=${folder}`, '--cpu-prof-interval=200']);
		const [file] = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'));
		if (!file) throw new Error(`n8n wrote no CPU profile for ${caseId(benchCase)}`);
		const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as TimedProfile;
		const totals = summariseProfile(samplesBetween(profile, run.startTime, run.startTime + run.executionTime), ROOT);
		return new Map([...totals].map(([area, micros]) => [area, micros / benchCase.items]));
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

interface Row {
	benchCase: Case;
	rounds: RoundFigures[];
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const perRound = (rounds: RoundFigures[], pick: (figures: RoundFigures) => number, digits = 0) =>
	`${fixed(median(rounds.map(pick)), digits)} (${rounds.map((figures) => fixed(pick(figures), digits)).join(' · ')})`;

/** The HTTP Request row an our-node row is compared with: the same endpoint, size and Items per Batch (ours' default is 10 in flight, so it pairs with the HTTP Request node's default). */
function partnerOf(row: Row, rows: Row[]): Row | undefined {
	const { endpoint, variant, items } = row.benchCase;
	return rows.find(
		(other) =>
			other.benchCase.variant.node === 'http' &&
			other.benchCase.variant.vendor === variant.vendor &&
			other.benchCase.variant.batchSize === variant.batchSize &&
			endpointId(other.benchCase.endpoint) === endpointId(endpoint) &&
			other.benchCase.items === items,
	);
}

function throughputTable(rows: Row[]): string {
	const lines = [
		`| API | node and options | items/s: median (round 1 · 2 · 3…) | CPU µs per item | peak RSS (MB) | ours ÷ HTTP Request: items/s · CPU per item · peak RSS (median of the rounds' ratios) | max in flight | token requests (all rounds) | item errors |`,
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const row of rows) {
		const { variant } = row.benchCase;
		const partner = variant.node === 'ours' ? partnerOf(row, rows) : undefined;
		const ratios = partner
			? [
					ratioOfRounds(row.rounds, partner.rounds, (figures) => figures.itemsPerSecond),
					ratioOfRounds(row.rounds, partner.rounds, (figures) => figures.cpuMicrosPerItem),
					ratioOfRounds(row.rounds, partner.rounds, (figures) => figures.peakRssMb),
				]
					.map((ratio) => `${ratio.toFixed(2)}×`)
					.join(' · ')
			: '';
		lines.push(
			`| ${variant.vendor.toUpperCase()} create | ${variantLabel(variant)} | ${perRound(row.rounds, (figures) => figures.itemsPerSecond)} | ${perRound(row.rounds, (figures) => figures.cpuMicrosPerItem)} | ${fixed(median(row.rounds.map((figures) => figures.peakRssMb)))} | ${ratios} | ${fixed(Math.max(...row.rounds.map((figures) => figures.maxInFlight).filter(Number.isFinite)))} | ${variant.node === 'ours' ? row.rounds.reduce((sum, figures) => sum + figures.tokenRequests, 0) : '–'} | ${row.rounds.reduce((sum, figures) => sum + figures.itemErrors, 0)} |`,
		);
	}
	return lines.join('\n');
}

/** The 20 ms rows against their bound: min(in flight ÷ delay, 1 ÷ CPU per item). */
function boundTable(rows: Row[]): string {
	const lines = ['| scheme | API | node and options | in flight | bound: min(in flight ÷ 20 ms, 1 ÷ CPU per item) | items/s (median) | ÷ bound |', '|---|---|---|---|---|---|---|'];
	for (const row of rows.filter((entry) => entry.benchCase.endpoint.delayMs > 0 && entry.benchCase.variant.node === 'ours')) {
		const inFlight = row.benchCase.variant.batchSize ?? DEFAULT_BATCH_SIZE;
		const cpu = median(row.rounds.map((figures) => figures.cpuMicrosPerItem));
		const bound = Math.min((inFlight / row.benchCase.endpoint.delayMs) * 1000, 1e6 / cpu);
		const measured = median(row.rounds.map((figures) => figures.itemsPerSecond));
		lines.push(`| ${row.benchCase.endpoint.scheme.toUpperCase()} | ${row.benchCase.variant.vendor.toUpperCase()} create | ${variantLabel(row.benchCase.variant)} | ${inFlight} | ${fixed(bound)} | ${fixed(measured)} | ${fixed(measured / bound, 2)} |`);
	}
	return lines.join('\n');
}

/** A profile's endpoint and column name from its record name, "https20: our EIAM node, …"; a record from before profiles were made at every endpoint names the node only (plain HTTP, no delay). */
function profileColumn(name: string): { endpoint: string; scheme: string; node: 'ours' | 'http'; column: string } {
	const match = /^(https?)(\d+): (.*)$/.exec(name);
	const [scheme, delay, label] = match ? [match[1], match[2], match[3]] : ['http', '0', name];
	const node = label.startsWith('our ') ? 'ours' : 'http';
	return { endpoint: `${scheme}${delay}`, scheme, node, column: `${node === 'ours' ? 'ours' : 'HTTP Request node'}, ${delay} ms` };
}

/** One table per scheme, the nodes side by side at each delay. */
function profileTables(profiles: Array<[string, Map<Area, number>]>): string[] {
	const schemes = [...new Set(profiles.map(([name]) => profileColumn(name).scheme))];
	return schemes.flatMap((scheme) => {
		const columns = profiles.filter(([name]) => profileColumn(name).scheme === scheme).map(([name, areas]): [string, Map<Area, number>] => [profileColumn(name).column, areas]);
		return [`### ${scheme === 'https' ? 'HTTPS' : 'Plain HTTP'}`, '', profileComparison(columns), ''];
	});
}

/** A node's EIAM create row with default options at an endpoint ("https20"), which the profiles and the handshake table are about. */
const eiamDefaultRow = (rows: Row[], node: 'ours' | 'http', endpoint: string) =>
	rows.find(({ benchCase }) => benchCase.variant.vendor === 'eiam' && benchCase.variant.node === node && benchCase.variant.batchSize === undefined && endpointId(benchCase.endpoint) === endpoint);

/** A row's median CPU per item; NaN when there is no row. */
const medianCpu = (row: Row | undefined) => (row ? median(row.rounds.map((figures) => figures.cpuMicrosPerItem)) : NaN);

const isOurCode = (area: Area) => area.startsWith('our code') || area === 'luxon under our code';

/**
 * The lowest ours ÷ HTTP Request could go at each profiled endpoint if our own code cost nothing. Our
 * code's share is taken within the profiled run (its µs over all the main thread's samples), so that the
 * load on the machine, which slows both alike, cancels out; each round's ratio is then scaled by
 * 1 − share, so that the ratio and its floor come from the same rounds and differ by our code alone. The
 * share is of the main thread: other threads (V8's GC helpers, libuv) are in CPU per item but not in a
 * V8 profile, so our share of the whole process's CPU is lower still. What is left under the floor is
 * n8n's and Node.js's work for our requests and parameters, which no change of ours removes.
 */
function floorTable(rows: Row[], profiles: Array<[string, Map<Area, number>]>): string[] {
	const lines: string[] = [];
	for (const [name, areas] of profiles) {
		const { endpoint, node } = profileColumn(name);
		if (node !== 'ours') continue;
		const [ours, theirs] = [eiamDefaultRow(rows, 'ours', endpoint), eiamDefaultRow(rows, 'http', endpoint)];
		if (!ours || !theirs) continue;
		const ourCode = [...areas].filter(([area]) => isOurCode(area)).reduce((sum, [, micros]) => sum + micros, 0);
		const mainThread = [...areas.values()].reduce((sum, micros) => sum + micros, 0);
		const oursCpu = medianCpu(ours);
		// Issue 25's measure: our code's µs per item in the profile over the node's CPU per item, threads and all.
		const share = ourCode / oursCpu;
		const { ratio, low, high, floor } = ratioAndFloor(ours.rounds, theirs.rounds, (figures) => figures.cpuMicrosPerItem, share);
		lines.push(
			`| ${endpoint} | ${fixed(oursCpu)} | ${fixed(ourCode)} = ${fixed(share * 100, 1)} % (${fixed((ourCode / mainThread) * 100, 1)} % of the main thread's ${fixed(mainThread)}) | ${fixed(medianCpu(theirs))} | ${fixed(ratio, 2)}× (${fixed(low, 2)}–${fixed(high, 2)}) | ${fixed(floor, 2)}× | ${fixed((ratio / floor - 1) * 100, 1)} % |`,
		);
	}
	if (!lines.length) return [];
	return [
		'### How low the CPU ratio could go',
		'',
		"EIAM create, default options. If our own code (the \"our code\" areas of the profile run above) cost nothing, our node's CPU per item would still hold n8n's and Node.js's work for its requests and parameters.",
		"Our code's share is its µs per item in the profiled run over our node's CPU per item (the process's, all threads: V8's GC helpers and libuv are in it, not in a V8 profile); in brackets, its share of the profiled main thread alone, an upper bound. Each round's ratio less that share gives the floor, so ratio and floor come from the same rounds. What bounds the figures: the rounds' spread (lowest–highest) and one profiled run.",
		'',
		"| endpoint | ours: CPU µs per item | our code: µs per item, of our CPU per item | HTTP Request node: CPU µs per item | ours ÷ HTTP Request, median of the rounds (lowest–highest) | with none of our code | over the floor |",
		'|---|---|---|---|---|---|---|',
		...lines,
		'',
	];
}

/**
 * What the TLS handshake adds to each node's CPU per item (HTTPS − HTTP, same delay and options), and
 * what our node could spend beyond it for ours ÷ HTTP Request to stay at 0.5× over HTTPS.
 */
function handshakeTable(rows: Row[]): string[] {
	const cpuOf = (node: 'ours' | 'http', scheme: Endpoint['scheme'], delayMs: number) => medianCpu(eiamDefaultRow(rows, node, endpointId({ scheme, delayMs })));
	const delays = [...new Set(rows.filter((row) => row.benchCase.endpoint.scheme === 'https').map((row) => row.benchCase.endpoint.delayMs))];
	const lines: string[] = [];
	const notes: string[] = [];
	for (const delayMs of delays) {
		const [oursHttp, oursHttps, theirsHttp, theirsHttps] = [cpuOf('ours', 'http', delayMs), cpuOf('ours', 'https', delayMs), cpuOf('http', 'http', delayMs), cpuOf('http', 'https', delayMs)];
		if (![oursHttp, oursHttps, theirsHttp, theirsHttps].every(Number.isFinite)) continue;
		lines.push(`| ${delayMs} ms | ${variantLabel({ vendor: 'eiam', node: 'ours' })} | ${fixed(oursHttp)} | ${fixed(oursHttps)} | ${fixed(oursHttps - oursHttp)} |`);
		lines.push(`| ${delayMs} ms | ${variantLabel({ vendor: 'eiam', node: 'http' })} | ${fixed(theirsHttp)} | ${fixed(theirsHttps)} | ${fixed(theirsHttps - theirsHttp)} |`);
		const allowance = theirsHttps / 2 - (oursHttps - oursHttp);
		notes.push(
			`At ${delayMs} ms, 0.5× over HTTPS would leave our node ${fixed(allowance)} µs per item beside its handshake; over plain HTTP it spends ${fixed(oursHttp)}, of which n8n's request path and expression evaluation are most (see the profiles).`,
		);
	}
	if (!lines.length) return [];
	return [
		'### What the handshake adds (EIAM create, default options)',
		'',
		"Both nodes pay a full TLS handshake per item, as n8n's helper opens a new connection for every request; the same cost added to both sides pulls the ratio towards 1.",
		'',
		'| answer delay | node | CPU µs per item over HTTP | over HTTPS | HTTPS − HTTP |',
		'|---|---|---|---|---|',
		...lines,
		'',
		...notes.flatMap((note) => [note, '']),
	];
}

/** Memory against size: peak RSS per size and its growth per item from one size to the next. */
function scaleTable(rows: Row[]): string {
	const lines = ['| node | items | items/s (median) | CPU µs per item | peak RSS (MB) | RSS growth per item since the previous size |', '|---|---|---|---|---|---|'];
	for (const node of ['ours', 'http'] as const) {
		const sized = rows.filter((row) => row.benchCase.variant.node === node && row.benchCase.variant.batchSize === undefined).sort((a, b) => a.benchCase.items - b.benchCase.items);
		sized.forEach((row, index) => {
			const rss = median(row.rounds.map((figures) => figures.peakRssMb));
			const previous = sized[index - 1];
			const growth = previous ? ((rss - median(previous.rounds.map((figures) => figures.peakRssMb))) * 1024) / (row.benchCase.items - previous.benchCase.items) : NaN;
			lines.push(`| ${variantLabel(row.benchCase.variant)} | ${row.benchCase.items} | ${fixed(median(row.rounds.map((figures) => figures.itemsPerSecond)))} | ${fixed(median(row.rounds.map((figures) => figures.cpuMicrosPerItem)))} | ${fixed(rss)} | ${previous ? `${fixed(growth, 1)} KiB` : ''} |`);
		});
	}
	return lines.join('\n');
}

/** Everything a run measured: what the report is made from, kept in LAST_RUN so that the report can be made again. */
interface RunRecord {
	partial: boolean;
	date: string;
	minutes: number;
	commit: string;
	machine: string;
	rounds: number;
	items: number;
	loads: number[];
	limits: string[];
	rows: Row[];
	profiles: Array<[string, Array<[Area, number]>]>;
	inProcess?: string;
	clientCost?: string;
}

/** The last run's record (gitignored). `BENCH_REPORT_FROM=test/bench/.last-run.json npm run bench` makes the report from it again without measuring. */
const LAST_RUN = join(ROOT, 'test', 'bench', '.last-run.json');

async function measure(): Promise<RunRecord> {
	const target = N8N_TARGETS.find((entry) => entry.node === 'system') ?? N8N_TARGETS[0];
	const started = Date.now();
	const install = await ensureN8n(target);
	const pack = packPackage();
	const certificates: LoopbackCertificates = makeLoopbackCertificates();
	const emulators = new Map<string, EmulatorProcess>();
	const n8n = new N8nInstance(install);
	const cases = casesOfRun();
	const rows: Row[] = cases.map((benchCase) => ({ benchCase, rounds: [] }));
	const limits: string[] = [];
	let inProcess: string | undefined;
	let clientCost: string | undefined;
	const profiles: Array<[string, Map<Area, number>]> = [];
	const loads: number[] = [];
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, n8n ${target.version}`;
	const record = (partial: boolean): RunRecord => ({
		partial,
		date: new Date().toISOString().slice(0, 10),
		minutes: (Date.now() - started) / 60000,
		commit: commit(),
		machine,
		rounds: ROUNDS,
		items: ITEMS,
		loads,
		limits,
		rows,
		profiles: profiles.map(([name, areas]) => [name, [...areas]]),
		inProcess,
		clientCost,
	});
	try {
		for (const endpoint of ENDPOINTS) emulators.set(endpointId(endpoint), await startEmulatorProcess(endpoint.delayMs, endpoint.scheme === 'https' ? certificates : undefined));
		await n8n.installPackage(pack.tarball);
		for (const endpoint of ENDPOINTS) {
			const emulator = emulators.get(endpointId(endpoint))!;
			await n8n.importJson('credentials', benchCredentials(endpoint, emulator.url, await emulator.tokens()));
		}
		// One import of them all: each `n8n import` starts n8n's CLI, several seconds.
		await n8n.importJson('workflow', cases.map((benchCase) => benchWorkflow(benchCase, emulators.get(endpointId(benchCase.endpoint))!.url)));

		for (const endpoint of ENDPOINTS.filter((entry) => entry.scheme === 'http')) {
			for (const vendor of VENDORS) {
				log(`emulator limit, ${vendor}, ${endpointId(endpoint)}`);
				limits.push(`| ${endpoint.delayMs} ms | ${vendor.toUpperCase()} create | ${fixed(await emulatorLimit(emulators.get(endpointId(endpoint))!, vendor))} |`);
			}
		}
		for (const [round, order] of interleave(rows, ROUNDS).entries()) {
			for (const [position, row] of order.entries()) {
				log(`round ${round + 1} of ${ROUNDS}, ${position + 1} of ${order.length}: ${caseId(row.benchCase)}`);
				// A failed run is a finding, not the end of the benchmark: it is kept with its reason and shown under the tables.
				const outcome = await runCase(n8n, emulators.get(endpointId(row.benchCase.endpoint))!, row.benchCase, certificates.caFile).then(
					({ figures }) => figures,
					(error: Error): RoundFigures => {
						log(`failed: ${error.message}`);
						return { itemsPerSecond: NaN, cpuMicrosPerItem: NaN, peakRssMb: NaN, maxInFlight: NaN, tokenRequests: 0, itemErrors: row.benchCase.items, failure: error.message.split('\n')[0] };
					},
				);
				row.rounds.push(outcome);
			}
			loads.push(loadavg()[0]);
			// Kept after every round, so that a crash later loses no measurement.
			writeFileSync(LAST_RUN, JSON.stringify(record(true)));
		}
		// At every endpoint: the profiles tell what a handshake and a wait for the answer add to each node's main thread.
		const profiledCases = cases.filter((benchCase) => benchCase.items === ITEMS && benchCase.variant.vendor === 'eiam' && benchCase.variant.batchSize === undefined);
		for (const benchCase of profiledCases) {
			log(`profile: ${caseId(benchCase)}`);
			profiles.push([`${endpointId(benchCase.endpoint)}: ${variantLabel(benchCase.variant)}`, await profileCase(n8n, emulators.get(endpointId(benchCase.endpoint))!, benchCase, certificates.caFile)]);
		}
		const plain = emulators.get('http0');
		const delayed = ENDPOINTS.find((endpoint) => endpoint.scheme === 'http' && endpoint.delayMs > 0);
		if (plain && IN_PROCESS_ITEMS > 0) {
			log(`in-process, ${IN_PROCESS_ITEMS} items`);
			inProcess = (await measureInProcess(plain, IN_PROCESS_ITEMS, delayed && { emulator: emulators.get(endpointId(delayed))!, delayMs: delayed.delayMs })).markdown;
			log('plain Node.js client');
			clientCost = await clientCostSection(ENDPOINTS.map((endpoint) => ({ endpoint, emulator: emulators.get(endpointId(endpoint))! })), certificates.ca, CLIENT_REQUESTS);
		}
	} finally {
		await n8n.remove();
		for (const emulator of emulators.values()) await emulator.stop();
		certificates.remove();
		pack.cleanup();
	}
	return record(PARTIAL);
}

/** The runs that failed, with the node's error: they count as item errors in their rows and are left out of the medians. */
function failuresOf(rows: Row[]): string[] {
	const failed = rows.flatMap((row) => row.rounds.flatMap((figures, round) => (figures.failure ? [`- round ${round + 1}, ${caseId(row.benchCase)}: ${figures.failure}`] : [])));
	return failed.length ? ['### Failed runs', '', ...failed, ''] : [];
}

function report(record: RunRecord): string {
	const { rows, items } = record;
	const profiles = record.profiles.map(([name, areas]): [string, Map<Area, number>] => [name, new Map(areas)]);
	const atSize = (predicate: (benchCase: Case) => boolean) => rows.filter((row) => row.benchCase.items === items && predicate(row.benchCase));
	const section = (title: string, endpoint: Endpoint, text: string) => {
		const selected = atSize((benchCase) => endpointId(benchCase.endpoint) === endpointId(endpoint));
		return selected.length ? [`### ${title}`, '', text, '', throughputTable(selected), ''] : [];
	};
	const twentyMs = rows.filter((row) => row.benchCase.items === items && row.benchCase.endpoint.delayMs === 20);
	const scaleRows = rows.filter((row) => endpointId(row.benchCase.endpoint) === 'http0' && row.benchCase.variant.vendor === 'eiam' && row.benchCase.variant.batchSize === undefined);
	const current = existsSync(join(ROOT, 'BENCHMARKS.md')) ? readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8') : '';
	return [
		'# Benchmarks',
		'',
		`Made by \`npm run bench\` on ${record.date} (${record.minutes.toFixed(0)} min) at commit ${record.commit}. Machine: ${record.machine}.`,
		`The machine's 1-minute load average after each round: ${record.loads.map((load) => load.toFixed(1)).join(', ')} (other work on it included).`,
		'',
		`Each row is a workflow that turns ${items} items into creates (Set → Split Out → the node), run by \`n8n execute\` against the emulator in a process of its own.`,
		`Every case runs once per round, ${record.rounds} rounds, the order rotated each round, so that a change in the machine's load falls on all of them alike.`,
		"items/s is items ÷ the node's execution time in the run data, read from n8n's database. **CPU µs per item** is the n8n process's CPU (all its threads, from /proc)",
		"over the node's execution ÷ items: it moves far less than items/s with how much of the machine is free (other work on the same cores still slows every instruction, so rounds differ), and the ratios are taken within a round. Peak RSS is the n8n process's highest",
		"resident memory up to the node's end (start-up included). The HTTP Request node sends the same body with a static header credential (no token requests).",
		'',
		'## Emulator limit (autocannon, 50 connections, 5 s)',
		'',
		'| delay | API | requests/s |',
		'|---|---|---|',
		...record.limits,
		'',
		'## In n8n',
		'',
		...section('Plain HTTP, no delay', { scheme: 'http', delayMs: 0 }, "Bound by CPU: the emulator answers within a millisecond, so a node never waits for it (at most one or two requests are in flight) and items/s is what the main thread gets through; it moves with the machine's load, CPU per item much less."),
		...section('Plain HTTP, 20 ms per answer', { scheme: 'http', delayMs: 20 }, 'Bound by requests in flight ÷ (20 ms + a connection + the emulator\'s own time), or by CPU per item, whichever is lower: see the bound table below and, in the in-process section, where one request slot\'s time goes. The same work costs more CPU per item than with no delay when a node waits between answers (10 in flight): in the profiles below every area of ours takes longer alike, and Node.js\'s own client pays more per request too (at the end); the HTTP Request node, sending all items at once, seldom waits.'),
		...section('HTTPS, no delay', { scheme: 'https', delayMs: 0 }, "As above, over TLS with a certificate for 127.0.0.1 made at the start of the run, trusted by n8n through NODE_EXTRA_CA_CERTS (verification on). n8n's HTTP helper opens a new connection for every request, so every item pays a full TLS handshake."),
		...section('HTTPS, 20 ms per answer', { scheme: 'https', delayMs: 20 }, 'The handshake per request adds its CPU and its round trips to every answer\'s wait; more requests in flight (Items per Batch) hide the round trips, not the CPU.'),
		...handshakeTable(rows.filter((row) => row.benchCase.items === items)),
		...(twentyMs.length
			? [
					'### The 20 ms rows against their bound',
					'',
					"The bound is min(requests in flight ÷ 20 ms, 1 ÷ the row's own CPU per item). CPU per item counts every thread of the process, so the second term is a little below what the one main thread could do, and no client reaches the first:",
					'a plain Node.js client with a new connection per request, as n8n makes them, waits about 24 ms for a 20 ms answer (see "Where a 20 ms answer\'s slot time goes").',
					'',
					boundTable(twentyMs),
					'',
				]
			: []),
		...(scaleRows.some((row) => row.benchCase.items > items)
			? [
					'### Scale: our EIAM node and the HTTP Request node at each size (plain HTTP, no delay)',
					'',
					"Peak RSS includes n8n's start-up (about 300 MB before the first item). What grows with the size is the run data both nodes keep (input and output items), and for the HTTP Request node",
					`every request and answer at once, as it sends all items together; ours holds ${DEFAULT_BATCH_SIZE} in flight. CPU per item falls with size as the start-up of the JIT is spread over more items.`,
					'',
					scaleTable(scaleRows),
					'',
				]
			: []),
		...(profiles.length
			? [
					"## Where the CPU goes in n8n's process",
					'',
					`One more run of each, EIAM create, ${items} items, default options, at every endpoint, under V8's profiler (\`node --cpu-prof\`, a sample every 200 µs, each counting one interval), cut to the node's execution by its start and end in the run data.`,
					"Main-thread CPU per item by area, from each sample's whole stack: \"garbage collection\" is V8's own GC samples; sockets and TLS are Node's net, tls and http code and the native calls they make;",
					"luxon is split by its caller (n8n makes DateTime objects for every expression it evaluates; ours would be our date handling). \"n8n's credentials and database\" is n8n loading a credential:",
					'getCredentials reads it from the database and decrypts it; the HTTP Request node asks for it for every item, our nodes once per run. The workflows make our node evaluate two expressions per item',
					'(Title and External ID) and the HTTP Request node one (its JSON body), as users would map them. Threads other than the main one (V8\'s GC helpers, libuv)',
					'are not in a V8 profile but are in the CPU per item above.',
					'',
					...profileTables(profiles),
					...floorTable(rows.filter((row) => row.benchCase.items === items), profiles),
				]
			: []),
		...failuresOf(rows),
		'## In-process (n8n-core WorkflowExecute, no n8n start-up)',
		'',
		record.inProcess ?? 'not measured',
		'',
		...(record.clientCost ? ["## What one request costs a plain Node.js client", '', record.clientCost, ''] : []),
		queueSection(current),
	].join('\n');
}

async function main(): Promise<void> {
	const from = process.env.BENCH_REPORT_FROM;
	const record = from ? (JSON.parse(readFileSync(from, 'utf8')) as RunRecord) : await measure();
	if (!from) writeFileSync(LAST_RUN, JSON.stringify(record));
	const text = report(record);
	if (!record.partial) writeFileSync(join(ROOT, 'BENCHMARKS.md'), text);
	console.log(text);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
