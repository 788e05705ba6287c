import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { unexpectedAnswer } from '../../../shared/answers';
import { isJsonObject } from '../../../shared/body';
import type { VendorTransport } from '../../../shared/transport';
import { hasVendorCode } from '../../lookup';
import { todoPath } from '../../transport';
import { probablyChanged, todoIdField } from './fields';
import { changedAnother, expectTodoId, locateTodo } from './locate';

export const description: INodeProperties[] = [todoIdField('delete')];

/**
 * DELETE /api/v2/tenant/todo/task/{todo_id} (docs/eiam-api.md#delete-a-to-do-delete-todotasktodo_id); EIAM answers
 * with no body. A delete is repeated after a lost answer, so "not found" on the repeat means the lost attempt
 * deleted the to-do: a success.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const { todoId } = await locateTodo(this, transport, itemIndex);
	const outcome = await transport.request({ method: 'DELETE', path: todoPath(todoId), itemIndex, idempotent: true }).then(
		(answer) => ({ answer }),
		(error: unknown) => {
			if (hasVendorCode(error, 'TODOTASK.0001') && error.lostAnswer) return { goneBefore: error.lostAnswer };
			throw error;
		},
	);
	if ('goneBefore' in outcome) {
		const recovery = `EIAM's answer was lost (${outcome.goneBefore}); when the delete was repeated the to-do was already gone, so the first attempt deleted it`;
		return { deleted: true, todoId, alreadyGone: true, recovery };
	}
	// No body is documented; an object is taken too, as gateways may add one, unless it names another to-do.
	const { answer } = outcome;
	if (answer !== undefined && answer !== '' && !isJsonObject(answer)) {
		throw unexpectedAnswer(this, answer, { operation: 'EIAM Delete', expected: 'no body', itemIndex, advice: probablyChanged(todoId) });
	}
	if (isJsonObject(answer)) expectTodoId(this, answer.todo_id ?? answer.id, todoId, { operation: 'EIAM Delete', itemIndex, advice: changedAnother(todoId) });
	return { deleted: true, todoId };
}
