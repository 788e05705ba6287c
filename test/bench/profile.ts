// Where a run's CPU time goes: a V8 CPU profile of n8n's process (--cpu-prof), cut to the node's
// execution, each sample given to an area by its whole stack, so that the buckets say what they hold.

export interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

export interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** A profile as --cpu-prof writes it: startTime in microseconds of the system's monotonic clock. */
export interface TimedProfile extends Profile {
	startTime: number;
}

/** Epoch microseconds minus monotonic microseconds, now: what turns n8n's run-data times into profile times. */
function epochMinusMonotonicMicros(): number {
	return Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
}

/**
 * The samples of a profile of another process that fall between two epoch times (the node's execution
 * in the run data). V8 stamps samples with the monotonic clock, which every process on the machine shares.
 */
export function samplesBetween(profile: TimedProfile, fromEpochMs: number, toEpochMs: number, offsetMicros = epochMinusMonotonicMicros()): Profile {
	const from = fromEpochMs * 1000 - offsetMicros;
	const to = toEpochMs * 1000 - offsetMicros;
	const samples: number[] = [];
	const timeDeltas: number[] = [];
	let at = profile.startTime;
	profile.samples.forEach((id, index) => {
		at += profile.timeDeltas[index] ?? 0;
		if (at < from || at > to) return;
		samples.push(id);
		timeDeltas.push(profile.timeDeltas[index] ?? 0);
	});
	return { nodes: profile.nodes, samples, timeDeltas };
}

export type Area =
	| 'garbage collection (V8 GC samples)'
	| 'sockets and TLS: native and Node.js net, tls, http'
	| 'axios and follow-redirects'
	| 'n8n-core request helpers'
	| 'n8n-core, other'
	| 'n8n expressions (evaluation, data proxy)'
	| 'n8n parameters (getNodeParameter, defaults)'
	| 'n8n-workflow, other'
	| 'n8n-nodes-base (the HTTP Request node)'
	| "n8n's credentials and database (credentials helper, TypeORM, SQLite)"
	| 'n8n itself, other (CLI, execution hooks)'
	| 'Node.js runtime: events, timers, URL, buffers'
	| "luxon under n8n's expression proxy"
	| 'luxon under our code'
	| 'luxon, other callers'
	| 'our code: validation, dates, mapping'
	| 'our code: router, transport, credentials'
	| 'native, no JavaScript caller (microtasks, timers)'
	| 'other JavaScript';

const SOCKETS = /^node:(net|tls|_tls_wrap|_tls_common|_http_\w+|http|https|dns|internal\/(net|tls|stream_base_commons|http|dns|streams))/;
const NATIVE_SOCKET_NAMES = new Set(['connect', 'writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'readStart', 'readStop', 'close', 'shutdown', 'getaddrinfo', 'setNoDelay', 'setKeepAlive', 'start', 'receive', 'encrypt', 'decrypt']);
const EXPRESSIONS = /n8n-workflow\/.*(expression|workflow-data-proxy|tmpl|extensions|augment-object)|node_modules\/(@n8n\/tournament|recast|ast-types|esprima-next|acorn)\//i;
const PARAMETERS = /n8n-workflow\/.*(node-helpers|node-parameters|node-reference|workflow\.js|workflow-parameters)/i;
const OURS_MAPPING = /\/(nodes\/shared\/(validation|dates|domain|answers|simplify)|nodes\/(Aicc|Eiam)\/(actions|methods|trigger))/;

/** True for a frame of this package: its TypeScript source (in-process) or its build inside n8n's nodes folder. */
function isOurs(url: string, root: string): boolean {
	const path = url.replace(/^file:\/\//, '');
	return path.startsWith(root + '/nodes/') || path.startsWith(root + '/credentials/') || path.includes('/n8n-nodes-aicc-eiam/dist/');
}

function areaOfUrl(url: string, root: string): Area | undefined {
	if (isOurs(url, root)) return OURS_MAPPING.test(url) ? 'our code: validation, dates, mapping' : 'our code: router, transport, credentials';
	if (SOCKETS.test(url)) return 'sockets and TLS: native and Node.js net, tls, http';
	if (/node_modules\/(axios|follow-redirects|form-data|proxy-from-env)\//.test(url)) return 'axios and follow-redirects';
	if (/n8n-core\/.*request-helper/.test(url)) return 'n8n-core request helpers';
	if (/n8n-core\//.test(url)) return 'n8n-core, other';
	if (EXPRESSIONS.test(url)) return 'n8n expressions (evaluation, data proxy)';
	if (PARAMETERS.test(url)) return 'n8n parameters (getNodeParameter, defaults)';
	if (/n8n-workflow\//.test(url)) return 'n8n-workflow, other';
	if (/node_modules\/n8n-nodes-base\//.test(url)) return 'n8n-nodes-base (the HTTP Request node)';
	if (/node_modules\/(n8n\/dist\/credentials|@n8n\/(typeorm|db)|sqlite3|tarn)\//.test(url) || /n8n\/dist\/credentials-helper/.test(url)) return "n8n's credentials and database (credentials helper, TypeORM, SQLite)";
	if (/node_modules\/(n8n\/dist|@n8n\/(di|config|backend-common|task-runner|decorators)|ioredis|bull)\//.test(url)) return 'n8n itself, other (CLI, execution hooks)';
	if (/^node:/.test(url)) return 'Node.js runtime: events, timers, URL, buffers';
	return undefined;
}

const isLuxon = (url: string) => /node_modules\/luxon\//.test(url);
/** Helper libraries whose time belongs to whoever called them (n8n's parameter and expression code, mostly). */
const isHelperLibrary = (url: string) => /node_modules\/(lodash|lodash\.\w+)\//.test(url);

/**
 * The area of one sampled frame, from the frame and its callers (innermost first). GC is V8's own
 * "(garbage collector)" sample; a native frame (no URL) or a lodash frame belongs to its nearest
 * JavaScript caller, and to the sockets when that caller is Node's net, tls or http code or the frame is
 * a known socket call; luxon is told apart by who called it.
 */
export function areaOf(stack: ProfileNode['callFrame'][], root: string): Area {
	const [frame] = stack;
	if (frame.functionName === '(garbage collector)') return 'garbage collection (V8 GC samples)';
	if (isLuxon(frame.url)) {
		const caller = stack.find((entry) => entry.url !== '' && !isLuxon(entry.url));
		if (caller && EXPRESSIONS.test(caller.url)) return "luxon under n8n's expression proxy";
		if (caller && isOurs(caller.url, root)) return 'luxon under our code';
		return 'luxon, other callers';
	}
	if (frame.url === '' || isHelperLibrary(frame.url)) {
		if (frame.url === '' && NATIVE_SOCKET_NAMES.has(frame.functionName)) return 'sockets and TLS: native and Node.js net, tls, http';
		const caller = stack.find((entry) => entry.url !== '' && !isHelperLibrary(entry.url));
		if (!caller) return 'native, no JavaScript caller (microtasks, timers)';
		return areaOf([caller, ...stack.slice(stack.indexOf(caller) + 1)], root);
	}
	return areaOfUrl(frame.url, root) ?? 'other JavaScript';
}

/**
 * The profile's sampling interval: the median gap between its samples. The gaps run longer than the
 * interval asked for (timer slack, a sampler thread that waits its turn), and the median is what the
 * sampler kept to while nothing held it up.
 */
export function samplingInterval(profile: Profile): number {
	const gaps = profile.timeDeltas.filter((gap) => gap > 0).sort((a, b) => a - b);
	if (gaps.length === 0) return 0;
	const middle = Math.floor(gaps.length / 2);
	return gaps.length % 2 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
}

/**
 * CPU time per area in microseconds, from a V8 CPU profile: each sample counts one sampling interval
 * for the area of its stack; idle and "(program)" samples are left out. A sample's gap to the one before
 * is wall-clock time, not CPU: when the thread or the sampler was descheduled, the whole gap would go to
 * whatever code was on the stack when it resumed. On the 2-core bench machine at load 5, with a 100 µs
 * interval, 1 % of the gaps were 2 to 4 ms and the longest 220 ms, and weighting by them moved our areas
 * by ±50 % from one run to the next. A sample is one look at the running thread, so the count in an area
 * is in proportion to the CPU time spent there, however long the machine held the thread.
 */
export function summariseProfile(profile: Profile, root: string): Map<Area, number> {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const areaById = new Map<number, Area | undefined>();
	const areaOfNode = (id: number): Area | undefined => {
		if (areaById.has(id)) return areaById.get(id);
		const node = byId.get(id);
		let area: Area | undefined;
		if (node && node.callFrame.functionName !== '(idle)' && node.callFrame.functionName !== '(program)' && node.callFrame.functionName !== '(root)') {
			const stack: ProfileNode['callFrame'][] = [];
			for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at)!.callFrame);
			area = areaOf(stack.filter((frame) => frame.functionName !== '(root)'), root);
		}
		areaById.set(id, area);
		return area;
	};
	const interval = samplingInterval(profile);
	const totals = new Map<Area, number>();
	for (const id of profile.samples) {
		const area = areaOfNode(id);
		if (area) totals.set(area, (totals.get(area) ?? 0) + interval);
	}
	return totals;
}

/** Areas side by side, in µs per item and as a share of each column's busy main thread, largest first. */
export function profileComparison(columns: Array<[string, Map<Area, number>]>): string {
	const totals = columns.map(([, areas]) => [...areas.values()].reduce((sum, micros) => sum + micros, 0));
	const areas = [...new Set(columns.flatMap(([, entries]) => [...entries.keys()]))].sort((a, b) => (columns[0][1].get(b) ?? 0) - (columns[0][1].get(a) ?? 0));
	const cell = (micros: number, total: number) => `${micros.toFixed(0)} µs (${((micros / total) * 100).toFixed(1)} %)`;
	return [
		`| area (samples × interval; a native or lodash frame counts for its caller) | ${columns.map(([name]) => name).join(' | ')} |`,
		`|---|${columns.map(() => '---|').join('')}`,
		...areas.map((area) => `| ${area} | ${columns.map(([, entries], index) => cell(entries.get(area) ?? 0, totals[index])).join(' | ')} |`),
		`| **main thread busy, all areas** | ${totals.map((total) => `**${total.toFixed(0)} µs**`).join(' | ')} |`,
	].join('\n');
}
