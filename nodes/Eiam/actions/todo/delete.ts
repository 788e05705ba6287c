import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { unexpectedAnswer } from '../../../shared/answers';
import { isJsonObject } from '../../../shared/auth';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { probablyChanged, readTodoId, todoIdField } from './fields';

export const description: INodeProperties[] = [todoIdField('delete')];

/** DELETE /api/v2/tenant/todo/task/{todo_id} (EIAM.md §7); EIAM answers with no body. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const todoId = readTodoId(this, itemIndex);
	const answer = await transport.request({ method: 'DELETE', path: todoPath(todoId), itemIndex, idempotent: true });
	// No body is documented; an object is taken too, as gateways may add one.
	if (answer !== undefined && answer !== '' && !isJsonObject(answer)) {
		throw unexpectedAnswer(this, answer, { operation: 'EIAM Delete', expected: 'no body', itemIndex, advice: probablyChanged(todoId) });
	}
	return { deleted: true, todoId };
}
