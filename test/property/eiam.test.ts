// Issue 6, bad input: every EIAM To-Do operation through n8n's engine with generated parameters (see engine.ts).
import fc from 'fast-check';

import type { TodoRecord } from '../emulator/eiam';
import { DEMO_USERS, type Emulator } from '../emulator/server';
import { blank, dateCases, idCases, optionCases, textCases, urlCases, wrongTypes, type Case } from './arbitraries';
import { assertOperation, displayName, PREFIX, type Field, type Item, type OperationSpec } from './engine';
import { runs } from './runs';

/** EIAM's limits count characters (docs/operations.md#eiam-fields-and-rules). */
const externalId = (segment = false) => textCases({ max: 255, unit: 'characters', required: true, segment });
const todoId = idCases({ unit: 'characters', required: true, segment: true });

/** The to-do's fields (docs/operations.md#eiam-fields-and-rules): all required, also when added as a change. */
const bodyFields = (collection?: string): Field[] => [
	{ name: 'title', cases: textCases({ max: 100, unit: 'characters', required: true }), collection },
	{ name: 'content', cases: textCases({ max: 1024, unit: 'characters', required: true }), collection },
	{ name: 'messageType', cases: optionCases(['TEXT', 'MARKDOWN'], true), collection },
	{ name: 'deadline', cases: dateCases(true), collection },
	{ name: 'webUrl', cases: urlCases(), collection },
	{ name: 'mobileUrl', cases: urlCases(), collection },
];

/** A user that exists; padded with spaces, which docs/operations.md#eiam-fields-and-rules leaves open; blank or not text it is refused. */
const userNames: fc.Arbitrary<Case> = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...DEMO_USERS).map((value): Case => ({ value, verdict: 'valid' })) },
	{
		weight: 1,
		arbitrary: fc.tuple(fc.constantFrom(...DEMO_USERS), fc.constantFrom(' ', '\t', '\n', '\u3000')).map(([name, space]): Case => ({ value: `${space}${name}${space}`, verdict: 'either' })),
	},
	{ weight: 1, arbitrary: fc.oneof(blank, wrongTypes.filter((value) => value === null || typeof value === 'object')).map((value): Case => ({ value, verdict: 'invalid' })) },
);

const storedTodo = (id: string, external: string): TodoRecord => ({
	id,
	source_id: 'seeded',
	source_type: 'APP',
	title: 'Seeded to-do',
	content: 'Seeded content',
	message_type: 'TEXT',
	external_id: external,
	detail_url: { web_url: 'https://example.com/todo', mobile_url: 'https://m.example.com/todo' },
	user_id: 'seeded-user',
	deal: false,
	dealt_at: null,
	ending_at: '2026-12-01 12:00:00',
	created_at: '2026-01-01 00:00:00.000',
	updated_at: '2026-01-01 00:00:00.000',
});

const storedExternalId = (item: Item) => item.externalId?.sent ?? `external ${item.todoId?.sent}`;

/** Every to-do ID an item may send exists (with the item's External ID, which Update must send unchanged). */
function seedTodos(emulator: Emulator, items: Item[]): void {
	for (const item of items) {
		const id = item.todoId?.sent;
		if (id !== undefined) emulator.eiam.todos.set(id, storedTodo(id, storedExternalId(item)));
	}
}

/** Every External ID an item may send belongs to a to-do, created through the emulator so that it can be looked up. */
function seedExternalIds(emulator: Emulator, items: Item[]): void {
	const headers = { authorization: `Bearer ${emulator.issueToken('eiam')}`, 'content-type': 'application/json' };
	for (const item of items) {
		const external = item.externalId;
		if (external?.sent === undefined || external.verdict === 'invalid') continue;
		const { title, content, message_type, ending_at, detail_url } = storedTodo('', '');
		const body = { title, content, message_type, ending_at, detail_url, external_id: external.sent, user_name: DEMO_USERS[0] };
		const reply = emulator.eiam.handle({ method: 'POST', path: PREFIX.eiam, query: new URLSearchParams(), headers, rawBody: JSON.stringify(body) });
		if (reply.status !== 200) throw new Error(`Could not seed the External ID ${JSON.stringify(external.sent)}: ${JSON.stringify(reply.body)}`);
	}
}

/** Two items of a run never name the same to-do (a Delete uses it up; Update's seed holds one External ID per to-do). */
const byTodoId = (item: Item) => item.todoId?.sent ?? JSON.stringify(item.todoId?.value);
const byExternalId = (item: Item) => item.externalId?.sent ?? JSON.stringify(item.externalId?.value);

const todo = (operation: string, extra: OperationSpec['parameters'] = {}): OperationSpec['parameters'] => ({ resource: 'todo', operation, ...extra });

/** A few executions per operation, each of up to 16 items, keep the suite fast. */
const RUNS = runs(15);

test('Create: refused naming a field, or accepted; never a JavaScript error; always POST todo/task', async () => {
	await assertOperation(
		{
			vendor: 'eiam',
			parameters: todo('create'),
			fields: [{ name: 'userName', cases: userNames }, ...bodyFields(), { name: 'externalId', cases: externalId(true) }],
			unique: byExternalId,
			requests: (item) => [{ method: 'POST', segments: [], body: (body) => body.external_id === item.externalId?.sent }],
		},
		RUNS,
	);
});

test('Update, all fields: refused naming a field, or one PUT to the to-do; the To-Do ID is one path segment', async () => {
	await assertOperation(
		{
			vendor: 'eiam',
			parameters: todo('update', { updateMode: 'allFields' }),
			fields: [{ name: 'todoId', cases: todoId }, ...bodyFields(), { name: 'externalId', cases: externalId() }],
			seed: seedTodos,
			unique: byTodoId,
			requests: (item) => [{ method: 'PUT', segments: [item.todoId?.sent as string], body: (body) => body.external_id === item.externalId?.sent }],
		},
		RUNS,
	);
});

const changedFieldsParameters = todo('update', { updateMode: 'changedFields' });

test('Update, only fields that change: refused naming a field before the write, or one GET and one PUT', async () => {
	const changes = bodyFields('updateFields');
	await assertOperation(
		{
			vendor: 'eiam',
			parameters: changedFieldsParameters,
			fields: [{ name: 'todoId', cases: todoId }, ...changes],
			combined: (item) =>
				changes.every((field) => item[field.name] === undefined)
					? { verdict: 'invalid', labels: [displayName({ vendor: 'eiam', parameters: changedFieldsParameters }, 'updateFields')] }
					: undefined,
			seed: seedTodos,
			unique: byTodoId,
			refusesAfterRead: true,
			requests: (item) => {
				const segments = [item.todoId?.sent as string];
				return [
					{ method: 'GET', segments },
					{ method: 'PUT', segments, body: (body) => body.external_id === storedExternalId(item) },
				];
			},
		},
		RUNS,
	);
});

test.each([
	['get', 'GET', []],
	['delete', 'DELETE', []],
	['markAsDone', 'PUT', ['todoStatus']],
] as const)('%s: the To-Do ID is refused naming it, or sent as one path segment ("..", "/", "?", "#", "%%2F")', async (operation, method, suffix) => {
	await assertOperation(
		{
			vendor: 'eiam',
			parameters: todo(operation),
			fields: [{ name: 'todoId', cases: todoId }],
			seed: seedTodos,
			unique: byTodoId,
			requests: (item) => [{ method, segments: [item.todoId?.sent as string, ...suffix] }],
		},
		RUNS,
	);
});

test('Get by External ID: the External ID, as Create stores it, is one path segment below sources/', async () => {
	await assertOperation(
		{
			vendor: 'eiam',
			parameters: todo('getByExternalId'),
			fields: [{ name: 'externalId', cases: externalId(true) }],
			seed: seedExternalIds,
			unique: byExternalId,
			requests: (item) => [{ method: 'GET', segments: ['sources', item.externalId?.sent as string] }],
		},
		RUNS,
	);
});
