import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { TASK_API_PATH } from '../../transport';
import { readId, taskIdField, userIdField } from './fields';
import { expectSameTask } from './sameTask';

export const description: INodeProperties[] = [
	taskIdField('transfer'),
	userIdField('ownerId', 'transfer', 'ID of the user who takes the task over, at most 20 bytes'),
	userIdField('creatorId', 'transfer', 'ID of the user AICC records as making the transfer, at most 20 bytes'),
];

/** POST …/openapi/task/transfer with `{"id", "ownerId", "creatorId"}` (docs/aicc-api.md#transfer-assign-a-task-post-tasktransfer). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = {
		id: readId(this, 'taskId', itemIndex),
		ownerId: readId(this, 'ownerId', itemIndex),
		creatorId: readId(this, 'creatorId', itemIndex),
	};
	const answer = await transport.request({
		method: 'POST',
		path: `${TASK_API_PATH}/transfer`,
		body,
		itemIndex,
		idempotent: false,
		uncertainAdvice: 'The task may have been transferred. Check its owner with Task → Get before running this item again.',
	});
	expectSameTask(this, answer, body.id, { operation: 'AICC Transfer', itemIndex, wrote: true });
	return { taskId: body.id, ownerId: body.ownerId, transferred: true };
}
