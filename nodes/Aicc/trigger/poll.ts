import { randomUUID } from 'node:crypto';

import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VENDOR_DATE_TIME_FORMAT } from '../../shared/dates';
import { requestOptionsOf } from '../../shared/options';
import { VendorTransport } from '../../shared/transport';
import { checkId, checkOption, checkWholeNumber } from '../../shared/validation';
import { listPage, listTasks, readFilters } from '../actions/task/getAll';
import { RULES, STATUSES } from '../actions/task/fields';
import { aiccSpec } from '../transport';
import { emittedBefore, oneAtATime } from './once';
import { describeOffset, stampOffset, stampSeconds, stampText, wallSecondsNow } from './stamps';

export type TriggerEvent = 'newTask' | 'taskReachedStatus';

/**
 * How far, in AICC's own wall-clock seconds, each New Task poll reaches back before the newest
 * `createdDate` it has seen. More than the hour daylight saving repeats when it ends (a task stamped
 * 02:30 in the second pass is older than 02:59 of the first), with room for stamps AICC writes a little
 * out of order. The IDs seen over this horizon keep a task listed again from being emitted again.
 */
export const HORIZON_SECONDS = 90 * 60;

/** How far version 1's windows overlapped: what its state remembered. */
const LEGACY_OVERLAP_SECONDS = 60;

/** The most tasks one poll reads; a window holding more fails the poll rather than emitting part of it. */
export const MAX_TASKS_PER_POLL = 10_000;

/** One page of AICC's list (AICC.md §4), as Fetch Test Event and a baseline read it. */
const PAGE = 100;

/** What a New Task trigger remembers between polls (version 2). */
interface NewTaskState {
	version: 2;
	event: 'newTask';
	/** The settings this state was built for; other settings set a new baseline. */
	settings: string;
	/** Names this baseline; what this process emitted is remembered under it (see once.ts). */
	baseline: string;
	/**
	 * The newest `createdDate` seen, as AICC wrote it; n8n's wall clock in the workflow's zone where the
	 * rows carry no createdDate. Absent while no task has matched: the next poll lists every match.
	 */
	mark?: string;
	/** taskId → wall-clock seconds its createdDate lies before `mark`, for the tasks within the horizon. */
	seen: Record<string, number>;
	/** n8n's clock (ms) at the last poll that read the list whole: only to notice a zone or clock mismatch. */
	polledAt: number;
	/** Whether a zone or clock mismatch has been reported already. */
	warned?: boolean;
}

/** What a Task Reached Status trigger remembers: the tasks that had the status at the last poll. */
interface StatusState {
	version: 2;
	event: 'taskReachedStatus';
	settings: string;
	baseline: string;
	ids: string[];
}

type TriggerState = NewTaskState | StatusState;

/** The state main's trigger (version 1) kept, read once so that an upgrade loses nothing. */
type LegacyState =
	| { event: 'newTask'; windowEnd: string; seen: Record<string, string> }
	| { event: 'taskReachedStatus'; status: string; ids: string[] };

interface PollSettings {
	event: TriggerEvent;
	status?: string;
	lookBackDays: number;
	/** The list call's body without paging or time window: creatorId and filters. */
	query: IDataObject;
	timezone: string;
	/** Everything that decides which tasks match, as one text: a change sets a new baseline. */
	fingerprint: string;
}

function readSettings(context: IPollFunctions): PollSettings {
	const event = context.getNodeParameter('event') as TriggerEvent;
	const timezone = context.getTimezone();
	try {
		const filters = context.getNodeParameter('filters', {}) as IDataObject;
		const query = { ...readFilters(filters, timezone), creatorId: checkId(context.getNodeParameter('creatorId', ''), RULES.creatorId) };
		const status = event === 'taskReachedStatus' ? checkOption(context.getNodeParameter('status'), 'Status', STATUSES) : undefined;
		const lookBackDays = checkWholeNumber(context.getNodeParameter('lookBackDays', 30), 'Created in the Last N Days', 1);
		const sortedQuery = Object.fromEntries(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
		// New Task's window does not depend on the look-back days; Task Reached Status's does.
		const fingerprint = JSON.stringify({ event, status, query: sortedQuery, ...(status ? { lookBackDays } : {}) });
		return { event, status, lookBackDays, query, timezone, fingerprint };
	} catch (error) {
		// A FieldError names the parameter and its rule; it becomes the node's error as it is.
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

const taskIdOf = (task: IDataObject) => String(task.taskId ?? task.id ?? '');
const asItems = (tasks: IDataObject[]): INodeExecutionData[][] | null => (tasks.length === 0 ? null : [tasks.map((json) => ({ json }))]);

/** Every task that matches, created from `startTime` on (AICC's wall clock) if given: the whole list or an error. */
async function listWhole(context: IPollFunctions, transport: VendorTransport, settings: PollSettings, startTime?: string): Promise<IDataObject[]> {
	const query = { ...settings.query, ...(settings.status ? { status: settings.status } : {}), ...(startTime ? { startTime } : {}) };
	const narrowDown = `${startTime ? `Since ${startTime} (AICC's time)` : 'Without a time window'}, more tasks match than one poll reads: narrow the filters or poll more often.`;
	return await listTasks(context, transport, {
		query,
		limit: Infinity,
		itemIndex: 0,
		operation: 'AICC Trigger',
		whole: { most: MAX_TASKS_PER_POLL, narrowDown },
	});
}

/**
 * One page of matches (the first), and AICC's last match as well when more than a page matches and
 * the page runs oldest first: whichever way AICC orders its list, the newest task is among them.
 */
async function firstAndLast(context: IPollFunctions, transport: VendorTransport, query: IDataObject): Promise<IDataObject[]> {
	const operation = 'AICC Trigger';
	const { taskList, count } = await listPage(context, transport, { query, start: 0, limit: PAGE, operation });
	const [firstStamp, lastStamp] = [stampSeconds(taskList[0]?.createdDate), stampSeconds(taskList.at(-1)?.createdDate)];
	const oldestFirst = firstStamp !== undefined && lastStamp !== undefined && firstStamp < lastStamp;
	if (count <= taskList.length || !oldestFirst) return taskList;
	const last = await listPage(context, transport, { query, start: count - 1, limit: 1, operation });
	return [...taskList, ...last.taskList];
}

/** The newest task by createdDate; without createdDate in the rows, the first AICC listed. */
function newestOf(tasks: IDataObject[]): IDataObject | undefined {
	let newest: IDataObject | undefined;
	for (const task of tasks) {
		const seconds = stampSeconds(task.createdDate);
		if (seconds !== undefined && (newest === undefined || seconds > (stampSeconds(newest.createdDate) ?? -Infinity))) newest = task;
	}
	return newest ?? tasks[0];
}

/**
 * One poll of the Huawei AICC Trigger. The first poll of a trigger (or after its filters changed) only
 * records where things stand; each later poll emits what changed since, including what changed while
 * the workflow was off. The remembered state is written only once a poll has read the list whole, so a
 * failing poll loses nothing for the next one.
 */
export async function pollTasks(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const transport = new VendorTransport(this, aiccSpec, requestOptionsOf(this.getNodeParameter('options', {}) as IDataObject));
	if (this.getMode() === 'manual') return await testEvent(this, transport, settings);
	const trigger = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	return await oneAtATime(trigger, async () => {
		const staticData = this.getWorkflowStaticData('node') as { state?: TriggerState | LegacyState };
		const previous = currentState(staticData.state, settings);
		const { state, emitted } =
			settings.event === 'newTask'
				? await pollNewTasks(this, transport, settings, previous as NewTaskState | undefined, trigger)
				: await pollStatus(this, transport, settings, previous as StatusState | undefined, trigger);
		staticData.state = state;
		return asItems(emitted);
	});
}

/** The stored state if it was built for these settings (version 1 state carried over), else undefined: a new baseline. */
function currentState(stored: TriggerState | LegacyState | undefined, settings: PollSettings): TriggerState | undefined {
	if (!stored || stored.event !== settings.event) return undefined;
	if ('version' in stored) return stored.settings === settings.fingerprint ? stored : undefined;
	// Version 1 did not record its filters; its Status is the one setting it did.
	const carried = { version: 2 as const, settings: settings.fingerprint, baseline: randomUUID() };
	if (stored.event === 'taskReachedStatus') return stored.status === settings.status ? { ...carried, event: stored.event, ids: stored.ids } : undefined;
	const windowEnd = stampSeconds(stored.windowEnd);
	if (windowEnd === undefined) return undefined;
	const times = Object.entries(stored.seen).map(([taskId, created]) => [taskId, stampSeconds(created) ?? windowEnd] as const);
	// Version 1 remembered only its last 60 s: the first window after the upgrade starts there, not a horizon back.
	// Its polls' times are unknown (polledAt 0), so that no zone mismatch is guessed from them.
	const floor = windowEnd - LEGACY_OVERLAP_SECONDS + HORIZON_SECONDS;
	return rebase({ ...carried, event: 'newTask', seen: {}, polledAt: 0 }, new Map(times), floor);
}

/** A New Task state whose remembered tasks are `times` (taskId → wall-clock seconds), kept within the horizon of the newest. */
function rebase(state: NewTaskState, times: Map<string, number>, floor?: number): NewTaskState {
	let mark = floor;
	for (const seconds of times.values()) if (mark === undefined || seconds > mark) mark = seconds;
	const seen: Record<string, number> = {};
	if (mark !== undefined) for (const [taskId, seconds] of times) if (seconds >= mark - HORIZON_SECONDS) seen[taskId] = mark - seconds;
	return { ...state, mark: mark === undefined ? undefined : stampText(mark), seen };
}

/** Fetch Test Event: the newest matching task of the look-back period, from one page; the state is left alone. */
async function testEvent(context: IPollFunctions, transport: VendorTransport, settings: PollSettings): Promise<INodeExecutionData[][]> {
	const since = DateTime.now().setZone(settings.timezone).minus({ days: settings.lookBackDays }).toFormat(VENDOR_DATE_TIME_FORMAT);
	const query = { ...settings.query, ...(settings.status ? { status: settings.status } : {}), startTime: since };
	const newest = newestOf(await firstAndLast(context, transport, query));
	if (!newest) {
		throw new NodeOperationError(context.getNode(), `No AICC task created in the last ${settings.lookBackDays} days matches the trigger`, {
			description: 'Create a matching task in AICC, or widen the filters or Created in the Last N Days, then fetch the test event again.',
		});
	}
	return [[{ json: newest }]];
}

async function pollNewTasks(
	context: IPollFunctions,
	transport: VendorTransport,
	settings: PollSettings,
	previous: NewTaskState | undefined,
	trigger: string,
): Promise<{ state: NewTaskState; emitted: IDataObject[] }> {
	const now = Date.now();
	if (!previous) return { state: await newTaskBaseline(context, transport, settings, now), emitted: [] };
	const markSeconds = stampSeconds(previous.mark);
	const tasks = await listWhole(context, transport, settings, markSeconds === undefined ? undefined : stampText(markSeconds - HORIZON_SECONDS));
	const alreadyEmitted = emittedBefore(`${trigger}:${previous.baseline}`, now);
	const fresh = tasks.filter((task) => !Object.hasOwn(previous.seen, taskIdOf(task)) && !alreadyEmitted.has(taskIdOf(task)));
	for (const task of fresh) alreadyEmitted.set(taskIdOf(task), now + HORIZON_SECONDS * 1000);

	const times = new Map<string, number>();
	if (markSeconds !== undefined) for (const [taskId, before] of Object.entries(previous.seen)) times.set(taskId, markSeconds - before);
	const wallNow = wallSecondsNow(settings.timezone);
	for (const task of tasks) times.set(taskIdOf(task), stampSeconds(task.createdDate) ?? times.get(taskIdOf(task)) ?? wallNow);
	const state = rebase({ ...previous, polledAt: now }, times, markSeconds);

	const warning = previous.warned ? undefined : mismatchWarning(fresh, settings.timezone, previous.polledAt, now);
	if (!warning) return { state, emitted: fresh };
	context.logger.warn(warning);
	return { state: { ...state, warned: true }, emitted: [{ ...fresh[0], aiccTriggerWarning: warning }, ...fresh.slice(1)] };
}

/**
 * The first poll: finds AICC's newest stamp from the ends of its list (no clock of n8n's involved),
 * then remembers every match of the horizon before it, so that none of them is news.
 */
async function newTaskBaseline(context: IPollFunctions, transport: VendorTransport, settings: PollSettings, now: number): Promise<NewTaskState> {
	const empty: NewTaskState = { version: 2, event: 'newTask', settings: settings.fingerprint, baseline: randomUUID(), seen: {}, polledAt: now };
	const ends = await firstAndLast(context, transport, { ...settings.query });
	if (ends.length === 0) return empty;
	const newest = stampSeconds(newestOf(ends)?.createdDate) ?? wallSecondsNow(settings.timezone);
	const tasks = await listWhole(context, transport, settings, stampText(newest - HORIZON_SECONDS));
	const times = new Map<string, number>();
	for (const task of [...ends, ...tasks]) times.set(taskIdOf(task), stampSeconds(task.createdDate) ?? newest);
	return rebase(empty, times, newest);
}

/** Says once, in the execution and n8n's log, that AICC's stamps and n8n's clock disagree. */
function mismatchWarning(fresh: IDataObject[], timezone: string, since: number, now: number): string | undefined {
	for (const task of fresh) {
		const offset = typeof task.createdDate === 'string' ? stampOffset(task.createdDate, timezone, since, now) : undefined;
		if (offset === undefined) continue;
		return (
			`AICC stamped task ${taskIdOf(task)} ${String(task.createdDate)}, which read in the workflow's time zone (${timezone}) is ` +
			`${describeOffset(offset)} ${offset > 0 ? 'ahead of' : 'behind'} n8n's clock: AICC writes its times in another zone, or its clock is off. ` +
			'The trigger keys on task IDs and AICC\'s own stamps, so no task is lost or emitted twice, but dates you send to AICC ' +
			"(Get Many's Created After/Before, due dates) are read in the workflow's zone: set the workflow's zone to AICC's. Said once."
		);
	}
	return undefined;
}

async function pollStatus(
	context: IPollFunctions,
	transport: VendorTransport,
	settings: PollSettings,
	previous: StatusState | undefined,
	trigger: string,
): Promise<{ state: StatusState; emitted: IDataObject[] }> {
	// The look-back start is n8n's clock in the workflow's zone: a zone apart moves an edge of days by hours.
	// No end: a task AICC stamps ahead of n8n's clock is still listed.
	const since = DateTime.now().setZone(settings.timezone).minus({ days: settings.lookBackDays }).toFormat(VENDOR_DATE_TIME_FORMAT);
	const tasks = await listWhole(context, transport, settings, since);
	const ids = tasks.map(taskIdOf);
	const baseline = previous?.baseline ?? randomUUID();
	const state: StatusState = { version: 2, event: 'taskReachedStatus', settings: settings.fingerprint, baseline, ids };
	const alreadyEmitted = emittedBefore(`${trigger}:${baseline}`, Date.now());
	// A task that left the status may reach it again, and is news again then.
	const listed = new Set(ids);
	for (const taskId of alreadyEmitted.keys()) if (!listed.has(taskId)) alreadyEmitted.delete(taskId);
	if (!previous) return { state, emitted: [] };
	const before = new Set(previous.ids);
	const emitted = tasks.filter((task) => !before.has(taskIdOf(task)) && !alreadyEmitted.has(taskIdOf(task)));
	for (const task of emitted) alreadyEmitted.set(taskIdOf(task), Infinity);
	return { state, emitted };
}
