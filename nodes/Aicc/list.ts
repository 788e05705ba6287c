/**
 * The one reader of AICC's task list (docs/aicc-api.md#get-many-post-tasklist) for Get Many, the trigger and the Task
 * picker. Its whole answer is complete and consistent, or an error: nothing in between.
 *
 * AICC documents only `start`, `limit` (1–100) and `count`, so every page is checked against what was
 * asked. Two kinds of check, decided by what a wrong row can cost:
 *
 * - A row that visibly does not match a filter we sent (its status, priority, owner, contact, type or
 *   related record, or a createdDate outside Created After/Before) is left out: AICC ignored that filter,
 *   and such a row is not a match whatever AICC says. Leaving it out cannot lose a match. Completeness is
 *   judged on the rows AICC listed, before any is left out, so that a list AICC paged correctly but
 *   filtered loosely still reads as complete. A row that lacks the field is kept: AICC's row table is cut
 *   off after `priority`, so a row without `status` or `createdDate` may still match. Title is not
 *   checked (AICC matches it fuzzily), nor Classification or Creator ID (AICC gives their effect on rows
 *   no meaning we could check).
 * - Rows past the page size asked for are left out too: they lie at offsets the next page asks for,
 *   and if AICC ignores `start` as well, the repeat check below fails the read.
 * - Anything that could hide a match fails the read loudly: `count` changing between pages, a page
 *   shorter than asked before `count` is reached, a task met twice (the list moved while it was read),
 *   more tasks than `count`, or more than the caller's bound. A partial list must never pass for a
 *   whole one.
 */
import type { IDataObject, NodeOperationError } from 'n8n-workflow';

import { expectObject, expectText, unexpectedAnswer, type AnswerContext } from '../shared/answers';
import { VENDOR_DATE_TIME_SHAPE } from '../shared/dates';
import { itemError } from '../shared/failures';
import type { VendorTransport } from '../shared/transport';
import { TASK_API_PATH } from './transport';

/** AICC answers at most 100 tasks per call (docs/aicc-api.md#get-many-post-tasklist). */
export const PAGE_SIZE = 100;

/** Where the list is read, for its errors: only the node is used. */
type ListContext = AnswerContext;

/** Who reads, for errors: "AICC Get Many" and the item, or a trigger's poll and the picker, which have no item. */
export interface ListCaller {
	operation: string;
	itemIndex?: number;
}

export interface ListPage {
	/** The rows that match what was asked (see the module's comment). */
	tasks: IDataObject[];
	/** How many rows AICC listed on this page, within the page size asked for. */
	listed: number;
	/** AICC's count of all matches. */
	count: number;
}

/** The filters a row carries a field for, and how a row's field is compared with the value sent. */
const SAME_VALUE_FILTERS = ['status', 'priority', 'ownerId', 'type', 'relateId', 'contactId'] as const;

const absent = (value: unknown) => value === undefined || value === null;

/**
 * Whether a row can match `query`: no field it carries contradicts a filter sent. Stamps compare as
 * text, which for AICC's `YYYY-MM-DD HH:mm:ss` is their order, and both ends are inclusive, so that a
 * row at either bound is kept whether AICC counts that bound in or not.
 */
export function rowMatches(row: IDataObject, query: IDataObject): boolean {
	for (const filter of SAME_VALUE_FILTERS) {
		if (absent(query[filter]) || absent(row[filter])) continue;
		if (String(row[filter]) !== String(query[filter])) return false;
	}
	const created = row.createdDate;
	if (typeof created !== 'string' || !VENDOR_DATE_TIME_SHAPE.test(created)) return true;
	if (typeof query.startTime === 'string' && created < query.startTime) return false;
	if (typeof query.endTime === 'string' && created > query.endTime) return false;
	return true;
}

function failure(context: ListContext, caller: ListCaller, message: string, description: string): NodeOperationError {
	return itemError(context.getNode(), `${caller.operation}: ${message}`, caller.itemIndex, description);
}

/** One list answer in its documented shape (docs/aicc-api.md#get-many-post-tasklist): `result.taskList` of tasks with a taskId, and `count`. */
function readListAnswer(context: ListContext, answer: unknown, caller: ListCaller): { rows: IDataObject[]; count: number } {
	const shape = (expected: string) => ({ operation: caller.operation, expected, itemIndex: caller.itemIndex });
	const result = expectObject(context, (answer as { result?: unknown }).result, shape('a result with taskList and count'));
	if (!Array.isArray(result.taskList)) throw unexpectedAnswer(context, result.taskList, shape('a list of tasks in taskList'));
	const count = typeof result.count === 'string' && result.count.trim() !== '' ? Number(result.count) : result.count;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw unexpectedAnswer(context, result.count, shape('a number of tasks in count'));
	const rows = result.taskList.map((task: unknown) => {
		const checked = expectObject(context, task, shape('a task object in taskList'));
		expectText(context, checked.taskId, shape('a taskId on every task'));
		return checked;
	});
	return { rows, count };
}

interface PageRequest {
	query: IDataObject;
	start: number;
	/** Rows to ask for, at most PAGE_SIZE. */
	limit: number;
}

async function readRows(context: ListContext, transport: VendorTransport, page: PageRequest, caller: ListCaller): Promise<{ rows: IDataObject[]; count: number }> {
	const body = { ...page.query, start: page.start, limit: page.limit };
	const answer = await transport.request({ method: 'POST', path: `${TASK_API_PATH}/list`, body, itemIndex: caller.itemIndex ?? 0, idempotent: true });
	const { rows, count } = readListAnswer(context, answer, caller);
	return { rows: rows.slice(0, page.limit), count };
}

/** The description of a failure that running again may cure. */
const READ_AGAIN =
	'The list moved while it was read, or AICC counts differently from what it lists. Nothing was output and nothing remembered: ' +
	'run again (a trigger reads the list again at its next poll). If it keeps happening, narrow the filters.';

/** Why a page of `listed` rows contradicts AICC's `count`: shorter than asked before the count is reached; else undefined. */
function shortPage(page: PageRequest, listed: number, count: number, pageNumber = 1): string | undefined {
	if (listed >= page.limit || page.start + listed >= count) return undefined;
	return `page ${pageNumber} (start ${page.start}) held ${listed} tasks, fewer than asked (${page.limit}), before the ${count} AICC counts`;
}

/**
 * One page on its own (a trigger's baseline and Fetch Test Event look at the list's ends): its matching
 * rows and AICC's count. A page that contradicts its count fails as it would in a whole read: an empty
 * page while AICC counts matches would have a baseline remember nothing.
 */
export async function readTaskPage(context: ListContext, transport: VendorTransport, page: PageRequest, caller: ListCaller): Promise<ListPage> {
	const asked = { ...page, limit: Math.min(PAGE_SIZE, page.limit) };
	const { rows, count } = await readRows(context, transport, asked, caller);
	const short = shortPage(asked, rows.length, count);
	if (short) throw failure(context, caller, short, READ_AGAIN);
	return { tasks: rows.filter((row) => rowMatches(row, page.query)), listed: rows.length, count };
}

export interface ListRead {
	/** The call's body without paging: creatorId and the filters. */
	query: IDataObject;
	/** How many matching tasks are wanted; Infinity for all of them. */
	limit: number;
	/** The most rows one read lists: more fails the read, before reading them where `count` says so. */
	most: number;
	/** What one read is, for the bound's error: "item", "poll". */
	per: string;
	/** What to do when more than `most` would be needed, for the error's description. */
	narrowDown: string;
}

/**
 * POST …/openapi/task/list, page by page until `limit` matching tasks are read or AICC's
 * `count` is reached, every page checked as the module's comment says.
 */
export async function readTaskList(context: ListContext, transport: VendorTransport, read: ListRead, caller: ListCaller): Promise<{ tasks: IDataObject[] }> {
	const fail = (message: string, description = READ_AGAIN) => failure(context, caller, message, description);
	const tasks: IDataObject[] = [];
	const seen = new Set<string>();
	let firstCount: number | undefined;
	let start = 0;
	for (let pageNumber = 1; tasks.length < read.limit; pageNumber++) {
		if (start >= read.most) throw fail(`stopped after ${read.most.toLocaleString('en-US')} tasks, the most one ${read.per} reads`, read.narrowDown);
		const asked = Math.min(PAGE_SIZE, read.limit - tasks.length);
		const { rows, count } = await readRows(context, transport, { query: read.query, start, limit: asked }, caller);
		if (firstCount === undefined) {
			firstCount = count;
			if (Math.min(read.limit, count) > read.most) {
				throw fail(`${count.toLocaleString('en-US')} tasks match, more than the ${read.most.toLocaleString('en-US')} one ${read.per} reads`, read.narrowDown);
			}
		} else if (count !== firstCount) {
			throw fail(`AICC's count changed from ${firstCount} to ${count} between pages`);
		}
		const short = shortPage({ query: read.query, start, limit: asked }, rows.length, count, pageNumber);
		if (short) throw fail(short);
		if (rows.length === 0) break;
		const repeated = rows.filter((row) => seen.has(String(row.taskId))).length;
		if (repeated === rows.length) {
			throw fail(
				`page ${pageNumber} (start ${start}) held no task that earlier pages had not, so AICC does not page this list`,
				`AICC answered the same tasks again instead of the next ones. ${read.narrowDown}`,
			);
		}
		if (repeated > 0) throw fail(`page ${pageNumber} (start ${start}) repeated ${repeated} tasks of earlier pages, so others were skipped`);
		for (const row of rows) seen.add(String(row.taskId));
		if (seen.size > count) throw fail(`AICC said ${count} tasks match but its pages held ${seen.size}`);
		start += rows.length;
		tasks.push(...rows.filter((row) => rowMatches(row, read.query)));
		if (start >= count) return { tasks };
	}
	return { tasks };
}
