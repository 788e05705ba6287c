/**
 * One check per guarantee of docs/guarantees.md, the same for every cell: each reads what the cell's
 * run left (the outcome, the next run, the vendor's records before and after) and says what broke the
 * guarantee, or nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { VENDOR_TEXT_MAX_CHARS } from '../../nodes/shared/transport';
import type { Cell, Expect, FaultMeta, Guarantee } from './catalogue';
import type { FaultRun } from './faults';
import type { Ctx, Outcome, RowRun } from './rows';
import type { World } from './world';

export interface Evidence {
	world: World;
	row: RowRun;
	fault: FaultMeta;
	/** The right outcome of the cell: success, failure, or either. */
	expect: NonNullable<Cell['expect']>;
	run: FaultRun;
	ctx: Ctx;
	outcome: Outcome;
	/** The run after the fault (undefined where no guarantee of the cell needs it). */
	next?: Outcome;
	/** The stored text of the cell's records before the faulted run. */
	before: Record<string, IDataObject>;
}

/** What a user reads of a failure. */
const said = (outcome: Outcome) => `${outcome.message ?? ''} ${outcome.description ?? ''}`;

/** An error a user can act on: a message of words, not "undefined", "[object Object]" or an empty text. */
function loud(outcome: Outcome): string | undefined {
	const text = said(outcome);
	if (!outcome.message || outcome.message.trim().length < 10) return `the failure says only ${JSON.stringify(outcome.message)}`;
	if (/\[object Object\]|undefined|null\b/.test(text)) return `the failure reads "${text.slice(0, 160)}"`;
	return undefined;
}

function lost({ world, row, ctx, outcome, next }: Evidence, expect: Expect): string | undefined {
	// A trigger may emit late: what the faulted poll and the next one emitted together must be whole.
	if (row.meta.kind === 'trigger') {
		if (expect === 'failure' && !outcome.failed) return 'the poll succeeded on a refusal';
		if (!next || next.failed) return `the next poll failed too: ${next?.message}`;
		return row.whole(world, ctx, outcome);
	}
	if (outcome.failed) return expect === 'success' ? `a whole, true answer failed: ${said(outcome).slice(0, 300)}` : loud(outcome);
	if (expect === 'failure') return `a refusal passed as a success: ${JSON.stringify(outcome.items).slice(0, 200)}`;
	const wrong = row.whole(world, ctx, outcome);
	return wrong ? `the output claims success, but ${wrong}` : undefined;
}

function doubled({ world, row, ctx, outcome }: Evidence): string | undefined {
	const effects = row.effects(world, ctx, outcome);
	const twice = effects.filter((effect, index) => effects.indexOf(effect) !== index);
	return twice.length ? `twice: ${[...new Set(twice)].slice(0, 3).join(', ')} (${effects.length} effects)` : undefined;
}

/** Text no fixture of the matrix holds: Latin-1 letters (mojibake of UTF-8 read as ISO-8859-1) or a replacement character. */
const MOJIBAKE = /[\u0080-\u00ff]/;
const REPLACED = /\ufffd/;

function strings(value: unknown, found: string[] = []): string[] {
	if (typeof value === 'string') found.push(value);
	else if (value && typeof value === 'object') for (const entry of Object.values(value)) strings(entry, found);
	return found;
}

function corrupted({ world, row, ctx, outcome, before, fault }: Evidence): string | undefined {
	const after = row.records(world, ctx);
	for (const [id, record] of Object.entries(after)) {
		for (const [field, value] of Object.entries(record)) {
			const was = before[id]?.[field];
			const allowed = before[id] ? [was, ctx.intended[field]] : [ctx.intended[field] ?? value];
			if (!allowed.some((entry) => JSON.stringify(entry) === JSON.stringify(value))) return `record ${id}: ${field} became ${JSON.stringify(value)} (was ${JSON.stringify(was)})`;
			if (typeof value === 'string' && (MOJIBAKE.test(value) || REPLACED.test(value))) return `record ${id}: ${field} stored as ${JSON.stringify(value)}`;
		}
	}
	if (outcome.failed) return undefined;
	// A byte that does not decode may show as U+FFFD in its own field; nothing else may change.
	const bad = strings(outcome.items).find((text) => MOJIBAKE.test(text) || (fault.id !== 'charset.false' && REPLACED.test(text)));
	return bad ? `the output holds ${JSON.stringify(bad.slice(0, 80))}` : undefined;
}

function stuck({ next }: Evidence): string | undefined {
	if (!next) return 'no next run';
	return next.failed ? `the next run failed too: ${said(next).slice(0, 300)}` : undefined;
}

/** The most a failure's message and description may hold together: our words and the vendor's, each bounded. */
const MAX_SAID = 4 * VENDOR_TEXT_MAX_CHARS;

function words({ outcome, run }: Evidence): string | undefined {
	if (!outcome.failed) return undefined;
	const text = said(outcome);
	if (!run.words.test(text)) return `the failure does not say ${run.words}: "${text.slice(0, 300)}"`;
	return text.length > MAX_SAID ? `the failure holds ${text.length} characters` : undefined;
}

function bounded({ outcome }: Evidence): string | undefined {
	const text = said(outcome);
	if (text.length > MAX_SAID) return `the failure holds ${text.length} characters`;
	const size = JSON.stringify(outcome.items).length;
	return size > 1_000_000 ? `the output holds ${size} characters` : undefined;
}

function secrets({ world, outcome, next }: Evidence): string | undefined {
	if (world.recorder.seen.length) return `${world.recorder.seen.length} requests reached another host`;
	const text = JSON.stringify([outcome.seen, next?.seen]);
	const found = world.secrets().filter((secret) => text.includes(secret));
	return found.length ? `${found.length} secrets in what n8n keeps (first starts ${found[0].slice(0, 6)}…)` : undefined;
}

/** n8n's item contract: one input item, so one output or error item paired with it, or the node's error; never both. */
function itemContract({ outcome }: Evidence): string | undefined {
	const node = outcome.node;
	if (!node) return 'not a node run';
	const unpaired = [...node.main, ...node.errorOutput].filter((item) => JSON.stringify(item.pairedItem) !== JSON.stringify({ item: 0 }));
	if (unpaired.length) return `${unpaired.length} items not paired with input item 0`;
	const errorItems = [...node.main, ...node.errorOutput].filter((item) => item.json.error !== undefined);
	switch (node.onError) {
		case 'stopWorkflow':
			if (node.error && node.main.length) return 'the node failed and output items';
			return errorItems.length ? 'error items without Continue On Fail' : undefined;
		case 'continueRegularOutput':
			if (node.error) return `the node stopped the workflow: ${node.error.message}`;
			return errorItems.length && (node.main.length !== 1 || node.errorOutput.length) ? `a failed item gave ${node.main.length} items` : undefined;
		case 'continueErrorOutput':
			if (node.error) return `the node stopped the workflow: ${node.error.message}`;
			if (node.main.some((item) => item.json.error !== undefined)) return 'an error item on the main output';
			return node.errorOutput.length > 1 ? `${node.errorOutput.length} items on the error output` : undefined;
	}
}

export const CHECKS: Record<Guarantee, (evidence: Evidence) => string | undefined> = {
	L: (evidence) => lost(evidence, evidence.expect),
	D: doubled,
	C: corrupted,
	S: stuck,
	W: words,
	B: bounded,
	X: secrets,
	I: itemContract,
};

/** Every guarantee of the cell that broke, with why. */
export function broken(guarantees: Guarantee[], evidence: Evidence): string[] {
	return guarantees.flatMap((guarantee) => {
		const problem = CHECKS[guarantee](evidence);
		return problem ? [`${guarantee}: ${problem}`] : [];
	});
}
