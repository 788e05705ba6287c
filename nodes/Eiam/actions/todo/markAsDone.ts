import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { todoIdField } from './fields';
import { locateTodo } from './locate';

export const description: INodeProperties[] = [todoIdField('markAsDone')];

/** PUT /api/v2/tenant/todo/task/{todo_id}/todoStatus with `{"deal": true}` (EIAM.md §8). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const { todoId } = await locateTodo(this, transport, itemIndex);
	const response = (await transport.request({ method: 'PUT', path: `${todoPath(todoId)}/todoStatus`, body: { deal: true }, itemIndex, idempotent: true })) as IDataObject;
	return { todoId: response?.todo_id ?? todoId, deal: true };
}
