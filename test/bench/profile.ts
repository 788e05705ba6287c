// Where a run's CPU time goes: the V8 profiler (node:inspector, as --cpu-prof) around one measured run,
// self time summed by area so that per-item costs can be told apart.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	hitCount?: number;
}

interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Areas a sample's function can belong to, checked in order; the first match wins. */
const AREAS: Array<[string, RegExp]> = [
	['our node: validation, dates, mapping', /\/nodes\/(shared\/(validation|dates|domain)|(Aicc|Eiam)\/actions)/],
	['our node: router and transport', /\/nodes\/(shared\/(router|transport|auth|options)|(Aicc|Eiam)\/transport)/],
	['our credentials', /\/credentials\//],
	['n8n expressions and parameters', /n8n-workflow\/.*(expression|workflow-data-proxy|node-helpers|tmpl|tournament|extensions)/i],
	['n8n-workflow, other', /n8n-workflow\//],
	['n8n-core request helpers', /n8n-core\/.*request-helper/],
	['n8n-core, other', /n8n-core\//],
	['axios and follow-redirects', /node_modules\/(axios|follow-redirects|form-data|proxy-from-env)\//],
	['luxon', /node_modules\/luxon\//],
	['Node.js http, net, streams', /^node:(_http|http|net|stream|internal\/(streams|http|net))/],
	['garbage collection', /^$/],
];

export async function profiled<T>(work: () => Promise<T>): Promise<{ result: T; summary: string }> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 200 });
	await session.post('Profiler.start');
	const result = await work();
	const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
	session.disconnect();

	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = new Map<string, number>();
	let all = 0;
	profile.samples.forEach((id, index) => {
		const frame = byId.get(id)?.callFrame;
		const micros = profile.timeDeltas[index] ?? 0;
		if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
		const area = frame.functionName === '(garbage collector)' ? 'garbage collection' : (AREAS.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? 'other');
		totals.set(area, (totals.get(area) ?? 0) + micros);
		all += micros;
	});
	const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([area, micros]) => `| ${area} | ${((micros / all) * 100).toFixed(1)} % |`);
	return { result, summary: ['| area (self time) | share of busy CPU |', '|---|---|', ...rows].join('\n') };
}
