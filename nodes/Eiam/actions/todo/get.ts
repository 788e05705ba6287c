import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { readTodoId, shownFor, todoIdField } from './fields';
import { simplifyTodo } from './simplify';

export const description: INodeProperties[] = [todoIdField('get'), simplifyField(shownFor('get').show)];

/** GET /api/v2/tenant/todo/task/{todo_id} (EIAM.md §5): the record as EIAM returns it, or with Simplify its fields a workflow uses. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const todo = (await transport.request({ method: 'GET', path: todoPath(readTodoId(this, itemIndex)), itemIndex, idempotent: true })) as IDataObject;
	return readSimplify(this, itemIndex) ? simplifyTodo(todo) : todo;
}
