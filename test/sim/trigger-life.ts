/**
 * A generated life of an active workflow with the AICC Trigger, against a generated AICC: polls,
 * restarts (static data through JSON, the process's memory gone), re-activation after a pause, settings
 * changed, and the credential moved to the other tenant; meanwhile AICC creates tasks with skewed or
 * outlying stamps and changes their status, its list lies now and then and its requests fail.
 *
 * The invariant, on the sequence of events (`seq`: every task created, status changed and poll started
 * gets the next number):
 * - An **epoch** is a run of successful polls under the same settings and tenant; its first successful
 *   poll is its **baseline** (a failed poll leaves the trigger's memory as it was, so it starts none).
 * - New Task **matches** a task of the epoch's tenant, of its filters, created after the baseline.
 *   Task Reached Status matches a **reaching**: the task of the epoch's tenant and filters took the
 *   status after the baseline (Pending is taken at creation) and has it at the poll that emits it.
 * - **Nothing that does not match is emitted, and nothing twice** (a reaching once): checked at every poll.
 * - **Every matching task is emitted (late is allowed) or a poll fails loudly**: a match must have been
 *   emitted by the end of its epoch when a successful poll of that epoch came after it, except for the
 *   allowed losses below. At the end the vendor turns honest and the trigger polls until it has caught up
 *   (a poll failing then is a trigger stuck on an honest vendor).
 *
 * Allowed losses, each the design's own and written into the check by name:
 * - BACKDATED_PAST_HORIZON (docs/trigger.md#where-the-guarantee-ends): a task whose stamp AICC wrote 2 hours or more behind its
 *   own clock is listed behind the window; New Task may never emit it.
 * - TRANSIENT_STATUS (docs/trigger.md#where-the-guarantee-ends): a status held only between two successful polls is
 *   not seen; the check asks for a reaching only when a successful poll came while it held.
 * - LEFT_AND_CAME_BACK (README: "has the status now and did not have it at the last poll"): a task
 *   that left the status and took it again between two successful polls is not news.
 * - ENDED_WITH_ITS_SETTINGS: what matched the old settings (or tenant) after its last successful poll is
 *   not news to the new ones; the check asks for a match only when a successful poll of its epoch came after it.
 * - BASELINE_OF_OUTLIERS (docs/trigger.md#where-the-guarantee-ends): when the newest two stamps New Task's baseline sees
 *   are both far ahead, nothing yet tells them from AICC's clock in a zone far ahead, and they set the mark;
 *   a task stamped more than 90 minutes before that mark is behind the window until AICC's clock gets
 *   there. Found by `npm run chaos` (CHAOS_SEED=1264146219).
 */
import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { CredentialStore, pollTriggerOf } from '../support/harness';
import { AiccWorld, CREATORS, LIES, OWNERS, PRIORITIES, STATUSES, taskSpecArbitrary, type Lie, type SimTask, type StampKind, type Status, type TaskSpec } from './aicc-world';
import { type FaultPlan, type SimVendor, TENANT_CLIENTS } from './vendor';
import type { FaultKind } from '../emulator/faults';

export const ALLOWED_LOSSES = {
	BACKDATED_PAST_HORIZON: (task: SimTask) => task.stampKind === 'behind' || task.stampKind === 'backdated',
	/** The window's start when the baseline's newest stamp but one was far ahead: tasks stamped before it are lost. */
	BASELINE_OF_OUTLIERS: (atBaseline: SimTask[]): string | undefined => {
		const newestTwo = atBaseline.filter((task) => task.createdDate).sort((a, b) => b.createdDate.localeCompare(a.createdDate)).slice(0, 2);
		if (newestTwo.length < 2 || newestTwo.some((task) => task.stampKind !== 'ahead')) return undefined;
		const mark = Date.parse(`${newestTwo[1].createdDate.replace(' ', 'T')}Z`);
		return new Date(mark - 90 * MINUTE).toISOString().slice(0, 19).replace('T', ' ');
	},
} as const;

const MINUTE = 60_000;

export interface TriggerSettings {
	event: 'newTask' | 'taskReachedStatus';
	status: Status;
	creator: 0 | 1;
	owner?: 0 | 1;
	priority?: 0 | 1;
}

/** What the simulation may generate; a known failure's generator is left out until its fix lands. */
export interface Features {
	stamps: StampKind[];
	lies: Lie[];
	tenantMove: boolean;
	twoAtOnce: boolean;
}

export const ALL_FEATURES: Features = { stamps: ['ahead', 'behind', 'backdated'], lies: [...LIES], tenantMove: true, twoAtOnce: true };

export interface TriggerCase {
	seed: number;
	zones: [string, string];
	workflowZone: string;
	skews: [number, number];
	newestFirst: [boolean, boolean];
	faultRate: number;
	tokenFaultRate: number;
	kinds: FaultKind[];
	lieRate: number;
	lies: Lie[];
	maxRetries: number;
	maxRetryWait: number;
	initial: [TaskSpec[], TaskSpec[]];
	settings: TriggerSettings;
}

const ZONES = ['UTC', 'Asia/Shanghai'];
const FAULT_KINDS: FaultKind[] = ['429', '500', '502', '503', 'reset', 'html', 'truncated-json', 'aicc-rescode', 'token-expired'];

export const settingsArbitrary: fc.Arbitrary<TriggerSettings> = fc.record(
	{
		event: fc.constantFrom('newTask' as const, 'taskReachedStatus' as const),
		status: fc.constantFrom(...STATUSES),
		creator: fc.constantFrom(0 as const, 1 as const),
		owner: fc.constantFrom(0 as const, 1 as const),
		priority: fc.constantFrom(0 as const, 1 as const),
	},
	{ requiredKeys: ['event', 'status', 'creator'] },
);

export function caseArbitrary(features: Features): fc.Arbitrary<TriggerCase> {
	return fc.record({
		seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
		zones: fc.tuple(fc.constantFrom(...ZONES), fc.constantFrom(...ZONES)),
		workflowZone: fc.constantFrom(...ZONES, 'America/New_York'),
		skews: fc.tuple(fc.integer({ min: -900, max: 900 }), fc.integer({ min: -900, max: 900 })),
		newestFirst: fc.tuple(fc.boolean(), fc.boolean()),
		faultRate: fc.constantFrom(0, 0.05, 0.2),
		tokenFaultRate: fc.constantFrom(0, 0.2),
		kinds: fc.subarray(FAULT_KINDS, { minLength: 1 }),
		lieRate: features.lies.length === 0 ? fc.constant(0) : fc.constantFrom(0, 0.1, 0.3),
		lies: fc.subarray(features.lies),
		maxRetries: fc.constantFrom(0, 1, 3),
		maxRetryWait: fc.constantFrom(0, 0, 300),
		initial: fc.tuple(fc.array(taskSpecArbitrary(features.stamps), { maxLength: 12 }), fc.array(taskSpecArbitrary(features.stamps), { maxLength: 6 })),
		settings: settingsArbitrary,
	});
}

interface Epoch {
	key: string;
	tenant: 0 | 1;
	settings: TriggerSettings;
	baselineSeq: number;
	/** The successful polls' seqs. */
	polls: number[];
	/** New Task: task IDs emitted. Task Reached Status: `taskId@seq of the reaching`. */
	emitted: Set<string>;
}

/** One workflow's life: the trigger's stored static data, the credential and everything emitted. */
export class TriggerLife {
	readonly store = new CredentialStore();
	readonly credential: INodeCredentialsDetails;
	staticData: IDataObject = {};
	settings: TriggerSettings;
	tenant: 0 | 1 = 0;
	/** A new process after each restart: the trigger's memory in the old one is gone. */
	incarnation = 0;
	readonly epochs: Epoch[] = [];
	readonly story: string[] = [];
	private lastKey?: string;

	constructor(
		readonly vendor: SimVendor,
		readonly world: AiccWorld,
		readonly spec: TriggerCase,
	) {
		this.settings = spec.settings;
		world.onLie = (text) => this.story.push(`  ${text}`);
		this.credential = this.store.add({ id: 'cred-aicc', name: 'AICC', type: 'aiccApi', data: this.credentialData(0) });
	}

	private credentialData(tenant: 0 | 1): ICredentialDataDecryptedObject {
		return { domain: `${this.vendor.tenants[tenant].url}/`, authentication: 'clientCredentials', ...TENANT_CLIENTS[tenant].aicc };
	}

	/** The credential edited to the other tenant's Domain and client; n8n keeps its stored token, which that tenant refuses. */
	moveCredential(): void {
		this.tenant = this.tenant === 0 ? 1 : 0;
		const stored = this.store.get('cred-aicc');
		stored.data = { ...stored.data, ...this.credentialData(this.tenant) };
		this.story.push(`credential moved to tenant ${this.tenant}`);
	}

	parameters(): INodeParameters {
		const { event, status, creator, owner, priority } = this.settings;
		return {
			event,
			...(event === 'taskReachedStatus' ? { status } : {}),
			creatorId: CREATORS[creator],
			lookBackDays: 30,
			filters: { ...(owner === undefined ? {} : { ownerId: OWNERS[owner] }), ...(priority === undefined ? {} : { priority: PRIORITIES[priority] }) },
			options: { maxRetries: this.spec.maxRetries, maxRetryWait: this.spec.maxRetryWait, timeout: 10_000 },
		};
	}

	private matchesFilters(task: SimTask, settings: TriggerSettings, tenant: 0 | 1): boolean {
		return (
			task.tenant === tenant &&
			(settings.owner === undefined || task.ownerId === OWNERS[settings.owner]) &&
			(settings.priority === undefined || task.priority === PRIORITIES[settings.priority])
		);
	}

	/** When the task took the status it has at `seq` (the first of a run of the same status), or undefined when it has another. */
	private reachingAt(task: SimTask, status: Status, seq: number): number | undefined {
		let since: number | undefined;
		for (const entry of task.statuses) {
			if (entry.seq >= seq) break;
			if (entry.status !== status) since = undefined;
			else since ??= entry.seq;
		}
		return since;
	}

	/** Polls `count` times at once from the same stored state; n8n keeps the static data the last one saved. */
	async poll(count = 1): Promise<void> {
		const parameters = this.parameters();
		const key = JSON.stringify({ tenant: this.tenant, settings: parameters });
		const settings = { ...this.settings };
		const tenant = this.tenant;
		const started = Array.from({ length: count }, () => this.world.next());
		const workflowId = `wf-sim-${this.incarnation}`;
		const runs = await Promise.all(
			started.map((seq) =>
				pollTriggerOf(workflowId, this.store, parameters, { aiccApi: this.credential }, this.staticData, this.spec.workflowZone).then(
					(run) => ({ seq, run }),
					(error: unknown) => ({ seq, error }),
				),
			),
		);
		for (const outcome of runs) {
			if ('error' in outcome) {
				const error = outcome.error as Error;
				if (!(error instanceof Error) || !error.message) throw new Error(`poll ${outcome.seq} failed without saying why: ${String(error)}`);
				this.story.push(`poll ${outcome.seq} failed: ${error.message.slice(0, 160)}`);
				continue;
			}
			const { seq, run } = outcome;
			this.staticData = run.staticData;
			if (key !== this.lastKey) {
				this.epochs.push({ key, tenant, settings, baselineSeq: seq, polls: [], emitted: new Set() });
				this.lastKey = key;
			}
			const epoch = this.epochs.at(-1) as Epoch;
			epoch.polls.push(seq);
			const ids = (run.emitted?.[0] ?? []).map((item) => String(item.json.taskId));
			this.story.push(`poll ${seq} (tenant ${tenant}, ${settings.event}${settings.event === 'taskReachedStatus' ? ` ${settings.status}` : ''}) emitted [${ids.join(', ')}]`);
			for (const id of ids) this.checkEmission(epoch, id, seq);
		}
	}

	/** Nothing that does not match, nothing twice. */
	private checkEmission(epoch: Epoch, id: string, seq: number): void {
		const task = this.world.tasks.find((candidate) => candidate.id === id);
		const fail = (why: string) => {
			throw new Error(`poll ${seq} emitted ${id}, which ${why}\n${this.story.join('\n')}`);
		};
		if (!task) return fail('AICC does not hold');
		if (task.tenant !== epoch.tenant) return fail(`is a task of tenant ${task.tenant}, not of the credential's tenant ${epoch.tenant}`);
		if (!this.matchesFilters(task, epoch.settings, epoch.tenant)) return fail(`does not match the filters (owner ${task.ownerId}, priority ${task.priority})`);
		if (epoch.settings.event === 'newTask') {
			if (task.createdSeq < epoch.baselineSeq) return fail(`was created (${task.createdSeq}) before the baseline (poll ${epoch.baselineSeq})`);
			if (epoch.emitted.has(id)) return fail('was emitted before');
			epoch.emitted.add(id);
			return;
		}
		const reaching = this.reachingAt(task, epoch.settings.status, seq);
		if (reaching === undefined) return fail(`does not have the status ${epoch.settings.status} (it has ${this.statusAt(task, seq)})`);
		if (reaching < epoch.baselineSeq) return fail(`has had ${epoch.settings.status} since ${reaching}, before the baseline (poll ${epoch.baselineSeq})`);
		if (epoch.emitted.has(`${id}@${reaching}`)) return fail(`was emitted before for reaching ${epoch.settings.status} at ${reaching}`);
		epoch.emitted.add(`${id}@${reaching}`);
	}

	private statusAt(task: SimTask, seq: number): Status {
		return task.statuses.filter((entry) => entry.seq < seq).at(-1)?.status ?? 'Pending';
	}

	/** The end of a life: an honest vendor, polls until caught up; then every match of every epoch is checked. */
	async settle(): Promise<void> {
		this.world.lying = false;
		this.vendor.plan = { ...this.vendor.plan, rate: 0, tokenRate: 0 };
		this.story.push('the vendor turns honest');
		for (let round = 0; round < 3; round++) {
			jest.setSystemTime(Date.now() + MINUTE);
			const before = this.story.length;
			await this.poll();
			const failed = this.story.slice(before).find((line) => line.includes('failed'));
			if (failed) throw new Error(`a poll against an honest vendor failed (stuck): ${failed}\n${this.story.join('\n')}`);
		}
		for (const epoch of this.epochs) this.checkEpochWhole(epoch);
	}

	private checkEpochWhole(epoch: Epoch): void {
		const lastPoll = epoch.polls.at(-1) as number;
		const missing: string[] = [];
		const atBaseline = this.world.tasks.filter((task) => task.createdSeq < epoch.baselineSeq && this.matchesFilters(task, epoch.settings, epoch.tenant));
		const outlierWindow = epoch.settings.event === 'newTask' ? ALLOWED_LOSSES.BASELINE_OF_OUTLIERS(atBaseline) : undefined;
		for (const task of this.world.tasks) {
			if (!this.matchesFilters(task, epoch.settings, epoch.tenant)) continue;
			if (epoch.settings.event === 'newTask') {
				if (task.createdSeq < epoch.baselineSeq || task.createdSeq > lastPoll) continue;
				if (ALLOWED_LOSSES.BACKDATED_PAST_HORIZON(task)) continue;
				if (outlierWindow !== undefined && task.createdDate < outlierWindow) continue;
				if (!epoch.emitted.has(task.id)) missing.push(`${task.id} (created ${task.createdSeq}, stamped ${task.createdDate}, ${task.stampKind})`);
				continue;
			}
			for (const [from, until] of this.reachings(task, epoch.settings.status)) {
				if (from < epoch.baselineSeq) continue;
				// TRANSIENT_STATUS and ENDED_WITH_ITS_SETTINGS: only a reaching a successful poll of the epoch saw.
				if (!epoch.polls.some((poll) => poll > from && poll <= until)) continue;
				// LEFT_AND_CAME_BACK: the poll before saw the task with the status already; it never saw it without.
				const previous = epoch.polls.filter((poll) => poll < from).at(-1) as number;
				if (this.reachingAt(task, epoch.settings.status, previous) !== undefined) continue;
				if (!epoch.emitted.has(`${task.id}@${from}`)) missing.push(`${task.id} (${epoch.settings.status} from ${from} to ${until === Infinity ? 'the end' : until})`);
			}
		}
		if (missing.length > 0) {
			throw new Error(`epoch from poll ${epoch.baselineSeq} (tenant ${epoch.tenant}, ${epoch.settings.event}) never emitted ${missing.join(', ')}\n${this.story.join('\n')}`);
		}
	}

	/** The runs of a status: [seq it was taken, seq it was left (Infinity while held)]. */
	private reachings(task: SimTask, status: Status): Array<[number, number]> {
		const runs: Array<[number, number]> = [];
		let from: number | undefined;
		for (const entry of task.statuses) {
			if (entry.status === status) from ??= entry.seq;
			else if (from !== undefined) {
				runs.push([from, entry.seq]);
				from = undefined;
			}
		}
		if (from !== undefined) runs.push([from, Infinity]);
		return runs;
	}
}

export type Command = fc.AsyncCommand<TriggerLife, TriggerLife>;

/** Minutes pass while AICC creates tasks, spread over them. */
export class CreateTasks implements Command {
	constructor(
		readonly minutes: number,
		readonly otherTenant: boolean,
		readonly specs: TaskSpec[],
	) {}
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		const tenant = (this.otherTenant ? 1 - life.tenant : life.tenant) as 0 | 1;
		const step = (this.minutes * MINUTE) / (this.specs.length + 1);
		const end = Date.now() + this.minutes * MINUTE;
		for (const spec of this.specs) {
			jest.setSystemTime(Date.now() + step);
			const task = life.world.create(tenant, spec);
			life.story.push(`${task.createdSeq}: tenant ${tenant} created ${task.id} stamped ${task.createdDate} (${spec.stamp}, owner ${spec.owner}, priority ${spec.priority})`);
		}
		jest.setSystemTime(end);
	}
	toString = () => `CreateTasks(${this.minutes} min, ${this.otherTenant ? 'other' : 'current'} tenant, ${JSON.stringify(this.specs)})`;
}

export class ChangeStatus implements Command {
	constructor(
		readonly picks: number[],
		readonly status: Status,
	) {}
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		const { tasks } = life.world;
		if (tasks.length === 0) return;
		for (const pick of this.picks) {
			const task = tasks[pick % tasks.length];
			life.world.setStatus(task, this.status);
			life.story.push(`${life.world.seq}: ${task.id} → ${this.status}`);
		}
	}
	toString = () => `ChangeStatus(${JSON.stringify(this.picks)}, ${this.status})`;
}

export class Poll implements Command {
	constructor(
		readonly minutes: number,
		readonly atOnce: 1 | 2,
	) {}
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		jest.setSystemTime(Date.now() + this.minutes * MINUTE);
		await life.poll(this.atOnce);
	}
	toString = () => `Poll(after ${this.minutes} min${this.atOnce === 2 ? ', two at once' : ''})`;
}

/** n8n restarts: the process's memory is gone, the static data is read back; the workflow activates again and polls. */
export class Restart implements Command {
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		life.incarnation++;
		life.story.push('n8n restarted');
		await life.poll();
	}
	toString = () => 'Restart';
}

/** Deactivated for hours (n8n keeps the static data), then activated: n8n polls at once. */
export class Reactivate implements Command {
	constructor(readonly hours: number) {}
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		jest.setSystemTime(Date.now() + this.hours * 60 * MINUTE);
		life.story.push(`re-activated after ${this.hours} h`);
		await life.poll();
	}
	toString = () => `Reactivate(after ${this.hours} h)`;
}

export class ChangeSettings implements Command {
	constructor(readonly settings: TriggerSettings) {}
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		life.settings = this.settings;
		life.story.push(`settings now ${JSON.stringify(this.settings)}`);
	}
	toString = () => `ChangeSettings(${JSON.stringify(this.settings)})`;
}

export class MoveCredential implements Command {
	check = () => true;
	async run(life: TriggerLife): Promise<void> {
		life.moveCredential();
	}
	toString = () => 'MoveCredential';
}

export function commandsArbitrary(features: Features): fc.Arbitrary<Iterable<Command>> {
	const commands: Array<fc.Arbitrary<Command>> = [
		fc
			.tuple(fc.integer({ min: 1, max: 90 }), fc.boolean(), fc.array(taskSpecArbitrary(features.stamps), { minLength: 1, maxLength: 6 }))
			.map(([minutes, other, specs]) => new CreateTasks(minutes, other && features.tenantMove, specs)),
		fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.constantFrom(...STATUSES)).map(([picks, status]) => new ChangeStatus(picks, status)),
		fc.tuple(fc.integer({ min: 1, max: 120 }), features.twoAtOnce ? fc.constantFrom(1 as const, 1 as const, 1 as const, 2 as const) : fc.constant(1 as const)).map(([minutes, atOnce]) => new Poll(minutes, atOnce)),
		fc.tuple(fc.integer({ min: 1, max: 120 }), fc.constant(1 as const)).map(([minutes]) => new Poll(minutes, 1)),
		fc.constant(new Restart()),
		fc.integer({ min: 2, max: 30 }).map((hours) => new Reactivate(hours)),
		settingsArbitrary.map((settings) => new ChangeSettings(settings)),
	];
	if (features.tenantMove) commands.push(fc.constant(new MoveCredential()));
	return fc.commands(commands, { maxCommands: 14 });
}

/** The vendor's faults for a case. */
export function faultPlanOf(spec: TriggerCase): FaultPlan {
	return { seed: spec.seed, rate: spec.faultRate, tokenRate: spec.tokenFaultRate, kinds: spec.kinds };
}

/** Builds the world for a case: fresh tenants, the initial tasks created over the day before activation. */
export function startLife(vendor: SimVendor, spec: TriggerCase): TriggerLife {
	vendor.reset(faultPlanOf(spec), spec.zones);
	const world = new AiccWorld(vendor.tenants, spec.seed, spec.zones, spec.skews, spec.lieRate, spec.lies, spec.newestFirst);
	const life = new TriggerLife(vendor, world, spec);
	for (const tenant of [0, 1] as const) {
		for (const taskSpec of spec.initial[tenant]) {
			jest.setSystemTime(Date.now() + 7 * MINUTE);
			const task = world.create(tenant, taskSpec);
			life.story.push(`${task.createdSeq}: tenant ${tenant} held ${task.id} stamped ${task.createdDate} (${taskSpec.stamp}) before activation`);
		}
	}
	return life;
}
