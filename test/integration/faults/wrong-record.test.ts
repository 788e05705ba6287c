/**
 * An answer about another record: a caching or misrouted gateway answers with a record other than the one
 * asked for. Where the answer names its record (an id, a todo_id, an External ID, a taskInfo.id), it must
 * be the one asked for, compared exactly, case included; otherwise the item fails, and nothing is written
 * to the wrong record. An answer that names no record is taken as before.
 */
import type { SeenRequest } from '../../support/hostile';
import { json } from '../../support/hostile';
import { gatewayBench, NO_RETRIES, storedTask, storedTodo, stopGatewayBenches, type GatewayBench } from '../../support/gateway-bench';
import { OWNER, TASKS, todoCreate, TODOS } from '../../support/fixtures';

afterEach(stopGatewayBenches);

const byId = (value: string) => ({ mode: 'id', value });
const byExternalId = (value: string) => ({ mode: 'externalId', value });

/** What the emulator answers `method path` with, asked with the request's own headers: a real record, another one than asked for. */
async function emulatorAnswer(bench: GatewayBench, request: SeenRequest, method: string, path: string, body?: unknown): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const name of ['authorization', 'access-token', 'content-type']) {
		const value = request.headers[name];
		if (typeof value === 'string') headers[name] = value;
	}
	const answer = await fetch(`${bench.emulator.url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
	return await answer.json();
}

/** The gateway answers `METHOD path` with the emulator's answer for `otherPath` (a GET: the other to-do). */
function misroute(bench: GatewayBench, route: string, otherPath: string) {
	bench.gateway.answer = async (request, response) => {
		if (`${request.method} ${request.path}` !== route) return false;
		return json(response, 200, await emulatorAnswer(bench, request, 'GET', otherPath));
	};
}

/** Two stored to-dos: the one the item asks for, and another the gateway answers about. */
async function twoTodos(bench: GatewayBench) {
	const asked = await storedTodo(bench, 'crm-1');
	const other = await storedTodo(bench, 'crm-2');
	return { asked, other };
}

const writes = (bench: GatewayBench) => bench.gateway.seen.filter((request) => request.method === 'PUT' || request.method === 'DELETE');

const WRONG_TODO = /^EIAM .+ answered about another to-do: id "\d{17}-[0-9A-F]{4}-[0-9A-F]{9}" instead of "\d{17}-[0-9A-F]{4}-[0-9A-F]{9}" \(item 0\)$/;

describe('EIAM: a to-do other than the one asked for is an item error', () => {
	test('Get by ID answered with another to-do', async () => {
		const bench = await gatewayBench('eiam');
		const { asked, other } = await twoTodos(bench);
		misroute(bench, `GET ${TODOS}/${asked}`, `${TODOS}/${other}`);
		const { items, error } = await bench.run({ resource: 'todo', operation: 'get', todoId: byId(asked), options: NO_RETRIES }, [{}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(`EIAM Get answered about another to-do: id "${other}" instead of "${asked}" (item 0)`);
		expect(items[0].json.description).toMatch(/gateway or cache/);
	});

	test.each([
		['the same External ID in another case', 'CRM-1', 'External ID "CRM-1" instead of "crm-1" (the case differs)'],
		['another External ID', 'crm-2', 'another External ID (5 characters) instead of "crm-1"'],
	])('Get by External ID answered with a to-do of %s', async (_label, answeredExternalId, shown) => {
		const bench = await gatewayBench('eiam');
		const { asked } = await twoTodos(bench);
		bench.gateway.answer = async (request, response) => {
			if (request.path !== `${TODOS}/sources/crm-1`) return false;
			const record = (await emulatorAnswer(bench, request, 'GET', `${TODOS}/${asked}`)) as Record<string, unknown>;
			return json(response, 200, { ...record, external_id: answeredExternalId });
		};
		const { items } = await bench.run({ resource: 'todo', operation: 'getByExternalId', externalId: 'crm-1', options: NO_RETRIES }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe(`EIAM Get by External ID answered about another to-do: ${shown} (item 0)`);
	});

	test('Update with Only Fields That Change: a read of another to-do stops the write; neither to-do changes', async () => {
		const bench = await gatewayBench('eiam');
		const { asked, other } = await twoTodos(bench);
		misroute(bench, `GET ${TODOS}/${asked}`, `${TODOS}/${other}`);
		const parameters = { resource: 'todo', operation: 'update', todoId: byId(asked), updateMode: 'changedFields', updateFields: { title: 'Changed' }, options: NO_RETRIES };
		const { items } = await bench.run(parameters, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe(`EIAM Update (reading the to-do) answered about another to-do: id "${other}" instead of "${asked}" (item 0)`);
		expect(writes(bench)).toEqual([]);
		expect([bench.emulator.eiam.todos.get(asked)?.title, bench.emulator.eiam.todos.get(other)?.title]).toEqual(['Follow up crm-1', 'Follow up crm-2']);
	});

	test.each([
		['Update (all fields)', { ...todoCreate('crm-1', NO_RETRIES, { title: 'Changed' }), operation: 'update', updateMode: 'allFields' }],
		['Update (only fields that change)', { operation: 'update', updateMode: 'changedFields', updateFields: { title: 'Changed' } }],
		['Mark as Done', { operation: 'markAsDone' }],
		['Delete', { operation: 'delete' }],
	])('%s By External ID: a look-up answering another to-do stops the write', async (_label, extra) => {
		const bench = await gatewayBench('eiam');
		const { asked, other } = await twoTodos(bench);
		misroute(bench, `GET ${TODOS}/sources/crm-1`, `${TODOS}/${other}`);
		const { items } = await bench.run({ options: NO_RETRIES, ...extra, resource: 'todo', todoId: byExternalId('crm-1') }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(/^EIAM .+ answered about another to-do: another External ID \(5 characters\) instead of "crm-1" \(item 0\)$/);
		expect(writes(bench)).toEqual([]);
		expect([...bench.emulator.eiam.todos.keys()].sort()).toEqual([asked, other].sort());
		expect(bench.emulator.eiam.todos.get(other)).toMatchObject({ title: 'Follow up crm-2', deal: false });
	});

	test('Create or Update: a look-up answering a to-do whose External ID differs in case does not update it', async () => {
		const bench = await gatewayBench('eiam');
		const { other } = await twoTodos(bench);
		bench.gateway.answer = async (request, response) => {
			if (request.path !== `${TODOS}/sources/crm-3`) return false;
			const record = (await emulatorAnswer(bench, request, 'GET', `${TODOS}/${other}`)) as Record<string, unknown>;
			return json(response, 200, { ...record, external_id: 'CRM-3' });
		};
		const { items } = await bench.run({ ...todoCreate('crm-3', NO_RETRIES, { title: 'Changed' }), operation: 'createOrUpdate' }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe('EIAM Get by External ID answered about another to-do: External ID "CRM-3" instead of "crm-3" (the case differs) (item 0)');
		expect(writes(bench)).toEqual([]);
		expect(bench.emulator.eiam.todos.get(other)?.title).toBe('Follow up crm-2');
		expect(bench.emulator.eiam.todos.size).toBe(2);
	});

	test("Create's answer lost, and the check by External ID answers a to-do of another case: not taken for this item's, nothing sent again", async () => {
		const bench = await gatewayBench('eiam');
		const { other } = await twoTodos(bench);
		// The create is stored, and its answer lost.
		bench.emulator.faults.add({ route: `^POST ${TODOS}$`, kind: '500', count: 1, acted: 'after' });
		bench.gateway.answer = async (request, response) => {
			if (request.path !== `${TODOS}/sources/crm-9`) return false;
			// This item's own to-do in every field but the External ID's case, under another to-do's ID.
			const record = (await emulatorAnswer(bench, request, 'GET', request.path)) as Record<string, unknown>;
			return json(response, 200, { ...record, id: other, external_id: 'CRM-9' });
		};
		const { items } = await bench.run(todoCreate('crm-9', NO_RETRIES), [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe("EIAM's answer was lost (HTTP 500); the to-do may have been created (item 0)");
		expect(items[0].json.description).toBe(
			'Checking whether EIAM holds it failed too: EIAM Get by External ID answered about another to-do: External ID "CRM-9" instead of "crm-9" (the case differs). Look for External ID "crm-9" with To-Do → Get by External ID before running this item again.',
		);
		expect(bench.gateway.seen.filter((request) => request.method === 'POST' && request.path === TODOS)).toHaveLength(3);
	});

	test.each([
		['Update', (asked: string) => `PUT ${TODOS}/${asked}`, { ...todoCreate('crm-1', NO_RETRIES), operation: 'update', updateMode: 'allFields' }],
		['Mark as Done', (asked: string) => `PUT ${TODOS}/${asked}/todoStatus`, { operation: 'markAsDone' }],
		['Delete', (asked: string) => `DELETE ${TODOS}/${asked}`, { operation: 'delete' }],
	])('%s answered success naming another to-do: an item error saying to check both', async (operation, route, extra) => {
		const bench = await gatewayBench('eiam');
		const { asked, other } = await twoTodos(bench);
		bench.gateway.answer = (request, response) => `${request.method} ${request.path}` === route(asked) && json(response, 200, { todo_id: other });
		const { items } = await bench.run({ options: NO_RETRIES, ...extra, resource: 'todo', todoId: byId(asked) }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(WRONG_TODO);
		expect(items[0].json.error).toBe(`EIAM ${operation} answered about another to-do: id "${other}" instead of "${asked}" (item 0)`);
		expect(items[0].json.description).toContain(`To-Do ID "${other}"`);
	});

	test('Create or Update: an update answered success naming another to-do is an item error, not action "updated"', async () => {
		const bench = await gatewayBench('eiam');
		const { asked, other } = await twoTodos(bench);
		bench.gateway.answer = (request, response) => `${request.method} ${request.path}` === `PUT ${TODOS}/${asked}` && json(response, 200, { todo_id: other });
		const { items } = await bench.run({ ...todoCreate('crm-1', NO_RETRIES, { title: 'Changed' }), operation: 'createOrUpdate' }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe(`EIAM Create or Update answered about another to-do: id "${other}" instead of "${asked}" (item 0)`);
	});

	test('an ID that is not shaped like an EIAM ID is not quoted (it may be echoed text), only its size', async () => {
		const bench = await gatewayBench('eiam');
		const { asked } = await twoTodos(bench);
		bench.gateway.answer = (request, response) => request.path === `${TODOS}/${asked}/todoStatus` && json(response, 200, { todo_id: `Bearer ${request.headers.authorization}` });
		const { items } = await bench.run({ resource: 'todo', operation: 'markAsDone', todoId: byId(asked), options: NO_RETRIES }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(new RegExp(`^EIAM Mark as Done answered about another to-do: another id \\(\\d+ characters\\) instead of "${asked}" \\(item 0\\)$`));
		expect(JSON.stringify(items)).not.toContain('Bearer');
	});

	test('answers that name no record are taken as before (Get without id, Mark as Done without todo_id)', async () => {
		const bench = await gatewayBench('eiam');
		const { asked } = await twoTodos(bench);
		bench.gateway.answer = (request, response) =>
			(request.path === `${TODOS}/${asked}` && request.method === 'GET' && json(response, 200, { title: 'No id here' })) ||
			(request.path === `${TODOS}/${asked}/todoStatus` && json(response, 200, {}));
		const got = await bench.run({ resource: 'todo', operation: 'get', todoId: byId(asked), options: NO_RETRIES });
		expect(got.items[0].json).toEqual({ title: 'No id here' });
		const done = await bench.run({ resource: 'todo', operation: 'markAsDone', todoId: byId(asked), options: NO_RETRIES });
		expect(done.items[0].json).toEqual({ todoId: asked, deal: true });
	});
});

describe('AICC: a task other than the one asked for is an item error', () => {
	test('Get answered with another task', async () => {
		const bench = await gatewayBench('aicc');
		const asked = await storedTask(bench);
		const other = await storedTask(bench);
		bench.gateway.answer = async (request, response) => {
			if (request.path !== `${TASKS}/${asked}`) return false;
			return json(response, 200, await emulatorAnswer(bench, request, 'POST', `${TASKS}/${other}`, { id: other }));
		};
		const { items } = await bench.run({ resource: 'task', operation: 'get', taskId: asked, options: NO_RETRIES }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe(`AICC Get answered about another task: taskInfo.id "${other}" instead of "${asked}" (item 0)`);
	});

	const writesOf: Array<[string, Record<string, unknown>, string]> = [
		['Update', { operation: 'update', updateFields: { title: 'Changed' } }, `${TASKS}/modify`],
		['Transfer', { operation: 'transfer', ownerId: OWNER, creatorId: OWNER }, `${TASKS}/transfer`],
		['Update Status', { operation: 'updateStatus', status: 'Completed', creatorId: OWNER }, `${TASKS}/status/update`],
		['Process', { operation: 'process', creatorId: OWNER, title: 'Called', description: 'Called back', additionalFields: {} }, `${TASKS}/process`],
	];
	test.each(writesOf)('%s answered success with a result naming another task: an item error saying to check both', async (operation, extra, path) => {
		const bench = await gatewayBench('aicc');
		const asked = await storedTask(bench);
		const other = await storedTask(bench);
		for (const result of [{ id: other }, { taskId: other }, { taskInfo: { id: other } }]) {
			bench.gateway.answer = (request, response) => request.path === path && json(response, 200, { resCode: '0', resMsg: 'Success', result });
			const { items } = await bench.run({ options: NO_RETRIES, ...extra, resource: 'task', taskId: asked }, [{}], { continueOnFail: true });
			const field = Object.keys(result)[0] === 'taskInfo' ? 'taskInfo.id' : Object.keys(result)[0];
			expect(items[0].json.error).toBe(`AICC ${operation} answered about another task: ${field} "${other}" instead of "${asked}" (item 0)`);
			expect(items[0].json.description).toContain(`"${other}"`);
		}
	});

	test.each(writesOf)('%s answered with the documented {resCode, resMsg} and no result: success as before', async (operation, extra) => {
		const bench = await gatewayBench('aicc');
		const asked = await storedTask(bench);
		const { items, error } = await bench.run({ options: NO_RETRIES, ...extra, resource: 'task', taskId: asked });
		expect({ operation, error }).toEqual({ operation, error: undefined });
		expect(items[0].json.taskId).toBe(asked);
	});
});
