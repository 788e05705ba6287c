import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { checkId, checkOption, checkText, FieldError, type TextRule } from '../../../shared/validation';

export type TaskOperation = 'create' | 'get' | 'getAll' | 'update' | 'transfer' | 'updateStatus' | 'process';

export const TASK_TYPES = ['Case'] as const;
export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
export const STATUSES = ['Completed', 'Pending', 'Processing'] as const;
export const CLASSIFICATIONS = ['Todo', 'Processed', 'Created'] as const;

/** AICC documents every limit in bytes (docs/aicc-api.md#conventions, Lengths): counted as UTF-8 bytes. */
const ID_RULE = { maxLength: 20, unit: 'bytes' } as const;
export const RULES = {
	taskId: { label: 'Task ID', ...ID_RULE },
	title: { label: 'Title', maxLength: 128, unit: 'bytes' },
	ownerId: { label: 'Owner ID', ...ID_RULE },
	creatorId: { label: 'Creator ID', ...ID_RULE },
	description: { label: 'Description', maxLength: 20000, unit: 'bytes' },
	relateId: { label: 'Related Record ID', ...ID_RULE },
	contactId: { label: 'Contact ID', ...ID_RULE },
	attachment: { label: 'Attachment', maxLength: 255, unit: 'bytes' },
} satisfies Record<string, TextRule>;

/** A dropdown's options from a documented enumeration; AICC's values read well as names. */
export function optionsOf(values: readonly string[]): Array<{ name: string; value: string }> {
	return values.map((value) => ({ name: value, value }));
}

export function shownFor(...operations: TaskOperation[]) {
	return { show: { resource: ['task'], operation: operations } };
}

/** n8n's "e.g. …" form, so that an empty field never looks filled in (the examples use real-looking IDs). */
const ID_PLACEHOLDER = 'e.g. 10gg00000148QvgpaLAm';

/**
 * The task every operation but Create and Get Many acts on, as a resource locator: picked From List
 * (AICC's list call, searched by title) or By ID. It keeps the name `taskId`, so that a workflow that
 * stored a plain Task ID string goes on working. AICC lists tasks only for a creator, so From List is
 * offered only where the operation has a Creator ID: not on Get (a Get stored with From List still runs).
 */
export function taskIdField(operation: TaskOperation): INodeProperties {
	const creatorSource = operation === 'update' ? "Update Fields → Creator ID" : 'Creator ID';
	const listable = operation !== 'get';
	return {
		displayName: 'Task',
		name: 'taskId',
		type: 'resourceLocator',
		required: true,
		default: { mode: listable ? 'list' : 'id', value: '' },
		description: listable
			? "The task: picked from AICC's list, or by the ID AICC returned when it was created (taskId in the Create output)"
			: 'The ID AICC returned when the task was created (taskId in the Create output)',
		modes: [
			...(listable
				? [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list' as const,
							placeholder: 'Select a task…',
							typeOptions: { searchListMethod: 'searchTasks', searchable: true },
							hint: `AICC lists tasks only for a creator: the list uses this operation's ${creatorSource}, and the search matches titles`,
						},
					]
				: []),
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. ccqG0000014iXvGKONQO' },
		],
		displayOptions: shownFor(operation),
	};
}

const USER_ID_DESCRIPTIONS = {
	ownerId: 'ID of the user who handles the task, at most 20 bytes',
	creatorId: 'ID of the user AICC records as acting (the creator, or the handler who makes this change), at most 20 bytes',
} as const;

export function userIdField(name: 'ownerId' | 'creatorId', operation: TaskOperation, description: string = USER_ID_DESCRIPTIONS[name]): INodeProperties {
	return {
		displayName: RULES[name].label,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: ID_PLACEHOLDER,
		description,
		displayOptions: shownFor(operation),
	};
}

const titleDefinition: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	default: '',
	description: 'Title of the task, at most 128 bytes (UTF-8: a Chinese character counts 3)',
};

const descriptionDefinition: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	description: 'Details, at most 20,000 bytes',
};

export const attachmentOption: INodeProperties = {
	displayName: 'Attachment',
	name: 'attachment',
	type: 'string',
	default: '',
	description: 'Attachment reference, at most 255 bytes',
};

/** A documented field as a required, top-level parameter of one operation. */
export function requiredField(definition: INodeProperties, operation: TaskOperation, description?: string): INodeProperties {
	return { ...definition, required: true, displayOptions: shownFor(operation), ...(description ? { description } : {}) };
}

export const titleField = (operation: TaskOperation) => requiredField(titleDefinition, operation);
export const descriptionField = (operation: TaskOperation, description: string) =>
	requiredField(descriptionDefinition, operation, description);

/** The optional task fields of Create (docs/aicc-api.md#create-a-task-post-task); Update (docs/aicc-api.md#update-a-task-post-taskmodify) offers the same plus Title and Creator ID. */
export const taskDetailOptions: INodeProperties[] = [
	attachmentOption,
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		placeholder: 'e.g. ciIy0000013y7cC8T2rA',
		description: 'ID of the customer contact, at most 20 bytes',
	},
	descriptionDefinition,
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		default: '',
		description: "When the task should be done; sent as yyyy-MM-dd HH:mm:ss in the workflow's time zone",
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: optionsOf(PRIORITIES),
		default: 'Medium',
		description: 'How urgent the task is. Adding this field selects Medium: pick the one you want.',
	},
	{
		displayName: 'Related Record ID',
		name: 'relateId',
		type: 'string',
		default: '',
		placeholder: 'e.g. c6m80000014iXKHqDw3c',
		description: 'ID of the case the task belongs to, at most 20 bytes; required when Type is set',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [{ name: 'Case', value: 'Case', description: 'The task belongs to a case' }],
		default: 'Case',
		description: 'Kind of record the task is associated with; needs Related Record ID',
	},
];

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

const creatorIdOption: INodeProperties = {
	displayName: 'Creator ID',
	name: 'creatorId',
	type: 'string',
	default: '',
	placeholder: ID_PLACEHOLDER,
	description: 'ID of the user AICC records as making the change, at most 20 bytes',
};

export const taskUpdateOptions: INodeProperties[] = [...taskDetailOptions, titleDefinition, creatorIdOption].sort(byDisplayName);

/** Puts a checked value into a body unless it is undefined (the user left the field out). */
function putDefined(body: IDataObject, key: string, value: unknown): void {
	if (value !== undefined) body[key] = value as IDataObject[string];
}

/** Checks the optional fields a user set and returns them in AICC's wire names; unset fields are left out. */
export function readTaskDetails(details: IDataObject, timezone: string): IDataObject {
	const body: IDataObject = {};
	putDefined(body, 'title', checkText(details.title, RULES.title));
	putDefined(body, 'description', checkText(details.description, RULES.description));
	putDefined(body, 'type', checkOption(details.type, 'Type', TASK_TYPES));
	putDefined(body, 'relateId', checkText(details.relateId, RULES.relateId)?.trim());
	putDefined(body, 'contactId', checkText(details.contactId, RULES.contactId)?.trim());
	putDefined(body, 'priority', checkOption(details.priority, 'Priority', PRIORITIES));
	putDefined(body, 'dueDate', toVendorDateTime(details.dueDate, 'Due Date', timezone));
	putDefined(body, 'attachment', checkText(details.attachment, RULES.attachment));
	putDefined(body, 'creatorId', checkText(details.creatorId, RULES.creatorId)?.trim());
	if (body.type !== undefined && body.relateId === undefined) {
		throw new FieldError('Related Record ID is required when Type is set');
	}
	return body;
}

/**
 * The endpoints below task/ (docs/aicc-api.md#operations). Get puts the Task ID where these names stand, so a Task ID
 * of that name reaches the endpoint instead of a task. Whether AICC routes without regard to case is not
 * documented, so they are refused in any case; AICC's own IDs are 20 characters and never one of them.
 */
const ENDPOINT_NAMES = ['list', 'modify', 'transfer', 'process', 'status'];

/** A required ID parameter (task, owner or creator), checked against its documented rule. */
export function readId(context: IExecuteFunctions, name: 'taskId' | 'ownerId' | 'creatorId', itemIndex: number): string {
	// The Task locator's value, whichever mode; a plain string from an older workflow or an expression as it is.
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const id = checkId(raw, RULES[name]);
	if (name === 'taskId' && ENDPOINT_NAMES.includes(id.toLowerCase())) {
		throw new FieldError(`Task ID must not be "${id}": AICC has an endpoint of that name below task/, so the request would reach it instead of a task`);
	}
	return id;
}
