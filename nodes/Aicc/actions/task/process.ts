import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { checkRequiredText, checkText } from '../../../shared/validation';
import { TASK_API_PATH } from '../../transport';
import { attachmentOption, descriptionField, readId, RULES, shownFor, taskIdField, titleField, userIdField } from './fields';
import { expectSameTask } from './sameTask';

/** The only documented handling type, spelled so (sic) on every page (docs/aicc-api.md#process-a-task-post-taskprocess). */
const HANDLING_TYPE = 'Iternal';

export const description: INodeProperties[] = [
	taskIdField('process'),
	userIdField('creatorId', 'process', 'ID of the handler who processes the task, at most 20 bytes'),
	{ ...titleField('process'), description: 'Title of this handling step, at most 128 bytes' },
	descriptionField('process', 'What was done, at most 20,000 bytes'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('process'),
		options: [{ ...attachmentOption, description: 'Attachment reference, at most 255 bytes (AICC allows up to 5 files, 5 MB in all)' }],
	},
];

/** POST …/openapi/task/process with `{"taskId", "creatorId", "processInfo": {"type": "Iternal", …}}` (docs/aicc-api.md#process-a-task-post-taskprocess). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const taskId = readId(this, 'taskId', itemIndex);
	const attachment = checkText((this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject).attachment, RULES.attachment);
	const body = {
		taskId,
		creatorId: readId(this, 'creatorId', itemIndex),
		processInfo: {
			type: HANDLING_TYPE,
			title: checkRequiredText(this.getNodeParameter('title', itemIndex, ''), RULES.title),
			description: checkRequiredText(this.getNodeParameter('description', itemIndex, ''), RULES.description),
			...(attachment !== undefined ? { attachment } : {}),
		},
	};
	const answer = await transport.request({
		method: 'POST',
		path: `${TASK_API_PATH}/process`,
		body,
		itemIndex,
		idempotent: false,
		uncertainAdvice: 'The processing record may have been added. Check the task in AICC before running this item again, so that it is not added twice.',
	});
	expectSameTask(this, answer, taskId, { operation: 'AICC Process', itemIndex, wrote: true });
	return { taskId, processed: true };
}
