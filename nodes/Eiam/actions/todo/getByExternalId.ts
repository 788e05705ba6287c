import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { checkId, checkPathSegment } from '../../../shared/validation';
import { TODO_PATH } from '../../transport';
import { externalIdField, LIMITS } from './fields';

export const description: INodeProperties[] = [externalIdField('getByExternalId')];

/** GET /api/v2/tenant/todo/task/sources/{external_id} (EIAM.md §6): the same record as Get. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const externalId = checkPathSegment(
		checkId(this.getNodeParameter('externalId', itemIndex, ''), { label: 'External ID', maxLength: LIMITS.externalId }),
		'External ID',
	);
	const path = `${TODO_PATH}/sources/${encodeURIComponent(externalId)}`;
	return (await transport.request({ method: 'GET', path, itemIndex })) as IDataObject;
}
