import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { probablyChanged, todoIdField } from './fields';
import { changedAnother, expectTodoId, locateTodo } from './locate';

export const description: INodeProperties[] = [todoIdField('markAsDone')];

/** PUT /api/v2/tenant/todo/task/{todo_id}/todoStatus with `{"deal": true}` (docs/eiam-api.md#mark-as-done-put-todotasktodo_idtodostatus). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const { todoId } = await locateTodo(this, transport, itemIndex);
	const answer = await transport.request({ method: 'PUT', path: `${todoPath(todoId)}/todoStatus`, body: { deal: true }, itemIndex, idempotent: true });
	const operation = 'EIAM Mark as Done';
	const response = expectObject(this, answer, { operation, expected: 'an object with todo_id', itemIndex, advice: probablyChanged(todoId) });
	expectTodoId(this, response.todo_id, todoId, { operation, itemIndex, advice: changedAnother(todoId) });
	return { todoId, deal: true };
}
