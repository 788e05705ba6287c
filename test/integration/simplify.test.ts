/**
 * Simplify on the read operations: on by default from node version 2, a flat record of the fields a
 * workflow uses; off, or on a version 1 node of an existing workflow, the vendor's record untouched.
 */
import { startBench, type Bench } from '../support/emulator-bench';

const OWNER = '10gg00000148QvgpaLAm';

let bench: Bench;
afterEach(async () => bench?.stop());

describe('AICC', () => {
	let taskId: string;
	beforeEach(async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const { items } = await bench.run({ resource: 'task', operation: 'create', title: 'Simplify me', ownerId: OWNER, creatorId: OWNER, additionalFields: { priority: 'High', dueDate: '2026-12-05 18:00:00' } });
		taskId = items[0].json.taskId as string;
	});

	const TASK_FIELDS = ['taskId', 'taskNo', 'title', 'status', 'priority', 'ownerId', 'ownerName', 'creatorId', 'dueDate', 'createdDate', 'closedDate'];

	test('Get: version 2 simplifies by default, to the task fields of taskInfo', async () => {
		const { items, error } = await bench.run({ resource: 'task', operation: 'get', taskId }, [{}], { typeVersion: 2 });
		expect(error).toBeUndefined();
		expect(Object.keys(items[0].json)).toEqual(TASK_FIELDS);
		expect(items[0].json).toMatchObject({ taskId, title: 'Simplify me', status: 'Pending', priority: 'High', ownerId: OWNER, dueDate: '2026-12-05 18:00:00' });
	});

	test('Get: Simplify off, and a version 1 node, give AICC result untouched', async () => {
		for (const [parameters, typeVersion] of [[{ simplify: false }, 2], [{}, 1]] as const) {
			const { items } = await bench.run({ resource: 'task', operation: 'get', taskId, ...parameters }, [{}], { typeVersion });
			expect(Object.keys(items[0].json).sort()).toEqual(expect.arrayContaining(['taskInfo', 'taskTrace']));
		}
	});

	test('Get Many: every row simplified to the same fields, null where the list row has none', async () => {
		const { items } = await bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {} }, [{}], { typeVersion: 2 });
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].json)).toEqual(TASK_FIELDS);
		expect(items[0].json).toMatchObject({ taskId, title: 'Simplify me', ownerName: null });
		const raw = await bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {}, simplify: false }, [{}], { typeVersion: 2 });
		expect(raw.items[0].json).toHaveProperty('taskNo');
		expect(raw.items[0].json).not.toHaveProperty('ownerName');
	});
});

describe('EIAM', () => {
	beforeEach(async () => {
		bench = await startBench('eiam', 'clientCredentials');
		await bench.run({
			resource: 'todo',
			operation: 'create',
			userName: 'zhangsan',
			title: 'Simplify me',
			content: 'x',
			messageType: 'TEXT',
			deadline: '2026-12-05 18:00:00',
			externalId: 'simple-1',
			webUrl: 'https://crm.example.com/1',
			mobileUrl: 'https://m.crm.example.com/1',
		});
	});

	test('Get and Get by External ID: version 2 simplifies by default to the fields a workflow uses', async () => {
		const [todoId] = bench.emulator.eiam.todos.keys();
		const expected = {
			id: todoId,
			externalId: 'simple-1',
			title: 'Simplify me',
			userId: expect.any(String),
			done: false,
			deadline: '2026-12-05 18:00:00',
			webUrl: 'https://crm.example.com/1',
			mobileUrl: 'https://m.crm.example.com/1',
			doneAt: null,
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		};
		const get = await bench.run({ resource: 'todo', operation: 'get', todoId }, [{}], { typeVersion: 2 });
		expect(get.items[0].json).toEqual(expected);
		const byExternalId = await bench.run({ resource: 'todo', operation: 'getByExternalId', externalId: 'simple-1' }, [{}], { typeVersion: 2 });
		expect(byExternalId.items[0].json).toEqual(expected);
	});

	test('Simplify off, and a version 1 node, give the record as EIAM returns it', async () => {
		const [todoId] = bench.emulator.eiam.todos.keys();
		for (const [parameters, typeVersion] of [[{ simplify: false }, 2], [{}, 1]] as const) {
			const { items } = await bench.run({ resource: 'todo', operation: 'get', todoId, ...parameters }, [{}], { typeVersion });
			expect(items[0].json).toMatchObject({ id: todoId, external_id: 'simple-1', detail_url: { web_url: 'https://crm.example.com/1' } });
		}
	});
});
