/**
 * A refusal inside an HTTP 200 is a refusal: when a success answer holds what the vendor's pages make a
 * refusal (EIAM's `{"code","data","message"}` with a code other than "0" or data false, an
 * `error_code`/`error_msg` envelope, an OAuth error, a problem+json body), the item fails with the
 * vendor's own words in the description, and the output never claims a change that did not happen.
 */
import { json } from '../../support/hostile';
import { aiccOperations, eiamOperations, gatewayBench, NO_RETRIES, storedTask, storedTodo, stopGatewayBenches, type GatewayBench } from '../../support/gateway-bench';
import { todoCreate } from '../../support/fixtures';

afterEach(stopGatewayBenches);

/** The gateway answers `route` (METHOD path) with HTTP 200 and `body`; every other request reaches the emulator. */
function answer200(bench: GatewayBench, route: string, body: unknown) {
	bench.gateway.answer = (request, response) => `${request.method} ${request.path}` === route && json(response, 200, body);
}

describe('EIAM Update: the example envelope {"code","data","message"} says whether it was done', () => {
	test('code "1", data false: an item error with EIAM\'s words, not { updated: true }, and the stored to-do unchanged', async () => {
		const bench = await gatewayBench('eiam');
		const todoId = await storedTodo(bench, 'refused-1');
		answer200(bench, `PUT /api/v2/tenant/todo/task/${todoId}`, { code: '1', data: false, message: '待办标题不符合校验规则' });
		const parameters = { ...todoCreate('refused-1', NO_RETRIES, { title: 'New title' }), operation: 'update', updateMode: 'allFields', todoId: { mode: 'id', value: todoId } };
		const { items, error } = await bench.run(parameters, [{}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			error: 'EIAM refused the request inside a success answer (HTTP 200, code 1, data false) (item 0)',
			description: 'EIAM code 1: 待办标题不符合校验规则',
		});
		expect(bench.emulator.eiam.todos.get(todoId)?.title).toBe('Follow up refused-1');
	});

	test.each([
		['code "0" with data false (the answer says it was not done)', { code: '0', data: false, message: null }, 'code 0, data false', 'EIAM gave no reason (code 0)'],
		['code 1 as a number, data null', { code: 1, data: null, message: 'no permission' }, 'code 1', 'EIAM code 1: no permission'],
		['code "TODOTASK.0001" (a catalogue code inside the envelope)', { code: 'TODOTASK.0001', data: false, message: '待办不存在' }, undefined, 'EIAM TODOTASK.0001: 待办不存在'],
	])('%s: an item error', async (_label, body, shown, description) => {
		const bench = await gatewayBench('eiam');
		const todoId = await storedTodo(bench, 'refused-2');
		answer200(bench, `PUT /api/v2/tenant/todo/task/${todoId}`, body);
		const parameters = { ...todoCreate('refused-2', NO_RETRIES), operation: 'update', updateMode: 'allFields', todoId: { mode: 'id', value: todoId } };
		const { items } = await bench.run(parameters, [{}], { continueOnFail: true });
		const message = shown ? `EIAM refused the request inside a success answer (HTTP 200, ${shown}) (item 0)` : 'To-do not found: check the To-Do ID (item 0)';
		expect(items[0].json).toEqual({ error: message, description });
	});

	// docs/eiam-api.md#update-a-to-do-put-todotasktodo_id: the table says the answer holds todo_id, the example
	// shows {"code":"0","data":true,"message":null}. Both are success.
	test.each([
		['the table: todo_id', (todoId: string) => ({ todo_id: todoId })],
		['the example: code "0", data true', () => ({ code: '0', data: true, message: null })],
		['the example with code as the number 0', () => ({ code: 0, data: true, message: null })],
	])('the documented success readings are both success: %s', async (_label, body) => {
		const bench = await gatewayBench('eiam');
		const todoId = await storedTodo(bench, 'refused-3');
		answer200(bench, `PUT /api/v2/tenant/todo/task/${todoId}`, body(todoId));
		const parameters = { ...todoCreate('refused-3', NO_RETRIES), operation: 'update', updateMode: 'allFields', todoId: { mode: 'id', value: todoId } };
		const { items, error } = await bench.run(parameters);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ todoId, updated: true });
	});
});

describe('every EIAM operation: an error envelope arriving with HTTP 200 is the error it says', () => {
	const envelopes = [
		['EIAM\'s error_code/error_msg', { error_code: 'TODOTASK.0001', error_msg: '待办不存在' }, 'To-do not found: check the To-Do ID (item 0)', 'EIAM TODOTASK.0001: 待办不存在'],
		['the {"code","data","message"} envelope', { code: '500', data: null, message: '系统繁忙' }, 'EIAM refused the request inside a success answer (HTTP 200, code 500) (item 0)', 'EIAM code 500: 系统繁忙'],
		['an OAuth error', { error: 'invalid_request', error_description: 'Missing parameter' }, 'EIAM refused the request inside a success answer (HTTP 200, invalid_request) (item 0)', 'EIAM invalid_request: Missing parameter'],
	] as const;

	for (const [label, body, message, description] of envelopes) {
		test(`${label}: Create, Get, Get by External ID, Update, Mark as Done and Delete each fail with EIAM's words`, async () => {
			const bench = await gatewayBench('eiam');
			const todoId = await storedTodo(bench, 'envelope-1');
			for (const [operation, parameters, route] of eiamOperations(todoId, 'envelope-1')) {
				answer200(bench, route, body);
				const { items, error } = await bench.run(parameters, [{}], { continueOnFail: true });
				expect({ operation, error: error?.message, output: items.map((item) => item.json) }).toEqual({ operation, error: undefined, output: [{ error: message, description }] });
			}
			// Nothing was created, changed or deleted.
			expect([...bench.emulator.eiam.todos.values()].map((todo) => [todo.id, todo.deal])).toEqual([[todoId, false]]);
		});
	}
});

describe('every AICC operation: an error envelope arriving with HTTP 200 is read, not "without its resCode envelope"', () => {
	test.each([
		['an error_code/error_msg envelope', { error_code: 'CASE.0001', error_msg: '任务不存在' }, 'AICC refused the request inside a success answer (HTTP 200, CASE.0001) (item 0)', 'AICC CASE.0001: 任务不存在'],
		[
			'a problem+json body',
			{ type: 'https://example.com/probs/quota', title: 'Quota exceeded', status: 403, detail: 'Monthly quota of the tenant is used up' },
			'A gateway in front of AICC refused the request inside a success answer (HTTP 200, problem status 403) (item 0)',
			'Quota exceeded: Monthly quota of the tenant is used up (type https://example.com/probs/quota)',
		],
	])('%s: Create, Get, Get Many, Update, Transfer, Update Status and Process each fail with its words', async (_label, body, message, description) => {
		const bench = await gatewayBench('aicc');
		const taskId = await storedTask(bench);
		for (const [operation, parameters, route] of aiccOperations(taskId)) {
			answer200(bench, route, body);
			const { items, error } = await bench.run(parameters, [{}], { continueOnFail: true });
			expect({ operation, error: error?.message, output: items.map((item) => item.json) }).toEqual({ operation, error: undefined, output: [{ error: message, description }] });
		}
		expect(bench.emulator.aicc.tasks.size).toBe(1);
	});
});
