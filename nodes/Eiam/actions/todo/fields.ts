import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { quoteText } from '../../../shared/text';
import { checkId, checkOption, checkPathSegment, checkRequiredText, checkUrl } from '../../../shared/validation';

export type TodoOperation = 'create' | 'createOrUpdate' | 'update' | 'get' | 'getByExternalId' | 'delete' | 'markAsDone';

export const MESSAGE_TYPES = ['TEXT', 'MARKDOWN'] as const;

/** Documented limits (docs/eiam-api.md#conventions, Lengths); EIAM does not say whether they count bytes or characters, so we count characters. */
export const LIMITS = { title: 100, content: 1024, externalId: 255 } as const;

export function shownFor(operation: TodoOperation, extra: Record<string, string[]> = {}) {
	return { show: { resource: ['todo'], operation: [operation], ...extra } };
}

/** How an item names its to-do: the ID EIAM gave it, or the External ID it was created with. */
export type TodoLocatorMode = 'id' | 'externalId';

/**
 * The to-do an operation acts on, as a resource locator. It keeps the name `todoId`, so that a
 * workflow that stored a plain To-Do ID string goes on working: such a value is read as By ID.
 */
export function todoIdField(operation: TodoOperation): INodeProperties {
	return {
		displayName: 'To-Do',
		name: 'todoId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'id', value: '' },
		description: "The to-do: by the ID EIAM gave it (todoId in Create's output), or by your system's External ID for it",
		modes: [
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 20220809162630548-9D52-E085BA68A' },
			{
				displayName: 'By External ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. crm-ticket-42',
				hint: 'Looked up with Get by External ID first: one more request per item',
			},
		],
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

/** The to-do body fields (docs/eiam-api.md#create-a-to-do-post-todotask, docs/eiam-api.md#update-a-to-do-put-todotasktodo_id), each defined once; Create, Update and Update Fields use them. */
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

/** The EIAM user who gets a new to-do (EIAM's update cannot change it). */
export function userNameField(operation: 'create' | 'createOrUpdate'): INodeProperties {
	return {
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description:
			operation === 'create'
				? 'User name (login name) of the EIAM user who gets the to-do'
				: "User name (login name) of the EIAM user who gets the to-do when it is created; EIAM's update cannot change it",
		displayOptions: shownFor(operation),
	};
}

/** Every body field as a required parameter, for Create, Create or Update, and Update in its "all fields" shape. */
export function todoBodyFields(operation: 'create' | 'createOrUpdate' | 'update', extraShow: Record<string, string[]> = {}): INodeProperties[] {
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

/** `yyyy-MM-dd HH:mm:ss` from EIAM's ways of writing a date-time (a T, no seconds, zero milliseconds); other text as it is. */
function normalisedDateTime(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.0+)?$/.exec(value.trim());
	return match ? `${match[1]} ${match[2]}${match[3] ?? ':00'}` : value;
}

/**
 * The first field in which a stored to-do (docs/eiam-api.md#get-a-to-do-get-todotasktodo_id) differs from a body
 * this item would write, by its label, or undefined when all match. The user cannot be compared: EIAM answers its
 * user_id, and no documented call turns the item's User Name into one.
 */
export function differingField(stored: IDataObject, body: TodoBody): string | undefined {
	const detail = (stored.detail_url ?? {}) as IDataObject;
	const sentDetail = body.detail_url as IDataObject;
	const fields: Array<[string, unknown, unknown]> = [
		['Title', stored.title, body.title],
		['Content', stored.content, body.content],
		['Message Type', stored.message_type, body.message_type],
		['Deadline', normalisedDateTime(stored.ending_at), normalisedDateTime(body.ending_at)],
		['Web URL', detail.web_url, sentDetail.web_url],
		['Mobile URL', detail.mobile_url, sentDetail.mobile_url],
	];
	return fields.find(([, held, sent]) => held !== sent)?.[0];
}

export function parameterSource(context: IExecuteFunctions, itemIndex: number): FieldSource {
	return (name) => context.getNodeParameter(name, itemIndex, '');
}

/** For a write EIAM answered with HTTP 200 in a shape of its own: it probably acted. */
export function probablyChanged(todoId: string): string {
	return `EIAM answered success, so it probably made the change; check with To-Do → Get (To-Do ID ${quoteText(todoId)}) before running this item again.`;
}

/** The to-do locator of an item: its mode and value, a plain string (older workflows, expressions) being an ID. */
export function readTodoLocator(context: IExecuteFunctions, itemIndex: number): { mode: TodoLocatorMode; value: string } {
	const raw = context.getNodeParameter('todoId', itemIndex, '') as unknown;
	if (raw && typeof raw === 'object' && 'mode' in raw) {
		const { mode, value } = raw as { mode: unknown; value: unknown };
		if (mode === 'externalId') return { mode, value: readExternalId(value) };
		return { mode: 'id', value: checkTodoId(value) };
	}
	return { mode: 'id', value: checkTodoId(raw) };
}

function checkTodoId(value: unknown): string {
	return checkPathSegment(checkId(value, { label: 'To-Do ID' }), 'To-Do ID');
}

/**
 * An External ID to look a to-do up by, kept as one path segment. It is not trimmed: Create stores it
 * as given, and a trimmed one would not find it.
 */
export function readExternalId(value: unknown): string {
	return checkPathSegment(checkRequiredText(value, { label: 'External ID', maxLength: LIMITS.externalId }), 'External ID');
}
