/**
 * The one EIAM look-up by External ID (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id), for
 * Create (settling a lost answer), Create or Update, Get by External ID, and every operation whose To-Do locator
 * is By External ID.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectObject, expectSameRecord, type AnswerContext } from '../shared/answers';
import { itemError } from '../shared/failures';
import { VendorApiError, type VendorTransport } from '../shared/transport';
import { externalIdPath } from './transport';

/** The to-do EIAM holds under the External ID, or EIAM's refusal saying it holds none (TODOTASK.0001, as 400 or 402). */
export type LookUp = { todo: IDataObject } | { missing: VendorApiError };

export function hasVendorCode(error: unknown, code: string): error is VendorApiError {
	return error instanceof VendorApiError && error.vendorCode === code;
}

/** A to-do read by External ID must hold that External ID, compared exactly (case included), where it holds one. */
export function expectExternalId(context: AnswerContext, record: IDataObject, externalId: string, itemIndex: number): void {
	expectSameRecord(context, record.external_id, { vendor: 'EIAM', operation: 'EIAM Get by External ID', record: 'to-do', field: 'External ID', asked: externalId, itemIndex });
}

/** The ID of the to-do found under the External ID, which the item acts on: an item error when the record holds none. */
export function foundTodoId(context: AnswerContext, record: IDataObject, externalId: string, itemIndex: number): string {
	if (typeof record.id === 'string' && record.id !== '') return record.id;
	throw itemError(context.getNode(), `EIAM's to-do for External ID "${externalId}" has no ID to act on`, itemIndex);
}

/**
 * GET /api/v2/tenant/todo/task/sources/{external_id}, the External ID sent as given (Create stores it so).
 * An answer that is not a to-do, or that is about another External ID, is an item error: acting on it
 * would settle, update or delete the wrong to-do.
 */
export async function lookUpByExternalId(context: AnswerContext, transport: VendorTransport, externalId: string, itemIndex: number): Promise<LookUp> {
	const answer = await transport.request({ method: 'GET', path: externalIdPath(externalId), itemIndex, idempotent: true }).then(
		(body) => ({ body }),
		(error: unknown) => {
			if (hasVendorCode(error, 'TODOTASK.0001')) return { missing: error };
			throw error;
		},
	);
	if ('missing' in answer) return answer;
	const todo = expectObject(context, answer.body, { operation: 'EIAM Get by External ID', expected: 'a to-do object', itemIndex });
	expectExternalId(context, todo, externalId, itemIndex);
	return { todo };
}

/** The to-do under the External ID, or undefined when EIAM holds none. */
export async function findByExternalId(context: AnswerContext, transport: VendorTransport, externalId: string, itemIndex: number): Promise<IDataObject | undefined> {
	const found = await lookUpByExternalId(context, transport, externalId, itemIndex);
	return 'todo' in found ? found.todo : undefined;
}
