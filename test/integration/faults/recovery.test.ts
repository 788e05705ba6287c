/**
 * What the nodes do when an answer was lost after the vendor may have acted: EIAM's create recovery takes
 * a stored to-do for this item's only when every field matches, a 503 without Retry-After on a create is a
 * lost answer. A Delete whose first answer was lost is in eiam/delete.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { FAST_RETRIES, OWNER, taskCreate, TASKS, todoCreate, TODOS } from '../../support/fixtures';
import { startBench, type Bench } from '../../support/emulator-bench';

const EIAM_CREATE = `^POST ${TODOS}$`;
const AICC_CREATE = `^POST ${TASKS}$`;


let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('EIAM create recovery compares every field of the stored to-do', () => {
	test.each([
		['Content', { content: 'Another text' }],
		['Message Type', { messageType: 'MARKDOWN' }],
		['Deadline', { deadline: '2026-12-02 10:00:00' }],
		['Web URL', { webUrl: 'https://example.com/t/2' }],
		['Mobile URL', { mobileUrl: 'https://m.example.com/t/2' }],
	] as Array<[string, INodeParameters]>)('a stored to-do with the same Title but another %s is not taken for this item', async (field, other) => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run(todoCreate('taken-2', FAST_RETRIES, { ...other, userName: 'lisi' }));
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '502', count: 1, acted: 'before' });
		const { items, error } = await bench.run(todoCreate('taken-2'));
		expect(items).toEqual([]);
		expect(error?.message).toBe('A to-do with this External ID already exists (item 0)');
		expect(error?.description).toContain(`whose ${field} differs`);
		expect(bench.emulator.eiam.todos.size).toBe(1);
	});

	test('the same deadline written with milliseconds or a T is the same deadline: the stored to-do is this item\'s', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run(todoCreate('same-1'));
		const [record] = bench.emulator.eiam.todos.values();
		for (const ending of ['2026-12-01T10:00:00', '2026-12-01 10:00:00.000']) {
			bench.emulator.faults.add({ route: EIAM_CREATE, kind: '502', count: 1, acted: 'before' });
			bench.emulator.faults.add({ route: `^GET ${TODOS}/sources/`, kind: 'body', count: 1, body: { ...record, ending_at: ending } });
			const { items, error } = await bench.run(todoCreate('same-1'));
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ todoId: record.id, recovery: expect.stringMatching(/already held this to-do, so it was not sent again/) });
		}
	});
});

describe('a 503 without Retry-After on a create is a lost answer: the backend may have stored it', () => {
	test('EIAM create after a 503 that came after EIAM stored it: settled by External ID, one to-do, a success', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '503', count: 1, acted: 'after' });
		const { items, error } = await bench.run(todoCreate('gw-1'));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(1);
		expect(bench.count('GET', `${TODOS}/sources/gw-1`)).toBe(1);
		const [stored] = bench.emulator.eiam.todos.values();
		expect(items[0].json).toEqual({ todoId: stored.id, recovery: "EIAM's answer was lost (HTTP 503); EIAM already held this to-do, so it was not sent again" });
	});

	test('EIAM create after a 503 before EIAM stored it: Get by External ID finds none, the create goes once more', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '503', count: 1, acted: 'before' });
		const { items, error } = await bench.run(todoCreate('gw-2'));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(2);
		expect(bench.emulator.eiam.todos.size).toBe(1);
		expect(items[0].json.recovery).toBe("EIAM's answer was lost (HTTP 503); EIAM held no to-do with this External ID, so it was created again");
	});

	test('EIAM create after a 503 with Retry-After: EIAM said it did not act, so the create waits and goes again, no lookup', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		bench.emulator.faults.add({ route: EIAM_CREATE, kind: '503', count: 1, retryAfterSeconds: 0 });
		const { items, error } = await bench.run(todoCreate('gw-3'));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(2);
		expect(bench.count('GET', `${TODOS}/sources/gw-3`)).toBe(0);
		expect(items[0].json).toEqual({ todoId: [...bench.emulator.eiam.todos.keys()][0] });
	});

	test('AICC create after a 503 that came after AICC stored it: not sent again, the error says it may have been created', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.faults.add({ route: AICC_CREATE, kind: '503', count: 1, acted: 'after' });
		const { error } = await bench.run(taskCreate());
		expect(error?.message).toBe("AICC's answer was lost (HTTP 503) (item 0)");
		expect(error?.description).toMatch(/may have been created.*Get Many/);
		expect(bench.count('POST', TASKS)).toBe(1);
		expect(bench.emulator.aicc.tasks.size).toBe(1);
	});

	test.each([
		['process', { creatorId: OWNER, title: 'Called', description: 'Called back', additionalFields: {} }, `${TASKS}/process`, /processing record may have been added/],
		['transfer', { ownerId: OWNER, creatorId: OWNER }, `${TASKS}/transfer`, /may have been transferred/],
	] as const)('AICC %s after a 503 is not sent again', async (operation, extra, path, advice) => {
		bench = await startBench('aicc', 'clientCredentials');
		const { items } = await bench.run(taskCreate());
		const taskId = items[0].json.taskId as string;
		bench.emulator.faults.add({ route: `^POST ${path}$`, kind: '503', count: 1, acted: 'after' });
		const { error } = await bench.run({ ...extra, resource: 'task', operation, taskId, options: FAST_RETRIES });
		expect(error?.message).toBe("AICC's answer was lost (HTTP 503) (item 0)");
		expect(error?.description).toMatch(advice);
		expect(bench.count('POST', path)).toBe(1);
	});

	test('an idempotent request is still repeated after a 503 without Retry-After', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const { items } = await bench.run(todoCreate('gw-4'));
		const todoId = items[0].json.todoId as string;
		bench.emulator.faults.add({ route: `^GET ${TODOS}/`, kind: '503', count: 2 });
		const { items: got, error } = await bench.run({ resource: 'todo', operation: 'get', todoId, options: FAST_RETRIES });
		expect(error).toBeUndefined();
		expect(got[0].json.id).toBe(todoId);
		expect(bench.count('GET', `${TODOS}/${todoId}`)).toBe(3);
	});
});

describe('the External ID of a create is checked as the path segment its recovery would look it up by', () => {
	test.each([
		['..', 'External ID must not be "..": a URL path cannot hold it as an ID (item 1)'],
		['.', 'External ID must not be ".": a URL path cannot hold it as an ID (item 1)'],
		['ab\ud83d', 'External ID holds half of an emoji or other character (a lone UTF-16 surrogate) and cannot be sent (item 1)'],
	])('%j is refused before any request, with the field and item named', async (externalId, message) => {
		bench = await startBench('eiam', 'clientCredentials');
		const { items, error } = await bench.run(todoCreate('={{ $json.externalId }}'), [{ externalId: 'fine-1' }, { externalId }], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[1].json.error).toBe(message);
		expect(bench.count('POST', TODOS)).toBe(1);
		expect([...bench.emulator.eiam.todos.values()].map((todo) => todo.external_id)).toEqual(['fine-1']);
	});
});
