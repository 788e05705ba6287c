// Per-item cost of our node beyond the HTTP round trip, in one process with n8n-core's WorkflowExecute:
// our EIAM create against the same requests sent bare through n8n's httpRequest helper.
import { CredentialStore, runNode } from '../integration/harness';
import type { EmulatorProcess } from './emulator-process';
import { profiled } from './profile';

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

function collectGarbage(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

async function measure(items: number, run: (rows: Array<{ n: number }>) => Promise<{ errors: number }>): Promise<Measured> {
	const rows = Array.from({ length: items }, (_, n) => ({ n }));
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

export async function measureInProcess(emulator: EmulatorProcess, items: number): Promise<InProcessResult> {
	const store = new CredentialStore();
	const credential = store.add({ id: 'bench', name: 'bench', type: 'eiamApi', data: { domain: emulator.url, authentication: 'clientCredentials', clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' } });
	const { eiam: token } = await emulator.tokens();
	const countErrors = (result: Awaited<ReturnType<typeof runNode>>) => (result.error ? items : result.items.filter((item) => item.json.error).length);

	// Warm-up: module loading and JIT are not per-item costs.
	await runNode(store, { type: 'test.bareEiamCreate', parameters: { url: `${emulator.url}/api/v2/tenant/todo/task`, token }, credentials: {} }, [{ n: -1 }]);
	const ours = async (rows: Array<{ n: number }>) =>
		({
			errors: countErrors(
				await runNode(
					store,
					{
						type: 'n8n-nodes-aicc-eiam.eiam',
						credentials: { eiamApi: credential },
						parameters: { resource: 'todo', operation: 'create', userName: 'zhangsan', title: '={{ "Bench " + $json.n }}', content: 'x', messageType: 'TEXT', deadline: '2026-12-05 12:00:00', externalId: '={{ "inproc-" + $json.n + "-" + $runIndex + "-" + Date.now() }}', webUrl: 'https://e.com', mobileUrl: 'https://e.com' },
					},
					rows,
				),
			),
		});
	await ours([{ n: -1 }]);
	const bare = async (rows: Array<{ n: number }>) => ({
		errors: countErrors(await runNode(store, { type: 'test.bareEiamCreate', parameters: { url: `${emulator.url}/api/v2/tenant/todo/task`, token }, credentials: {} }, rows)),
	});

	const bareFigures = await measure(items, bare);
	const ourFigures = await measure(items, ours);
	// RSS seldom shrinks once V8 has grown its heap, so the first run's growth is mostly the heap reaching
	// its working size; a second run of the same size shows what each item still adds (a leak would).
	const ourSecondRun = await measure(items, ours);
	const { summary } = await profiled(() => ours(Array.from({ length: Math.min(items, 3000) }, (_, n) => ({ n }))));
	const overhead = ourFigures.cpuMicrosPerItem - bareFigures.cpuMicrosPerItem;
	const row = (name: string, figures: Measured) =>
		`| ${name} | ${(items / figures.seconds).toFixed(0)} | ${figures.cpuMicrosPerItem.toFixed(0)} µs | ${(figures.heapGrowthBytesPerItem / 1024).toFixed(2)} KiB | ${(figures.rssGrowthBytesPerItem / 1024).toFixed(2)} KiB | ${figures.errors} |`;
	return {
		markdown: [
			`${items} EIAM creates, 10 in flight, emulator without delay in its own process; CPU time of this process per item.`,
			'',
			'| node | items/s | CPU per item | heap growth per item (after GC) | RSS growth per item | item errors |',
			'|---|---|---|---|---|---|',
			row('bare httpRequest (baseline)', bareFigures),
			row('our EIAM node, default options', ourFigures),
			row('our EIAM node, the same run again', ourSecondRun),
			'',
			`Our node's own cost beyond the HTTP round trip: **${overhead.toFixed(0)} µs of CPU per item** (parameters and expressions, validation, date formatting, mapping, credentials handed over once per run).`,
			'',
			`Where the CPU time of our node's run goes (V8 profiler, ${Math.min(items, 3000)} items, the emulator in its own process):`,
			'',
			summary,
		].join('\n'),
	};
}
