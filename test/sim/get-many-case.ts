/**
 * AICC Get Many against a generated AICC: a few hundred tasks (so that lists take several pages),
 * generated filters, Return All or a Limit, a list that lies now and then (see aicc-world.ts) and
 * requests that fail. The invariant: **the item's output is exactly the matching set** (Return All), or
 * as many distinct matching tasks as the Limit asks (fewer only when fewer match), **or the item fails
 * loudly**. "Matching" is AICC's own rule on the task as it stands: status, owner and priority equal,
 * the stamp (`createdDate`) at or after Created After and at or before Created Before, compared as AICC
 * compares them (text in its zone, which is also the workflow's here; bounds fall on even seconds,
 * stamps on odd ones, so no bound is ever met exactly).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CredentialStore, runNode } from '../support/harness';
import { AiccWorld, CREATORS, OWNERS, PRIORITIES, STATUSES, taskSpecArbitrary, type Lie } from './aicc-world';
import { START } from './clock';
import { GET_MANY_LIES } from './known';
import { type SimVendor, TENANT_CLIENTS } from './vendor';
import type { FaultKind } from '../emulator/faults';

const FAULT_KINDS: FaultKind[] = ['429', '500', '502', '503', 'reset', 'html', 'truncated-json', 'aicc-rescode', 'token-expired'];

export const caseArbitrary = fc.record({
	seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
	zone: fc.constantFrom('UTC', 'Asia/Shanghai'),
	newestFirst: fc.boolean(),
	tasks: fc.array(fc.tuple(taskSpecArbitrary(['ahead', 'behind', 'backdated']), fc.constantFrom(...STATUSES)), { maxLength: 230 }),
	filters: fc.record(
		{
			status: fc.constantFrom(...STATUSES),
			owner: fc.constantFrom(0, 1),
			priority: fc.constantFrom(0, 1),
			// Hours from the first task's creation; the tasks are created 5 minutes apart.
			after: fc.integer({ min: -30, max: 30 }),
			before: fc.integer({ min: -30, max: 30 }),
		},
		{ requiredKeys: [] },
	),
	returnAll: fc.boolean(),
	limit: fc.integer({ min: 1, max: 250 }),
	faultRate: fc.constantFrom(0, 0.05, 0.2),
	kinds: fc.subarray(FAULT_KINDS, { minLength: 1 }),
	lieRate: fc.constantFrom(0, 0.2, 0.5),
	lies: fc.subarray([...GET_MANY_LIES]),
	maxRetries: fc.constantFrom(0, 1, 3),
	maxRetryWait: fc.constantFrom(0, 0, 300),
});

/** An even second, `hours` from START, as AICC writes its stamps in `zone`. */
function boundAt(hours: number, zone: string): string {
	const ms = START.getTime() + hours * 3_600_000;
	return new Date(Math.floor(ms / 2000) * 2000).toLocaleString('sv-SE', { timeZone: zone }).replace('T', ' ');
}

export type GetManyCase = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** One case: the tasks made, Get Many run once, its output checked against the matching set. */
export async function runGetManyCase(vendor: SimVendor, spec: GetManyCase): Promise<void> {
		jest.setSystemTime(START);
		vendor.reset({ seed: spec.seed, rate: spec.faultRate, tokenRate: spec.faultRate, kinds: spec.kinds }, [spec.zone, spec.zone]);
		const story: string[] = [];
		const world = new AiccWorld(vendor.tenants, spec.seed, [spec.zone, spec.zone], [0, 0], spec.lieRate, spec.lies as Lie[], [spec.newestFirst, spec.newestFirst]);
		world.onLie = (text) => story.push(text);
		for (const [taskSpec, status] of spec.tasks) {
			jest.setSystemTime(Date.now() + 5 * 60_000);
			const task = world.create(0, taskSpec);
			if (status !== 'Pending') world.setStatus(task, status);
		}
		const { status, owner, priority, after, before } = spec.filters;
		const filters: IDataObject = {
			...(status === undefined ? {} : { status }),
			...(owner === undefined ? {} : { ownerId: OWNERS[owner] }),
			...(priority === undefined ? {} : { priority: PRIORITIES[priority] }),
			...(after === undefined ? {} : { createdAfter: boundAt(after, spec.zone) }),
			...(before === undefined ? {} : { createdBefore: boundAt(before, spec.zone) }),
		};
		const matching = new Set(
			world.tasks
				.filter(
					(task) =>
						(filters.status === undefined || world.statusOf(task) === filters.status) &&
						(filters.ownerId === undefined || task.ownerId === filters.ownerId) &&
						(filters.priority === undefined || task.priority === filters.priority) &&
						(filters.createdAfter === undefined || task.createdDate >= String(filters.createdAfter)) &&
						(filters.createdBefore === undefined || task.createdDate <= String(filters.createdBefore)),
				)
				.map((task) => task.id),
		);
		const store = new CredentialStore();
		const credential = store.add({ id: 'cred-aicc', name: 'AICC', type: 'aiccApi', data: { domain: `${vendor.tenants[0].url}/`, authentication: 'clientCredentials', ...TENANT_CLIENTS[0].aicc } });
		const parameters = {
			resource: 'task',
			operation: 'getAll',
			creatorId: CREATORS[0],
			returnAll: spec.returnAll,
			limit: spec.limit,
			filters,
			options: { maxRetries: spec.maxRetries, maxRetryWait: spec.maxRetryWait, timeout: 10_000 },
		} as INodeParameters;
		const { items, error } = await runNode(store, { type: 'n8n-nodes-aicc-eiam.aicc', parameters, credentials: { aiccApi: credential } }, [{}], spec.zone);
		const context = () => `\nfilters ${JSON.stringify(filters)}, ${matching.size} match, ${spec.returnAll ? 'Return All' : `Limit ${spec.limit}`}\n${story.join('\n')}\nfaults: ${vendor.tenants[0].injected.join('; ')}`;
		if (error) {
			if (!error.message) throw new Error(`Get Many failed without saying why${context()}`);
			return;
		}
		const ids = items.map((item) => String(item.json.taskId));
		const distinct = new Set(ids);
		if (distinct.size !== ids.length) throw new Error(`Get Many output a task twice (${ids.length} items, ${distinct.size} tasks)${context()}`);
		const strangers = ids.filter((id) => !matching.has(id));
		if (strangers.length > 0) throw new Error(`Get Many output ${strangers.length} task(s) that do not match: ${strangers.slice(0, 5).join(', ')}${context()}`);
		const wanted = spec.returnAll ? matching.size : Math.min(spec.limit, matching.size);
		if (ids.length !== wanted) throw new Error(`Get Many output ${ids.length} tasks as a success where ${wanted} were due${context()}`);
}
