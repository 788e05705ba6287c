import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { shownFor, todoIdField } from './fields';
import { expectTodoId, locateTodo } from './locate';
import { simplifyTodo } from './simplify';

export const description: INodeProperties[] = [todoIdField('get'), simplifyField(shownFor('get').show)];

/** GET of one to-do by its ID: an object about that to-do (its id, where it gives one, is the one asked for). */
export async function readTodo(context: IExecuteFunctions, transport: VendorTransport, todoId: string, operation: string, itemIndex: number): Promise<IDataObject> {
	const answer = await transport.request({ method: 'GET', path: todoPath(todoId), itemIndex, idempotent: true });
	const todo = expectObject(context, answer, { operation, expected: 'a to-do object', itemIndex });
	expectTodoId(context, todo.id, todoId, { operation, itemIndex });
	return todo;
}

/** GET /api/v2/tenant/todo/task/{todo_id} (docs/eiam-api.md#get-a-to-do-get-todotasktodo_id): the record as EIAM returns it, or with Simplify its fields a workflow uses. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	// By External ID the look-up has read the to-do already (and checked it is that External ID's).
	const { todoId, record } = await locateTodo(this, transport, itemIndex);
	const todo = record ?? (await readTodo(this, transport, todoId, 'EIAM Get', itemIndex));
	return readSimplify(this, itemIndex) ? simplifyTodo(todo) : todo;
}
