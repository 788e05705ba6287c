import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { checkOption, checkId, checkRequiredText, checkUrl } from '../../../shared/validation';

export type TodoOperation = 'create' | 'update' | 'get';

export const MESSAGE_TYPES = ['TEXT', 'MARKDOWN'] as const;

/** Documented limits (EIAM.md §3); EIAM does not say whether they count bytes or characters, so we count characters. */
export const LIMITS = { title: 100, content: 1024, externalId: 255 } as const;

function shownFor(operation: TodoOperation) {
	return { show: { resource: ['todo'], operation: [operation] } };
}

export function todoIdField(operation: TodoOperation): INodeProperties {
	return {
		displayName: 'To-Do ID',
		name: 'todoId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '20220809162630548-9D52-E085BA68A',
		description: 'The ID EIAM returned when the to-do was created (todoId in the Create output)',
		displayOptions: shownFor(operation),
	};
}

/** The body fields Create and Update share (EIAM.md §3, §4): defined once, shown for either operation. */
export function todoBodyFields(operation: 'create' | 'update'): INodeProperties[] {
	const displayOptions = shownFor(operation);
	return [
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			required: true,
			default: '',
			description: `Title of the to-do, at most ${LIMITS.title} characters`,
			displayOptions,
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: `Body of the to-do, at most ${LIMITS.content} characters; plain text or Markdown as Message Type says`,
			displayOptions,
		},
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			options: [
				{ name: 'Text', value: 'TEXT', description: 'Content is shown as plain text' },
				{ name: 'Markdown', value: 'MARKDOWN', description: 'Content is rendered as Markdown' },
			],
			default: 'TEXT',
			description: 'How EIAM renders the content',
			displayOptions,
		},
		{
			displayName: 'Deadline',
			name: 'deadline',
			type: 'dateTime',
			required: true,
			default: '',
			description: "When the to-do is due; sent as yyyy-MM-dd HH:mm:ss in the workflow's time zone",
			displayOptions,
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			required: true,
			default: '',
			description:
				operation === 'create'
					? `Your system's ID for this to-do, unique in EIAM, at most ${LIMITS.externalId} characters`
					: 'The External ID the to-do was created with; EIAM does not allow changing it',
			displayOptions,
		},
		{
			displayName: 'Web URL',
			name: 'webUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://example.com/tickets/42',
			description: 'Page the to-do opens on a computer',
			displayOptions,
		},
		{
			displayName: 'Mobile URL',
			name: 'mobileUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://m.example.com/tickets/42',
			description: 'Page the to-do opens on a phone',
			displayOptions,
		},
	];
}

export interface TodoBody extends IDataObject {
	title: string;
	content: string;
	message_type: (typeof MESSAGE_TYPES)[number];
	ending_at: string;
	external_id: string;
	detail_url: { web_url: string; mobile_url: string };
}

/** Reads and checks the shared body fields of item `itemIndex`, in EIAM's wire names. */
export function readTodoBody(context: IExecuteFunctions, itemIndex: number): TodoBody {
	const parameter = (name: string) => context.getNodeParameter(name, itemIndex, '');
	return {
		title: checkRequiredText(parameter('title'), { label: 'Title', maxLength: LIMITS.title }),
		content: checkRequiredText(parameter('content'), { label: 'Content', maxLength: LIMITS.content }),
		message_type: checkOption(parameter('messageType'), 'Message Type', MESSAGE_TYPES, true) as TodoBody['message_type'],
		ending_at: toVendorDateTime(parameter('deadline'), 'Deadline', context.getTimezone(), true) as string,
		external_id: checkRequiredText(parameter('externalId'), { label: 'External ID', maxLength: LIMITS.externalId }),
		detail_url: {
			web_url: checkUrl(parameter('webUrl'), { label: 'Web URL' }),
			mobile_url: checkUrl(parameter('mobileUrl'), { label: 'Mobile URL' }),
		},
	};
}

export function readTodoId(context: IExecuteFunctions, itemIndex: number): string {
	return checkId(context.getNodeParameter('todoId', itemIndex, ''), { label: 'To-Do ID' });
}
