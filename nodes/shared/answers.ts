/**
 * Checks of what a vendor answered with HTTP 200 against the shape its pages document. n8n fans an array
 * out into items whose json is not an object, and stops the whole execution on a null; an answer of
 * another shape is an item error instead, naming the operation and what arrived. So is an answer about
 * another record than the one asked for.
 */
import type { IDataObject, IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { isJsonObject } from './body';
import { itemError } from './failures';
import { characterCount, quoteText } from './text';

/** Where an answer is checked (a node's item, a trigger's poll, the picker, the approval page): only the node is used, for the error. */
export type AnswerContext = Pick<IExecuteFunctions, 'getNode'>;

/**
 * What arrived, as a message shows it: null, an array, the number 1, a text of 3 characters, nothing.
 * A text is not quoted: it is vendor text, which may echo the request's token.
 */
export function describeAnswer(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined || value === '') return 'nothing';
	if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
	if (typeof value === 'string') return `a text of ${value.length} characters`;
	if (typeof value === 'object') return 'an object';
	return `the ${typeof value} ${String(value)}`;
}

export interface AnswerShape {
	/** Vendor and operation as the user knows them, e.g. "AICC Get". */
	operation: string;
	/** What the vendor's pages document, e.g. "a task object". */
	expected: string;
	/** The item the answer was for; a trigger's poll has none, and its errors name none. */
	itemIndex?: number;
	/** What the user should do; for a write, that the vendor probably acted (it answered 200). */
	advice?: string;
}

const DEFAULT_ADVICE = "The credential's Domain may point at something other than the vendor's API, or the vendor changed its answer.";

export function unexpectedAnswer(context: AnswerContext, value: unknown, shape: AnswerShape): NodeOperationError {
	const { operation, expected, itemIndex } = shape;
	return itemError(context.getNode(), `${operation} answered with ${describeAnswer(value)} instead of ${expected}`, itemIndex, shape.advice ?? DEFAULT_ADVICE);
}

/** The answer when it is a JSON object, otherwise an item error. */
export function expectObject(context: AnswerContext, value: unknown, shape: AnswerShape): IDataObject {
	if (isJsonObject(value)) return value as IDataObject;
	throw unexpectedAnswer(context, value, shape);
}

/** A text field of an answer that must be there, e.g. a create's new ID. */
export function expectText(context: AnswerContext, value: unknown, shape: AnswerShape): string {
	if (typeof value === 'string' && value !== '') return value;
	throw unexpectedAnswer(context, value, shape);
}

/** How an answer names its record, and the record the item asked about. */
export interface RecordCheck {
	vendor: 'AICC' | 'EIAM';
	/** Vendor and operation as the user knows them, e.g. "EIAM Get". */
	operation: string;
	/** What the vendor calls a record, e.g. "to-do". */
	record: string;
	/** The answer's field as a message names it, e.g. "id", "taskInfo.id", "External ID". */
	field: string;
	asked: string;
	itemIndex: number;
	/**
	 * IDs of this shape are quoted; any other text is vendor text that may echo the request (its token),
	 * and is shown by its size only.
	 */
	idShape?: RegExp;
	/** What to do, given the other record's ID when it may be quoted; without it, that nothing was written. */
	advice?: (other: string | undefined) => string;
}

/**
 * Checks that an answer is about the record asked for, where it names one (a field left out, null or
 * empty names none). Compared exactly, case included: a gateway that caches or routes by a
 * case-insensitive key answers about another record.
 */
export function expectSameRecord(context: AnswerContext, answered: unknown, check: RecordCheck): void {
	if (answered === undefined || answered === null || answered === '') return;
	const text = typeof answered === 'string' || typeof answered === 'number' ? String(answered) : undefined;
	if (text === check.asked) return;
	const caseOnly = text !== undefined && text.toLowerCase() === check.asked.toLowerCase();
	const quotable = text !== undefined && (caseOnly || (check.idShape?.test(text) ?? false));
	const other = quotable ? quoteText(text) : undefined;
	const shown = other !== undefined ? `${check.field} ${other}` : `another ${check.field} (${text !== undefined ? `${characterCount(text).toLocaleString('en-US')} characters` : describeAnswer(answered)})`;
	const { operation, record, itemIndex, vendor } = check;
	const advice =
		check.advice?.(other) ??
		`A gateway or cache between n8n and ${vendor} may have answered for another request; nothing was written. Run the item again; if it happens again, check the credential's Domain and any proxy in front of ${vendor}.`;
	throw itemError(context.getNode(), `${operation} answered about another ${record}: ${shown} instead of ${quoteText(check.asked)}${caseOnly ? ' (the case differs)' : ''}`, itemIndex, advice);
}
