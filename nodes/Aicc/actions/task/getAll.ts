import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { expectObject, expectText, unexpectedAnswer } from '../../../shared/answers';
import { toVendorDateTime } from '../../../shared/dates';
import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { checkOption, checkText, checkWholeNumber, FieldError } from '../../../shared/validation';
import { TASK_API_PATH } from '../../transport';
import { simplifyTask } from './simplify';
import { CLASSIFICATIONS, optionsOf, PRIORITIES, readId, RULES, shownFor, STATUSES, TASK_TYPES, userIdField } from './fields';

/** "Todo" is AICC's spelling of its list view; beside our EIAM node's "To-Do" it would read as a typo (AICC.md §1.1). */
const CLASSIFICATION_OPTIONS = CLASSIFICATIONS.map((value) =>
	value === 'Todo' ? { name: value, value, description: "Spelled so by AICC, not a typo for To-Do" } : { name: value, value },
);

/** AICC answers at most 100 tasks per call (AICC.md §4). */
const PAGE_SIZE = 100;

/** The list call's filters (AICC.md §4), as Get Many and the trigger offer them. */
export const TASK_FILTER_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Classification',
		name: 'classification',
		type: 'options',
		options: CLASSIFICATION_OPTIONS,
		default: 'Todo',
		description: "One of AICC's task views; AICC documents only their names. Adding this filter selects Todo: pick the view you want.",
	},
	{ displayName: 'Contact ID', name: 'contactId', type: 'string', default: '' },
	{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: 'Only tasks created at or after this time' },
	{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '', description: 'Only tasks created at or before this time' },
	{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '', description: 'Only tasks handled by this user' },
	{ displayName: 'Priority', name: 'priority', type: 'options', options: optionsOf(PRIORITIES), default: 'Medium', description: 'Only tasks of this priority. Adding this filter selects Medium: pick the one you want.' },
	{ displayName: 'Related Record ID', name: 'relateId', type: 'string', default: '', description: 'Only tasks of this case; needs Type' },
	{ displayName: 'Status', name: 'status', type: 'options', options: optionsOf(STATUSES), default: 'Pending', description: 'Only tasks in this status. Adding this filter selects Pending: pick the one you want.' },
	{ displayName: 'Title Contains', name: 'title', type: 'string', default: '', description: 'Part of the title (AICC matches it loosely)' },
	{ displayName: 'Type', name: 'type', type: 'options', options: optionsOf(TASK_TYPES), default: 'Case', description: 'Only tasks linked to this kind of record (Case is the only kind AICC has); needs Related Record ID' },
];

export const description: INodeProperties[] = [
	userIdField('creatorId', 'getAll', 'ID of the user asking; AICC requires it on every list call, at most 20 bytes'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: shownFor('getAll'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['task'], operation: ['getAll'], returnAll: [false] } },
	},
	simplifyField(shownFor('getAll').show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: shownFor('getAll'),
		options: TASK_FILTER_OPTIONS,
	},
];

export function readFilters(filters: IDataObject, timezone: string): IDataObject {
	const query: IDataObject = {};
	const entries: Array<[string, unknown]> = [
		['title', checkText(filters.title, { ...RULES.title, label: 'Title Contains' })],
		['status', checkOption(filters.status, 'Status', STATUSES)],
		['priority', checkOption(filters.priority, 'Priority', PRIORITIES)],
		['ownerId', checkText(filters.ownerId, RULES.ownerId)?.trim()],
		['type', checkOption(filters.type, 'Type', TASK_TYPES)],
		['relateId', checkText(filters.relateId, RULES.relateId)?.trim()],
		['classification', checkOption(filters.classification, 'Classification', CLASSIFICATIONS)],
		['contactId', checkText(filters.contactId, RULES.contactId)?.trim()],
		['startTime', toVendorDateTime(filters.createdAfter, 'Created After', timezone)],
		['endTime', toVendorDateTime(filters.createdBefore, 'Created Before', timezone)],
	];
	for (const [key, value] of entries) if (value !== undefined) query[key] = value as IDataObject[string];
	if ((query.type === undefined) !== (query.relateId === undefined)) {
		throw new FieldError('Type and Related Record ID go together: set both filters or neither');
	}
	return query;
}

/** AICC's list names no end of its own beyond `count`: Return All stops at this many tasks per item (1,000 pages). */
export const MAX_TASKS = 100_000;

const NARROW_DOWN = 'Narrow the Filters (Created After and Created Before, Status, Owner ID) or set a Limit, so that fewer pages are needed.';

export interface TaskPage {
	taskList: IDataObject[];
	count: number;
}

/** Where the list is read: a node's item, or a trigger's poll. Only the node is used, for its errors. */
type ListContext = Pick<IExecuteFunctions, 'getNode'>;

/** One list answer in its documented shape (AICC.md §4): `result.taskList` of tasks with a taskId, and `count`. */
function readPage(context: ListContext, answer: unknown, operation: string, itemIndex: number | undefined): TaskPage {
	const shape = (expected: string) => ({ operation, expected, itemIndex });
	const result = expectObject(context, (answer as { result?: unknown }).result, shape('a result with taskList and count'));
	if (!Array.isArray(result.taskList)) throw unexpectedAnswer(context, result.taskList, shape('a list of tasks in taskList'));
	const count = typeof result.count === 'string' && result.count.trim() !== '' ? Number(result.count) : result.count;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw unexpectedAnswer(context, result.count, shape('a number of tasks in count'));
	const taskList = result.taskList.map((task: unknown) => {
		const checked = expectObject(context, task, shape('a task object in taskList'));
		expectText(context, checked.taskId, shape('a taskId on every task'));
		return checked;
	});
	return { taskList, count };
}

/** One list call: `limit` tasks (at most a page) from `start`, and AICC's `count` of all matches. For a trigger, whose errors name no item. */
export async function listPage(context: ListContext, transport: VendorTransport, page: { query: IDataObject; start: number; limit: number; operation: string }): Promise<TaskPage> {
	const body = { ...page.query, start: page.start, limit: Math.min(PAGE_SIZE, page.limit) };
	const answer = await transport.request({ method: 'POST', path: `${TASK_API_PATH}/list`, body, itemIndex: 0, idempotent: true });
	return readPage(context, answer, page.operation, undefined);
}

/** What to list: the call's body without paging, how many tasks, from which `start`, and who asks (for errors). */
export interface TaskListing {
	query: IDataObject;
	limit: number;
	itemIndex: number;
	/** How errors name the caller; "AICC Get Many" unless given. */
	operation?: string;
	/** The first `start`; 0 unless given (the Task picker's later pages). */
	start?: number;
	/**
	 * Set by the trigger, which must read a list whole or not at all: errors name no item, more than `most`
	 * matches fail at the first page, and pages that contradict each other fail instead of being read around.
	 */
	whole?: { most: number; narrowDown: string };
}

/** The item an error belongs to, for a node's items; a trigger has none. */
const itemSuffix = (listing: TaskListing) => (listing.whole ? '' : ` (item ${listing.itemIndex})`);

/**
 * POST …/openapi/task/list, paging through `start`/`limit` 100 at a time until `count` or `limit` tasks
 * are read. A list that does not page as documented must not be read forever: a page that holds no new
 * task (by taskId), more tasks than `count`, or MAX_TASKS stop the item with an error. A task met again
 * (tasks added while paging shift the pages) is output once.
 */
export async function listTasks(context: ListContext, transport: VendorTransport, listing: TaskListing): Promise<IDataObject[]> {
	const { query, limit, itemIndex, operation = 'AICC Get Many', whole } = listing;
	const stop = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), `${operation}: ${message}${itemSuffix(listing)}`, whole ? { description } : { itemIndex, description });
	const tasks: IDataObject[] = [];
	const seen = new Set<unknown>();
	let firstCount: number | undefined;
	let start = listing.start ?? 0;
	for (let pageNumber = 1; tasks.length < limit; pageNumber++) {
		if (tasks.length >= MAX_TASKS) {
			throw stop(`stopped after ${MAX_TASKS.toLocaleString('en-US')} tasks, the most one item reads`, NARROW_DOWN);
		}
		const pageSize = Math.min(PAGE_SIZE, limit - tasks.length);
		const body = { ...query, start, limit: pageSize };
		const answer = await transport.request({ method: 'POST', path: `${TASK_API_PATH}/list`, body, itemIndex, idempotent: true });
		const { taskList, count } = readPage(context, answer, operation, whole ? undefined : itemIndex);
		firstCount ??= count;
		if (whole) checkWholePage(stop, whole, { pageNumber, start, pageSize, taskList, count, firstCount });
		if (taskList.length === 0) break;
		const fresh = taskList.filter((task) => {
			if (seen.has(task.taskId)) return false;
			seen.add(task.taskId);
			return true;
		});
		if (whole && fresh.length < taskList.length) {
			throw stop(`page ${pageNumber} (start ${start}) repeated tasks of earlier pages, so the list moved while it was read`, WHOLE_AGAIN);
		}
		if (fresh.length === 0) {
			throw stop(
				`page ${pageNumber} (start ${start}) held no task that earlier pages had not, so AICC does not page this list`,
				`AICC answered the same tasks again instead of the next ones. ${NARROW_DOWN}`,
			);
		}
		tasks.push(...fresh);
		if (tasks.length > count) {
			throw stop(
				`AICC said ${count} tasks match but its pages held ${tasks.length}`,
				`The list may have changed while it was read: run the item again. If it happens again, AICC counts differently from what it lists. ${NARROW_DOWN}`,
			);
		}
		start += taskList.length;
		if (start >= count) break;
	}
	const expected = Math.min(limit, (firstCount ?? 0) - (listing.start ?? 0));
	if (whole && tasks.length < expected) {
		throw stop(`AICC said ${firstCount ?? 0} tasks match but its pages held ${tasks.length}`, WHOLE_AGAIN);
	}
	return tasks.slice(0, limit);
}

const WHOLE_AGAIN = 'Nothing was emitted and nothing remembered: the next poll reads the list again. If it keeps happening, AICC counts differently from what it lists.';

interface PageSeen {
	pageNumber: number;
	start: number;
	pageSize: number;
	taskList: IDataObject[];
	count: number;
	firstCount: number;
}

/** A whole listing's page must agree with the first: the same count, and full unless it is the last. */
function checkWholePage(stop: (message: string, description: string) => Error, whole: NonNullable<TaskListing['whole']>, page: PageSeen): void {
	const { pageNumber, start, pageSize, taskList, count, firstCount } = page;
	if (pageNumber === 1 && count > whole.most) {
		throw stop(`${count.toLocaleString('en-US')} tasks match, more than the ${whole.most.toLocaleString('en-US')} one poll reads`, whole.narrowDown);
	}
	if (count !== firstCount) {
		throw stop(`AICC's count changed from ${firstCount} to ${count} between pages, so the list moved while it was read`, WHOLE_AGAIN);
	}
	if (taskList.length < pageSize && start + taskList.length < count) {
		throw stop(`page ${pageNumber} (start ${start}) held ${taskList.length} tasks, fewer than asked, before the ${count} AICC counts`, WHOLE_AGAIN);
	}
}

export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject[]> {
	const creatorId = readId(this, 'creatorId', itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	// AICC pages by whole tasks (AICC.md §4): a fraction from an expression would go out as a page size AICC refuses.
	const limit = returnAll ? Infinity : checkWholeNumber(this.getNodeParameter('limit', itemIndex, 50), 'Limit', 1);
	const query = readFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, this.getTimezone());
	const tasks = await listTasks(this, transport, { query: { ...query, creatorId }, limit, itemIndex });
	return readSimplify(this, itemIndex) ? tasks.map(simplifyTask) : tasks;
}
