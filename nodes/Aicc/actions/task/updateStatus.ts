import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { checkOption } from '../../../shared/validation';
import { TASK_API_PATH } from '../../transport';
import { optionsOf, readId, shownFor, STATUSES, taskIdField, userIdField } from './fields';
import { expectSameTask } from './sameTask';

export const description: INodeProperties[] = [
	taskIdField('updateStatus'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		options: optionsOf(STATUSES),
		default: 'Processing',
		description: 'AICC lets any status follow any other',
		displayOptions: shownFor('updateStatus'),
	},
	userIdField('creatorId', 'updateStatus', 'ID of the handler AICC records as changing the status, at most 20 bytes'),
];

/** POST …/openapi/task/status/update with `{"id", "status", "creatorId"}` (docs/aicc-api.md#update-the-status-post-taskstatusupdate). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = {
		id: readId(this, 'taskId', itemIndex),
		status: checkOption(this.getNodeParameter('status', itemIndex, ''), 'Status', STATUSES, true),
		creatorId: readId(this, 'creatorId', itemIndex),
	};
	const answer = await transport.request({ method: 'POST', path: `${TASK_API_PATH}/status/update`, body, itemIndex, idempotent: true });
	expectSameTask(this, answer, body.id, { operation: 'AICC Update Status', itemIndex, wrote: true });
	return { taskId: body.id, status: body.status };
}
