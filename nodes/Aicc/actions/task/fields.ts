import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { checkId, checkOption, checkText, FieldError, type TextRule } from '../../../shared/validation';

export type TaskOperation = 'create';

export const TASK_TYPES = ['Case'] as const;
export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;

/** AICC documents every limit in bytes (AICC.md §1, "Length (Bytes)"): counted as UTF-8 bytes. */
const ID_RULE = { maxLength: 20, unit: 'bytes' } as const;
export const RULES = {
	title: { label: 'Title', maxLength: 128, unit: 'bytes' },
	ownerId: { label: 'Owner ID', ...ID_RULE },
	creatorId: { label: 'Creator ID', ...ID_RULE },
	description: { label: 'Description', maxLength: 20000, unit: 'bytes' },
	relateId: { label: 'Related Record ID', ...ID_RULE },
	contactId: { label: 'Contact ID', ...ID_RULE },
	attachment: { label: 'Attachment', maxLength: 255, unit: 'bytes' },
} satisfies Record<string, TextRule>;

function shownFor(operation: TaskOperation) {
	return { show: { resource: ['task'], operation: [operation] } };
}

export function idField(
	name: 'ownerId' | 'creatorId',
	operation: TaskOperation,
	description: string,
): INodeProperties {
	return {
		displayName: RULES[name].label,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: '10gg00000148QvgpaLAm',
		description: `${description}, at most 20 bytes`,
		displayOptions: shownFor(operation),
	};
}

export function titleField(operation: TaskOperation): INodeProperties {
	return {
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		description: 'Title of the task, at most 128 bytes (UTF-8: a Chinese character counts 3)',
		displayOptions: shownFor(operation),
	};
}

/** The optional task fields (AICC.md §3 and §6), as options of an Additional Fields or Update Fields collection. */
export const taskDetailOptions: INodeProperties[] = [
	{
		displayName: 'Attachment',
		name: 'attachment',
		type: 'string',
		default: '',
		description: 'Attachment reference, at most 255 bytes',
	},
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		placeholder: 'ciIy0000013y7cC8T2rA',
		description: 'ID of the customer contact, at most 20 bytes',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Details of the task, at most 20,000 bytes',
	},
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
		options: PRIORITIES.map((value) => ({ name: value, value })),
		default: 'Medium',
	},
	{
		displayName: 'Related Record ID',
		name: 'relateId',
		type: 'string',
		default: '',
		placeholder: 'c6m80000014iXKHqDw3c',
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

/** Checks the optional fields a user set and returns them in AICC's wire names; unset fields are left out. */
export function readTaskDetails(details: IDataObject, timezone: string): IDataObject {
	const body: IDataObject = {};
	const put = (key: string, value: unknown) => {
		if (value !== undefined) body[key] = value;
	};
	put('description', checkText(details.description, RULES.description));
	put('type', checkOption(details.type, 'Type', TASK_TYPES));
	put('relateId', checkText(details.relateId, RULES.relateId)?.trim());
	put('contactId', checkText(details.contactId, RULES.contactId)?.trim());
	put('priority', checkOption(details.priority, 'Priority', PRIORITIES));
	put('dueDate', toVendorDateTime(details.dueDate, 'Due Date', timezone));
	put('attachment', checkText(details.attachment, RULES.attachment));
	if (body.type !== undefined && body.relateId === undefined) {
		throw new FieldError('Related Record ID is required when Type is set');
	}
	return body;
}

export function readId(context: IExecuteFunctions, name: 'ownerId' | 'creatorId', itemIndex: number): string {
	return checkId(context.getNodeParameter(name, itemIndex, ''), RULES[name]);
}
