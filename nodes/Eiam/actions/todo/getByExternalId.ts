import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { externalIdPath } from '../../transport';
import { externalIdField, readExternalId, shownFor } from './fields';
import { expectExternalId } from './locate';
import { simplifyTodo } from './simplify';

export const description: INodeProperties[] = [externalIdField('getByExternalId'), simplifyField(shownFor('getByExternalId').show)];

/**
 * GET /api/v2/tenant/todo/task/sources/{external_id} (EIAM.md §6): the same record as Get. The External
 * ID is sent as given, not trimmed: Create stores it so, and a trimmed one would not find it.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const externalId = readExternalId(this.getNodeParameter('externalId', itemIndex, ''));
	const answer = await transport.request({ method: 'GET', path: externalIdPath(externalId), itemIndex, idempotent: true });
	const todo = expectObject(this, answer, { operation: 'EIAM Get by External ID', expected: 'a to-do object', itemIndex });
	expectExternalId(this, todo, externalId, itemIndex);
	return readSimplify(this, itemIndex) ? simplifyTodo(todo) : todo;
}
