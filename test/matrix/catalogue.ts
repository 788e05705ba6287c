/**
 * The operation × fault matrix as data: its rows (every operation of both nodes, both trigger events,
 * the Task picker, each credential's Test button), its columns (every fault class of the hostile
 * catalogue) and, for each cell, the guarantees it asserts or why none applies. Pure: no server, no
 * n8n; the generator renders it into docs/guarantees.md and the matrix tests run it.
 */

/** The guarantees of docs/guarantees.md, each asserted by one function in guarantees.ts. */
export const GUARANTEES = {
	L: 'Nothing lost: the output is whole, or the run fails loudly; a whole, true answer is never failed',
	D: 'Nothing doubled: no record, effect or emitted item twice',
	C: 'Nothing corrupted: no record written with text the vendor did not hold, no output text the vendor did not send',
	S: 'Never stuck: the next run after the fault succeeds',
	W: "The vendor's and gateway's words kept (or the cause named), bounded and redacted",
	B: 'Bounded memory and output: reading stops at the bound, an error stays short',
	X: 'Secrets stay where they belong: none in output, error or run data, none sent to another host',
	I: "n8n's item contract under the cell's On Error setting, the error output included",
} as const;
export type Guarantee = keyof typeof GUARANTEES;

export type Vendor = 'aicc' | 'eiam';

/** What a row is, as far as which guarantees can apply. */
export interface RowMeta {
	id: string;
	vendor: Vendor;
	label: string;
	/** create: makes a record (a repeat would double it); write: changes one; read; list: reads AICC's list. */
	kind: 'create' | 'write' | 'read' | 'list' | 'trigger' | 'picker' | 'credential';
	/** The answer the API faults target names the record asked for (an ID or External ID to compare). */
	namesRecord: boolean;
	/** The answer the API faults target holds a record's text (a title), so its charset matters. */
	answerText: boolean;
	/** A repeat of its write would leave a second effect (a second record or a second trace entry). */
	doublable: boolean;
}

export const ROWS: RowMeta[] = [
	{ id: 'aicc.create', vendor: 'aicc', label: 'AICC Create', kind: 'create', namesRecord: false, answerText: false, doublable: true },
	{ id: 'aicc.get', vendor: 'aicc', label: 'AICC Get', kind: 'read', namesRecord: true, answerText: true, doublable: false },
	{ id: 'aicc.getAll', vendor: 'aicc', label: 'AICC Get Many', kind: 'list', namesRecord: false, answerText: true, doublable: false },
	{ id: 'aicc.update', vendor: 'aicc', label: 'AICC Update', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'aicc.updateStatus', vendor: 'aicc', label: 'AICC Update Status', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'aicc.transfer', vendor: 'aicc', label: 'AICC Transfer', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'aicc.process', vendor: 'aicc', label: 'AICC Process', kind: 'write', namesRecord: false, answerText: false, doublable: true },
	{ id: 'aicc.newTask', vendor: 'aicc', label: 'AICC Trigger: New Task', kind: 'trigger', namesRecord: false, answerText: true, doublable: true },
	{ id: 'aicc.reachedStatus', vendor: 'aicc', label: 'AICC Trigger: Task Reached Status', kind: 'trigger', namesRecord: false, answerText: true, doublable: true },
	{ id: 'aicc.picker', vendor: 'aicc', label: 'AICC Task picker', kind: 'picker', namesRecord: false, answerText: true, doublable: true },
	{ id: 'aicc.credential', vendor: 'aicc', label: 'AICC credential Test', kind: 'credential', namesRecord: false, answerText: false, doublable: false },
	{ id: 'eiam.create', vendor: 'eiam', label: 'EIAM Create', kind: 'create', namesRecord: false, answerText: false, doublable: true },
	{ id: 'eiam.sendAndWait', vendor: 'eiam', label: 'EIAM Create and Wait for Approval', kind: 'create', namesRecord: false, answerText: false, doublable: true },
	{ id: 'eiam.createOrUpdate', vendor: 'eiam', label: 'EIAM Create or Update', kind: 'create', namesRecord: true, answerText: true, doublable: true },
	{ id: 'eiam.get', vendor: 'eiam', label: 'EIAM Get', kind: 'read', namesRecord: true, answerText: true, doublable: false },
	{ id: 'eiam.getByExternalId', vendor: 'eiam', label: 'EIAM Get by External ID', kind: 'read', namesRecord: true, answerText: true, doublable: false },
	{ id: 'eiam.updateAll', vendor: 'eiam', label: 'EIAM Update (All Fields)', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'eiam.updateChanged', vendor: 'eiam', label: 'EIAM Update (Only Fields That Change)', kind: 'write', namesRecord: true, answerText: true, doublable: false },
	{ id: 'eiam.delete', vendor: 'eiam', label: 'EIAM Delete', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'eiam.markAsDone', vendor: 'eiam', label: 'EIAM Mark as Done', kind: 'write', namesRecord: false, answerText: false, doublable: false },
	{ id: 'eiam.credential', vendor: 'eiam', label: 'EIAM credential Test', kind: 'credential', namesRecord: false, answerText: false, doublable: false },
];

/** Where a fault strikes: the row's own API request, or the token endpoint. */
export type Target = 'api' | 'token';
/** What the right outcome is: the answer was whole and true (success), a refusal (failure), or either (whole or loud). */
export type Expect = 'success' | 'failure' | 'either';

export interface FaultMeta {
	id: string;
	group: string;
	/** The column's heading in the rendered table. */
	label: string;
	target: Target;
	expect: Expect;
	/** The guarantees the fault puts at stake, before the row's kind narrows them. */
	stakes: Guarantee[];
	/** Why the fault cannot reach a row, or undefined when it can. */
	notFor?: (row: RowMeta) => string | undefined;
}

const READ_BY_N8N = "n8n reads the Test button's answer by the credential's rules, not through the node";
const NO_TEXT = 'its answer holds no record text (an ID or a status only)';
const NO_LIST = 'it reads no list';

const textRows = (row: RowMeta) => (row.kind === 'credential' ? READ_BY_N8N : row.answerText ? undefined : NO_TEXT);
const listRows = (row: RowMeta) => (['list', 'trigger', 'picker'].includes(row.kind) ? undefined : NO_LIST);
/**
 * The picker filters by title alone, which AICC matches fuzzily (docs/aicc-api.md): a row whose title
 * lacks the text typed may still be AICC's match, so both readings are accepted and no row contradicts it.
 */
const filteredRows = (row: RowMeta) => (row.kind === 'picker' ? 'its only filter is the title, which AICC matches fuzzily: no row can contradict it' : listRows(row));

/** The refusal shapes of docs/gateways.md and of the vendors, at 200 and at an error status. */
const SHAPES = [
	['apig', 'Huawei APIG'],
	['problem', 'problem+json'],
	['html', 'HTML page'],
	['text', 'plain text'],
	['vendor', "vendor's own"],
] as const;
export type Shape = (typeof SHAPES)[number][0];

const refusals = (target: Target): FaultMeta[] =>
	SHAPES.flatMap(([shape, name]) =>
		(['200', '4xx'] as const).map(
			(status): FaultMeta => ({
				id: `${target === 'api' ? 'refusal' : 'tokenEndpoint'}.${shape}.${status}`,
				group: target === 'api' ? 'Refusals by the API' : 'Refusals by the token endpoint',
				label: `${name} ${status}`,
				target,
				expect: 'failure',
				stakes: ['L', 'D', 'C', 'S', 'W', 'X', 'I'],
			}),
		),
	);

export const FAULTS: FaultMeta[] = [
	{ id: 'wire.cut', group: 'The wire', label: 'cut', target: 'api', expect: 'either', stakes: ['L', 'D', 'C', 'S', 'W', 'X', 'I'] },
	{ id: 'wire.chunk', group: 'The wire', label: 'bad chunk', target: 'api', expect: 'either', stakes: ['L', 'D', 'C', 'S', 'W', 'X', 'I'] },
	{ id: 'wire.gzip', group: 'The wire', label: 'gzip', target: 'api', expect: 'success', stakes: ['L', 'C', 'X', 'I'] },
	{ id: 'wire.brotli', group: 'The wire', label: 'brotli', target: 'api', expect: 'success', stakes: ['L', 'C', 'X', 'I'] },
	{ id: 'wire.oversized', group: 'The wire', label: 'oversized', target: 'api', expect: 'either', stakes: ['L', 'D', 'S', 'W', 'B', 'X', 'I'] },
	{ id: 'charset.true', group: 'Charsets', label: 'true (GBK)', target: 'api', expect: 'success', stakes: ['L', 'C', 'X', 'I'], notFor: textRows },
	{ id: 'charset.false', group: 'Charsets', label: 'false (bad byte)', target: 'api', expect: 'success', stakes: ['L', 'C', 'S', 'X', 'I'], notFor: textRows },
	{ id: 'charset.lying', group: 'Charsets', label: 'lying label', target: 'api', expect: 'either', stakes: ['L', 'C', 'X', 'I'], notFor: textRows },
	...refusals('api'),
	...refusals('token'),
	...(['200', '400', '401'] as const).map(
		(status): FaultMeta => ({ id: `tokenRefused.${status}`, group: 'Token refusals', label: `expired token ${status}`, target: 'api', expect: 'success', stakes: ['L', 'D', 'S', 'X', 'I'] }),
	),
	{
		id: 'other.record',
		group: 'Another record',
		label: 'about another record',
		target: 'api',
		expect: 'failure',
		stakes: ['L', 'C', 'X', 'I'],
		notFor: (row) =>
			row.kind === 'credential'
				? READ_BY_N8N
				: ['list', 'trigger', 'picker'].includes(row.kind)
					? 'a list answers about many records: see the lists that lie'
					: row.namesRecord
						? undefined
						: 'its answer names no record to compare (the new ID, or a bare success)',
	},
	{ id: 'list.limit', group: 'Lists that lie', label: 'limit ignored', target: 'api', expect: 'either', stakes: ['L', 'D', 'B', 'X'], notFor: listRows },
	{ id: 'list.filter', group: 'Lists that lie', label: 'filter ignored', target: 'api', expect: 'either', stakes: ['L', 'D', 'X'], notFor: filteredRows },
	{ id: 'list.unstable', group: 'Lists that lie', label: 'unstable pages', target: 'api', expect: 'either', stakes: ['L', 'D', 'X'], notFor: listRows },
	{ id: 'list.contradict', group: 'Lists that lie', label: 'contradicting pages', target: 'api', expect: 'either', stakes: ['L', 'D', 'X'], notFor: listRows },
	{ id: 'list.count', group: 'Lists that lie', label: 'wrong count', target: 'api', expect: 'either', stakes: ['L', 'D', 'X'], notFor: listRows },
	...(['object', 'array', 'huge'] as const).map(
		(form): FaultMeta => ({
			id: `errorAs.${form}`,
			group: 'Errors as',
			label: form === 'huge' ? 'huge text' : `an ${form}`,
			target: 'api',
			expect: 'failure',
			stakes: ['L', 'S', 'W', 'B', 'X', 'I'],
			notFor: (row) => (row.kind === 'credential' ? READ_BY_N8N : undefined),
		}),
	),
	{ id: 'redirect.api', group: 'Redirects', label: 'API 302', target: 'api', expect: 'failure', stakes: ['L', 'S', 'W', 'X', 'I'] },
	{ id: 'redirect.token', group: 'Redirects', label: 'token 307', target: 'token', expect: 'failure', stakes: ['L', 'S', 'W', 'X', 'I'] },
	{ id: 'echo.api', group: 'Echoed secrets', label: 'by the API', target: 'api', expect: 'failure', stakes: ['L', 'W', 'X', 'I'] },
	{ id: 'echo.token', group: 'Echoed secrets', label: 'by the token endpoint', target: 'token', expect: 'failure', stakes: ['L', 'W', 'X', 'I'] },
];

/** Which of a fault's stakes a row can be held to. */
function heldTo(row: RowMeta, fault: FaultMeta, guarantee: Guarantee): boolean {
	switch (guarantee) {
		case 'I':
			return !['trigger', 'picker', 'credential'].includes(row.kind);
		case 'D':
			return row.doublable;
		// The Test button's API answer is judged by n8n and the credential's rules: what it says is n8n's.
		case 'W':
		case 'C':
		case 'B':
			return row.kind !== 'credential' || fault.target === 'token';
		default:
			return true;
	}
}

/**
 * What the right outcome of a cell is. The Test button asks whether the credential works: any answer of
 * the vendor's own, a refusal of the request included, says that it does.
 */
function expectOf(row: RowMeta, fault: FaultMeta): Expect {
	if (row.kind === 'credential' && (fault.id.startsWith('refusal.vendor.') || fault.id === 'echo.api')) return 'either';
	return fault.expect;
}

/** What the Test button cannot be held to, by fault or group (docs/limits.md#limits-and-known-gaps: n8n reads the Test button's answer). */
const TEST_BUTTON_NA: Record<string, string> = {
	'Token refusals': 'the Test button tests the credential as typed, not a token a run stored',
	'wire.oversized': "n8n reads the Test button's answer whole, without the node's 8 MiB bound",
};

export type Cell = { row: RowMeta; fault: FaultMeta } & ({ guarantees: Guarantee[]; expect: Expect; na?: undefined } | { na: string; guarantees?: undefined; expect?: undefined });

export function cellOf(row: RowMeta, fault: FaultMeta): Cell {
	const na = fault.notFor?.(row) ?? (row.kind === 'credential' ? TEST_BUTTON_NA[fault.id] ?? TEST_BUTTON_NA[fault.group] : undefined);
	if (na) return { row, fault, na };
	return { row, fault, expect: expectOf(row, fault), guarantees: fault.stakes.filter((guarantee) => heldTo(row, fault, guarantee)) };
}

export function allCells(): Cell[] {
	return ROWS.flatMap((row) => FAULTS.map((fault) => cellOf(row, fault)));
}

/** The On Error setting a node cell runs under: rotated across cells, so that every row meets each setting. */
export const ON_ERROR_SETTINGS = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const;
export function onErrorOf(row: RowMeta, fault: FaultMeta): (typeof ON_ERROR_SETTINGS)[number] {
	return ON_ERROR_SETTINGS[(ROWS.indexOf(row) + FAULTS.indexOf(fault)) % ON_ERROR_SETTINGS.length];
}
