/**
 * AICC as the simulation sees it: tasks with a true moment of creation (the simulated clock) and the
 * stamp AICC wrote (`createdDate`, which may be skewed, out of order or an outlier), a status history,
 * and a task list that lies in the ways a node can notice: pages that shift or reorder between calls, a
 * short or empty page, a count that drifts, a limit or a filter ignored (the rows then carry their real
 * status, owner, priority and stamp). What the vendor does is a function of the case's seed.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import type { TaskRecord } from '../emulator/aicc';
import { chanceOf, hashOf } from './config';
import type { Tenant } from './vendor';

export const OWNERS = ['10gg00000148QvgpaLAm', '10gg00000148QvgpaLBn'] as const;
export const CREATORS = ['10gg00000148QvgpaLAm', '10gg0000014CreatorZz'] as const;
export const PRIORITIES = ['High', 'Low'] as const;
export const STATUSES = ['Completed', 'Pending', 'Processing'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * How a task's stamp relates to AICC's clock when it was created:
 * - ordinary: within 10 minutes either way (stamps a little out of order);
 * - ahead: 1 to 3 days in the future (an outlier);
 * - behind: 1 to 3 days in the past (an outlier);
 * - backdated: 2 to 6 hours in the past (written far out of order).
 */
export type StampKind = 'ordinary' | 'ahead' | 'behind' | 'backdated';

export interface TaskSpec {
	owner: 0 | 1;
	priority: 0 | 1;
	stamp: StampKind;
	/** Seconds, scaled to the kind's range. */
	offset: number;
}

export const taskSpecArbitrary = (kinds: StampKind[]): fc.Arbitrary<TaskSpec> =>
	fc.record({
		owner: fc.constantFrom(0 as const, 1 as const),
		priority: fc.constantFrom(0 as const, 1 as const),
		stamp: fc.oneof({ weight: 4, arbitrary: fc.constant('ordinary' as StampKind) }, { weight: 1, arbitrary: fc.constantFrom(...kinds) }),
		offset: fc.double({ min: -1, max: 1, noNaN: true }),
	});

/** The stamp's offset from AICC's clock, in seconds. */
function stampOffsetSeconds(spec: TaskSpec): number {
	const unit = Math.abs(spec.offset);
	switch (spec.stamp) {
		case 'ordinary':
			return Math.round(spec.offset * 600);
		case 'ahead':
			return Math.round(86_400 * (1 + 2 * unit));
		case 'behind':
			return -Math.round(86_400 * (1 + 2 * unit));
		case 'backdated':
			return -Math.round(3_600 * (2 + 4 * unit));
	}
}

export interface SimTask {
	id: string;
	tenant: 0 | 1;
	/** When it was created, on the simulation's sequence of events. */
	createdSeq: number;
	stampKind: StampKind;
	ownerId: string;
	priority: string;
	createdDate: string;
	/** Every status it took, with when; the first is Pending at creation. */
	statuses: Array<{ status: Status; seq: number }>;
}

/** AICC's stamp format in a zone, from an instant in ms; seconds forced odd so that no bound of an even second equals a stamp. */
export function stampAt(ms: number, zone: string): string {
	const seconds = Math.floor(ms / 2000) * 2 + 1;
	return DateTime.fromMillis(seconds * 1000).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** The tasks of both tenants, and the sequence of events the checks measure time by. */
export class AiccWorld {
	readonly tasks: SimTask[] = [];
	seq = 0;
	private counter = 0;
	/** Whether the list lies at all; off while the trigger settles at the end of a life. */
	lying = true;
	private calls = 0;
	/** Told of every lie, for a failing case's story. */
	onLie?: (text: string) => void;

	constructor(
		readonly tenants: [Tenant, Tenant],
		private readonly seed: number,
		readonly zones: [string, string],
		/** AICC's clock offset from n8n's, per tenant, in seconds. */
		private readonly skews: [number, number],
		/** Share of list calls that lie. */
		private readonly lieRate: number,
		/** The lies this case may tell. */
		private readonly lies: Lie[],
		private readonly newestFirst: [boolean, boolean],
	) {
		for (const tenant of tenants) {
			tenant.aicc.listOrder = newestFirst[tenant.index] ? 'newestFirst' : 'oldestFirst';
			tenant.aicc.onListPage = (body, answer) => this.page(tenant, body, answer);
		}
	}

	next(): number {
		return ++this.seq;
	}

	create(tenant: 0 | 1, spec: TaskSpec): SimTask {
		this.counter++;
		const id = `T${tenant}x${String(this.counter).padStart(6, '0')}`;
		const createdDate = stampAt(Date.now() + (this.skews[tenant] + stampOffsetSeconds(spec)) * 1000, this.zones[tenant]);
		const seq = this.next();
		const task: SimTask = {
			id,
			tenant,
			createdSeq: seq,
			stampKind: spec.stamp,
			ownerId: OWNERS[spec.owner],
			priority: PRIORITIES[spec.priority],
			createdDate,
			statuses: [{ status: 'Pending', seq }],
		};
		this.tasks.push(task);
		const record: TaskRecord = {
			id,
			taskNo: String(this.counter).padStart(12, '0'),
			title: `Task ${id}`,
			ownerId: task.ownerId,
			creatorId: CREATORS[0],
			priority: task.priority,
			createdDate,
			status: 'Pending',
			trace: [],
		};
		this.tenants[tenant].aicc.tasks.set(id, record);
		return task;
	}

	setStatus(task: SimTask, status: Status): void {
		task.statuses.push({ status, seq: this.next() });
		(this.tenants[task.tenant].aicc.tasks.get(task.id) as TaskRecord).status = status;
	}

	statusOf(task: SimTask): Status {
		return (task.statuses.at(-1) as { status: Status }).status;
	}

	/** The honest answer to a list call's filters, in AICC's order (creation order, or its reverse). */
	honest(tenant: Tenant, body: Record<string, unknown>, ignoring?: string): TaskRecord[] {
		const filter = { ...body };
		if (ignoring) delete filter[ignoring];
		const all = [...tenant.aicc.tasks.values()].filter(
			(task) =>
				(filter.status === undefined || task.status === filter.status) &&
				(filter.ownerId === undefined || task.ownerId === filter.ownerId) &&
				(filter.priority === undefined || task.priority === filter.priority) &&
				(filter.startTime === undefined || task.createdDate >= String(filter.startTime)) &&
				(filter.endTime === undefined || task.createdDate <= String(filter.endTime)),
		);
		return this.newestFirst[tenant.index] ? all.reverse() : all;
	}

	/** The emulator's hook on every list answer: most go out as the emulator made them; some lie. */
	private page(tenant: Tenant, body: Record<string, unknown>, answer: { taskList: Array<Record<string, unknown>>; count: number }): void {
		const call = ++this.calls;
		if (!this.lying || this.lies.length === 0 || chanceOf(this.seed, `lie ${call}`) >= this.lieRate) return;
		const lie = this.lies[hashOf(this.seed, `which ${call}`) % this.lies.length];
		this.onLie?.(`list call ${call} (start ${String(body.start)}) lies: ${lie}`);
		const start = Number(body.start);
		const limit = Number(body.limit);
		const rows = (tasks: TaskRecord[]) => tasks.map((task) => ({ taskId: task.id, taskNo: task.taskNo, title: task.title, ownerId: task.ownerId, priority: task.priority, status: task.status, createdDate: task.createdDate }));
		switch (lie) {
			case 'ignoreFilter': {
				const asked = ['status', 'ownerId', 'priority', 'startTime', 'endTime'].filter((key) => body[key] !== undefined);
				if (asked.length === 0) return;
				const all = this.honest(tenant, body, asked[hashOf(this.seed, `filter ${call}`) % asked.length]);
				answer.taskList = rows(all.slice(start, start + limit));
				answer.count = all.length;
				return;
			}
			case 'shift': {
				// As if a task had been added at the head between two pages: the page starts one row early.
				if (start === 0) return;
				answer.taskList = rows(this.honest(tenant, body).slice(start - 1, start - 1 + limit));
				return;
			}
			case 'reorder': {
				// The whole list in another order for this call (AICC documents no order): pages stop fitting together.
				const all = this.honest(tenant, body);
				const shuffled = all
					.map((task) => ({ task, key: hashOf(this.seed, `order ${call} ${task.id}`) }))
					.sort((a, b) => a.key - b.key)
					.map(({ task }) => task);
				answer.taskList = rows(shuffled.slice(start, start + limit));
				return;
			}
			case 'short':
				if (answer.taskList.length === limit && answer.count > start + limit) answer.taskList = answer.taskList.slice(0, -1);
				return;
			case 'empty':
				answer.taskList = [];
				return;
			case 'countDrift':
				answer.count += chanceOf(this.seed, `drift ${call}`) < 0.5 ? 1 : -1;
				return;
			case 'limitIgnored': {
				const all = this.honest(tenant, body);
				answer.taskList = rows(all.slice(start, start + limit + 3));
				return;
			}
		}
	}
}

/** The ways a list answer lies; each can be noticed by a reader that checks what it was given. */
export const LIES = ['ignoreFilter', 'shift', 'reorder', 'short', 'empty', 'countDrift', 'limitIgnored'] as const;
export type Lie = (typeof LIES)[number];
