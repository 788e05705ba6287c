import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { readTodoId, todoIdField } from './fields';

export const description: INodeProperties[] = [todoIdField('get')];

/** GET /api/v2/tenant/todo/task/{todo_id} (EIAM.md §5): the record as EIAM returns it. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const answer = await transport.request({ method: 'GET', path: todoPath(readTodoId(this, itemIndex)), itemIndex, idempotent: true });
	return expectObject(this, answer, { operation: 'EIAM Get', expected: 'a to-do object', itemIndex });
}
