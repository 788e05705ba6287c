/**
 * Faults between n8n and the vendor, injected by the emulator: what the nodes repeat, what they never
 * resend, and what the user reads when a fault outlasts the retries.
 */

import type { FaultRule } from '../../emulator/faults';
import { FAST_RETRIES, taskCreate, TASKS, todoCreate, TODOS } from '../../support/fixtures';
import { startBench, type Bench } from '../../support/emulator-bench';

const EIAM_CREATE: FaultRule['route'] = `^POST ${TODOS}$`;
const AICC_CREATE: FaultRule['route'] = `^POST ${TASKS}$`;




/** Nothing a user reads may hold an HTML page or a stack trace. */
function expectReadable(error: { message: string; description?: string | null } | undefined) {
	for (const text of [error?.message, error?.description ?? '']) {
		expect(text).not.toMatch(/<html|<body|<!doctype|\n\s+at /i);
	}
}

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('429, and 503 with Retry-After: the vendor did not act, so any request waits and goes again', () => {
	test("EIAM create honours Retry-After and creates the to-do once", async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '429', count: 2, retryAfterSeconds: 1 });
		const { items, error } = await bench.run(todoCreate('rate-1'));
		expect(error).toBeUndefined();
		const posts = bench.emulator.requestsTo('POST', TODOS);
		expect(posts.map((entry) => entry.status)).toEqual([429, 429, 200]);
		// Retry-After: 1 means the next attempt came no sooner than a second later.
		expect(posts[1].receivedAt - posts[0].receivedAt).toBeGreaterThanOrEqual(950);
		expect(posts[2].receivedAt - posts[1].receivedAt).toBeGreaterThanOrEqual(950);
		expect(bench.emulator.eiam.todos.size).toBe(1);
		expect(items[0].json).toEqual({ todoId: [...bench.emulator.eiam.todos.keys()][0] });
	});

	test('a rate limit that outlasts Max Retries is an item error that says it held, and nothing was created', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '429', count: 10 });
		const { error } = await bench.run(todoCreate('rate-2', { maxRetries: 2, maxRetryWait: 5_000 }));
		expect(error?.message).toMatch(/^EIAM's rate limit held \(HTTP 429 after 2 retries over \d+\.\d s\) \(item 0\)$/);
		expect(error?.description).toMatch(/not carried out.*Items per Batch.*Max Retries/);
		expect(bench.count('POST', TODOS)).toBe(3);
		expect(bench.emulator.eiam.todos.size).toBe(0);
	});

	test('a Retry-After longer than Max Retry Wait is not waited out', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '429', count: 1, retryAfterSeconds: 60 });
		const { error } = await bench.run(todoCreate('rate-3', { maxRetries: 3, maxRetryWait: 10_000 }));
		expect(error?.message).toBe("EIAM's rate limit held (HTTP 429) (item 0)");
		expect(error?.description).toContain('EIAM asked to wait 60 s (Retry-After).');
		expect(bench.count('POST', TODOS)).toBe(1);
	});

	test('AICC create after a 503 with Retry-After is sent again and creates one task', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: AICC_CREATE, kind: '503', count: 1, retryAfterSeconds: 0 });
		const { items, error } = await bench.run(taskCreate());
		expect(error).toBeUndefined();
		expect(bench.count('POST', TASKS)).toBe(2);
		expect(bench.emulator.aicc.tasks.size).toBe(1);
		expect(items[0].json.taskId).toBe([...bench.emulator.aicc.tasks.keys()][0]);
	});
});

describe('the token endpoint failing for a moment', () => {
	test('a 503, a reset or a cut answer at the token endpoint is waited out like a 503 of the API: one to-do, no wrong-secret error', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: '^POST /api/v2/tenant/token$', kind: '503', count: 1 });
		bench.emulator.faults.add({ route: '^POST /api/v2/tenant/token$', kind: 'reset', count: 1 });
		bench.emulator.faults.add({ route: '^POST /api/v2/tenant/token$', kind: 'truncated-json', count: 1 });
		const { items, error } = await bench.run(todoCreate('token-1'));
		expect(error).toBeUndefined();
		expect(bench.count('POST', '/api/v2/tenant/token')).toBe(4);
		expect(bench.count('POST', TODOS)).toBe(1);
		expect(items[0].json.todoId).toBe([...bench.emulator.eiam.todos.keys()][0]);
	});
});

describe('idempotent calls are repeated after server errors, resets and time-outs', () => {
	test('EIAM Get passes two 502 HTML pages and returns the to-do', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run(todoCreate('get-1'));
		const [todoId] = bench.emulator.eiam.todos.keys();
		bench.emulator.faults.add({ route: `^GET ${TODOS}/`, kind: 'html', count: 2 });
		const { items, error } = await bench.run({ resource: 'todo', operation: 'get', todoId, options: FAST_RETRIES });
		expect(error).toBeUndefined();
		expect(items[0].json.external_id).toBe('get-1');
		expect(bench.count('GET', `${TODOS}/${todoId}`)).toBe(3);
	});

	test('a server error that outlasts the retries names the status, never the HTML page', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: `^GET ${TODOS}/`, kind: 'html', count: 10 });
		const { error } = await bench.run({ resource: 'todo', operation: 'get', todoId: 'any', options: { maxRetries: 1, maxRetryWait: 5_000 } });
		expect(error?.message).toMatch(/^EIAM failed \(HTTP 502, an HTML page after 1 retry over \d+\.\d s\) \(item 0\)$/);
		expect(error?.description).toMatch(/safe to repeat/);
		expectReadable(error);
	});

	test('EIAM Delete passes a connection reset and deletes the to-do', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run(todoCreate('delete-1'));
		const [todoId] = bench.emulator.eiam.todos.keys();
		bench.emulator.faults.add({ route: `^DELETE ${TODOS}/`, kind: 'reset', count: 1 });
		const { error } = await bench.run({ resource: 'todo', operation: 'delete', todoId, options: FAST_RETRIES });
		expect(error).toBeUndefined();
		expect(bench.emulator.eiam.todos.size).toBe(0);
		expect(bench.count('DELETE', `${TODOS}/${todoId}`)).toBe(2);
	});

	test('Timeout gives a request up; with no retries left the error says how long it waited', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: `^GET ${TODOS}/`, kind: 'timeout', count: 1, holdMs: 5_000 });
		const started = Date.now();
		const { error } = await bench.run({ resource: 'todo', operation: 'get', todoId: 'slow', options: { timeout: 300, maxRetries: 0 } });
		expect(error?.message).toBe('EIAM failed (no answer within 300 ms) (item 0)');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

describe('creates are never resent blindly', () => {
	test.each([
		['502 after EIAM stored it', { kind: '502', acted: 'after' }],
		['a reset after EIAM stored it', { kind: 'reset', acted: 'after' }],
		['a time-out after EIAM stored it', { kind: 'timeout', acted: 'after', holdMs: 5_000 }],
		['a cut JSON answer after EIAM stored it', { kind: 'truncated-json', acted: 'after' }],
	] as Array<[string, Partial<FaultRule>]>)('EIAM create after %s: Get by External ID finds it, it is not sent again', async (_name, fault) => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, count: 1, ...fault } as FaultRule);
		const { items, error } = await bench.run(todoCreate('lost-1', { ...FAST_RETRIES, timeout: 500 }));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(1);
		expect(bench.count('GET', `${TODOS}/sources/lost-1`)).toBe(1);
		expect(bench.emulator.eiam.todos.size).toBe(1);
		const [stored] = bench.emulator.eiam.todos.values();
		expect(items[0].json.todoId).toBe(stored.id);
		expect(items[0].json.recovery).toMatch(/^EIAM's answer was lost \(.+\); EIAM already held this to-do, so it was not sent again$/);
	});

	test('EIAM create after a 500 before EIAM stored it: Get by External ID finds nothing, the create goes once more', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '500', count: 1, acted: 'before' });
		const { items, error } = await bench.run(todoCreate('lost-2'));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(2);
		expect(bench.emulator.eiam.todos.size).toBe(1);
		expect(items[0].json.recovery).toBe("EIAM's answer was lost (HTTP 500); EIAM held no to-do with this External ID, so it was created again");
	});

	test('a lost answer whose External ID belongs to an earlier, different to-do: not taken for this item, not sent again', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run({ ...todoCreate('taken-1'), title: 'Another to-do' });
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '502', count: 1, acted: 'before' });
		const { error } = await bench.run(todoCreate('taken-1'));
		expect(error?.message).toBe('A to-do with this External ID already exists (item 0)');
		expect(error?.description).toContain('whose Title differs');
		expect(bench.count('POST', TODOS)).toBe(2);
		expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.title)).toEqual(['Another to-do']);
	});

	test('when the check fails too, the item error says the to-do may exist and how to look for it', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: 'reset', count: 1, acted: 'after' });
		bench.emulator.faults.add({ route: `^GET ${TODOS}/sources/`, kind: '500', count: 10 });
		const { error } = await bench.run(todoCreate('lost-3', { maxRetries: 1, maxRetryWait: 2_000 }));
		expect(error?.message).toBe("EIAM's answer was lost (the connection was reset); the to-do may have been created (item 0)");
		expect(error?.description).toContain('Look for External ID "lost-3" with To-Do → Get by External ID');
		expect(bench.count('POST', TODOS)).toBe(1);
	});

	test('AICC create after a 502: not sent again; the error says the task may exist and how to check', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: AICC_CREATE, kind: '502', count: 1, acted: 'after' });
		const { error } = await bench.run(taskCreate());
		expect(error?.message).toBe("AICC's answer was lost (HTTP 502) (item 0)");
		expect(error?.description).toMatch(/may have been created.*Get Many/);
		expect(bench.count('POST', TASKS)).toBe(1);
		expect(bench.emulator.aicc.tasks.size).toBe(1);
	});

	test('AICC create with a cut answer is not sent again either', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: AICC_CREATE, kind: 'truncated-json', count: 1 });
		const { error } = await bench.run(taskCreate());
		expect(error?.message).toBe("AICC's answer was lost (HTTP 200 with an answer that is not readable JSON) (item 0)");
		expect(bench.count('POST', TASKS)).toBe(1);
		expectReadable(error);
	});

	test("AICC's resCode failure is the vendor's answer: reported with its code, not repeated", async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: AICC_CREATE, kind: 'aicc-rescode', count: 1 });
		const { error } = await bench.run(taskCreate());
		expect(error?.message).toMatch(/^AICC refused the request \(resCode \S+\) \(item 0\)$/);
		expect(error?.description).toMatch(/^AICC resCode \S+: ./);
		expect(bench.count('POST', TASKS)).toBe(1);
		expect(bench.emulator.aicc.tasks.size).toBe(0);
	});
});

describe('the token endpoint stays down', () => {
	test.each([
		['eiam', 'html', '^POST /api/v2/tenant/token$', "EIAM stayed unavailable (EIAM's token endpoint answered HTTP 502 instead of a token after 1 retry over"],
		['aicc', '503', '^POST /baas/auth/v1\\.0/oauth2/token$', "AICC stayed unavailable (AICC's token endpoint answered HTTP 503 instead of a token after 1 retry over"],
	] as const)('%s: a %s answer is not called a refused secret, and nothing is created', async (vendor, kind, route, message) => {
		bench = await startBench(vendor, 'clientCredentials');
		bench.emulator.faults.add({ route, kind, count: 10 });
		const options = { maxRetries: 1, maxRetryWait: 2_000 };
		const { error } = await bench.run(vendor === 'eiam' ? todoCreate('token-down', options) : taskCreate(options));
		expect(error?.message.startsWith(message)).toBe(true);
		expect(error?.message).not.toMatch(/secret/i);
		expectReadable(error);
		expect(bench.emulator.eiam.todos.size + bench.emulator.aicc.tasks.size).toBe(0);
	});
});

describe('a batch meeting faults, Continue On Fail on', () => {
	test('every item is either done or listed with a reason, in input order, nothing doubled', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: ['429', '503', '502', 'reset', 'truncated-json', '500'], share: 0.3, seed: 7, acted: 'random' });
		const keys = Array.from({ length: 40 }, (_, index) => `batch-${index}`);
		const { items, error } = await bench.run(
			todoCreate('={{ $json.key }}', { maxRetries: 2, maxRetryWait: 3_000, timeout: 2_000 }),
			keys.map((key) => ({ key })),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual(keys.map((_, index) => ({ item: index })));
		const failed = items.filter((item) => item.json.error);
		for (const item of failed) expect(item.json.error).toMatch(/\(item \d+\)$/);
		const stored = [...bench.emulator.eiam.todos.values()].map((todo) => todo.external_id);
		expect(new Set(stored).size).toBe(stored.length);
		// Every success is stored; an item error is stored at most when its message says it may have been.
		for (const [index, item] of items.entries()) {
			if (!item.json.error) expect(stored).toContain(keys[index]);
			else if (!/may have been created/.test(item.json.error as string)) expect(stored).not.toContain(keys[index]);
		}
		expect(bench.emulator.requests.some((entry) => entry.fault)).toBe(true);
	});
});
