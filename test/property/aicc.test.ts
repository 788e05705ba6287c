// Issue 6, bad input: every AICC Task operation through n8n's engine with generated parameters (see engine.ts).
import fc from 'fast-check';

import type { Emulator } from '../emulator/server';
import { dateCases, idCases, optionCases, textCases, type Case, type TextSpec } from './arbitraries';
import { assertOperation, displayName, type Item, type Judgement, type OperationSpec } from './engine';
import { runs } from './runs';

/** AICC documents its limits in bytes (docs/operations.md#aicc-fields-and-rules): counted as UTF-8. */
const ID: TextSpec = { max: 20, unit: 'bytes', required: true };
const optionalId = textCases({ ...ID, required: false, trimmed: true });
const title = (required: boolean) => textCases({ max: 128, unit: 'bytes', required });
const description = (required: boolean) => textCases({ max: 20000, unit: 'bytes', required });
const attachment = textCases({ max: 255, unit: 'bytes', required: false });
const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'];
/** docs/operations.md#aicc-fields-and-rules: a Task ID may not be the name of an AICC endpoint below task/, in any case. */
const endpointNames = fc.constantFrom('list', 'Modify', 'TRANSFER', 'process', 'status', ' list ').map((value): Case => ({ value, verdict: 'invalid' }));
const taskIds = (spec: TextSpec) => fc.oneof({ weight: 9, arbitrary: idCases(spec) }, { weight: 1, arbitrary: endpointNames });

/** The optional task fields of Create and Update (docs/operations.md#aicc-fields-and-rules). */
const taskDetails = (collection: string) => [
	{ name: 'attachment', cases: attachment, collection },
	{ name: 'contactId', cases: optionalId, collection },
	{ name: 'description', cases: description(false), collection },
	{ name: 'dueDate', cases: dateCases(false), collection },
	{ name: 'priority', cases: optionCases(PRIORITIES, false), collection },
	{ name: 'relateId', cases: optionalId, collection },
	{ name: 'type', cases: optionCases(['Case'], false), collection },
];

/** A value the node may send: set, and not refused for sure. */
const maySend = (value: Case | undefined) => value !== undefined && value.verdict !== 'invalid' && !value.omitted;
const isUnset = (value: Case | undefined) => value === undefined || (value.verdict === 'valid' && value.omitted === true);

/** docs/operations.md#aicc-fields-and-rules: Type needs Related Record ID. */
function typeNeedsRelatedRecord(item: Item): Judgement | undefined {
	return maySend(item.type) && isUnset(item.relateId) ? { verdict: 'invalid', labels: ['Related Record ID'] } : undefined;
}

const SEEDED_TASK = { taskNo: '000000000001', title: 'Seeded', ownerId: 'owner-1', creatorId: 'creator-1', createdDate: '2026-01-01 00:00:00', status: 'Pending', trace: [] };

/** Every task ID an item may send exists, so that a valid item is accepted. */
function seedTasks(emulator: Emulator, items: Item[]): void {
	for (const item of items) {
		const id = item.taskId?.sent;
		if (id !== undefined) emulator.aicc.tasks.set(id, { ...SEEDED_TASK, id });
	}
}

const task = (operation: string): OperationSpec['parameters'] => ({ resource: 'task', operation });

/** A few executions per operation, each of up to 16 items, keep the suite fast. */
const RUNS = runs(15);

test('Create: refused naming a field, or accepted; never a JavaScript error; always POST task', async () => {
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: task('create'),
			fields: [
				{ name: 'title', cases: title(true) },
				{ name: 'ownerId', cases: idCases(ID) },
				{ name: 'creatorId', cases: idCases(ID) },
				...taskDetails('additionalFields'),
			],
			combined: typeNeedsRelatedRecord,
			requests: (item) => [{ method: 'POST', segments: [], body: (body) => (body.taskInfo as Record<string, unknown>).title === item.title?.sent }],
		},
		RUNS,
	);
});

test('Get: the Task ID is one path segment, also as "..", "/", "?", "#", "%2F"', async () => {
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: task('get'),
			fields: [{ name: 'taskId', cases: taskIds({ ...ID, segment: true }) }],
			seed: seedTasks,
			requests: (item) => [{ method: 'POST', segments: [item.taskId?.sent as string], body: (body) => body.id === item.taskId?.sent }],
		},
		RUNS,
	);
});

/** Get Many: the Limit from an expression; whole numbers from 1 are valid, fractions and numeric text are left open. */
const limits: fc.Arbitrary<Case> = fc.oneof(
	fc.integer({ min: 1, max: 1000 }).map((value): Case => ({ value, verdict: 'valid' })),
	fc.integer({ min: -3, max: 0 }).map((value): Case => ({ value, verdict: 'invalid' })),
	fc.double({ min: 0.01, max: 99.99, noNaN: true }).filter((value) => !Number.isInteger(value)).map((value): Case => ({ value, verdict: 'either' })),
	fc.constantFrom('5', ' 7 ', '1e2', '', null, true).map((value): Case => ({ value, verdict: 'either' })),
	fc.constantFrom('five', [5], { limit: 5 }).map((value): Case => ({ value, verdict: 'invalid' })),
);

const getAllParameters = { ...task('getAll'), returnAll: false };

/** docs/operations.md#aicc-fields-and-rules: the Type and Related Record ID filters go together. */
function typeAndRelatedRecordTogether(item: Item): Judgement | undefined {
	const [type, relateId] = [item.type, item.relateId];
	const alone = (maySend(type) && isUnset(relateId) ? type : undefined) ?? (maySend(relateId) && isUnset(type) ? relateId : undefined);
	if (!alone) return undefined;
	return { verdict: alone.verdict === 'valid' ? 'invalid' : 'either', labels: [displayName({ vendor: 'aicc', parameters: getAllParameters }, 'type', 'filters')] };
}

test('Get Many: filters and Limit refused naming the field, or accepted; always POST task/list', async () => {
	const filters = 'filters';
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: getAllParameters,
			fields: [
				{ name: 'creatorId', cases: idCases(ID) },
				{ name: 'limit', cases: limits },
				{ name: 'classification', cases: optionCases(['Todo', 'Processed', 'Created'], false), collection: filters },
				{ name: 'contactId', cases: optionalId, collection: filters },
				{ name: 'createdAfter', cases: dateCases(false), collection: filters },
				{ name: 'createdBefore', cases: dateCases(false), collection: filters },
				{ name: 'ownerId', cases: optionalId, collection: filters },
				{ name: 'priority', cases: optionCases(PRIORITIES, false), collection: filters },
				{ name: 'relateId', cases: optionalId, collection: filters },
				{ name: 'status', cases: optionCases(['Completed', 'Pending', 'Processing'], false), collection: filters },
				{ name: 'title', cases: title(false), collection: filters },
				{ name: 'type', cases: optionCases(['Case'], false), collection: filters },
			],
			combined: typeAndRelatedRecordTogether,
			// The emulator holds no task: one page answers every list, and nothing is output.
			lists: true,
			requests: (item) => [{ method: 'POST', segments: ['list'], body: (body) => body.creatorId === item.creatorId?.sent }],
		},
		RUNS,
	);
});

const updateParameters = task('update');

test('Update: Update Fields refused naming the field (or as empty), or accepted; always POST task/modify', async () => {
	const fields = [
		...taskDetails('updateFields'),
		{ name: 'title', cases: title(false), collection: 'updateFields' },
		{ name: 'creatorId', cases: optionalId, collection: 'updateFields' },
	];
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: updateParameters,
			fields: [{ name: 'taskId', cases: taskIds(ID) }, ...fields],
			combined: (item) => {
				if (fields.every((field) => isUnset(item[field.name]))) {
					return { verdict: 'invalid', labels: [displayName({ vendor: 'aicc', parameters: updateParameters }, 'updateFields')] };
				}
				return typeNeedsRelatedRecord(item);
			},
			seed: seedTasks,
			requests: (item) => [{ method: 'POST', segments: ['modify'], body: (body) => (body.taskInfo as { id?: unknown }).id === item.taskId?.sent }],
		},
		RUNS,
	);
});

test('Transfer: Task, Owner and Creator IDs refused naming the field, or accepted; always POST task/transfer', async () => {
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: task('transfer'),
			fields: [
				{ name: 'taskId', cases: taskIds(ID) },
				{ name: 'ownerId', cases: idCases(ID) },
				{ name: 'creatorId', cases: idCases(ID) },
			],
			seed: seedTasks,
			requests: (item) => [{ method: 'POST', segments: ['transfer'], body: (body) => body.id === item.taskId?.sent }],
		},
		RUNS,
	);
});

test('Update Status: Status from an expression refused unless documented; always POST task/status/update', async () => {
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: task('updateStatus'),
			fields: [
				{ name: 'taskId', cases: taskIds(ID) },
				{ name: 'status', cases: optionCases(['Completed', 'Pending', 'Processing'], true) },
				{ name: 'creatorId', cases: idCases(ID) },
			],
			seed: seedTasks,
			requests: (item) => [{ method: 'POST', segments: ['status', 'update'], body: (body) => body.id === item.taskId?.sent }],
		},
		RUNS,
	);
});

test('Process: Title, Description and Attachment at and over their byte limits; always POST task/process', async () => {
	await assertOperation(
		{
			vendor: 'aicc',
			parameters: task('process'),
			fields: [
				{ name: 'taskId', cases: taskIds(ID) },
				{ name: 'creatorId', cases: idCases(ID) },
				{ name: 'title', cases: title(true) },
				{ name: 'description', cases: description(true) },
				{ name: 'attachment', cases: attachment, collection: 'additionalFields' },
			],
			seed: seedTasks,
			requests: (item) => [{ method: 'POST', segments: ['process'], body: (body) => body.taskId === item.taskId?.sent }],
		},
		RUNS,
	);
});
