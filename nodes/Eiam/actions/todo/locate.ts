import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { VendorApiError, type VendorTransport } from '../../../shared/transport';
import { externalIdPath } from '../../transport';
import { readTodoLocator } from './fields';

/** The to-do an item acts on: its ID, and its record when finding the ID meant reading it. */
export interface LocatedTodo {
	todoId: string;
	record?: IDataObject;
}

/**
 * Resolves the To-Do locator. By ID needs no request; By External ID reads the to-do through Get by
 * External ID (EIAM.md §6) and acts on the ID it holds. Both values are checked before anything is sent.
 */
export async function locateTodo(context: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<LocatedTodo> {
	const { mode, value } = readTodoLocator(context, itemIndex);
	if (mode === 'id') return { todoId: value };
	const record = (await transport.request({ method: 'GET', path: externalIdPath(value), itemIndex, idempotent: true }).catch((error: unknown) => {
		if (error instanceof VendorApiError && error.vendorCode === 'TODOTASK.0001') {
			throw new NodeOperationError(context.getNode(), `No to-do has External ID "${value}" (item ${itemIndex})`, {
				itemIndex,
				description: error.description ?? undefined,
			});
		}
		throw error;
	})) as IDataObject;
	if (typeof record?.id !== 'string' || record.id === '') {
		throw new NodeOperationError(context.getNode(), `EIAM's to-do for External ID "${value}" has no ID to act on (item ${itemIndex})`, { itemIndex });
	}
	return { todoId: record.id, record };
}
