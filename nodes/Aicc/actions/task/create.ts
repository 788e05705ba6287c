import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject, expectText } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { checkRequiredText } from '../../../shared/validation';
import { TASK_API_PATH } from '../../transport';
import { readId, readTaskDetails, RULES, shownFor, taskDetailOptions, titleField, userIdField } from './fields';

export const description: INodeProperties[] = [
	titleField('create'),
	userIdField('ownerId', 'create'),
	userIdField('creatorId', 'create', 'ID of the user recorded as the creator, at most 20 bytes'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('create'),
		options: taskDetailOptions,
	},
];

/** POST …/openapi/task with `{"taskInfo": {...}}` holding only the fields the user set (docs/aicc-api.md#create-a-task-post-task). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const taskInfo = {
		title: checkRequiredText(this.getNodeParameter('title', itemIndex, ''), RULES.title),
		ownerId: readId(this, 'ownerId', itemIndex),
		creatorId: readId(this, 'creatorId', itemIndex),
		...readTaskDetails(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject, this.getTimezone()),
	};
	const response = (await transport.request({
		method: 'POST',
		path: TASK_API_PATH,
		body: { taskInfo },
		itemIndex,
		// AICC has no key of the caller's to look the task up by, so a lost answer is left for the user to check.
		idempotent: false,
		uncertainAdvice: `The task may have been created. ${LOOK_BEFORE_RERUN}`,
	})) as { result?: unknown };
	// AICC answered resCode "0", so it created the task even when the answer does not say which.
	const advice = `AICC answered success, so the task was probably created. ${LOOK_BEFORE_RERUN}`;
	const result = expectObject(this, response.result, { operation: 'AICC Create', expected: "a result holding the new task's taskId", itemIndex, advice });
	return { taskId: expectText(this, result.taskId, { operation: 'AICC Create', expected: "the new task's taskId", itemIndex, advice }) };
}

const LOOK_BEFORE_RERUN =
	'Before running this item again, look for it with Task → Get Many (Title Contains and Created After) so that it is not created twice.';
