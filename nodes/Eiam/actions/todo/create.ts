import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { checkRequiredText } from '../../../shared/validation';
import { TODO_PATH } from '../../transport';
import { parameterSource, readTodoBody, shownFor, todoBodyFields } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'zhangsan',
		description: 'User name (login name) of the EIAM user who gets the to-do',
		displayOptions: shownFor('create'),
	},
	...todoBodyFields('create'),
];

/** POST /api/v2/tenant/todo/task (EIAM.md §3). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = {
		...readTodoBody(parameterSource(this, itemIndex), this.getTimezone()),
		user_name: checkRequiredText(this.getNodeParameter('userName', itemIndex, ''), { label: 'User Name' }).trim(),
	};
	const response = (await transport.request({ method: 'POST', path: TODO_PATH, body, itemIndex })) as IDataObject;
	return { todoId: response.todo_id };
}
