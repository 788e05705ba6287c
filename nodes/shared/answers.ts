/**
 * Checks of what a vendor answered with HTTP 200 against the shape its pages document. n8n fans an array
 * out into items whose json is not an object, and stops the whole execution on a null; an answer of
 * another shape is an item error instead, naming the operation and what arrived.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isJsonObject } from './auth';

/** Where an answer is checked: a node's item or a trigger's poll; only the node is used, for the error. */
type AnswerContext = Pick<IExecuteFunctions, 'getNode'>;

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
	const item = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
	return new NodeOperationError(context.getNode(), `${operation} answered with ${describeAnswer(value)} instead of ${expected}${item}`, {
		...(itemIndex === undefined ? {} : { itemIndex }),
		description: shape.advice ?? DEFAULT_ADVICE,
	});
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
