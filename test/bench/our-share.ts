// `node --expose-gc -r ./test/tools/ts-node.js test/bench/our-share.ts`: our code's share of the CPU of an
// EIAM create, in one process with n8n-core's WorkflowExecute against the emulator in its own process,
// under V8's sampling profiler. A share of the same run's samples is steadier than wall-clock or CPU
// time on a shared machine: both sides of the ratio slow down together.
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';

import { CredentialStore, runNode } from '../support/harness';
import { startEmulatorProcess } from './emulator-process';
import { benchCreateParameters } from './in-process';
import { areaOf, samplingInterval, summariseProfile, type Area, type Profile, type ProfileNode } from './profile';
import { median } from './rounds';

const ITEMS = Number(process.env.BENCH_SHARE_ITEMS ?? 3000);
const ROUNDS = Number(process.env.BENCH_SHARE_ROUNDS ?? 5);
const ROOT = resolve(__dirname, '../..');
const OURS: Area[] = ['our code: validation, dates, mapping', 'our code: router, transport, credentials', 'luxon under our code'];

async function main(): Promise<void> {
	const emulator = await startEmulatorProcess(0);
	const session = new Session();
	session.connect();
	try {
		const store = new CredentialStore();
		const credential = store.add({ id: 'bench', name: 'bench', type: 'eiamApi', data: { domain: emulator.url, authentication: 'clientCredentials', clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' } });
		const create = (items: number) =>
			runNode(
				store,
				{
					type: 'n8n-nodes-aicc-eiam.eiam',
					credentials: { eiamApi: credential },
					parameters: benchCreateParameters('share', 10),
				},
				Array.from({ length: items }, (_, n) => ({ n })),
			);
		const warm = await create(500);
		if (warm.error || warm.items.some((item) => item.json.error)) throw new Error(`warm-up failed: ${JSON.stringify(warm.error ?? warm.items.find((item) => item.json.error)?.json)}`);
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', { interval: 100 });
		const rows: Array<{ ours: number; router: number; mapping: number; luxon: number; total: number; cpu: number }> = [];
		for (let round = 0; round < ROUNDS; round++) {
			(globalThis as { gc?: () => void }).gc?.();
			const cpuBefore = process.cpuUsage();
			await session.post('Profiler.start');
			const run = await create(ITEMS);
			const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
			const cpu = process.cpuUsage(cpuBefore);
			if (run.error || run.items.some((item) => item.json.error)) throw new Error('a create failed');
			const areas = summariseProfile(profile, ROOT);
			const total = [...areas.values()].reduce((sum, micros) => sum + micros, 0);
			const get = (area: Area) => (areas.get(area) ?? 0) / ITEMS;
			const row = { router: get(OURS[1]), mapping: get(OURS[0]), luxon: get(OURS[2]), ours: 0, total: total / ITEMS, cpu: (cpu.user + cpu.system) / ITEMS };
			row.ours = row.router + row.mapping + row.luxon;
			rows.push(row);
			console.log(`round ${round + 1}: ours ${row.ours.toFixed(1)} µs (router ${row.router.toFixed(1)}, mapping ${row.mapping.toFixed(1)}, luxon ${row.luxon.toFixed(1)}) of ${row.total.toFixed(0)} µs sampled = ${((row.ours / row.total) * 100).toFixed(2)} %; process CPU ${row.cpu.toFixed(0)} µs/item; load ${loadavg()[0].toFixed(2)}; ${gaps(profile)}`);
			if (process.env.BENCH_SHARE_TOP && round === ROUNDS - 1) printTop(profile);
		}
		const m = (pick: (row: (typeof rows)[number]) => number) => median(rows.map(pick)).toFixed(1);
		console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node.js ${process.version}, load ${loadavg().map((load) => load.toFixed(2)).join(' / ')}`);
		console.log(`median of ${ROUNDS} × ${ITEMS}: ours ${m((r) => r.ours)} µs/item (router ${m((r) => r.router)}, mapping ${m((r) => r.mapping)}, luxon ${m((r) => r.luxon)}) of ${m((r) => r.total)} µs sampled; share ${median(rows.map((r) => (r.ours / r.total) * 100)).toFixed(2)} %; process CPU ${m((r) => r.cpu)} µs/item`);
	} finally {
		session.disconnect();
		await emulator.stop();
	}
}

/** The gaps between samples, whose long tail is why a sample counts one interval (see summariseProfile). */
function gaps(profile: Profile): string {
	const sorted = [...profile.timeDeltas].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
	return `gaps: interval ${samplingInterval(profile)} µs, p99 ${at(0.99)} µs, longest ${at(1)} µs`;
}

/** Our hottest functions by samples (a native leaf counted for its JavaScript caller, and named), for finding what to cut. */
const isOursUrl = (url: string) => url.includes(ROOT + '/nodes/') || url.includes(ROOT + '/credentials/');

function printTop(profile: Profile): void {
	const self = new Map<string, number>();
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const interval = samplingInterval(profile);
	profile.samples.forEach((id) => {
		let at: number | undefined = id;
		const natives: string[] = [];
		while (at !== undefined && byId.get(at)!.callFrame.url === '') {
			natives.push(byId.get(at)!.callFrame.functionName);
			at = parentOf.get(at);
		}
		if (at === undefined) return;
		const frame = byId.get(at)!.callFrame as { functionName: string; url: string; lineNumber?: number };
		if (!frame.url.includes(ROOT + '/nodes/') && !frame.url.includes(ROOT + '/credentials/')) return;
		const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace('file://' + ROOT + '/', '')}:${(frame.lineNumber ?? -1) + 1}${natives.length ? ' -> ' + natives.reverse().join(' > ') : ''}`;
		self.set(key, (self.get(key) ?? 0) + interval);
	});
	for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(micros / ITEMS).toFixed(2)} µs  ${key}`);
	// Lines within our hottest functions (transpiled lines, as ts-node runs them).
	const lines = new Map<string, number>();
	for (const node of profile.nodes as Array<ProfileNode & { positionTicks?: Array<{ line: number; ticks: number }> }>) {
		if (!node.callFrame.url.includes(ROOT + '/')) continue;
		if (!isOursUrl(node.callFrame.url)) continue;
		for (const { line, ticks } of node.positionTicks ?? []) {
			const key = `${node.callFrame.url.replace('file://' + ROOT + '/', '')}:${line}`;
			lines.set(key, (lines.get(key) ?? 0) + ticks);
		}
	}
	// What the areas count as ours, by the sampled frame itself.
	const byFrame = new Map<string, number>();
	const parents = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	profile.samples.forEach((id) => {
		const stack: ProfileNode['callFrame'][] = [];
		for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) stack.push(byId.get(at)!.callFrame);
		const area = areaOf(stack.filter((frame) => frame.functionName !== '(root)'), ROOT);
		if (!area.startsWith('our code')) return;
		const key = `${stack[0].functionName} ${stack[0].url.replace('file://' + ROOT + '/', '')}`;
		byFrame.set(key, (byFrame.get(key) ?? 0) + interval);
	});
	for (const [key, micros] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ours by frame: ${(micros / ITEMS).toFixed(2)} µs  ${key}`);
	console.log('hottest lines (ticks):');
	for (const [key, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ticks}  ${key}`);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
