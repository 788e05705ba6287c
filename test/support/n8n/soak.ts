// The soak run (issue 6): thousands of creates in one n8n execution while the emulator fails a seeded
// 2 % of the to-do and task calls in every way it knows. What n8n output is checked against what the
// emulator stored and recorded, and tallied.
import { DEMO_CLIENTS } from '../../emulator/server';
import { FAULT_KINDS, type FaultRule } from '../../emulator/faults';
import type { RecordedRequest } from '../../emulator/http';
import type { NodeRunOutput } from './n8n';

export type SoakVendor = 'eiam' | 'aicc';

export interface SoakSize {
	eiam: number;
	aicc: number;
}

/** CI keeps the e2e suite within budget; `npm run soak` (SOAK_SIZE=full) runs the size issue 6 asks for. */
export const SOAK_SIZES: Record<'ci' | 'full', SoakSize> = {
	ci: { eiam: 500, aicc: 200 },
	full: { eiam: 5000, aicc: 2000 },
};

export const SOAK_NODE = 'Create';

/** Every call under the to-do and task routes is faulted alike: creates, and EIAM's lookups by External ID. */
const FAULTED_ROUTES: Record<SoakVendor, string> = {
	eiam: '^[A-Z]+ /api/v2/tenant/todo/task',
	aicc: '^[A-Z]+ /service/AICC__Case/1\\.0\\.0/openapi/task',
};

export const TOKEN_PATHS: Record<SoakVendor, string> = {
	eiam: '/api/v2/tenant/token',
	aicc: '/baas/auth/v1.0/oauth2/token',
};

const FAULT_SHARE = 0.02;
/** A tenth of the faults are 429s with Retry-After; a rule has one Retry-After, so they need a rule of their own. */
const RETRY_AFTER_SHARE = FAULT_SHARE / 10;

/**
 * The node's Options: short waits so that the run ends soon, a Timeout the emulator's held connections
 * outlast. 2 s rather than less because the machine is shared: a slow answer that is no fault still passes.
 */
const SOAK_OPTIONS = { timeout: 2_000, maxRetries: 3, maxRetryWait: 4_000 };
const HOLD_MS = 5_000;

/** 2 % of the vendor's to-do/task calls faulted, every kind, seeded, acted before or after at random. */
export function soakFaultRules(vendor: SoakVendor, seed: number): FaultRule[] {
	const route = FAULTED_ROUTES[vendor];
	return [
		{ route, kind: '429', retryAfterSeconds: 1, share: RETRY_AFTER_SHARE, seed },
		// Rules are tried in order, so this one sees only what the first let through: its share is scaled to make 2 % in all.
		// aicc-rescode applies to AICC calls only; the emulator leaves it out for EIAM's.
		// Every kind but `body`, which answers a chosen JSON value and so needs a rule of its own.
		{ route, kind: FAULT_KINDS.filter((kind) => kind !== 'body'), share: (FAULT_SHARE - RETRY_AFTER_SHARE) / (1 - RETRY_AFTER_SHARE), seed: seed + 1, acted: 'random', holdMs: HOLD_MS },
	];
}

const CREDENTIALS: Record<SoakVendor, { id: string; name: string }> = {
	eiam: { id: 'soakEiamCred0001', name: 'Soak EIAM (client credentials)' },
	aicc: { id: 'soakAiccCred0001', name: 'Soak AICC (client credentials)' },
};

/** Client Credentials, no token stored yet: the run's token requests are all the soak's own. */
export function soakCredentials(emulatorUrl: string) {
	return (['eiam', 'aicc'] as const).map((vendor) => ({
		...CREDENTIALS[vendor],
		type: `${vendor}Api`,
		data: { domain: emulatorUrl, authentication: 'clientCredentials', ...DEMO_CLIENTS[vendor] },
	}));
}

const OWNER = '10gg00000148QvgpaLAm';

/** What ties a stored record to its input item: EIAM's External ID, the AICC task's title. */
export function soakKey(vendor: SoakVendor, tag: string, index: number): string {
	return vendor === 'eiam' ? `soak-${tag}-${index}` : `Soak ${tag} ${index}`;
}

function createParameters(vendor: SoakVendor, tag: string) {
	// The expressions rebuild soakKey from the item's n.
	if (vendor === 'eiam') {
		return {
			resource: 'todo',
			operation: 'create',
			userName: 'zhangsan',
			title: `={{ "Soak ${tag} " + $json.n }}`,
			content: 'Soak run',
			messageType: 'TEXT',
			deadline: '2026-12-05 12:00:00',
			externalId: `={{ "soak-${tag}-" + $json.n }}`,
			webUrl: 'https://example.com/soak',
			mobileUrl: 'https://m.example.com/soak',
			options: SOAK_OPTIONS,
		};
	}
	return { resource: 'task', operation: 'create', title: `={{ "Soak ${tag} " + $json.n }}`, ownerId: OWNER, creatorId: OWNER, additionalFields: {}, options: SOAK_OPTIONS };
}

export const soakWorkflowId = (vendor: SoakVendor) => `soak${vendor}Create`;

/** Start → Rows (a Set node holding n = 0…items-1) → Split Out → Create with Continue On Fail: no Code node, so no task runner. */
export function soakWorkflow(vendor: SoakVendor, items: number, tag: string) {
	const rows = JSON.stringify({ rows: Array.from({ length: items }, (_, n) => ({ n })) });
	return {
		id: soakWorkflowId(vendor),
		name: `Soak: ${items} ${vendor === 'eiam' ? 'EIAM to-do' : 'AICC task'} creates`,
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: 's0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 's1', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: rows, options: {} } },
			{ id: 's2', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
			{
				id: 's3',
				name: SOAK_NODE,
				type: `n8n-nodes-aicc-eiam.${vendor}`,
				typeVersion: 1,
				position: [600, 0],
				onError: 'continueRegularOutput',
				parameters: createParameters(vendor, tag),
				credentials: { [`${vendor}Api`]: CREDENTIALS[vendor] },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: SOAK_NODE, type: 'main', index: 0 }]] },
		},
	};
}

/** One soak run as the checks and the tally see it. */
export interface SoakRun {
	vendor: SoakVendor;
	tag: string;
	itemsIn: number;
	/** The Create node's output items. */
	items: NodeRunOutput[];
	/** What the emulator recorded during the run. */
	requests: RecordedRequest[];
	/** What the emulator holds afterwards: record ID and key (External ID, title). */
	stored: Array<{ id: string; key: string }>;
	/** Wall time of `n8n execute`, and the Create node's own execution time. */
	durationMs: number;
	nodeMs: number;
}

const createdId = (run: SoakRun, item: NodeRunOutput): unknown => item.json[run.vendor === 'eiam' ? 'todoId' : 'taskId'];
const errorOf = (item: NodeRunOutput): string | undefined => (typeof item.json.error === 'string' ? item.json.error : undefined);

/** An item error that says the record may exist: the only failure that may leave one stored. */
function saysMaybeCreated(item: NodeRunOutput): boolean {
	return /may have been created/.test(`${item.json.error} ${item.json.description ?? ''}`);
}

/** What the tally counts as one kind of item error: the message without its item number and measured waits. */
function errorKind(message: string): string {
	return message.replace(/ \(item \d+\)$/, '').replace(/after \d+ retr(y|ies) over [\d.]+ s/, 'after N retries over N s');
}

const isTokenRequest = (run: SoakRun, request: RecordedRequest) => request.path === TOKEN_PATHS[run.vendor];
const expiries = (run: SoakRun) => run.requests.filter((request) => request.fault === 'token-expired').length;

function checkItems(run: SoakRun): string[] {
	const problems: string[] = [];
	if (run.items.length !== run.itemsIn) problems.push(`${run.items.length} output items for ${run.itemsIn} input items`);
	run.items.forEach((item, index) => {
		const paired = item.pairedItem as { item?: number } | undefined;
		if (paired?.item !== index) problems.push(`output item ${index} is paired to ${JSON.stringify(item.pairedItem)}`);
		const id = createdId(run, item);
		const error = errorOf(item);
		if ((typeof id === 'string') === (error !== undefined)) problems.push(`output item ${index} is neither a success nor an item error: ${JSON.stringify(item.json)}`);
		if (error !== undefined && !error.endsWith(`(item ${index})`)) problems.push(`output item ${index} carries another item's error: ${error}`);
	});
	return problems;
}

/**
 * The store against the output: every success is stored under its own item's key, no key is stored
 * twice (EIAM: no duplicate External ID; AICC: no task created twice), and a stored record whose item
 * is no success belongs to an item error saying it may have been created.
 */
function checkStore(run: SoakRun): string[] {
	const problems: string[] = [];
	const byId = new Map(run.stored.map((record) => [record.id, record.key]));
	const indexOfKey = new Map(run.items.map((_, index) => [soakKey(run.vendor, run.tag, index), index]));
	run.items.forEach((item, index) => {
		const id = createdId(run, item);
		if (typeof id !== 'string') return;
		const key = byId.get(id);
		if (key !== soakKey(run.vendor, run.tag, index)) problems.push(`item ${index} succeeded with ${id}, which the emulator ${key ? `holds under ${key}` : 'does not hold'}`);
	});
	const seen = new Set<string>();
	for (const { id, key } of run.stored) {
		if (seen.has(key)) problems.push(`the emulator holds ${key} more than once`);
		seen.add(key);
		const index = indexOfKey.get(key);
		const item = index === undefined ? undefined : run.items[index];
		if (!item) problems.push(`the emulator holds ${key} (${id}), which no input item has`);
		else if (createdId(run, item) !== id && !saysMaybeCreated(item)) problems.push(`the emulator holds ${key} (${id}), but item ${index} says ${JSON.stringify(item.json)}`);
	}
	const successes = run.items.filter((item) => typeof createdId(run, item) === 'string').length;
	const uncertain = run.items.filter((item) => errorOf(item) !== undefined && saysMaybeCreated(item)).length;
	if (run.stored.length > successes + uncertain) problems.push(`${run.stored.length} stored, more than ${successes} successes + ${uncertain} "may have been created" errors`);
	return problems;
}

/** Everything the soak asserts, as a list of what went wrong (empty: all held). */
export function soakViolations(run: SoakRun): string[] {
	const tokenRequests = run.requests.filter((request) => isTokenRequest(run, request)).length;
	return [
		...checkItems(run),
		...checkStore(run),
		...(tokenRequests > expiries(run) + 1 ? [`${tokenRequests} token requests for ${expiries(run)} injected token expiries`] : []),
		...(run.requests.some((request) => request.fault) ? [] : ['no fault was injected: the run proves nothing']),
	];
}

function count<T>(values: T[], keyOf: (value: T) => string | undefined): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) {
		const key = keyOf(value);
		if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** A fault's kind as the tally shows it: 429 split by whether it carried Retry-After. */
function faultLabel(request: RecordedRequest): string | undefined {
	if (request.fault === '429' && request.responseHeaders?.['Retry-After'] !== undefined) return '429 with Retry-After';
	return request.fault === '429' ? '429 without Retry-After' : request.fault;
}

/** A row of the tally: rows of one section stay together when the runs' rows are merged into one table. */
interface TallyRow {
	section: number;
	label: string;
	value: string;
}

function tallyRows(run: SoakRun): TallyRow[] {
	const successes = run.items.filter((item) => typeof createdId(run, item) === 'string');
	const recovery = successes.map((item) => item.json.recovery).filter((text): text is string => typeof text === 'string');
	const errors = run.items.map(errorOf).filter((error): error is string => error !== undefined);
	const faulted = run.requests.filter((request) => request.fault);
	const acted = count(faulted, (request) => (request.acted && request.fault !== 'token-expired' ? faultLabel(request) : undefined));
	const recovered = `${recovery.length} (${recovery.filter((text) => /already held/.test(text)).length} found, ${recovery.filter((text) => /created again/.test(text)).length} created again)`;
	const row = (section: number, label: string, value: string | number): TallyRow => ({ section, label, value: String(value) });
	return [
		row(0, 'items in', run.itemsIn),
		row(0, 'successes', successes.length),
		row(0, '… of which recovered (`recovery`: found by External ID, created again)', run.vendor === 'eiam' ? recovered : '–'),
		row(0, 'item errors', errors.length),
		...[...count(errors, errorKind)].map(([kind, n]) => row(1, `… ${kind}`, n)),
		row(2, 'records stored by the emulator', run.stored.length),
		row(2, 'faults injected (of which the vendor acted)', faulted.length),
		...[...count(faulted, faultLabel)].map(([kind, n]) => row(3, `… ${kind}`, `${n}${acted.get(kind) ? ` (${acted.get(kind)})` : ''}`)),
		row(4, 'requests to the emulator', run.requests.length),
		row(4, 'token requests', run.requests.filter((request) => isTokenRequest(run, request)).length),
		row(4, 'token expiries injected', expiries(run)),
		row(4, 'duration of `n8n execute`', `${(run.durationMs / 1000).toFixed(1)} s`),
		row(4, 'Create node execution time', `${(run.nodeMs / 1000).toFixed(1)} s`),
	];
}

/** The tally of the runs as a Markdown table, a column per vendor. */
export function tallyTable(runs: SoakRun[]): string {
	const rows = new Map<string, { section: number; values: Partial<Record<SoakVendor, string>> }>();
	for (const run of runs) {
		for (const { section, label, value } of tallyRows(run)) {
			const entry = rows.get(label) ?? { section, values: {} };
			entry.values[run.vendor] = value;
			rows.set(label, entry);
		}
	}
	const vendors = runs.map((run) => run.vendor);
	const heading = vendors.map((vendor) => (vendor === 'eiam' ? 'EIAM to-do create' : 'AICC task create'));
	// Sections in order; the lists of error and fault kinds (odd sections) by name, the others as written.
	const ordered = [...rows].sort(([labelA, a], [labelB, b]) => a.section - b.section || (a.section % 2 === 1 ? labelA.localeCompare(labelB) : 0));
	return [
		`| | ${heading.join(' | ')} |`,
		`|---|${vendors.map(() => '---:').join('|')}|`,
		...ordered.map(([label, { values }]) => `| ${label} | ${vendors.map((vendor) => values[vendor] ?? '0').join(' | ')} |`),
	].join('\n');
}
