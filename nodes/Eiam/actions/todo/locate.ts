import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { expectSameRecord, type AnswerContext } from '../../../shared/answers';
import { itemError } from '../../../shared/failures';
import { quoteText } from '../../../shared/text';
import type { VendorTransport } from '../../../shared/transport';
import { foundTodoId, lookUpByExternalId } from '../../lookup';
import { readTodoLocator } from './fields';

/**
 * EIAM does not document its ID format; every example and the emulator's IDs have this shape
 * (docs/eiam-api.md#conventions). Only IDs of this shape are quoted when an answer names another to-do: other text
 * may echo the request.
 */
const TODO_ID_SHAPE = /^\d{17}-[0-9A-F]{4}-[0-9A-F]{9}$/i;

/** After a write: EIAM answered success naming another to-do, so it may have written to either. */
export function changedAnother(todoId: string): (other: string | undefined) => string {
	return (other) =>
		`EIAM answered success about another to-do${other ? ` (To-Do ID ${other})` : ''}: it may have changed that one instead of To-Do ID ${quoteText(todoId)}, or neither. Check both with To-Do → Get before running this item again.`;
}

/** The answer's to-do ID (`field`: id, or todo_id in write answers), where it gives one, must be the one asked for. */
export function expectTodoId(
	context: AnswerContext,
	answered: unknown,
	todoId: string,
	where: { operation: string; itemIndex: number; field?: string; advice?: (other: string | undefined) => string },
): void {
	expectSameRecord(context, answered, { vendor: 'EIAM', record: 'to-do', field: where.field ?? 'id', asked: todoId, idShape: TODO_ID_SHAPE, ...where });
}

/** The to-do an item acts on: its ID, and its record when finding the ID meant reading it. */
export interface LocatedTodo {
	todoId: string;
	record?: IDataObject;
}

/**
 * Resolves the To-Do locator. By ID needs no request; By External ID reads the to-do through Get by External ID
 * (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id) and acts on the ID it holds, once the
 * answer is known to be about that External ID. Both values are checked before anything is sent.
 */
export async function locateTodo(context: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<LocatedTodo> {
	const { mode, value } = readTodoLocator(context, itemIndex);
	if (mode === 'id') return { todoId: value };
	const found = await lookUpByExternalId(context, transport, value, itemIndex);
	if ('missing' in found) throw itemError(context.getNode(), `No to-do has External ID "${value}"`, itemIndex, found.missing.description ?? undefined);
	return { todoId: foundTodoId(context, found.todo, value, itemIndex), record: found.todo };
}
