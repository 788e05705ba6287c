import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { checkId, checkOption, checkPathSegment, checkRequiredText, checkUrl } from '../../../shared/validation';

export type TodoOperation = 'create' | 'update' | 'get' | 'getByExternalId' | 'delete' | 'markAsDone';

export const MESSAGE_TYPES = ['TEXT', 'MARKDOWN'] as const;

/** Documented limits (EIAM.md §3); EIAM does not say whether they count bytes or characters, so we count characters. */
export const LIMITS = { title: 100, content: 1024, externalId: 255 } as const;

export function shownFor(operation: TodoOperation, extra: Record<string, string[]> = {}) {
	return { show: { resource: ['todo'], operation: [operation], ...extra } };
}

export function todoIdField(operation: TodoOperation): INodeProperties {
	return {
		displayName: 'To-Do ID',
		name: 'todoId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 20220809162630548-9D52-E085BA68A',
		description: 'The ID EIAM returned when the to-do was created (todoId in the Create output)',
		displayOptions: shownFor(operation),
	};
}

const externalIdDefinition: INodeProperties = {
	displayName: 'External ID',
	name: 'externalId',
	type: 'string',
	default: '',
	description: `Your system's ID for this to-do, unique in EIAM, at most ${LIMITS.externalId} characters`,
};

/** The to-do body fields (EIAM.md §3, §4), each defined once; Create, Update and Update Fields use them. */
const bodyFieldDefinitions: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: `Title of the to-do, at most ${LIMITS.title} characters`,
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: `Body of the to-do, at most ${LIMITS.content} characters; plain text or Markdown as Message Type says`,
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
	},
	{
		displayName: 'Deadline',
		name: 'deadline',
		type: 'dateTime',
		default: '',
		description: "When the to-do is due; sent as yyyy-MM-dd HH:mm:ss in the workflow's time zone",
	},
	externalIdDefinition,
	{
		displayName: 'Web URL',
		name: 'webUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/tickets/42',
		description: 'Page the to-do opens on a computer',
	},
	{
		displayName: 'Mobile URL',
		name: 'mobileUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://m.example.com/tickets/42',
		description: 'Page the to-do opens on a phone',
	},
];

/** Every body field as a required parameter, for Create and for Update in its "all fields" shape. */
export function todoBodyFields(operation: 'create' | 'update', extraShow: Record<string, string[]> = {}): INodeProperties[] {
	const externalIdOnUpdate = 'The External ID the to-do was created with; EIAM does not allow changing it';
	return bodyFieldDefinitions.map((field) => ({
		...field,
		required: true,
		displayOptions: shownFor(operation, extraShow),
		...(operation === 'update' && field.name === 'externalId' ? { description: externalIdOnUpdate } : {}),
	}));
}

/** The body fields a partial update may change, as collection options (EIAM does not allow changing the External ID). */
export const todoChangeOptions: INodeProperties[] = bodyFieldDefinitions
	.filter((field) => field.name !== 'externalId')
	// Added to Update Fields, Message Type arrives set to Text: say so, or a change would pass unnoticed.
	.map((field) => (field.name === 'messageType' ? { ...field, description: `${field.description}. Adding this field selects Text: pick the one you want.` } : field))
	.sort((a, b) => a.displayName.localeCompare(b.displayName));

export function externalIdField(operation: TodoOperation): INodeProperties {
	return {
		...externalIdDefinition,
		required: true,
		description: 'The External ID the to-do was created with',
		displayOptions: shownFor(operation),
	};
}

export interface TodoBody extends IDataObject {
	title: string;
	content: string;
	message_type: (typeof MESSAGE_TYPES)[number];
	ending_at: string;
	external_id: string;
	detail_url: { web_url: string; mobile_url: string };
}

/** Reads a field by its parameter name; the source is the node's parameters or a merge of a stored to-do and changes. */
export type FieldSource = (name: string) => unknown;

/** Checks the body fields against EIAM's rules and returns them in EIAM's wire names. */
export function readTodoBody(field: FieldSource, timezone: string): TodoBody {
	return {
		title: checkRequiredText(field('title'), { label: 'Title', maxLength: LIMITS.title }),
		content: checkRequiredText(field('content'), { label: 'Content', maxLength: LIMITS.content }),
		message_type: checkOption(field('messageType'), 'Message Type', MESSAGE_TYPES, true) as TodoBody['message_type'],
		ending_at: toVendorDateTime(field('deadline'), 'Deadline', timezone, true) as string,
		external_id: checkRequiredText(field('externalId'), { label: 'External ID', maxLength: LIMITS.externalId }),
		detail_url: {
			web_url: checkUrl(field('webUrl'), { label: 'Web URL' }),
			mobile_url: checkUrl(field('mobileUrl'), { label: 'Mobile URL' }),
		},
	};
}

export function parameterSource(context: IExecuteFunctions, itemIndex: number): FieldSource {
	return (name) => context.getNodeParameter(name, itemIndex, '');
}

export function readTodoId(context: IExecuteFunctions, itemIndex: number): string {
	return checkPathSegment(checkId(context.getNodeParameter('todoId', itemIndex, ''), { label: 'To-Do ID' }), 'To-Do ID');
}
