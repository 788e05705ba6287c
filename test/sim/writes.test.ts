/**
 * EIAM Create, Create or Update and Update (All Fields, Only Fields That Change) and AICC Create and
 * Update, against a vendor that loses answers after acting (5xx, resets, cut JSON), throttles (429),
 * expires tokens and refuses; with several items in flight (Items per Batch) and two executions at once,
 * the order in which their requests reach the vendor decided by fc.scheduler.
 *
 * The invariant: **the vendor's state afterwards is exactly what the items asked for.** Each item ends
 * as one of (with Continue On Fail, so that every item says how it ended):
 * - succeeded: what it asked for was applied, to its own record (the output names that record);
 * - possibly applied: failed with an error that says the vendor may have acted ("may have", "probably",
 *   "may exist") or, for an update, which is safe to repeat, that says so (docs/options.md#retries: reads,
 *   updates and deletes are repeated, and one that gave up may have landed: IDEMPOTENT_WRITE_MAY_HAVE_LANDED);
 * - failed: not applied.
 * Per record (an EIAM External ID, an AICC task; a create's AICC task is known by its item's title):
 * with a succeeded item, the record holds the fields of a succeeded or possibly applied item (when
 * several ran at once, any one of them may be last); with only possibly applied items, theirs or what
 * it held before; with none, what it held before. No to-do or task is doubled; records no item named
 * are untouched. Only Fields That Change reads then writes, not atomically (docs/operations.md#simplify-update-and-create-or-update): its items get
 * records of their own, as a concurrent writer would make the documented lost update
 * (ONLY_FIELDS_THAT_CHANGE_RACE) indistinguishable from a bug.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TASK_PREFIX, type TaskRecord } from '../emulator/aicc';
import type { FaultKind } from '../emulator/faults';
import type { ParsedRequest } from '../emulator/http';
import { CredentialStore, runNode, type NodeRun } from '../support/harness';
import { CREATORS, OWNERS } from './aicc-world';
import { START } from './clock';
import { parametersOf, timeoutOf } from './config';
import { TENANT_CLIENTS, useSimulatedVendor, type Tenant } from './vendor';

const sim = useSimulatedVendor();

const POSSIBLY_APPLIED = /may have|probably|may exist|safe to repeat/i;
const FAULT_KINDS: FaultKind[] = ['429', '500', '502', '503', 'reset', 'html', 'truncated-json', 'token-expired', 'aicc-rescode'];
/** Records 0–4 are shared by Create, Create or Update and Update; 5–9 belong to Only Fields That Change, one item each. */
const SHARED_KEYS = 5;

type Operation = 'eiamCreate' | 'eiamUpsert' | 'eiamUpdate' | 'eiamPatch' | 'aiccCreate' | 'aiccUpdate';
interface Item {
	key: number;
	variant: number;
}
interface Execution {
	operation: Operation;
	items: Item[];
	batchSize: number;
	continueOnFail: boolean;
}

const itemArbitrary = fc.record({ key: fc.nat({ max: SHARED_KEYS - 1 }), variant: fc.nat({ max: 2 }) });
const executionArbitrary = (vendorName: 'eiam' | 'aicc'): fc.Arbitrary<Execution> =>
	fc.record({
		operation: vendorName === 'eiam' ? fc.constantFrom<Operation>('eiamCreate', 'eiamUpsert', 'eiamUpdate', 'eiamPatch') : fc.constantFrom<Operation>('aiccCreate', 'aiccUpdate'),
		items: fc.array(itemArbitrary, { minLength: 1, maxLength: 6 }),
		batchSize: fc.constantFrom(1, 3, 10),
		continueOnFail: fc.constantFrom(true, true, true, false),
	});

const caseArbitrary = fc.constantFrom<'eiam' | 'aicc'>('eiam', 'aicc').chain((vendorName) =>
	fc.record({
		vendor: fc.constant(vendorName),
		seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
		faultRate: fc.constantFrom(0, 0.1, 0.3),
		tokenFaultRate: fc.constantFrom(0, 0.2),
		kinds: fc.subarray(FAULT_KINDS, { minLength: 1 }),
		maxRetries: fc.constantFrom(0, 1, 3),
		// Retry-After 0 retries cost nothing; a back-off waits real time (125–250 ms), so one case in sixteen allows one.
		maxRetryWait: fc.oneof({ weight: 15, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(300) }),
		existing: fc.subarray([0, 1, 2, 3, 4]),
		executions: fc.array(executionArbitrary(vendorName), { minLength: 1, maxLength: 2 }),
	}),
);
type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

const EIAM_TODOS = '/api/v2/tenant/todo/task';

/** The to-do fields an item asks for (the user is set on create only). */
function todoFields(key: number, variant: number): IDataObject {
	return {
		title: `To-do ${key} v${variant}`,
		content: `Content ${key} v${variant}`,
		message_type: variant === 2 ? 'MARKDOWN' : 'TEXT',
		ending_at: `2026-12-0${5 + variant} 18:00:00`,
		external_id: `ext-${key}`,
		detail_url: { web_url: `https://crm.example.com/t/${key}?v=${variant}`, mobile_url: `https://m.crm.example.com/t/${key}` },
	};
}
const todoOf = (stored: IDataObject) => ({ ...Object.fromEntries(['title', 'content', 'message_type', 'ending_at', 'external_id'].map((field) => [field, stored[field]])), detail_url: stored.detail_url });

function direct(tenant: Tenant, method: string, path: string, body: unknown, vendorName: 'eiam' | 'aicc'): IDataObject {
	const headers =
		vendorName === 'eiam'
			? { authorization: `Bearer ${tenant.tokens.issue('eiam').token}`, 'content-type': 'application/json' }
			: { 'access-token': tenant.tokens.issue('aicc').token, 'content-type': 'application/json' };
	const request: ParsedRequest = { method, path, query: new URLSearchParams(), headers, rawBody: JSON.stringify(body) };
	return (vendorName === 'eiam' ? tenant.eiam : tenant.aicc).handle(request).body as IDataObject;
}

const options = (spec: Case, execution: Execution) => ({ batching: { batch: { batchSize: execution.batchSize } }, maxRetries: spec.maxRetries, maxRetryWait: spec.maxRetryWait, timeout: 10_000 });

function parametersOfExecution(spec: Case, execution: Execution): INodeParameters {
	const todo = {
		title: '={{ $json.title }}',
		content: '={{ $json.content }}',
		messageType: '={{ $json.messageType }}',
		deadline: '={{ $json.deadline }}',
		externalId: '={{ $json.externalId }}',
		webUrl: '={{ $json.webUrl }}',
		mobileUrl: '={{ $json.mobileUrl }}',
	};
	switch (execution.operation) {
		case 'eiamCreate':
			return { resource: 'todo', operation: 'create', userName: 'zhangsan', ...todo, options: options(spec, execution) };
		case 'eiamUpsert':
			return { resource: 'todo', operation: 'createOrUpdate', userName: 'zhangsan', ...todo, options: options(spec, execution) };
		case 'eiamUpdate':
			return { resource: 'todo', operation: 'update', todoId: '={{ $json.todoId }}', updateMode: 'allFields', ...todo, options: options(spec, execution) };
		case 'eiamPatch':
			return { resource: 'todo', operation: 'update', todoId: '={{ $json.todoId }}', updateMode: 'changedFields', updateFields: { title: '={{ $json.title }}' }, options: options(spec, execution) };
		case 'aiccCreate':
			return { resource: 'task', operation: 'create', title: '={{ $json.title }}', ownerId: OWNERS[0], creatorId: CREATORS[0], additionalFields: {}, options: options(spec, execution) };
		case 'aiccUpdate':
			return { resource: 'task', operation: 'update', taskId: '={{ $json.taskId }}', updateFields: { title: '={{ $json.title }}', priority: '={{ $json.priority }}' }, options: options(spec, execution) };
	}
}

/** What an item of an execution targets and asks for. */
interface Intent {
	execution: number;
	index: number;
	/** The record: "ext-3" for a to-do, the task ID for an AICC update, the title for an AICC create. */
	record: string;
	fields: IDataObject;
	input: IDataObject;
}

type Outcome = 'succeeded' | 'possibly' | 'failed';

test(
	'writes: the vendor holds exactly what the items asked for, under lost answers, throttling and concurrency',
	async () => {
		await fc.assert(
			fc.asyncProperty(caseArbitrary, fc.scheduler(), async (spec, scheduler) => {
				jest.setSystemTime(START);
				sim.vendor.reset({ seed: spec.seed, rate: spec.faultRate, tokenRate: spec.tokenFaultRate, kinds: spec.kinds });
				const tenant = sim.vendor.tenants[0];
				// What the vendor holds before: to-dos 0–4 as chosen, 5–9 always (Only Fields That Change's), AICC tasks 0–4.
				const todoIds = new Map<number, string>();
				const taskIds: string[] = [];
				if (spec.vendor === 'eiam') {
					for (const key of [...spec.existing, 5, 6, 7, 8, 9]) {
						const answer = direct(tenant, 'POST', EIAM_TODOS, { ...todoFields(key, 0), user_name: 'lisi' }, 'eiam');
						todoIds.set(key, String(answer.todo_id));
					}
				} else {
					for (let key = 0; key < SHARED_KEYS; key++) {
						const answer = direct(tenant, 'POST', TASK_PREFIX, { taskInfo: { title: `Task ${key} v0`, ownerId: OWNERS[0], creatorId: CREATORS[0], priority: 'Low' } }, 'aicc');
						taskIds.push(String((answer.result as IDataObject).taskId));
					}
				}
				const before = spec.vendor === 'eiam' ? new Map([...tenant.eiam.todos].map(([id, todo]) => [id, JSON.stringify(todoOf(todo as unknown as IDataObject))])) : new Map([...tenant.aicc.tasks].map(([id, task]) => [id, JSON.stringify({ title: task.title, priority: task.priority })]));

				let patchKey = 5;
				const intents: Intent[][] = spec.executions.map((execution, executionIndex) =>
					execution.items.map((item, index) => {
						switch (execution.operation) {
							case 'eiamCreate':
							case 'eiamUpsert':
							case 'eiamUpdate': {
								const fields = todoFields(item.key, item.variant);
								const input = {
									title: fields.title,
									content: fields.content,
									messageType: fields.message_type,
									deadline: fields.ending_at,
									externalId: fields.external_id,
									webUrl: (fields.detail_url as IDataObject).web_url,
									mobileUrl: (fields.detail_url as IDataObject).mobile_url,
									todoId: todoIds.get(item.key) ?? `20261201080000000-NONE-00000000${item.key}`,
								};
								return { execution: executionIndex, index, record: `ext-${item.key}`, fields, input };
							}
							case 'eiamPatch': {
								const key = patchKey++;
								if (key > 9) return { execution: executionIndex, index, record: '', fields: {}, input: { todoId: 'unused' } };
								const fields = { ...todoFields(key, 0), title: `To-do ${key} patched ${item.variant}` };
								return { execution: executionIndex, index, record: `ext-${key}`, fields, input: { todoId: todoIds.get(key), title: fields.title } };
							}
							case 'aiccCreate': {
								const title = `Created ${executionIndex}-${index}`;
								return { execution: executionIndex, index, record: title, fields: { title, priority: undefined }, input: { title } };
							}
							case 'aiccUpdate': {
								const fields = { title: `Task ${item.key} v${item.variant + 1}`, priority: item.variant === 0 ? 'High' : 'Critical' };
								return { execution: executionIndex, index, record: taskIds[item.key], fields, input: { taskId: taskIds[item.key], ...fields } };
							}
						}
					}),
				);
				// Only Fields That Change has five records of its own; items beyond them are left out.
				spec.executions.forEach((execution, executionIndex) => {
					if (execution.operation === 'eiamPatch') {
						intents[executionIndex] = intents[executionIndex].filter((intent) => intent.record !== '');
						execution.items = execution.items.slice(0, intents[executionIndex].length);
					}
				});

				sim.vendor.gate = async (label) => {
					await scheduler.schedule(Promise.resolve(label), label);
				};
				const store = new CredentialStore();
				const credentialType = spec.vendor === 'eiam' ? 'eiamApi' : 'aiccApi';
				const credential = store.add({ id: 'cred', name: 'vendor', type: credentialType, data: { domain: `${tenant.url}/`, authentication: 'clientCredentials', ...TENANT_CLIENTS[0][spec.vendor] } });
				const runs = Promise.all(
					spec.executions.map((execution, executionIndex) =>
						intents[executionIndex].length === 0
							? Promise.resolve(undefined)
							: runNode(
									store,
									{ type: spec.vendor === 'eiam' ? 'n8n-nodes-aicc-eiam.eiam' : 'n8n-nodes-aicc-eiam.aicc', parameters: parametersOfExecution(spec, execution), credentials: { [credentialType]: credential }, continueOnFail: execution.continueOnFail },
									intents[executionIndex].map((intent) => intent.input),
									'UTC',
								),
					),
				);
				const results = (await scheduler.waitFor(runs)) as Array<NodeRun | undefined>;
				sim.vendor.gate = undefined;

				// How each item ended.
				const outcomes = new Map<Intent, { outcome: Outcome; json?: IDataObject }>();
				results.forEach((result, executionIndex) => {
					for (const intent of intents[executionIndex]) {
						if (!result) continue;
						if (result.error) {
							// Without Continue On Fail the run stops at a failing batch: any item may have been sent.
							outcomes.set(intent, { outcome: 'possibly' });
							continue;
						}
						const json = result.items[intent.index]?.json ?? {};
						if (json.error !== undefined) outcomes.set(intent, { outcome: POSSIBLY_APPLIED.test(`${String(json.error)} ${String(json.description ?? '')}`) ? 'possibly' : 'failed', json });
						else outcomes.set(intent, { outcome: 'succeeded', json });
					}
				});
				const story = () =>
					`\n${[...outcomes].map(([intent, { outcome, json }]) => `execution ${intent.execution} item ${intent.index} → ${intent.record}: ${outcome} ${JSON.stringify(json ?? {}).slice(0, 300)}`).join('\n')}\nfaults: ${tenant.injected.join('; ')}`;

				const all = [...outcomes.keys()];
				if (spec.vendor === 'eiam') {
					const byExternal = new Map([...tenant.eiam.todos.values()].map((todo) => [todo.external_id, todo]));
					if (byExternal.size !== tenant.eiam.todos.size) throw new Error(`EIAM holds two to-dos with one External ID${story()}`);
					for (const todo of tenant.eiam.todos.values()) {
						const record = todo.external_id;
						const mine = all.filter((intent) => intent.record === record);
						const held = JSON.stringify(todoOf(todo as unknown as IDataObject));
						const allowed = new Set(mine.filter((intent) => outcomes.get(intent)?.outcome !== 'failed').map((intent) => JSON.stringify(todoOf(intent.fields))));
						const succeeded = mine.some((intent) => outcomes.get(intent)?.outcome === 'succeeded');
						if (!succeeded && before.has(todo.id)) allowed.add(before.get(todo.id) as string);
						if (!allowed.has(held)) throw new Error(`to-do ${record} holds ${held}, which no item that succeeded or may have applied asked for (before: ${before.get(todo.id) ?? 'none'})${story()}`);
						for (const intent of mine) {
							const { outcome, json } = outcomes.get(intent) ?? {};
							if (outcome === 'succeeded' && json?.todoId !== undefined && json.todoId !== todo.id) throw new Error(`item ${intent.execution}/${intent.index} names to-do ${String(json.todoId)}, but ${record} is ${todo.id}${story()}`);
						}
					}
					for (const intent of all) {
						if (outcomes.get(intent)?.outcome === 'succeeded' && !byExternal.has(intent.record)) throw new Error(`item ${intent.execution}/${intent.index} succeeded, but EIAM holds no ${intent.record}${story()}`);
					}
				} else {
					const tasks = [...tenant.aicc.tasks.values()];
					for (const intent of all.filter((candidate) => candidate.record.startsWith('Created '))) {
						const made = tasks.filter((task) => task.title === intent.record);
						const { outcome, json } = outcomes.get(intent) ?? {};
						if (made.length > 1) throw new Error(`${made.length} tasks titled "${intent.record}": a create was doubled${story()}`);
						if (outcome === 'succeeded' && (made.length !== 1 || json?.taskId !== made[0].id)) throw new Error(`item ${intent.execution}/${intent.index} succeeded as ${String(json?.taskId)}, AICC holds ${made.map((task) => task.id).join(', ') || 'none'}${story()}`);
						if (outcome === 'failed' && made.length > 0) throw new Error(`item ${intent.execution}/${intent.index} failed without saying it may have acted, yet AICC created it: ${String(json?.error)}${story()}`);
					}
					for (const task of tasks as TaskRecord[]) {
						if (task.title.startsWith('Created ')) continue;
						const mine = all.filter((intent) => intent.record === task.id);
						const held = JSON.stringify({ title: task.title, priority: task.priority });
						const allowed = new Set(mine.filter((intent) => outcomes.get(intent)?.outcome !== 'failed').map((intent) => JSON.stringify(intent.fields)));
						if (!mine.some((intent) => outcomes.get(intent)?.outcome === 'succeeded')) allowed.add(before.get(task.id) as string);
						if (!allowed.has(held)) throw new Error(`task ${task.id} holds ${held}, which no item that succeeded or may have applied asked for (before: ${before.get(task.id)})${story()}`);
					}
				}
			}),
			parametersOf('writes', 'test/sim/writes.test.ts'),
		);
	},
	timeoutOf('writes'),
);
