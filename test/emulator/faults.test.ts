// Fault injection (faults.ts): each kind fails the way it says, rules are consumed as documented, and what
// the vendors stored stays inspectable. Plain fetch and node:http against the emulator, no timing bounds
// beyond "at least the configured delay".
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

import { SYSTEM_BUSY } from './aicc';
import { parseFaultRules, type FaultRule } from './faults';
import { startEmulator, type Emulator, type EmulatorOptions } from './server';

const TODO_PATH = '/api/v2/tenant/todo/task';
const TASK_PATH = '/service/AICC__Case/1.0.0/openapi/task';
const JSON_UTF8 = 'application/json; charset=utf-8';

interface Answer {
	status: number;
	headers: Headers;
	text: string;
}

async function send(emulator: Emulator, method: string, path: string, init: { headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<Answer> {
	const response = await fetch(`${emulator.url}${path}`, { method, ...init });
	return { status: response.status, headers: response.headers, text: await response.text() };
}

const todo = (externalId: string) => ({
	title: 'To-Do Title',
	content: 'To-Do Content',
	message_type: 'TEXT',
	ending_at: '2022-08-14 12:00:00',
	user_name: 'zhangsan',
	external_id: externalId,
	detail_url: { web_url: 'https://example.com', mobile_url: 'https://example.com' },
});

const eiamHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': JSON_UTF8 });

function createTodo(emulator: Emulator, externalId = 'ext-1', token = emulator.issueToken('eiam'), signal?: AbortSignal): Promise<Answer> {
	return send(emulator, 'POST', TODO_PATH, { headers: eiamHeaders(token), body: JSON.stringify(todo(externalId)), signal });
}

function getTodo(emulator: Emulator, id = 'none'): Promise<Answer> {
	return send(emulator, 'GET', `${TODO_PATH}/${id}`, { headers: eiamHeaders(emulator.issueToken('eiam')) });
}

function createTask(emulator: Emulator, token = emulator.issueToken('aicc')): Promise<Answer> {
	const taskInfo = { title: 'fault test', ownerId: '10gg00000148QvgpaLAm', creatorId: '10gg00000148QvgpaLAm' };
	return send(emulator, 'POST', TASK_PATH, { headers: { 'access-token': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ taskInfo }) });
}

function eiamToken(emulator: Emulator): Promise<Answer> {
	return send(emulator, 'POST', '/api/v2/tenant/token', {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'grant_type=client_credentials&client_id=eiam-demo-client&client_secret=eiam-demo-secret',
	});
}

async function withEmulator(options: EmulatorOptions, body: (emulator: Emulator) => Promise<void>): Promise<void> {
	const emulator = await startEmulator(options);
	try {
		await body(emulator);
	} finally {
		await emulator.stop();
	}
}

const last = (emulator: Emulator) => emulator.requests[emulator.requests.length - 1];

/** Polls a condition the server reaches on its own (e.g. recording a held request); no bound on how fast. */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A request through node:http, whose error codes (ECONNRESET) fetch wraps in a TypeError. */
function rawPost(emulator: Emulator, path: string, headers: Record<string, string>, body: string): Promise<NodeJS.ErrnoException | number> {
	return new Promise((resolve) => {
		const outgoing = httpRequest(`${emulator.url}${path}`, { method: 'POST', headers, agent: false }, (response) => {
			response.resume();
			resolve(response.statusCode ?? -1);
		});
		outgoing.on('error', resolve);
		outgoing.end(body);
	});
}

describe('each fault kind answers as it says', () => {
	test('429: vendor-shaped throttling body, Retry-After only when the rule sets retryAfterSeconds; nothing stored', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '429', count: 2, retryAfterSeconds: 7, acted: 'after' });
			const eiam = await createTodo(emulator);
			expect(eiam.status).toBe(429);
			expect(eiam.headers.get('retry-after')).toBe('7');
			expect(eiam.headers.get('content-type')).toBe('application/json');
			expect(JSON.parse(eiam.text)).toEqual({ error_code: 'COM.0429', error_msg: expect.any(String) });
			const aicc = await createTask(emulator);
			expect(aicc.status).toBe(429);
			expect(JSON.parse(aicc.text)).toMatchObject({ error_code: 'APIG.0308', error_msg: expect.stringContaining('throttling threshold') });
			emulator.faults.add({ kind: '429', count: 1 });
			expect((await createTodo(emulator)).headers.get('retry-after')).toBeNull();
			expect(emulator.eiam.todos.size + emulator.aicc.tasks.size).toBe(0);
			expect(emulator.requests.map((entry) => [entry.fault, entry.acted])).toEqual([
				['429', false],
				['429', false],
				['429', false],
			]);
			// The record tells the two apart, for tallies of a run that mixes them.
			expect(emulator.requests.map((entry) => entry.responseHeaders?.['Retry-After'])).toEqual(['7', '7', undefined]);
		});
	});

	test.each([
		{ kind: '500', reason: 'Internal Server Error' },
		{ kind: '502', reason: 'Bad Gateway' },
		{ kind: '503', reason: 'Service Unavailable' },
	] as const)('$kind: JSON error body in each vendor shape', async ({ kind, reason }) => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind, count: 2 });
			const eiam = await createTodo(emulator);
			expect(eiam.status).toBe(Number(kind));
			expect(eiam.headers.get('content-type')).toBe('application/json');
			expect(JSON.parse(eiam.text)).toEqual({ error: reason, error_description: expect.any(String) });
			const aicc = await createTask(emulator);
			expect(aicc.status).toBe(Number(kind));
			expect(JSON.parse(aicc.text)).toEqual({ resCode: kind, resMsg: expect.any(String) });
			expect(last(emulator)).toMatchObject({ status: Number(kind), fault: kind, acted: false });
		});
	});

	test('503 acts when the rule says after (a gateway failing after the backend stored), and carries Retry-After when set', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '503', count: 1, acted: 'after' });
			emulator.faults.add({ kind: '503', count: 1, retryAfterSeconds: 2 });
			const acted = await createTodo(emulator, 'a');
			expect(acted.status).toBe(503);
			expect(acted.headers.get('retry-after')).toBeNull();
			expect(emulator.eiam.todos.size).toBe(1);
			const refused = await createTodo(emulator, 'b');
			expect(refused.status).toBe(503);
			expect(refused.headers.get('retry-after')).toBe('2');
			expect(emulator.eiam.todos.size).toBe(1);
		});
	});

	test('body: HTTP 200 with the rule\'s JSON value, null included; acted after stores first', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'body', body: null, count: 1, acted: 'after' });
			emulator.faults.add({ kind: 'body', body: [1, 'two', true], count: 1 });
			const nothing = await createTodo(emulator, 'a');
			expect(nothing.status).toBe(200);
			expect(nothing.headers.get('content-type')).toBe('application/json');
			expect(nothing.text).toBe('null');
			expect(emulator.eiam.todos.size).toBe(1);
			const list = await createTodo(emulator, 'b');
			expect(JSON.parse(list.text)).toEqual([1, 'two', true]);
			expect(emulator.eiam.todos.size).toBe(1);
			expect(last(emulator)).toMatchObject({ status: 200, fault: 'body', acted: false });
		});
	});

	test('a body rule without its body is refused', () => {
		expect(() => parseFaultRules({ kind: 'body' })).toThrow('rule.body is required with kind body');
	});

	test('reset: the socket is reset without an answer (ECONNRESET through node:http; fetch fails); recorded with status 0', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'reset', count: 2 });
			const error = await rawPost(emulator, TODO_PATH, eiamHeaders(emulator.issueToken('eiam')), JSON.stringify(todo('ext-1')));
			expect(error).toMatchObject({ code: 'ECONNRESET' });
			await expect(createTodo(emulator)).rejects.toThrow('fetch failed');
			expect(emulator.requests.map((entry) => [entry.status, entry.fault, entry.response])).toEqual([
				[0, 'reset', undefined],
				[0, 'reset', undefined],
			]);
			expect((await createTodo(emulator)).status).toBe(200);
		});
	});

	test('timeout: no answer until the client gives up (abort after 200 ms with holdMs 5000); recorded with status 0', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'timeout', count: 1, holdMs: 5000 });
			await expect(createTodo(emulator, 'ext-1', emulator.issueToken('eiam'), AbortSignal.timeout(200))).rejects.toMatchObject({ name: 'TimeoutError' });
			await until(() => emulator.requests.length === 1);
			expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'timeout', acted: false });
			expect(emulator.eiam.todos.size).toBe(0);
			expect((await createTodo(emulator)).status).toBe(200);
		});
	});

	test('timeout: the emulator drops the connection itself after holdMs', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'timeout', count: 1, holdMs: 50 });
			await expect(createTodo(emulator)).rejects.toThrow('fetch failed');
		});
	});

	test('stop() finishes with a held connection (default holdMs 30 s) without waiting for it', async () => {
		const emulator = await startEmulator();
		emulator.faults.add({ kind: 'timeout' });
		const held = createTodo(emulator);
		await until(() => emulator.requests.length === 1);
		await emulator.stop();
		await expect(held).rejects.toThrow('fetch failed');
	}, 10_000);

	test('html: HTTP 502 with a text/html gateway page', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'html', count: 1 });
			const answer = await createTask(emulator);
			expect(answer.status).toBe(502);
			expect(answer.headers.get('content-type')).toBe('text/html');
			expect(answer.text).toContain('<title>502 Bad Gateway</title>');
			expect(last(emulator)).toMatchObject({ status: 502, fault: 'html', response: answer.text });
		});
	});

	test('truncated-json after acting: HTTP 200, application/json, the first half of the real answer', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'truncated-json', count: 2, acted: 'after' });
			const eiam = await createTodo(emulator);
			expect(eiam.status).toBe(200);
			expect(eiam.headers.get('content-type')).toBe('application/json');
			expect(() => JSON.parse(eiam.text)).toThrow(SyntaxError);
			const whole = JSON.stringify({ todo_id: [...emulator.eiam.todos.keys()][0] });
			expect(eiam.text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
			const aicc = await createTask(emulator);
			const wholeTask = JSON.stringify({ resCode: '0', resMsg: 'Success', result: { taskId: [...emulator.aicc.tasks.keys()][0] } });
			expect(aicc.text).toBe(wholeTask.slice(0, Math.floor(wholeTask.length / 2)));
			expect(last(emulator)).toMatchObject({ status: 200, fault: 'truncated-json', acted: true });
		});
	});

	test('truncated-json before acting: still HTTP 200 and half a JSON text, nothing stored', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'truncated-json', count: 1 });
			const answer = await createTask(emulator);
			expect(answer.status).toBe(200);
			expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
			expect(answer.text.startsWith('{"resCode":')).toBe(true);
			expect(emulator.aicc.tasks.size).toBe(0);
		});
	});

	test('aicc-rescode: HTTP 200 with AICC Content-Type and a non-zero resCode; EIAM calls are left alone and do not use up the rule', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'aicc-rescode', count: 1 });
			expect((await createTodo(emulator)).status).toBe(200);
			const answer = await createTask(emulator);
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toBe('application/json%3Bcharset=UTF-8');
			expect(JSON.parse(answer.text)).toEqual(SYSTEM_BUSY);
			expect(SYSTEM_BUSY.resCode).not.toBe('0');
			expect(emulator.aicc.tasks.size).toBe(0);
			expect(last(emulator)).toMatchObject({ fault: 'aicc-rescode', acted: false });
			expect(JSON.parse((await createTask(emulator)).text).resCode).toBe('0');
		});
	});
});

describe('token-expired: the carried token is expired, then the vendor answers as it does for an expired token', () => {
	test.each([400, 401] as const)('EIAM with authRejectStatus %i', async (authRejectStatus) => {
		await withEmulator({ eiam: { authRejectStatus } }, async (emulator) => {
			emulator.faults.add({ kind: 'token-expired', count: 1 });
			const token = emulator.issueToken('eiam');
			const answer = await createTodo(emulator, 'ext-1', token);
			expect(answer.status).toBe(authRejectStatus);
			expect(JSON.parse(answer.text)).toEqual({ error: 'invalid_token', error_description: 'Invalid access' });
			expect(last(emulator)).toMatchObject({ status: authRejectStatus, fault: 'token-expired', acted: false });
			// The token itself is expired: without a fault it is still refused; a new one works.
			expect((await createTodo(emulator, 'ext-1', token)).status).toBe(authRejectStatus);
			expect((await createTodo(emulator)).status).toBe(200);
		});
	});

	test('AICC: its own rule, HTTP 401 with AUTH.TOKEN.INVALID', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'token-expired', count: 1 });
			const answer = await createTask(emulator);
			expect(answer.status).toBe(401);
			expect(JSON.parse(answer.text).resCode).toBe('AUTH.TOKEN.INVALID');
			expect(emulator.aicc.tasks.size).toBe(0);
		});
	});
});

describe('acted: what the vendor stored stays inspectable', () => {
	test('500 before: nothing stored; after: stored, so a retry with the same external_id is a duplicate', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '500', count: 1 });
			emulator.faults.add({ kind: '500', count: 1, acted: 'after' });
			expect((await createTodo(emulator)).status).toBe(500);
			expect(emulator.eiam.todos.size).toBe(0);
			expect((await createTodo(emulator)).status).toBe(500);
			expect(emulator.eiam.todos.size).toBe(1);
			expect(JSON.parse((await createTodo(emulator)).text).error_code).toBe('TODOTASK.0002');
			expect(emulator.requests.map((entry) => [entry.status, entry.fault, entry.acted])).toEqual([
				[500, '500', false],
				[500, '500', true],
				[400, undefined, false],
			]);
		});
	});

	test('reset and timeout after acting: the task is stored though no answer came', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: 'reset', count: 1, acted: 'after' });
			await expect(createTask(emulator)).rejects.toThrow('fetch failed');
			emulator.faults.add({ kind: 'timeout', count: 1, acted: 'after', holdMs: 20 });
			await expect(createTask(emulator)).rejects.toThrow('fetch failed');
			expect(emulator.aicc.tasks.size).toBe(2);
			expect(emulator.requests.map((entry) => entry.acted)).toEqual([true, true]);
		});
	});

	test('random: a seeded mix; the store holds exactly the acted requests, never more', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: ['500', 'html'], count: 40, acted: 'random', seed: 11 });
			for (let n = 0; n < 40; n++) expect([500, 502]).toContain((await createTodo(emulator, `ext-${n}`)).status);
			const acted = emulator.requests.filter((entry) => entry.acted).length;
			expect(acted).toBeGreaterThan(0);
			expect(acted).toBeLessThan(40);
			expect(emulator.eiam.todos.size).toBe(acted);
			const storedIds = new Set([...emulator.eiam.todos.values()].map((stored) => stored.external_id));
			const actedIds = emulator.requests.filter((entry) => entry.acted).map((entry) => JSON.parse(entry.body).external_id);
			expect(new Set(actedIds)).toEqual(storedIds);
		});
	});
});

describe('rules: routes, count, share and order', () => {
	test('count: the next N matching requests, then the rule drops out', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ route: `^POST ${TODO_PATH}$`, kind: '503', count: 2 });
			expect((await getTodo(emulator)).status).toBe(402);
			expect((await createTodo(emulator, 'a')).status).toBe(503);
			expect((await createTodo(emulator, 'b')).status).toBe(503);
			expect((await createTodo(emulator, 'c')).status).toBe(200);
		});
	});

	test('rules are consumed in the order added; the first that matches wins', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '500', count: 1 });
			emulator.faults.add({ kind: '502', count: 1 });
			const statuses = [];
			for (let n = 0; n < 3; n++) statuses.push((await getTodo(emulator)).status);
			expect(statuses).toEqual([500, 502, 402]);
		});
	});

	test('without a route, token endpoints are spared; a route that names them faults them', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '500' });
			expect((await eiamToken(emulator)).status).toBe(200);
			expect((await getTodo(emulator)).status).toBe(500);
			emulator.faults.clear();
			emulator.faults.add({ route: '.*', kind: '500', count: 1 });
			expect((await eiamToken(emulator)).status).toBe(200);
			emulator.faults.clear();
			emulator.faults.add({ route: '^POST /api/v2/tenant/token$', kind: '503', count: 1 });
			expect((await eiamToken(emulator)).status).toBe(503);
			expect(last(emulator)).toMatchObject({ fault: '503' });
		});
	});

	test('several kinds: each faulted request picks one, the same sequence for the same seed', async () => {
		const kinds = async (seed: number) => {
			let picked: unknown[] = [];
			await withEmulator({}, async (emulator) => {
				emulator.faults.add({ kind: ['500', '502', '503'], count: 30, seed });
				for (let n = 0; n < 30; n++) await getTodo(emulator);
				picked = emulator.requests.map((entry) => entry.fault);
			});
			return picked;
		};
		const first = await kinds(3);
		expect(new Set(first)).toEqual(new Set(['500', '502', '503']));
		expect(await kinds(3)).toEqual(first);
	});

	test('share 0.1 over 1000 requests: about 100, the same requests for the same seed, others for another seed', async () => {
		await withEmulator({}, async (emulator) => {
			const faulted = async (rule: FaultRule) => {
				await fetch(`${emulator.url}/__emulator/reset`);
				emulator.faults.add(rule);
				for (let n = 0; n < 1000; n++) await getTodo(emulator);
				return emulator.requests.flatMap((entry, index) => (entry.fault ? [index] : []));
			};
			const first = await faulted({ kind: '503', share: 0.1, seed: 42 });
			expect(first.length).toBeGreaterThan(60);
			expect(first.length).toBeLessThan(140);
			expect(await faulted({ kind: '503', share: 0.1, seed: 42 })).toEqual(first);
			expect(await faulted({ kind: '503', share: 0.1, seed: 43 })).not.toEqual(first);
		});
	});

	test('share and count together: the seeded share, at most count times', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ kind: '500', share: 0.5, count: 3, seed: 5 });
			for (let n = 0; n < 40; n++) await getTodo(emulator);
			expect(emulator.requests.filter((entry) => entry.fault).length).toBe(3);
		});
	});

	test('delayMs still applies, before the fault', async () => {
		await withEmulator({ delayMs: 60 }, async (emulator) => {
			emulator.faults.add({ kind: '500', count: 1 });
			const started = Date.now();
			expect((await getTodo(emulator)).status).toBe(500);
			// A lower bound only (timers may fire a millisecond early): the fault did not skip the delay.
			expect(Date.now() - started).toBeGreaterThanOrEqual(50);
		});
	});

	test('a bad rule added in code throws with the reason', async () => {
		await withEmulator({}, async (emulator) => {
			expect(() => emulator.faults.add({ kind: '418' as never })).toThrow(/"418" is not a fault kind/);
			expect(() => emulator.faults.add({ kind: '500', share: 1.5 })).toThrow(/share must be a number from 0 to 1/);
		});
	});
});

describe('admin endpoints', () => {
	const admin = (emulator: Emulator, method: string, body?: unknown) =>
		send(emulator, method, '/__emulator/faults', { body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

	test('POST adds a rule or an array of rules, DELETE clears them', async () => {
		await withEmulator({}, async (emulator) => {
			expect(JSON.parse((await admin(emulator, 'POST', { kind: '500', count: 1 })).text)).toEqual({ added: 1 });
			expect(JSON.parse((await admin(emulator, 'POST', [{ kind: '502', count: 1 }, { kind: '503' }])).text)).toEqual({ added: 2 });
			const statuses = [];
			for (let n = 0; n < 3; n++) statuses.push((await getTodo(emulator)).status);
			expect(statuses).toEqual([500, 502, 503]);
			expect((await admin(emulator, 'DELETE')).status).toBe(200);
			expect((await getTodo(emulator)).status).toBe(402);
		});
	});

	test.each([
		{ name: 'an unknown kind', body: { kind: '418' }, message: /"418" is not a fault kind/ },
		{ name: 'no kind', body: { count: 1 }, message: /kind is required/ },
		{ name: 'a share above 1', body: { kind: '500', share: 2 }, message: /share/ },
		{ name: 'a count of 0', body: { kind: '500', count: 0 }, message: /count/ },
		{ name: 'a route that is not a RegExp', body: { kind: '500', route: '(' }, message: /route is not a valid RegExp/ },
		{ name: 'an unknown field', body: { kind: '500', shares: 0.1 }, message: /unknown field\(s\) shares/ },
		{ name: 'an unknown acted', body: { kind: '500', acted: 'later' }, message: /acted/ },
		{ name: 'a body that is not JSON', body: 'kind=500', message: /not JSON/ },
		{ name: 'a bad second rule (none is added)', body: [{ kind: '500' }, { kind: 'boom' }], message: /rule 1\.kind/ },
	])('400 with the reason for $name', async ({ body, message }) => {
		await withEmulator({}, async (emulator) => {
			const answer = await admin(emulator, 'POST', body);
			expect(answer.status).toBe(400);
			expect(JSON.parse(answer.text).error).toMatch(message);
			expect((await getTodo(emulator)).status).toBe(402);
		});
	});

	test('stats report faults by kind next to the counters; reset clears requests and rules', async () => {
		await withEmulator({}, async (emulator) => {
			await admin(emulator, 'POST', [{ kind: '500', count: 2 }, { kind: 'reset', count: 1 }, { kind: '503' }]);
			await getTodo(emulator);
			await getTodo(emulator);
			await expect(getTodo(emulator)).rejects.toThrow('fetch failed');
			const stats = JSON.parse((await send(emulator, 'GET', '/__emulator/stats')).text);
			expect(stats).toMatchObject({ requests: 3, tokenRequests: 0, aiccTasks: 0, eiamTodos: 0, maxInFlight: expect.any(Number) });
			expect(stats.faults).toMatchObject({ '500': 2, reset: 1, '503': 0, timeout: 0 });
			await send(emulator, 'POST', '/__emulator/reset');
			expect((await getTodo(emulator)).status).toBe(402);
			expect(JSON.parse((await send(emulator, 'GET', '/__emulator/stats')).text)).toMatchObject({ requests: 1, faults: { '500': 0, '503': 0 } });
		});
	});

	test('admin requests are never faulted nor recorded', async () => {
		await withEmulator({}, async (emulator) => {
			emulator.faults.add({ route: '.*', kind: 'reset' });
			expect((await send(emulator, 'GET', '/__emulator/stats')).status).toBe(200);
			expect((await admin(emulator, 'DELETE')).status).toBe(200);
			expect(emulator.requests).toEqual([]);
		});
	});
});

describe('EMULATOR_FAULTS for the CLI in another process', () => {
	const root = join(__dirname, '..', '..');
	const startCli = (faults: string) =>
		spawn(process.execPath, ['-r', './test/tools/ts-node.js', 'test/emulator/cli.ts'], {
			cwd: root,
			env: { ...process.env, EMULATOR_PORT: '0', EMULATOR_FAULTS: faults },
			stdio: ['ignore', 'pipe', 'pipe'],
		});

	test('the rules are in force from the first request', async () => {
		const child = startCli(JSON.stringify([{ route: '^GET ', kind: '503', count: 1 }]));
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let output = '';
				child.stdout.on('data', (chunk: Buffer) => {
					output += chunk.toString();
					const match = /listening on (http:\/\/\S+)/.exec(output);
					if (match) resolve(match[1]);
				});
				child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
			});
			expect((await fetch(`${url}${TODO_PATH}/x`)).status).toBe(503);
			expect((await fetch(`${url}${TODO_PATH}/x`)).status).toBe(400);
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});

	test('a bad rule stops the CLI with the reason', async () => {
		const child = startCli('{"kind":"teapot"}');
		let errors = '';
		child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		const code = await new Promise((resolve) => child.once('exit', resolve));
		expect(code).toBe(1);
		expect(errors).toMatch(/EMULATOR_FAULTS: rule\.kind "teapot" is not a fault kind/);
	});
});
