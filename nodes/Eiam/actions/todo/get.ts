import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { shownFor, todoIdField } from './fields';
import { locateTodo } from './locate';
import { simplifyTodo } from './simplify';

export const description: INodeProperties[] = [todoIdField('get'), simplifyField(shownFor('get').show)];

/** GET /api/v2/tenant/todo/task/{todo_id} (EIAM.md §5): the record as EIAM returns it, or with Simplify its fields a workflow uses. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	// By External ID the look-up has read the to-do already.
	const { todoId, record } = await locateTodo(this, transport, itemIndex);
	const todo = record ?? expectObject(this, await transport.request({ method: 'GET', path: todoPath(todoId), itemIndex, idempotent: true }), { operation: 'EIAM Get', expected: 'a to-do object', itemIndex });
	return readSimplify(this, itemIndex) ? simplifyTodo(todo) : todo;
}
