import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { FieldError } from '../../../shared/validation';
import { TASK_API_PATH } from '../../transport';
import { readId, readTaskDetails, shownFor, taskIdField, taskUpdateOptions } from './fields';
import { expectSameTask } from './sameTask';

export const description: INodeProperties[] = [
	taskIdField('update'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('update'),
		options: taskUpdateOptions,
	},
];

/** POST …/openapi/task/modify with `{"taskInfo": {"id", …changes}}` (docs/aicc-api.md#update-a-task-post-taskmodify); the owner changes through Transfer. */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const id = readId(this, 'taskId', itemIndex);
	const changes = readTaskDetails(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, this.getTimezone());
	if (Object.keys(changes).length === 0) {
		throw new FieldError('Update Fields is empty: add at least one field to change');
	}
	const answer = await transport.request({ method: 'POST', path: `${TASK_API_PATH}/modify`, body: { taskInfo: { id, ...changes } }, itemIndex, idempotent: true });
	expectSameTask(this, answer, id, { operation: 'AICC Update', itemIndex, wrote: true });
	return { taskId: id, updated: true };
}
