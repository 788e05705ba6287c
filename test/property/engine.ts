/**
 * Runs generated items through n8n-core's WorkflowExecute against the emulator, many per execution with
 * Continue On Fail on, and checks each item's fate against what its values' verdicts allow:
 *
 * 1. a refusal happens before any request and names a displayed field that was not valid and the item
 *    ("(item N)"); an item that is sent makes only requests the emulator accepts;
 * 2. no error is a JavaScript failure dressed as an item error;
 * 3. every request stays on the documented path, each ID one segment, no query.
 *
 * Items run one at a time (Items per Batch 1), so the emulator's log holds each item's requests in item
 * order and every request can be laid against the item that sent it.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';

import { Aicc } from '../../nodes/Aicc/Aicc.node';
import { Eiam } from '../../nodes/Eiam/Eiam.node';
import type { Emulator } from '../emulator/server';
import type { RecordedRequest } from '../emulator/http';
import { startBench } from '../support/emulator-bench';
import { timezones, type Case, type Verdict } from './arbitraries';

/** The documented prefixes (docs/aicc-api.md#conventions, docs/eiam-api.md#conventions). */
export const PREFIX = { aicc: '/service/AICC__Case/1.0.0/openapi/task', eiam: '/api/v2/tenant/todo/task' } as const;

const PROPERTIES = { aicc: new Aicc().description.properties, eiam: new Eiam().description.properties };

export interface Field {
	/** The parameter's name, and the key of the item JSON its expression reads. */
	name: string;
	cases: fc.Arbitrary<Case>;
	/** The collection (Additional Fields, Update Fields, Filters) it is an option of; top level when absent. */
	collection?: string;
}

/** A generated item: a case per field, undefined for a collection option this run does not add. */
export type Item = Record<string, Case | undefined>;

/** A rule over several fields (Type needs Related Record ID…), as the verdict and the field names a refusal may give. */
export interface Judgement {
	verdict: Verdict;
	labels: string[];
}

export interface ExpectedRequest {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Path segments below the prefix, decoded. */
	segments: string[];
	/** True when the JSON body belongs to this item (holds its ID). */
	body?: (body: Record<string, unknown>) => boolean;
}

export interface OperationSpec {
	vendor: 'aicc' | 'eiam';
	/** Resource, operation and modes. */
	parameters: INodeParameters;
	fields: Field[];
	combined?: (item: Item) => Judgement | undefined;
	/** The requests an item that is sent makes, in order. */
	requests: (item: Item) => ExpectedRequest[];
	/** Records the emulator must hold so that a valid item finds what it names. */
	seed?: (emulator: Emulator, items: Item[]) => void;
	/** What two items of one run must not share (an ID a Delete uses up, an External ID that must be unique). */
	unique?: (item: Item) => string;
	/** Refusals may come after the first request (Update with only the fields that change reads the to-do first). */
	refusesAfterRead?: boolean;
	/** An item that is sent outputs one item per record found, maybe none (Get Many), rather than exactly one. */
	lists?: boolean;
}

/** Signs of a JavaScript failure passed off as an item error. */
const NOT_AN_N8N_MESSAGE =
	/Cannot read|Cannot set|is not a function|is not defined|is not iterable|undefined|\[object |\n\s+at |TypeError|RangeError|URIError|SyntaxError|URI malformed|Invalid time value/;

const ORDER: Verdict[] = ['valid', 'either', 'invalid'];
const worse = (a: Verdict, b: Verdict): Verdict => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

function isShown(property: INodeProperties, parameters: INodeParameters): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([key, values]) => (values as unknown[]).includes(parameters[key]));
}

/** The name the node panel shows for a parameter or collection option, read from the node's description. */
export function displayName(spec: Pick<OperationSpec, 'vendor' | 'parameters'>, name: string, collection?: string): string {
	const property = PROPERTIES[spec.vendor].find((candidate) => candidate.name === (collection ?? name) && isShown(candidate, spec.parameters));
	const shown = collection ? (property?.options as INodeProperties[] | undefined)?.find((option) => option.name === name) : property;
	if (!shown) throw new Error(`No parameter ${collection ? `${collection}.` : ''}${name} shown for ${JSON.stringify(spec.parameters)}`);
	return shown.displayName;
}

function judge(spec: OperationSpec, item: Item): Judgement {
	const judgement: Judgement = { verdict: 'valid', labels: [] };
	for (const field of spec.fields) {
		const value = item[field.name];
		if (!value || value.verdict === 'valid') continue;
		judgement.verdict = worse(judgement.verdict, value.verdict);
		judgement.labels.push(displayName(spec, field.name, field.collection));
	}
	const combined = spec.combined?.(item);
	if (combined) {
		judgement.verdict = worse(judgement.verdict, combined.verdict);
		judgement.labels.push(...combined.labels);
	}
	return judgement;
}

/** Why a request is not the expected one or was not accepted, or undefined. */
function requestProblem(vendor: OperationSpec['vendor'], request: RecordedRequest | undefined, expected: ExpectedRequest): string | undefined {
	if (!request) return `expected ${expected.method} ${JSON.stringify(expected.segments)}, no request came`;
	const { target } = request;
	const shown = `${request.method} ${target}`;
	if (request.method !== expected.method) return `${shown}: expected ${expected.method}`;
	if (/[?#]/.test(target)) return `${shown}: a query or fragment in the path`;
	const prefix = PREFIX[vendor];
	if (target !== prefix && !target.startsWith(`${prefix}/`)) return `${shown}: outside ${prefix}`;
	const raw = target === prefix ? [] : target.slice(prefix.length + 1).split('/');
	if (raw.length !== expected.segments.length) return `${shown}: expected the segments ${JSON.stringify(expected.segments)}`;
	for (const [index, segment] of raw.entries()) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return `${shown}: segment ${segment} is not percent-encoded UTF-8`;
		}
		if (decoded === '.' || decoded === '..') return `${shown}: a dot segment`;
		if (decoded !== expected.segments[index]) return `${shown}: segment ${index} is ${JSON.stringify(decoded)}, expected ${JSON.stringify(expected.segments[index])}`;
	}
	const response = request.response as { resCode?: unknown } | undefined;
	if (request.status < 200 || request.status > 299 || (vendor === 'aicc' && response?.resCode !== '0')) {
		return `${shown}: the emulator refused it (HTTP ${request.status} ${JSON.stringify(response)}) for the body ${request.body}`;
	}
	if (expected.body && !expected.body(JSON.parse(request.body) as Record<string, unknown>)) return `${shown}: the body ${request.body} is not this item's`;
	return undefined;
}

interface Execution {
	timezone: string;
	/** The collection options this run adds (the same for every item, as in a node's parameters). */
	present: string[];
	items: Item[];
}

/**
 * Items valid but for up to three fields: with each field drawn freely, nearly every item of a many-field
 * operation would break some rule, and the node would hardly ever be seen sending anything.
 */
function mostlyValidItems(spec: OperationSpec): fc.Arbitrary<Item> {
	const valid = fc.record(Object.fromEntries(spec.fields.map((field) => [field.name, field.cases.filter((value) => value.verdict === 'valid')])));
	const free = fc.record(Object.fromEntries(spec.fields.map((field) => [field.name, field.cases])));
	const names = spec.fields.map((field) => field.name);
	return fc
		.tuple(valid, free, fc.subarray(names, { maxLength: Math.min(3, names.length) }))
		.map(([base, odd, picked]) => ({ ...base, ...Object.fromEntries(picked.map((name) => [name, odd[name]])) }));
}

function executions(spec: OperationSpec, maxItems: number): fc.Arbitrary<Execution> {
	const item = mostlyValidItems(spec);
	const items = spec.unique
		? fc.uniqueArray(item, { minLength: 1, maxLength: maxItems, selector: spec.unique })
		: fc.array(item, { minLength: 1, maxLength: maxItems });
	const optional = spec.fields.filter((field) => field.collection).map((field) => field.name);
	return fc.record({ timezone: timezones, present: fc.subarray(optional), items }).map(({ timezone, present, items: generated }) => {
		// An option the run does not add is not set on any item.
		const absent = optional.filter((name) => !present.includes(name));
		return { timezone, present, items: generated.map((entry) => ({ ...entry, ...Object.fromEntries(absent.map((name) => [name, undefined])) })) };
	});
}

/** The node's parameters: every field an expression reading the item; Items per Batch 1 keeps requests in item order. */
function parametersOf(spec: OperationSpec, present: string[]): INodeParameters {
	const parameters: INodeParameters = { ...spec.parameters, options: { batching: { batch: { batchSize: 1 } } } };
	for (const field of spec.fields) {
		const expression = `={{ $json.${field.name} }}`;
		if (!field.collection) parameters[field.name] = expression;
		else {
			const collection = (parameters[field.collection] ??= {}) as INodeParameters;
			if (present.includes(field.name)) collection[field.name] = expression;
		}
	}
	return parameters;
}

/** The item's JSON: what each field's expression reads. */
function itemJson(item: Item): IDataObject {
	const json: IDataObject = {};
	for (const [name, value] of Object.entries(item)) if (value) json[name] = value.value as IDataObject[string];
	return json;
}

/** The emulator's log read in item order: each item takes the requests it made. */
class RequestCursor {
	private next = 0;

	constructor(
		private readonly vendor: OperationSpec['vendor'],
		private readonly log: RecordedRequest[],
	) {}

	/** Takes the next request as the expected one; says what is wrong with it, if anything. */
	take(expected: ExpectedRequest): string | undefined {
		return requestProblem(this.vendor, this.log[this.next++], expected);
	}

	/** Takes the next request only if it is the expected one, accepted. */
	takeIf(expected: ExpectedRequest): void {
		if (this.log[this.next] && !requestProblem(this.vendor, this.log[this.next], expected)) this.next++;
	}

	rest(): string[] {
		return this.log.slice(this.next).map((request) => `${request.method} ${request.target} → ${request.status}`);
	}
}

/** Property 1 for a sent item (its requests accepted and its own) and property 3 (their paths). */
function sentProblems(spec: OperationSpec, item: Item, judgement: Judgement, requests: RequestCursor): string[] {
	const problems = judgement.verdict === 'invalid' ? [`was sent, but it breaks a rule of ${judgement.labels.join(', ')}`] : [];
	for (const expected of spec.requests(item)) {
		const wrong = requests.take(expected);
		if (wrong) problems.push(wrong);
	}
	return problems;
}

/** Property 1 for a refused item (a field it may blame, its index, no request) and property 2 (an n8n message). */
function refusalProblems(spec: OperationSpec, item: Item, index: number, error: IDataObject, judgement: Judgement, requests: RequestCursor): string[] {
	const message = String(error.error);
	const description = String(error.description ?? '');
	const problems: string[] = [];
	if (judgement.verdict === 'valid') problems.push(`was refused: ${message}`);
	else if (!judgement.labels.some((label) => message.startsWith(`${label} `))) problems.push(`the refusal "${message}" names none of ${judgement.labels.join(', ')}`);
	if (!message.endsWith(` (item ${index})`)) problems.push(`the refusal "${message}" does not end with (item ${index})`);
	if (NOT_AN_N8N_MESSAGE.test(message) || NOT_AN_N8N_MESSAGE.test(description)) problems.push(`a JavaScript failure: ${message} / ${description}`);
	// The one request a refusal may follow is the read that Update with only the fields that change makes first.
	if (spec.refusesAfterRead) requests.takeIf(spec.requests(item)[0]);
	return problems;
}

function outputProblems(spec: OperationSpec, execution: Execution, output: INodeExecutionData[], log: RecordedRequest[]): string[] {
	const pairedWith = output.map((out) => (out.pairedItem as { item?: number } | undefined)?.item ?? -1);
	const problems = pairedWith.some((index, position) => index < (pairedWith[position - 1] ?? 0)) ? [`output not in input order: ${pairedWith.join(',')}`] : [];
	const requests = new RequestCursor(spec.vendor, log);
	for (const [index, item] of execution.items.entries()) {
		const outs = output.filter((_, position) => pairedWith[position] === index);
		const error = outs.find((out) => out.json.error !== undefined)?.json;
		const judgement = judge(spec, item);
		const found = error ? refusalProblems(spec, item, index, error, judgement, requests) : sentProblems(spec, item, judgement, requests);
		if (outs.length !== 1 && !(spec.lists && !error)) found.push(`${outs.length} output items`);
		problems.push(...found.map((problem) => `item ${index} ${JSON.stringify(itemJson(item))} (${judgement.verdict}): ${problem}`));
	}
	const unaccounted = requests.rest();
	if (unaccounted.length > 0) problems.push(`requests no item accounts for: ${unaccounted.join('; ')}`);
	return problems;
}

async function checkExecution(spec: OperationSpec, execution: Execution): Promise<void> {
	const bench = await startBench(spec.vendor, 'accessToken');
	try {
		spec.seed?.(bench.emulator, execution.items);
		const json = execution.items.map(itemJson);
		const { items: output, error } = await bench.run(parametersOf(spec, execution.present), json, { continueOnFail: true, timezone: execution.timezone });
		const problems = error ? [`the node failed as a whole: ${error.message}`] : outputProblems(spec, execution, output, bench.emulator.requests);
		if (problems.length > 0) throw new Error(problems.join('\n'));
	} finally {
		await bench.stop();
	}
}

/** Checks the three properties on `numRuns` executions of up to `maxItems` generated items each. */
export async function assertOperation(spec: OperationSpec, numRuns: number, maxItems = 16): Promise<void> {
	await fc.assert(
		fc.asyncProperty(executions(spec, maxItems), (execution) => checkExecution(spec, execution)),
		{ numRuns },
	);
}
