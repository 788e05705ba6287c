import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';

const TOKEN = '/baas/auth/v1.0/oauth2/token';
const TASKS = '/service/AICC__Case/1.0.0/openapi/task';

const createParameters = (additionalFields: INodeParameters = {}, overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	title: 'Call back the customer',
	ownerId: '10gg00000148QvgpaLAm',
	creatorId: '10gg00000148QvgpaLAm',
	additionalFields,
	...overrides,
});

const sentTaskInfo = (bench: Bench) => bench.emulator.requestsTo('POST', TASKS).map((entry) => JSON.parse(entry.body));

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

describe('AICC Task Create', () => {
	test('with only the required fields, the body holds only those, and the output is {taskId}', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const { items, error } = await bench.run(createParameters());
		expect(error).toBeUndefined();
		expect(sentTaskInfo(bench)).toEqual([
			{ taskInfo: { title: 'Call back the customer', ownerId: '10gg00000148QvgpaLAm', creatorId: '10gg00000148QvgpaLAm' } },
		]);
		const [task] = [...bench.emulator.aicc.tasks.values()];
		expect(items).toEqual([{ json: { taskId: task.id }, pairedItem: { item: 0 } }]);
		const [request] = bench.emulator.requestsTo('POST', TASKS);
		expect(request.headers['access-token']).toMatch(/^aicc-/);
		expect(request.headers['content-type']).toBe('application/json');
	});

	test('every additional field is sent in AICC\'s names, the due date as yyyy-MM-dd HH:mm:ss in the workflow zone', async () => {
		bench = await startBench('aicc', 'accessToken');
		const { error } = await bench.run(
			createParameters({
				description: '客户要求回电',
				type: 'Case',
				relateId: 'c6m80000014iXKHqDw3c',
				contactId: 'ciIy0000013y7cC8T2rA',
				priority: 'High',
				dueDate: '2026-07-08T00:00:00+08:00',
				attachment: 'https://files.example.com/a.pdf',
			}),
			[{}],
			{ timezone: 'Europe/Berlin' },
		);
		expect(error).toBeUndefined();
		expect(sentTaskInfo(bench)[0].taskInfo).toEqual({
			title: 'Call back the customer',
			ownerId: '10gg00000148QvgpaLAm',
			creatorId: '10gg00000148QvgpaLAm',
			description: '客户要求回电',
			type: 'Case',
			relateId: 'c6m80000014iXKHqDw3c',
			contactId: 'ciIy0000013y7cC8T2rA',
			priority: 'High',
			dueDate: '2026-07-07 18:00:00',
			attachment: 'https://files.example.com/a.pdf',
		});
		expect(bench.count('POST', TOKEN)).toBe(0);
	});

	test('a title of 42 Chinese characters (126 bytes) is sent; 43 (129 bytes) is refused before any request', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		expect((await bench.run(createParameters({}, { title: '中'.repeat(42) }))).error).toBeUndefined();
		const { error } = await bench.run(createParameters({}, { title: '中'.repeat(43) }));
		expect(error?.message).toBe('Title must be at most 128 bytes (UTF-8), got 129 (item 0)');
		expect(bench.count('POST', TASKS)).toBe(1);
	});

	test.each([
		{ name: 'Type without Related Record ID', fields: { type: 'Case' }, message: 'Related Record ID is required when Type is set' },
		{ name: 'an Owner ID of 21 bytes', overrides: { ownerId: 'x'.repeat(21) }, message: 'Owner ID must be at most 20 bytes (UTF-8), got 21' },
		{ name: 'a Creator ID from an empty expression', overrides: { creatorId: '={{ $json.none }}' }, message: 'Creator ID is required' },
		{ name: 'a Due Date that is no date', fields: { dueDate: '={{ "soon" }}' }, message: 'Due Date must be a date and time' },
		{ name: 'a Priority outside the list', fields: { priority: '={{ "Urgent" }}' }, message: 'Priority must be one of Critical, High, Medium, Low' },
		{ name: 'a Description over 20,000 bytes', fields: { description: 'x'.repeat(20001) }, message: 'Description must be at most 20000 bytes (UTF-8), got 20001' },
		{ name: 'an Attachment over 255 bytes', fields: { attachment: 'x'.repeat(256) }, message: 'Attachment must be at most 255 bytes (UTF-8), got 256' },
	])('$name is refused before any request', async ({ fields, overrides, message }) => {
		bench = await startBench('aicc', 'clientCredentials');
		const { error } = await bench.run(createParameters(fields, overrides));
		expect(error?.message).toContain(message);
		expect(error?.message).toMatch(/\(item 0\)$/);
		expect(bench.emulator.requests).toHaveLength(0);
	});

	test('a 200 whose resCode is not "0" is an error carrying resCode and resMsg', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		bench.emulator.aicc.refuseNext = { resCode: 'CASE.0017', resMsg: '处理人不存在' };
		const { error } = await bench.run(createParameters());
		expect(error?.message).toBe('AICC refused the request (resCode CASE.0017) (item 0)');
		expect(error?.description).toBe('AICC resCode CASE.0017: 处理人不存在');
		expect(bench.count('POST', TASKS)).toBe(1);
	});

	test('Continue On Fail: failing items carry their error, the rest are created, order and pairing kept', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const { items, error } = await bench.run(
			createParameters({ priority: '={{ $json.priority }}' }, { title: '={{ $json.title }}' }),
			[
				{ title: 'one', priority: 'Low' },
				{ title: '', priority: 'Low' },
				{ title: 'three', priority: 'Urgent' },
				{ title: 'four', priority: 'Critical' },
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[1].json.error).toBe('Title is required and must not be empty (item 1)');
		expect(items[2].json.error).toMatch(/^Priority must be one of Critical, High, Medium, Low, got "Urgent" \(item 2\)$/);
		expect([...bench.emulator.aicc.tasks.values()].map((task) => task.title)).toEqual(['one', 'four']);
		expect([items[0].json.taskId, items[3].json.taskId]).toEqual([...bench.emulator.aicc.tasks.keys()]);
	});
});

describe('AICC token handling', () => {
	test('one token for a run of several items; an expired token (401) → one new token, one retry, stored', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		await bench.run(createParameters(), [{}, {}, {}]);
		expect(bench.count('POST', TOKEN)).toBe(1);
		const firstToken = bench.store.get('cred-1').data.sessionToken;
		bench.emulator.tokens.expireAll('aicc');

		const { error } = await bench.run(createParameters());
		expect(error).toBeUndefined();
		expect(bench.count('POST', TOKEN)).toBe(2);
		expect(bench.emulator.requestsTo('POST', TASKS).map((entry) => entry.status)).toEqual([200, 200, 200, 401, 200]);
		expect(bench.emulator.aicc.tasks.size).toBe(4);
		expect(bench.store.get('cred-1').data.sessionToken).not.toBe(firstToken);
	});

	test('Access Token mode: a refused token is a clear error, no token exchange', async () => {
		bench = await startBench('aicc', 'accessToken');
		bench.emulator.tokens.expireAll('aicc');
		const { error } = await bench.run(createParameters());
		expect(error?.message).toBe('AICC rejected the access token: it is expired or invalid (item 0)');
		expect(bench.count('POST', TOKEN)).toBe(0);
		expect(bench.count('POST', TASKS)).toBe(1);
	});
});
