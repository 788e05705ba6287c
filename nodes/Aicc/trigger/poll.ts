import { createHash, randomUUID } from 'node:crypto';

import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VENDOR_DATE_TIME_FORMAT } from '../../shared/dates';
import { toBaseUrl } from '../../shared/domain';
import type { VendorTransport } from '../../shared/transport';
import { checkId, checkOption, checkWholeNumber } from '../../shared/validation';
import { readFilters } from '../actions/task/getAll';
import { RULES, STATUSES } from '../actions/task/fields';
import { type ListCaller, PAGE_SIZE, readTaskList, readTaskPage } from '../list';
import { aiccTransportWith } from '../transport';
import { emittedBefore, oneAtATime } from './once';
import { describeOffset, lowerMedian, OFFSET_SAMPLES, stampOffset, stampSeconds, stampText, trustedMark, wallSecondsNow, ZONE_SPREAD_SECONDS } from './stamps';

export type TriggerEvent = 'newTask' | 'taskReachedStatus';

/**
 * How far, in AICC's own wall-clock seconds, each New Task poll reaches back before its mark (the newest
 * `createdDate` it trusts). More than the hour daylight saving repeats when it ends (a task stamped
 * 02:30 in the second pass is older than 02:59 of the first), with room for stamps AICC writes a little
 * out of order. The IDs seen over this horizon keep a task listed again from being emitted again.
 *
 * It is also how far ahead of AICC's clock (n8n's clock plus the offset its stamps showed) the mark may
 * go: so the window always starts at or before AICC's now, and a task created from now on is in it.
 */
export const HORIZON_SECONDS = 90 * 60;

/** How far version 1's windows overlapped: what its state remembered. */
const LEGACY_OVERLAP_SECONDS = 60;

/** The most tasks one poll reads; a window holding more fails the poll rather than emitting part of it. */
export const MAX_TASKS_PER_POLL = 10_000;

/** How the trigger's errors name it: a trigger has no items. */
const TRIGGER: ListCaller = { operation: 'AICC Trigger' };

/** What a New Task trigger remembers between polls (version 2). */
interface NewTaskState {
	version: 2;
	event: 'newTask';
	/** The settings this state was built for; other settings set a new baseline. */
	settings: string;
	/** Names this baseline; what this process emitted is remembered under it (see once.ts). */
	baseline: string;
	/**
	 * The newest `createdDate` trusted (see `offsets`), as AICC wrote it; where no two rows tell where AICC's
	 * clock stands (none or one matched at the baseline), the earliest AICC's clock can read by n8n's (see
	 * ZONE_SPREAD_SECONDS). Absent only in states written before that: the next poll then lists every match.
	 */
	mark?: string;
	/** taskId → wall-clock seconds its createdDate lies before `mark`, for the tasks within the horizon. */
	seen: Record<string, number>;
	/** n8n's clock (ms) at the last poll that read the list whole: only to notice a zone or clock mismatch. */
	polledAt: number;
	/** Whether a zone or clock mismatch has been reported already. */
	warned?: boolean;
	/**
	 * For the last tasks first seen: their stamp minus n8n's clock when first listed, in seconds. Their
	 * lower median maps n8n's clock onto AICC's; a stamp more than the horizon ahead of that does not move
	 * the mark, so one row stamped ahead of the others cannot carry the window past them. Absent in
	 * states written before it: seeded from the mark and the last poll's time.
	 */
	offsets?: number[];
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
	/** Everything that decides which tasks match, the tenant included, as one text: a change sets a new baseline. */
	fingerprint: string;
	/** The fingerprint as states written before the tenant was part of it have it. */
	untenanted: string;
}

async function readSettings(context: IPollFunctions): Promise<PollSettings> {
	const event = context.getNodeParameter('event') as TriggerEvent;
	const timezone = context.getTimezone();
	let matching;
	try {
		const filters = context.getNodeParameter('filters', {}) as IDataObject;
		const query = { ...readFilters(filters, timezone), creatorId: checkId(context.getNodeParameter('creatorId', ''), RULES.creatorId) };
		const status = event === 'taskReachedStatus' ? checkOption(context.getNodeParameter('status'), 'Status', STATUSES) : undefined;
		const lookBackDays = checkWholeNumber(context.getNodeParameter('lookBackDays', 30), 'Created in the Last N Days', 1);
		const sortedQuery = Object.fromEntries(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
		// New Task's window does not depend on the look-back days; Task Reached Status's does.
		matching = { event, status, lookBackDays, query, timezone, fields: { event, status, query: sortedQuery, ...(status ? { lookBackDays } : {}) } };
	} catch (error) {
		// A FieldError names the parameter and its rule; it becomes the node's error as it is.
		throw new NodeOperationError(context.getNode(), error as Error);
	}
	const { fields, ...settings } = matching;
	const tenant = await tenantOf(context);
	// Task Reached Status's look-back edge is a date in the workflow's zone: another zone moves it, and
	// tasks that had the status all along would come inside it.
	const zone = settings.status ? { timezone } : {};
	return { ...settings, fingerprint: JSON.stringify({ ...fields, ...zone, tenant }), untenanted: JSON.stringify(fields) };
}

/**
 * Which AICC tenant the trigger reads, as a digest: the credential (by ID), its Domain and, with Client
 * Credentials, its Client ID. Another credential, or this one pointed at another Domain or client, lists
 * another tenant's tasks, and those that matched all along are not news. Static data is stored in the
 * workflow, readable by anyone who can open it: it gets a digest, no part of the credential itself, and
 * never a secret or token (a token would also change on its own when renewed).
 */
async function tenantOf(context: IPollFunctions): Promise<string> {
	const credentials = await context.getCredentials('aiccApi');
	const credentialId = context.getNode().credentials?.aiccApi?.id ?? '';
	let domain: string;
	try {
		domain = toBaseUrl(credentials.domain).toLowerCase();
	} catch {
		// The request will refuse this Domain with its own words; the digest only needs to tell it apart.
		domain = String(credentials.domain ?? '');
	}
	const client = credentials.authentication === 'accessToken' ? '' : String(credentials.clientId ?? '').trim();
	return createHash('sha256').update(JSON.stringify([credentialId, domain, client])).digest('hex').slice(0, 16);
}

const taskIdOf = (task: IDataObject) => String(task.taskId ?? task.id ?? '');
const asItems = (tasks: IDataObject[]): INodeExecutionData[][] | null => (tasks.length === 0 ? null : [tasks.map((json) => ({ json }))]);

/** Every task that matches, created from `startTime` on (AICC's wall clock) if given: the whole list or an error. */
async function listWhole(context: IPollFunctions, transport: VendorTransport, settings: PollSettings, startTime?: string): Promise<IDataObject[]> {
	const query = { ...settings.query, ...(settings.status ? { status: settings.status } : {}), ...(startTime ? { startTime } : {}) };
	const narrowDown = `${startTime ? `Since ${startTime} (AICC's time)` : 'Without a time window'}, more tasks match than one poll reads: narrow the filters or poll more often.`;
	const { tasks } = await readTaskList(context, transport, { query, limit: Infinity, most: MAX_TASKS_PER_POLL, per: 'poll', narrowDown }, TRIGGER);
	return tasks;
}

/**
 * One page of matches (the first), and AICC's last two as well when more than a page matches and the
 * page runs oldest first: whichever way AICC orders its list, the two newest tasks are among them.
 */
async function firstAndLast(context: IPollFunctions, transport: VendorTransport, query: IDataObject): Promise<IDataObject[]> {
	const first = await readTaskPage(context, transport, { query, start: 0, limit: PAGE_SIZE }, TRIGGER);
	const [firstStamp, lastStamp] = [stampSeconds(first.tasks[0]?.createdDate), stampSeconds(first.tasks.at(-1)?.createdDate)];
	const oldestFirst = firstStamp !== undefined && lastStamp !== undefined && firstStamp < lastStamp;
	if (first.count <= first.listed || !oldestFirst) return first.tasks;
	const last = await readTaskPage(context, transport, { query, start: Math.max(0, first.count - 2), limit: 2 }, TRIGGER);
	// With 101 matches the last two start at 99, inside the first page: a row counted twice would count as two stamps.
	const listed = new Set(first.tasks.map((task) => String(task.taskId)));
	return [...first.tasks, ...last.tasks.filter((task) => !listed.has(String(task.taskId)))];
}

/** The newest stamp but one among `tasks`, undefined with fewer than two: the first poll's mark, which no single row sets. */
function newestButOne(tasks: IDataObject[]): number | undefined {
	const stamps = tasks.map((task) => stampSeconds(task.createdDate)).filter((seconds) => seconds !== undefined);
	stamps.sort((a, b) => b - a);
	return stamps[1];
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
	const settings = await readSettings(this);
	const transport = aiccTransportWith(this, this.getNodeParameter('options', {}) as IDataObject);
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
	if ('version' in stored) {
		if (stored.settings === settings.fingerprint) return stored;
		// Written before the tenant was part of the fingerprint: taken as this tenant's, so that the upgrade loses nothing.
		return stored.settings === settings.untenanted ? { ...stored, settings: settings.fingerprint } : undefined;
	}
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

/**
 * A New Task state whose remembered tasks are `times` (taskId → wall-clock seconds): its mark the newest
 * stamp up to `ceiling` (never before `floor`), and the tasks from a horizon before the mark on. When no
 * stamp is trusted yet, the mark is the ceiling itself: the window then still starts at or before AICC's
 * now, and every task listed stays remembered.
 */
function rebase(state: NewTaskState, times: Map<string, number>, floor?: number, ceiling = Infinity): NewTaskState {
	const mark = trustedMark(times.values(), floor, ceiling) ?? (times.size > 0 ? ceiling : undefined);
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
	const nowSeconds = Math.floor(now / 1000);
	const seed = markSeconds === undefined ? wallNow - nowSeconds : markSeconds - Math.floor((previous.polledAt || now) / 1000);
	const samples = fresh.map((task) => (times.get(taskIdOf(task)) as number) - nowSeconds);
	const offsets = [...(previous.offsets?.length ? previous.offsets : [seed]), ...samples].slice(-OFFSET_SAMPLES);
	const ceiling = nowSeconds + (lowerMedian(offsets) as number) + HORIZON_SECONDS;
	const state = rebase({ ...previous, polledAt: now, offsets }, times, markSeconds, ceiling);

	const warning = previous.warned ? undefined : mismatchWarning(fresh, settings.timezone, previous.polledAt, now);
	if (!warning) return { state, emitted: fresh };
	context.logger.warn(warning);
	return { state: { ...state, warned: true }, emitted: [{ ...fresh[0], aiccTriggerWarning: warning }, ...fresh.slice(1)] };
}

/**
 * The first poll: finds AICC's newest stamp but one from the ends of its list (no clock of n8n's
 * involved, and no single row trusted), then remembers every match from a horizon before it, so that
 * none of them is news. Its offset to n8n's clock seeds the estimate later polls refine.
 *
 * Where fewer than two rows carry a stamp (none or one task matches), nothing tells whether a lone
 * stamp is where AICC's clock stands or a day off, nor how far AICC's zone lies from the workflow's: the
 * mark is then the earliest AICC's clock can read by n8n's. Too early only widens the window until new
 * tasks show where AICC's clock stands; too late would hide every task created before it.
 */
async function newTaskBaseline(context: IPollFunctions, transport: VendorTransport, settings: PollSettings, now: number): Promise<NewTaskState> {
	const nowSeconds = Math.floor(now / 1000);
	const wallNow = wallSecondsNow(settings.timezone);
	const ends = await firstAndLast(context, transport, { ...settings.query });
	const newest = newestButOne(ends);
	const anchor = newest ?? wallNow - ZONE_SPREAD_SECONDS;
	// Without two stamps, n8n's clock and a lone stamp each bound AICC's offset; the lower median takes the lower.
	const lone = stampSeconds(ends.find((task) => stampSeconds(task.createdDate) !== undefined)?.createdDate);
	const offsets = newest !== undefined ? [newest - nowSeconds] : [wallNow - nowSeconds, ...(lone === undefined ? [] : [lone - nowSeconds])];
	const state: NewTaskState = { version: 2, event: 'newTask', settings: settings.fingerprint, baseline: randomUUID(), seen: {}, polledAt: now, offsets };
	const tasks = ends.length === 0 ? [] : await listWhole(context, transport, settings, stampText(anchor - HORIZON_SECONDS));
	const times = new Map<string, number>();
	for (const task of [...ends, ...tasks]) times.set(taskIdOf(task), stampSeconds(task.createdDate) ?? anchor);
	return rebase(state, times, anchor, anchor + HORIZON_SECONDS);
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
