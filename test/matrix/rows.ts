/**
 * How each row of the matrix runs through n8n-core: what it prepares (records of the cell's own), which
 * request the API faults strike, the run itself (WorkflowExecute, PollContext, LoadOptionsContext or
 * the credentials tester), what a whole output is, and which stored records and effects it touches.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { pollTrigger, runNodeOnError, searchList, testCredential, type OnError } from '../support/harness';
import type { SeenRequest } from '../support/hostile';
import { OWNER, TASKS, TODOS, todoCreate } from '../support/fixtures';
import type { FaultMeta, RowMeta } from './catalogue';
import { ROWS } from './catalogue';
import { insertTask, NO_RETRIES, OTHER_OWNER, storedTodo, type World } from './world';

/** What a run left for the guarantees to judge, the same shape for every row. */
export interface Outcome {
	/** The run failed: an error, an error item, a thrown poll or search, a Test that says Error. */
	failed: boolean;
	/** What the user reads of the failure. */
	message?: string;
	description?: string;
	/** The output's JSON (a node's main output, a poll's emitted items, the picker's results). */
	items: IDataObject[];
	/** For the item contract: the node run's main and error outputs as n8n-core left them, and the On Error setting. */
	node?: { onError: OnError; error?: Error; main: Array<{ json: IDataObject; pairedItem?: unknown }>; errorOutput: Array<{ json: IDataObject; pairedItem?: unknown }> };
	/** Everything n8n keeps or shows of the run, for the secrets check. */
	seen: unknown;
}

/** The cell's own records and names. */
export interface Ctx {
	seq: number;
	id: string;
	externalId: string;
	creatorId: string;
	/** Text the vendor holds (titles), as the output must show it. */
	title: string;
	/** A word in the titles of the cell's list tasks, and the list rows' title filter. */
	tag: string;
	/** A text in one field that whole() does not compare: the charset fault spoils a byte of it. */
	spoilable: string;
	/** Field values the row means to write (compared by the corruption check). */
	intended: IDataObject;
	/** Tasks a list row must output or emit, and the static data of a trigger's last good poll. */
	expected: string[];
	staticData?: IDataObject;
	/** Items the trigger emitted over the cell's polls, in order. */
	emitted: string[];
	/** A list row's parameters for its run. */
	parameters?: INodeParameters;
}

export interface RowRun {
	meta: RowMeta;
	/** Records of the cell's own; `big` asks a list row for more than two pages. */
	prepare(world: World, ctx: Ctx, big: boolean): Promise<void>;
	/** The request the API faults strike. */
	isTarget(seen: SeenRequest, ctx: Ctx): boolean;
	run(world: World, ctx: Ctx, onError: OnError): Promise<Outcome>;
	/** The next run, after the fault: for S, and for a trigger the poll that may emit late. */
	next(world: World, ctx: Ctx): Promise<Outcome>;
	/** What is wrong with a successful outcome (the record asked for, the vendor's state it claims), or undefined when whole. */
	whole(world: World, ctx: Ctx, outcome: Outcome): string | undefined;
	/** The stored text of the records the row may touch, by record, for the corruption check. */
	records(world: World, ctx: Ctx): Record<string, IDataObject>;
	/** Keys of effects that must each appear at most once (records made, trace entries, emitted tasks). */
	effects(world: World, ctx: Ctx, outcome: Outcome): string[];
}

type NodeType = 'n8n-nodes-aicc-eiam.aicc' | 'n8n-nodes-aicc-eiam.eiam';

async function runNode(world: World, parameters: INodeParameters, onError: OnError): Promise<Outcome> {
	const type: NodeType = world.vendor === 'aicc' ? 'n8n-nodes-aicc-eiam.aicc' : 'n8n-nodes-aicc-eiam.eiam';
	const credentialType = world.vendor === 'aicc' ? 'aiccApi' : 'eiamApi';
	const run = await runNodeOnError(world.bench.store, { type, parameters, credentials: { [credentialType]: world.bench.credential } }, onError);
	const errorItem = [...run.items, ...run.errorItems].find((item) => typeof item.json.error === 'string' || item.json.error !== undefined);
	const failed = run.error !== undefined || errorItem !== undefined;
	return {
		failed,
		message: run.error?.message ?? (errorItem ? String(errorItem.json.error) : undefined),
		// On the error output n8n keeps only `{ error }` in json; the description rides on the item's error.
		description: run.error?.description ?? ((errorItem?.json.description ?? (errorItem as { error?: { description?: string } } | undefined)?.error?.description) as string | undefined),
		items: failed ? [] : run.items.map((item) => item.json),
		node: { onError, error: run.error, main: run.items, errorOutput: run.errorItems },
		seen: { items: run.items, errorItems: run.errorItems, error: run.error && { message: run.error.message, description: run.error.description }, run: run.run },
	};
}

async function caught(work: () => Promise<IDataObject[]>, seen: (items: IDataObject[]) => unknown = (items) => items): Promise<Outcome> {
	try {
		const items = await work();
		return { failed: false, items, seen: seen(items) };
	} catch (error) {
		const { message, description } = error as Error & { description?: string };
		return { failed: true, message, description: description ?? undefined, items: [], seen: { message, description } };
	}
}

const probeParameters = (world: World): INodeParameters =>
	world.vendor === 'eiam'
		? { resource: 'todo', operation: 'get', todoId: world.probe.id, options: NO_RETRIES }
		: { resource: 'task', operation: 'get', taskId: world.probe.id, options: NO_RETRIES };

/** A node row: the next run is a read of the world's probe record through the same credential. */
function nodeRow(
	id: string,
	spec: {
		prepare?: RowRun['prepare'];
		parameters(ctx: Ctx, world: World): INodeParameters;
		isTarget: RowRun['isTarget'];
		whole: RowRun['whole'];
		effects?: RowRun['effects'];
	},
): RowRun {
	const meta = ROWS.find((row) => row.id === id) as RowMeta;
	return {
		meta,
		prepare: spec.prepare ?? (async () => {}),
		isTarget: spec.isTarget,
		run: async (world, ctx, onError) => await runNode(world, spec.parameters(ctx, world), onError),
		next: async (world) => await runNode(world, probeParameters(world), 'stopWorkflow'),
		whole: spec.whole,
		records: meta.vendor === 'eiam' ? todoRecords : taskRecords,
		effects: spec.effects ?? (() => []),
	};
}

// ---- AICC ----------------------------------------------------------------------------------------

function taskRecords(world: World, ctx: Ctx): Record<string, IDataObject> {
	const records: Record<string, IDataObject> = {};
	for (const id of [ctx.id, world.other.id]) {
		const task = world.bench.emulator.aicc.tasks.get(id);
		if (task) records[id] = { title: task.title, description: task.description, ownerId: task.ownerId, status: task.status };
	}
	for (const task of world.bench.emulator.aicc.tasks.values()) {
		if (task.creatorId === ctx.creatorId && task.id !== ctx.id) records[task.id] = { title: task.title, description: task.description, ownerId: task.ownerId, status: task.status };
	}
	return records;
}

const taskOf = (world: World, ctx: Ctx) => world.bench.emulator.aicc.tasks.get(ctx.id);
const path = (seen: SeenRequest) => seen.path.split('?')[0];
const bodyOf = (seen: SeenRequest): IDataObject => {
	try {
		return JSON.parse(seen.body) as IDataObject;
	} catch {
		return {};
	}
};

async function oneTask(world: World, ctx: Ctx): Promise<void> {
	ctx.id = insertTask(world, { creatorId: ctx.creatorId, title: ctx.title, description: ctx.spoilable });
}

const aiccTask = (ctx: Ctx) => ({ resource: 'task', taskId: ctx.id, options: NO_RETRIES });
const changed = (world: World, ctx: Ctx, field: keyof IDataObject) => {
	const task = taskOf(world, ctx) as unknown as IDataObject | undefined;
	return task?.[field] === ctx.intended[field] ? undefined : `the stored ${String(field)} is ${JSON.stringify(task?.[field])}, not ${JSON.stringify(ctx.intended[field])}`;
};

const listIds = (outcome: Outcome) => outcome.items.map((item) => String(item.taskId ?? item.value ?? item.id));

function sameSet(got: string[], expected: string[]): string | undefined {
	const missing = expected.filter((id) => !got.includes(id));
	const extra = [...new Set(got.filter((id) => !expected.includes(id)))];
	if (missing.length === 0 && extra.length === 0) return undefined;
	return `${missing.length} of ${expected.length} tasks missing, ${extra.length} that do not match present`;
}

const duplicates = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);

/**
 * A list's tasks: `count` matching, and (with `leftOut`) two Completed ones that the status filter leaves
 * out. Each title holds the cell's tag, and every list row filters by it: AICC's list takes the Creator
 * ID as the user asking, not as a filter, so the tag is what keeps one cell's list to its own tasks.
 */
async function listTasksOf(world: World, ctx: Ctx, count: number, leftOut: boolean): Promise<void> {
	for (let n = 0; n < count; n++) ctx.expected.push(insertTask(world, { creatorId: ctx.creatorId, title: `${ctx.title} ${ctx.tag} ${n}` }));
	if (leftOut) for (let n = 0; n < 2; n++) insertTask(world, { creatorId: ctx.creatorId, title: `Left out ${ctx.tag} ${n}`, status: 'Completed' });
}

const isListOf = (seen: SeenRequest, ctx: Ctx) => path(seen) === `${TASKS}/list` && bodyOf(seen).title === ctx.tag;

function triggerRow(id: 'aicc.newTask' | 'aicc.reachedStatus'): RowRun {
	const meta = ROWS.find((row) => row.id === id) as RowMeta;
	const parameters = (ctx: Ctx): INodeParameters =>
		id === 'aicc.newTask'
			? { event: 'newTask', creatorId: ctx.creatorId, filters: { title: ctx.tag }, options: { maxRetries: 0 } }
			: { event: 'taskReachedStatus', status: 'Completed', creatorId: ctx.creatorId, filters: { title: ctx.tag }, options: { maxRetries: 0 } };
	const poll = async (world: World, ctx: Ctx): Promise<Outcome> => {
		const credentials = { aiccApi: world.bench.credential };
		return await caught(async () => {
			const { emitted, staticData } = await pollTrigger(world.bench.store, parameters(ctx), credentials, ctx.staticData ?? {});
			// n8n keeps a poll's static data only when the poll succeeds.
			ctx.staticData = staticData;
			const items = (emitted?.[0] ?? []).map((item) => item.json);
			ctx.emitted.push(...items.map((item) => String(item.taskId)));
			return items;
		});
	};
	return {
		meta,
		prepare: async (world, ctx, big) => {
			const count = big ? 120 : 3;
			if (id === 'aicc.newTask') {
				const baseline = await poll(world, ctx);
				if (baseline.failed) throw new Error(`the baseline poll failed: ${baseline.message}`);
				await listTasksOf(world, ctx, count, false);
			} else {
				await listTasksOf(world, ctx, count, true);
				const baseline = await poll(world, ctx);
				if (baseline.failed) throw new Error(`the baseline poll failed: ${baseline.message}`);
				for (const taskId of ctx.expected) (world.bench.emulator.aicc.tasks.get(taskId) as { status: string }).status = 'Completed';
			}
			ctx.emitted = [];
		},
		isTarget: isListOf,
		run: poll,
		next: poll,
		// Late is allowed: what the faulted poll and the next one emitted together.
		whole: (_world, ctx) => sameSet(ctx.emitted, ctx.expected),
		records: taskRecords,
		effects: (_world, ctx) => ctx.emitted,
	};
}

const pickerRow: RowRun = {
	meta: ROWS.find((row) => row.id === 'aicc.picker') as RowMeta,
	prepare: async (world, ctx, big) => {
		await listTasksOf(world, ctx, big ? 70 : 3, false);
	},
	isTarget: isListOf,
	run: async (world, ctx) => await searchAll(world, ctx),
	next: async (world, ctx) => await searchAll(world, ctx),
	whole: (_world, ctx, outcome) => sameSet(listIds(outcome), ctx.expected),
	records: taskRecords,
	effects: (_world, _ctx, outcome) => listIds(outcome),
};

/** The picker scrolled to its end, as the editor asks page after page. */
async function searchAll(world: World, ctx: Ctx): Promise<Outcome> {
	const node = { type: 'n8n-nodes-aicc-eiam.aicc' as const, parameters: { resource: 'task', operation: 'transfer', creatorId: ctx.creatorId }, credentials: { aiccApi: world.bench.credential } };
	return await caught(async () => {
		const results: IDataObject[] = [];
		let token: string | undefined;
		for (let page = 0; page < 10; page++) {
			const answer = await searchList(world.bench.store, node, 'searchTasks', ctx.tag, token);
			results.push(...answer.results.map((result) => ({ value: result.value, name: result.name })));
			token = answer.paginationToken as string | undefined;
			if (!token) break;
		}
		return results;
	});
}

function credentialRow(id: 'aicc.credential' | 'eiam.credential'): RowRun {
	const meta = ROWS.find((row) => row.id === id) as RowMeta;
	const test = async (world: World, ctx: Ctx): Promise<Outcome> => {
		const stored = world.bench.store.get(world.bench.credential.id as string);
		const result = await testCredential(world.bench.store, { id: `test-${ctx.seq}-${world.next()}`, name: 'account', type: stored.type, data: { ...stored.data } });
		return { failed: result.status !== 'OK', message: result.status === 'OK' ? undefined : result.message, items: result.status === 'OK' ? [{ status: 'OK' }] : [], seen: result };
	};
	return {
		meta,
		prepare: async () => {},
		isTarget: (seen) => (id === 'aicc.credential' ? path(seen) === `${TASKS}/list` : path(seen) === `${TODOS}/n8n-credential-test`),
		run: test,
		next: test,
		whole: (_world, _ctx, outcome) => (outcome.failed ? 'the Test failed' : undefined),
		records: () => ({}),
		effects: () => [],
	};
}

// ---- EIAM ----------------------------------------------------------------------------------------

function todoRecords(world: World, ctx: Ctx): Record<string, IDataObject> {
	const records: Record<string, IDataObject> = {};
	for (const todo of world.bench.emulator.eiam.todos.values()) {
		if (todo.id === ctx.id || todo.id === world.other.id || todo.external_id === ctx.externalId) {
			records[todo.id] = { title: todo.title, content: todo.content, deal: todo.deal, external_id: todo.external_id };
		}
	}
	return records;
}

/** Equal as JSON, whatever the order of keys. */
function sameJson(got: unknown, expected: unknown): boolean {
	const sorted = (value: unknown): unknown =>
		Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, entry]) => [key, sorted(entry)])) : value;
	return JSON.stringify(sorted(got)) === JSON.stringify(sorted(expected));
}

const todoOf = (world: World, ctx: Ctx) => world.bench.emulator.eiam.todos.get(ctx.id);
const todosWith = (world: World, externalId: string) => [...world.bench.emulator.eiam.todos.values()].filter((todo) => todo.external_id === externalId);

async function oneTodo(world: World, ctx: Ctx): Promise<void> {
	ctx.id = (await storedTodo(world, ctx.externalId, ctx.title, ctx.spoilable)).id;
}

const todoById = (ctx: Ctx) => ({ resource: 'todo', todoId: { mode: 'id', value: ctx.id }, options: NO_RETRIES });
const readTodo = (world: World, ctx: Ctx, outcome: Outcome) => {
	const json = outcome.items[0] ?? {};
	if (outcome.items.length !== 1) return `${outcome.items.length} items instead of 1`;
	if (json.id !== ctx.id) return `the to-do output is ${JSON.stringify(json.id)}, not ${ctx.id}`;
	if (json.title !== todoOf(world, ctx)?.title) return `the title output is ${JSON.stringify(json.title)}, not ${JSON.stringify(todoOf(world, ctx)?.title)}`;
	return undefined;
};
const storedAs = (world: World, ctx: Ctx, outcome: Outcome, output: IDataObject): string | undefined => {
	const todo = todoOf(world, ctx) as unknown as IDataObject | undefined;
	for (const [field, value] of Object.entries(ctx.intended)) if (todo?.[field] !== value) return `the stored ${field} is ${JSON.stringify(todo?.[field])}, not ${JSON.stringify(value)}`;
	return sameJson(outcome.items, [output]) ? undefined : `the output is ${JSON.stringify(outcome.items)}`;
};

export const ROW_RUNS: Record<string, RowRun> = {
	'aicc.create': nodeRow('aicc.create', {
		parameters: (ctx) => ({ resource: 'task', operation: 'create', title: ctx.title, ownerId: OWNER, creatorId: ctx.creatorId, additionalFields: {}, options: NO_RETRIES }),
		isTarget: (seen) => seen.method === 'POST' && path(seen) === TASKS,
		whole: (world, ctx, outcome) => {
			const made = [...world.bench.emulator.aicc.tasks.values()].filter((task) => task.creatorId === ctx.creatorId);
			return outcome.items.length === 1 && made.length === 1 && outcome.items[0].taskId === made[0].id && made[0].title === ctx.title
				? undefined
				: `output ${JSON.stringify(outcome.items)}, ${made.length} tasks stored`;
		},
		effects: (world, ctx) => [...world.bench.emulator.aicc.tasks.values()].filter((task) => task.creatorId === ctx.creatorId).map(() => 'task made'),
	}),
	'aicc.get': nodeRow('aicc.get', {
		prepare: oneTask,
		parameters: (ctx) => ({ ...aiccTask(ctx), operation: 'get' }),
		isTarget: (seen, ctx) => path(seen) === `${TASKS}/${ctx.id}`,
		whole: (_world, ctx, outcome) => {
			const info = (outcome.items[0]?.taskInfo ?? {}) as IDataObject;
			return outcome.items.length === 1 && info.id === ctx.id && info.title === ctx.title ? undefined : `output ${JSON.stringify(outcome.items).slice(0, 200)}`;
		},
	}),
	'aicc.getAll': nodeRow('aicc.getAll', {
		prepare: async (world, ctx, big) => await listTasksOf(world, ctx, big ? 120 : 3, true),
		parameters: (ctx) => ({ resource: 'task', operation: 'getAll', creatorId: ctx.creatorId, returnAll: true, filters: { status: 'Pending', title: ctx.tag }, options: NO_RETRIES }),
		isTarget: isListOf,
		whole: (_world, ctx, outcome) => sameSet(listIds(outcome), ctx.expected) ?? (duplicates(listIds(outcome)).length ? 'a task output twice' : undefined),
		effects: (_world, _ctx, outcome) => listIds(outcome),
	}),
	'aicc.update': nodeRow('aicc.update', {
		prepare: async (world, ctx) => {
			await oneTask(world, ctx);
			ctx.intended = { title: `改过 ${ctx.seq}` };
		},
		parameters: (ctx) => ({ ...aiccTask(ctx), operation: 'update', updateFields: { title: ctx.intended.title as string } }),
		isTarget: (seen) => path(seen) === `${TASKS}/modify`,
		whole: (world, ctx) => changed(world, ctx, 'title'),
	}),
	'aicc.updateStatus': nodeRow('aicc.updateStatus', {
		prepare: async (world, ctx) => {
			await oneTask(world, ctx);
			ctx.intended = { status: 'Completed' };
		},
		parameters: (ctx) => ({ ...aiccTask(ctx), operation: 'updateStatus', status: 'Completed', creatorId: ctx.creatorId }),
		isTarget: (seen) => path(seen) === `${TASKS}/status/update`,
		whole: (world, ctx) => changed(world, ctx, 'status'),
	}),
	'aicc.transfer': nodeRow('aicc.transfer', {
		prepare: async (world, ctx) => {
			await oneTask(world, ctx);
			ctx.intended = { ownerId: OTHER_OWNER };
		},
		parameters: (ctx) => ({ ...aiccTask(ctx), operation: 'transfer', ownerId: OTHER_OWNER, creatorId: ctx.creatorId }),
		isTarget: (seen) => path(seen) === `${TASKS}/transfer`,
		whole: (world, ctx) => changed(world, ctx, 'ownerId'),
	}),
	'aicc.process': nodeRow('aicc.process', {
		prepare: oneTask,
		parameters: (ctx) => ({ ...aiccTask(ctx), operation: 'process', creatorId: ctx.creatorId, title: `回访 ${ctx.seq}`, description: '已回电', additionalFields: {} }),
		isTarget: (seen) => path(seen) === `${TASKS}/process`,
		whole: (world, ctx) => {
			const steps = taskOf(world, ctx)?.trace.filter((entry) => entry.action === 'process') ?? [];
			return steps.length === 1 ? undefined : `${steps.length} process steps stored`;
		},
		effects: (world, ctx) => (taskOf(world, ctx)?.trace ?? []).filter((entry) => entry.action === 'process').map(() => 'process step'),
	}),
	'aicc.newTask': triggerRow('aicc.newTask'),
	'aicc.reachedStatus': triggerRow('aicc.reachedStatus'),
	'aicc.picker': pickerRow,
	'aicc.credential': credentialRow('aicc.credential'),

	'eiam.create': nodeRow('eiam.create', {
		prepare: async (_world, ctx) => {
			ctx.intended = { title: ctx.title, content: ctx.spoilable };
		},
		parameters: (ctx) => todoCreate(ctx.externalId, NO_RETRIES, { title: ctx.title, content: ctx.spoilable }),
		isTarget: (seen) => seen.method === 'POST' && path(seen) === TODOS,
		whole: (world, ctx, outcome) => {
			const made = todosWith(world, ctx.externalId);
			return outcome.items.length === 1 && made.length === 1 && outcome.items[0].todoId === made[0].id && made[0].title === ctx.title
				? undefined
				: `output ${JSON.stringify(outcome.items)}, ${made.length} to-dos stored`;
		},
		effects: (world, ctx) => todosWith(world, ctx.externalId).map(() => 'to-do made'),
	}),
	// The to-do whose links are the execution's signed approval page; the run then waits, passing its input on.
	'eiam.sendAndWait': nodeRow('eiam.sendAndWait', {
		prepare: async (_world, ctx) => {
			ctx.intended = { title: ctx.title, content: ctx.spoilable };
		},
		parameters: (ctx) => {
			const { webUrl: _web, mobileUrl: _mobile, ...create } = todoCreate(ctx.externalId, NO_RETRIES, { title: ctx.title, content: ctx.spoilable });
			return { ...create, operation: 'sendAndWait', approvalOptions: { limitWaitTime: { limit: { limitType: 'afterTimeInterval', amount: 2, unit: 'hours' } } } };
		},
		isTarget: (seen) => seen.method === 'POST' && path(seen) === TODOS,
		whole: (world, ctx, outcome) => {
			const made = todosWith(world, ctx.externalId);
			const linked = made.length === 1 && made[0].title === ctx.title && made[0].detail_url.web_url.includes('/webhook-waiting/');
			return outcome.items.length === 1 && linked ? undefined : `output ${JSON.stringify(outcome.items)}, ${made.length} to-dos stored: ${JSON.stringify(made)}`;
		},
		effects: (world, ctx) => todosWith(world, ctx.externalId).map(() => 'to-do made'),
	}),
	'eiam.createOrUpdate': nodeRow('eiam.createOrUpdate', {
		prepare: async (world, ctx) => {
			await oneTodo(world, ctx);
			ctx.intended = { title: `${ctx.title} 改` };
		},
		parameters: (ctx) => ({ ...todoCreate(ctx.externalId, NO_RETRIES, { title: ctx.intended.title as string, content: ctx.spoilable }), operation: 'createOrUpdate' }),
		isTarget: (seen, ctx) => seen.method === 'GET' && path(seen) === `${TODOS}/sources/${ctx.externalId}`,
		whole: (world, ctx, outcome) => storedAs(world, ctx, outcome, { todoId: ctx.id, action: 'updated' }),
		effects: (world, ctx) => todosWith(world, ctx.externalId).map(() => 'to-do made'),
	}),
	'eiam.get': nodeRow('eiam.get', {
		prepare: oneTodo,
		parameters: (ctx) => ({ ...todoById(ctx), operation: 'get' }),
		isTarget: (seen, ctx) => seen.method === 'GET' && path(seen) === `${TODOS}/${ctx.id}`,
		whole: readTodo,
	}),
	'eiam.getByExternalId': nodeRow('eiam.getByExternalId', {
		prepare: oneTodo,
		parameters: (ctx) => ({ resource: 'todo', operation: 'getByExternalId', externalId: ctx.externalId, options: NO_RETRIES }),
		isTarget: (seen, ctx) => seen.method === 'GET' && path(seen) === `${TODOS}/sources/${ctx.externalId}`,
		whole: readTodo,
	}),
	'eiam.updateAll': nodeRow('eiam.updateAll', {
		prepare: async (world, ctx) => {
			await oneTodo(world, ctx);
			ctx.intended = { title: `${ctx.title} 全改` };
		},
		parameters: (ctx) => ({ ...todoCreate(ctx.externalId, NO_RETRIES, { title: ctx.intended.title as string, content: ctx.spoilable }), operation: 'update', updateMode: 'allFields', todoId: { mode: 'id', value: ctx.id } }),
		isTarget: (seen, ctx) => seen.method === 'PUT' && path(seen) === `${TODOS}/${ctx.id}`,
		whole: (world, ctx, outcome) => storedAs(world, ctx, outcome, { todoId: ctx.id, updated: true }),
	}),
	'eiam.updateChanged': nodeRow('eiam.updateChanged', {
		prepare: async (world, ctx) => {
			await oneTodo(world, ctx);
			ctx.intended = { content: `新内容 ${ctx.seq}` };
		},
		parameters: (ctx) => ({ ...todoById(ctx), operation: 'update', updateMode: 'changedFields', updateFields: { content: ctx.intended.content as string } }),
		isTarget: (seen, ctx) => seen.method === 'GET' && path(seen) === `${TODOS}/${ctx.id}`,
		whole: (world, ctx, outcome) => storedAs(world, ctx, outcome, { todoId: ctx.id, updated: true }),
	}),
	'eiam.delete': nodeRow('eiam.delete', {
		prepare: oneTodo,
		parameters: (ctx) => ({ ...todoById(ctx), operation: 'delete' }),
		isTarget: (seen, ctx) => seen.method === 'DELETE' && path(seen) === `${TODOS}/${ctx.id}`,
		whole: (world, ctx, outcome) =>
			todoOf(world, ctx) ? 'the to-do is still stored' : sameJson(outcome.items, [{ todoId: ctx.id, deleted: true }]) ? undefined : `output ${JSON.stringify(outcome.items)}`,
	}),
	'eiam.markAsDone': nodeRow('eiam.markAsDone', {
		prepare: async (world, ctx) => {
			await oneTodo(world, ctx);
			ctx.intended = { deal: true };
		},
		parameters: (ctx) => ({ ...todoById(ctx), operation: 'markAsDone' }),
		isTarget: (seen, ctx) => seen.method === 'PUT' && path(seen) === `${TODOS}/${ctx.id}/todoStatus`,
		whole: (world, ctx) => (todoOf(world, ctx)?.deal === true ? undefined : 'the to-do is not stored as done'),
	}),
	'eiam.credential': credentialRow('eiam.credential'),
};

/** A cell's names: unique IDs, and Chinese titles so that charsets matter. */
export function newCtx(world: World, fault: FaultMeta): Ctx {
	const seq = world.next();
	return {
		seq,
		id: '',
		externalId: `mx-${fault.id}-${seq}`,
		creatorId: `mxCreator${String(seq).padStart(11, '0')}`,
		title: `审批合同 ${seq}`,
		tag: `T${seq}x`,
		spoilable: `请回电客户 ${seq}`,
		intended: {},
		expected: [],
		emitted: [],
	};
}
