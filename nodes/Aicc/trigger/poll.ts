import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VENDOR_DATE_TIME_FORMAT } from '../../shared/dates';
import { requestOptionsOf } from '../../shared/options';
import { VendorTransport } from '../../shared/transport';
import { checkId, checkOption, checkWholeNumber } from '../../shared/validation';
import { listTasks, readFilters } from '../actions/task/getAll';
import { RULES, STATUSES } from '../actions/task/fields';
import { aiccSpec } from '../transport';

export type TriggerEvent = 'newTask' | 'taskReachedStatus';

/**
 * Seconds each New Task window reaches back into the previous one. AICC records creation times to
 * the second and its clock is not ours: a task created in the last second of a window, or stamped a
 * little behind our clock, is still found by the next poll, and the IDs remembered from the overlap
 * keep it from being emitted twice.
 */
export const OVERLAP_SECONDS = 60;

/** The most tasks one poll reads; a window holding more fails the poll rather than emitting part of it. */
export const MAX_TASKS_PER_POLL = 10_000;

/** What a New Task trigger remembers between polls: where its last window ended, and the tasks of its overlap. */
interface NewTaskState {
	event: 'newTask';
	windowEnd: string;
	/** taskId → createdDate, for the tasks the next window will list again. */
	seen: Record<string, string>;
}

/** What a Task Reached Status trigger remembers: the tasks that had the status at the last poll. */
interface StatusState {
	event: 'taskReachedStatus';
	status: string;
	ids: string[];
}

type TriggerState = NewTaskState | StatusState;

interface PollSettings {
	event: TriggerEvent;
	status?: string;
	lookBackDays: number;
	/** The list call's body without paging: creatorId and filters. */
	query: IDataObject;
	timezone: string;
}

function readSettings(context: IPollFunctions): PollSettings {
	const event = context.getNodeParameter('event') as TriggerEvent;
	const timezone = context.getTimezone();
	try {
		const filters = context.getNodeParameter('filters', {}) as IDataObject;
		const query = { ...readFilters(filters, timezone), creatorId: checkId(context.getNodeParameter('creatorId', ''), RULES.creatorId) };
		const status = event === 'taskReachedStatus' ? checkOption(context.getNodeParameter('status'), 'Status', STATUSES) : undefined;
		const lookBackDays = checkWholeNumber(context.getNodeParameter('lookBackDays', 30), 'Created in the Last N Days', 1);
		return { event, status, lookBackDays, query, timezone };
	} catch (error) {
		// A FieldError names the parameter and its rule; it becomes the node's error as it is.
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

const vendorTime = (time: DateTime) => time.toFormat(VENDOR_DATE_TIME_FORMAT);

/** Lists the tasks created in [from, to] (vendor text in the workflow's zone) that match the settings, every page of them. */
async function tasksCreatedBetween(
	context: IPollFunctions,
	transport: VendorTransport,
	settings: PollSettings,
	from: string,
	to: string,
): Promise<IDataObject[]> {
	const query = { ...settings.query, startTime: from, endTime: to, ...(settings.status ? { status: settings.status } : {}) };
	const tasks = await listTasks(context, transport, { query, limit: MAX_TASKS_PER_POLL + 1, itemIndex: 0, operation: 'AICC Trigger' });
	if (tasks.length > MAX_TASKS_PER_POLL) {
		throw new NodeOperationError(
			context.getNode(),
			`More than ${MAX_TASKS_PER_POLL} AICC tasks match between ${from} and ${to}: narrow the filters or poll more often`,
		);
	}
	return tasks;
}

const taskIdOf = (task: IDataObject) => String(task.taskId ?? task.id ?? '');
const asItems = (tasks: IDataObject[]): INodeExecutionData[][] | null => (tasks.length === 0 ? null : [tasks.map((json) => ({ json }))]);

/**
 * One poll of the Huawei AICC Trigger. The first poll after activation only records where things
 * stand (nothing old is emitted); each later poll emits what changed since. The remembered state is
 * written only once a poll has read everything, so a failing poll loses nothing for the next one.
 */
export async function pollTasks(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const transport = new VendorTransport(this, aiccSpec, requestOptionsOf(this.getNodeParameter('options', {}) as IDataObject));
	const now = DateTime.now().setZone(settings.timezone);
	const lookBackStart = vendorTime(now.minus({ days: settings.lookBackDays }));
	if (this.getMode() === 'manual') return await newestMatch(this, transport, settings, lookBackStart, vendorTime(now));
	const staticData = this.getWorkflowStaticData('node') as { state?: TriggerState };
	const { state, emitted } =
		settings.event === 'newTask'
			? await pollNewTasks(this, transport, settings, staticData.state, now)
			: await pollStatus(this, transport, settings, staticData.state, lookBackStart, vendorTime(now));
	staticData.state = state;
	return asItems(emitted);
}

/** Fetch Test Event: the most recently created task that matches, so that the user can map its fields. */
async function newestMatch(
	context: IPollFunctions,
	transport: VendorTransport,
	settings: PollSettings,
	from: string,
	to: string,
): Promise<INodeExecutionData[][]> {
	const tasks = await tasksCreatedBetween(context, transport, settings, from, to);
	// The newest by createdDate; without it in the rows, the last task the list returns.
	const newest = tasks.reduce<IDataObject | undefined>((best, task) => (!best || String(task.createdDate ?? '') >= String(best.createdDate ?? '') ? task : best), undefined);
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
	previous: TriggerState | undefined,
	now: DateTime,
): Promise<{ state: NewTaskState; emitted: IDataObject[] }> {
	const windowEnd = vendorTime(now);
	// The first poll emits nothing, but lists the overlap the next window reaches back into, so that the
	// tasks created just before activation are known as old.
	const baseline = previous?.event !== 'newTask';
	const windowStart = baseline
		? vendorTime(now.minus({ seconds: OVERLAP_SECONDS }))
		: vendorTime(DateTime.fromFormat(previous.windowEnd, VENDOR_DATE_TIME_FORMAT, { zone: settings.timezone }).minus({ seconds: OVERLAP_SECONDS }));
	const tasks = await tasksCreatedBetween(context, transport, settings, windowStart, windowEnd);
	const emitted = baseline ? [] : tasks.filter((task) => !(taskIdOf(task) in previous.seen));
	// Only the tasks the next window lists again need remembering: those of its overlap. Where AICC's
	// list rows carry no createdDate (its page is cut off there), every task of this window is kept.
	const nextOverlapStart = vendorTime(now.minus({ seconds: OVERLAP_SECONDS }));
	const seen: Record<string, string> = {};
	for (const task of tasks) {
		const created = typeof task.createdDate === 'string' ? task.createdDate : '';
		if (created === '' || created >= nextOverlapStart) seen[taskIdOf(task)] = created;
	}
	return { state: { event: 'newTask', windowEnd, seen }, emitted };
}

async function pollStatus(
	context: IPollFunctions,
	transport: VendorTransport,
	settings: PollSettings,
	previous: TriggerState | undefined,
	from: string,
	to: string,
): Promise<{ state: StatusState; emitted: IDataObject[] }> {
	const status = settings.status as string;
	const tasks = await tasksCreatedBetween(context, transport, settings, from, to);
	const state: StatusState = { event: 'taskReachedStatus', status, ids: tasks.map(taskIdOf) };
	// A first poll, or one after the Status was changed, sets the baseline: what already has the status is not news.
	if (previous?.event !== 'taskReachedStatus' || previous.status !== status) return { state, emitted: [] };
	const before = new Set(previous.ids);
	return { state, emitted: tasks.filter((task) => !before.has(taskIdOf(task))) };
}
