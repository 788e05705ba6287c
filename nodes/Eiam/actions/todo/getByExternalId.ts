import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { checkPathSegment, checkRequiredText } from '../../../shared/validation';
import { externalIdPath } from '../../transport';
import { externalIdField, LIMITS } from './fields';

export const description: INodeProperties[] = [externalIdField('getByExternalId')];

/**
 * GET /api/v2/tenant/todo/task/sources/{external_id} (EIAM.md §6): the same record as Get. The External
 * ID is sent as given, not trimmed: Create stores it so, and a trimmed one would not find it.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const externalId = checkPathSegment(
		checkRequiredText(this.getNodeParameter('externalId', itemIndex, ''), { label: 'External ID', maxLength: LIMITS.externalId }),
		'External ID',
	);
	const answer = await transport.request({ method: 'GET', path: externalIdPath(externalId), itemIndex, idempotent: true });
	return expectObject(this, answer, { operation: 'EIAM Get by External ID', expected: 'a to-do object', itemIndex });
}
