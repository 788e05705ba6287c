import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { lookUpByExternalId } from '../../lookup';
import { externalIdField, readExternalId, shownFor } from './fields';
import { simplifyTodo } from './simplify';

export const description: INodeProperties[] = [externalIdField('getByExternalId'), simplifyField(shownFor('getByExternalId').show)];

/**
 * GET /api/v2/tenant/todo/task/sources/{external_id}
 * (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id): the same record as Get. The External ID is
 * sent as given, not trimmed: Create stores it so, and a trimmed one would not find it.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const externalId = readExternalId(this.getNodeParameter('externalId', itemIndex, ''));
	const found = await lookUpByExternalId(this, transport, externalId, itemIndex);
	if ('missing' in found) throw found.missing;
	return readSimplify(this, itemIndex) ? simplifyTodo(found.todo) : found.todo;
}
