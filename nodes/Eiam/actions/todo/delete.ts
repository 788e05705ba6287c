import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { todoIdField } from './fields';
import { locateTodo } from './locate';

export const description: INodeProperties[] = [todoIdField('delete')];

/** DELETE /api/v2/tenant/todo/task/{todo_id} (EIAM.md §7); EIAM answers with no body. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const { todoId } = await locateTodo(this, transport, itemIndex);
	await transport.request({ method: 'DELETE', path: todoPath(todoId), itemIndex, idempotent: true });
	return { deleted: true, todoId };
}
