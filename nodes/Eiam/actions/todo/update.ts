import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { readTodoBody, readTodoId, todoBodyFields, todoIdField } from './fields';

export const description: INodeProperties[] = [todoIdField('update'), ...todoBodyFields('update')];

/**
 * PUT /api/v2/tenant/todo/task/{todo_id} (EIAM.md §4). The page's table says the answer holds
 * `todo_id`, its example shows `{"code":"0","data":true}`: both are taken as success.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const todoId = readTodoId(this, itemIndex);
	const body = readTodoBody(this, itemIndex);
	const response = (await transport.request({ method: 'PUT', path: todoPath(todoId), body, itemIndex })) as IDataObject;
	return { todoId: response?.todo_id ?? todoId, updated: true };
}
