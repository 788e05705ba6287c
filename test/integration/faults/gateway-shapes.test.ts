/**
 * Gateways in front of the vendors answer in their own shapes (docs/gateways.md#gateways-in-front-of-the-vendors):
 * Huawei API Gateway's `{"error_code": "APIG.xxxx", "error_msg", "request_id"}` and RFC 9457 problem details. For
 * both vendors the user reads the gateway's code and words in the description, beside an English message saying
 * what to do, never an empty description; and the gateway's words are cleared of the run's secrets like the
 * vendor's.
 */
import { DEMO_CLIENTS } from '../../emulator/server';
import { json } from '../../support/hostile';
import { gatewayBench, NO_RETRIES, storedTask, storedTodo, stopGatewayBenches, type GatewayBench } from '../../support/gateway-bench';
import { taskCreate, TASKS, todoCreate, TODOS } from '../../support/fixtures';

afterEach(stopGatewayBenches);

const NOT_PUBLISHED = 'The API does not exist or has not been published in the environment';
const THROTTLED = 'The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second';
const REQUEST_ID = '2f6c8d0e0b1a4c7e9f3d2a1b0c9d8e7f';

/** A Get of each vendor on a stored record, and the path the gateway sees for it. */
async function getOf(bench: GatewayBench, vendor: 'aicc' | 'eiam') {
	if (vendor === 'eiam') {
		const todoId = await storedTodo(bench, 'gateway-1');
		return { parameters: { resource: 'todo', operation: 'get', todoId, options: NO_RETRIES }, path: `${TODOS}/${todoId}` };
	}
	const taskId = await storedTask(bench);
	return { parameters: { resource: 'task', operation: 'get', taskId, options: NO_RETRIES }, path: `${TASKS}/${taskId}` };
}

describe.each(['eiam', 'aicc'] as const)('%s behind Huawei API Gateway', (vendor) => {
	const name = vendor.toUpperCase();

	test('404 APIG.0101: the gateway knows no such API; its code, words and request_id are in the description, and it is not retried', async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		bench.gateway.answer = (request, response) =>
			request.path === path && json(response, 404, { error_code: 'APIG.0101', error_msg: NOT_PUBLISHED, request_id: REQUEST_ID });
		const { error } = await bench.run({ ...parameters, options: { maxRetries: 3, maxRetryWait: 1_000, timeout: 5_000 } });
		expect(error?.message).toBe(`The API gateway in front of ${name} has no such API (APIG.0101): check the credential's Domain, and that the gateway publishes ${name}'s API there (item 0)`);
		expect(error?.description).toBe(`Huawei API Gateway APIG.0101: ${NOT_PUBLISHED} (request_id ${REQUEST_ID})`);
		expect(bench.gateway.seen.filter((request) => request.path === path)).toHaveLength(1);
	});

	test('429 APIG.0308: waited out and retried; when it holds, the gateway\'s throttling words are in the description', async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		let throttled = 0;
		bench.gateway.answer = (request, response) =>
			request.path === path && throttled++ < 1 && json(response, 429, { error_code: 'APIG.0308', error_msg: THROTTLED, request_id: REQUEST_ID });
		const retried = await bench.run({ ...parameters, options: { maxRetries: 1, maxRetryWait: 1_000, timeout: 5_000 } });
		expect(retried.error).toBeUndefined();
		throttled = -1_000;
		const { error } = await bench.run(parameters);
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toContain(`Huawei API Gateway APIG.0308: ${THROTTLED} (request_id ${REQUEST_ID})`);
	});

	test('413 APIG.0201 on a create: the body is over the gateway\'s limit, said in English beside the gateway\'s words', async () => {
		const bench = await gatewayBench(vendor);
		const create = vendor === 'eiam' ? todoCreate('gateway-413', NO_RETRIES) : taskCreate(NO_RETRIES);
		const path = vendor === 'eiam' ? TODOS : TASKS;
		bench.gateway.answer = (request, response) =>
			request.method === 'POST' && request.path === path && json(response, 413, { error_code: 'APIG.0201', error_msg: 'Request entity too large', request_id: REQUEST_ID });
		const { error } = await bench.run(create);
		expect(error?.message).toBe("The request is over the API gateway's 12 MB limit for a body (APIG.0201): send shorter fields (item 0)");
		expect(error?.description).toBe(`Huawei API Gateway APIG.0201: Request entity too large (request_id ${REQUEST_ID})`);
	});

	test('502 APIG.0201 on a Get: a passing fault; when it outlasts the retries the gateway\'s words are in the description', async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		bench.gateway.answer = (request, response) =>
			request.path === path && json(response, 502, { error_code: 'APIG.0201', error_msg: 'Backend unavailable', request_id: REQUEST_ID });
		const { error } = await bench.run(parameters);
		expect(error?.httpCode).toBe('502');
		expect(error?.description).toContain(`Huawei API Gateway APIG.0201: Backend unavailable (request_id ${REQUEST_ID})`);
	});

	test('an APIG code the table does not list: the gateway named, its code and words kept', async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		bench.gateway.answer = (request, response) =>
			request.path === path && json(response, 403, { error_code: 'APIG.0302', error_msg: 'The IAM or FunctionGraph authorizer denied access', request_id: REQUEST_ID });
		const { error } = await bench.run(parameters);
		expect(error?.message).toBe(`The API gateway in front of ${name} refused the request (HTTP 403, APIG.0302) (item 0)`);
		expect(error?.description).toBe(`Huawei API Gateway APIG.0302: The IAM or FunctionGraph authorizer denied access (request_id ${REQUEST_ID})`);
	});

	test('RFC 9457 problem details: title and detail in the description, not an empty one', async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		const problem = { type: 'https://waf.example.com/probs/ip-blocked', title: 'Forbidden', status: 403, detail: 'Your IP address is not allowed', instance: '/x/1' };
		bench.gateway.answer = (request, response) =>
			request.path === path && json(response, 403, problem, { 'Content-Type': 'application/problem+json' });
		const { error } = await bench.run(parameters);
		expect(error?.message).toBe(`A gateway in front of ${name} refused the request (HTTP 403) (item 0)`);
		expect(error?.description).toBe('Forbidden: Your IP address is not allowed (type https://waf.example.com/probs/ip-blocked)');
	});

	test("a gateway error that echoes the request's token: its words reach the user without it", async () => {
		const bench = await gatewayBench(vendor);
		const { parameters, path } = await getOf(bench, vendor);
		bench.gateway.answer = (request, response) =>
			request.path === path &&
			json(response, 404, { error_code: 'APIG.0101', error_msg: `${NOT_PUBLISHED}; headers ${JSON.stringify(request.headers)}`, request_id: REQUEST_ID });
		const { error, items } = await bench.run(parameters, [{}], { continueOnFail: true });
		const data = bench.store.get(bench.credential.id as string).data;
		const secrets = [DEMO_CLIENTS[vendor].clientSecret, data.sessionToken as string].filter(Boolean);
		expect(error).toBeUndefined();
		expect(String(items[0].json.description)).toContain(`Huawei API Gateway APIG.0101: ${NOT_PUBLISHED}; headers`);
		for (const secret of secrets) expect(JSON.stringify(items)).not.toContain(secret);
	});
});
