import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toVendorDateTime } from '../../../shared/dates';
import { readSimplify, simplifyField } from '../../../shared/simplify';
import type { VendorTransport } from '../../../shared/transport';
import { checkOption, checkText, checkWholeNumber, FieldError } from '../../../shared/validation';
import { readTaskList } from '../../list';
import { simplifyTask } from './simplify';
import { CLASSIFICATIONS, optionsOf, PRIORITIES, readId, RULES, shownFor, STATUSES, TASK_TYPES, userIdField } from './fields';

/** "Todo" is AICC's spelling of its list view; beside our EIAM node's "To-Do" it would read as a typo (docs/aicc-api.md#conventions). */
const CLASSIFICATION_OPTIONS = CLASSIFICATIONS.map((value) =>
	value === 'Todo' ? { name: value, value, description: "Spelled so by AICC, not a typo for To-Do" } : { name: value, value },
);

/** The list call's filters (docs/aicc-api.md#get-many-post-tasklist), as Get Many and the trigger offer them. */
export const TASK_FILTER_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Classification',
		name: 'classification',
		type: 'options',
		options: CLASSIFICATION_OPTIONS,
		default: 'Todo',
		description: "One of AICC's task views; AICC documents only their names. Adding this filter selects Todo: pick the view you want.",
	},
	{ displayName: 'Contact ID', name: 'contactId', type: 'string', default: '' },
	{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: 'Only tasks created at or after this time' },
	{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '', description: 'Only tasks created at or before this time' },
	{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '', description: 'Only tasks handled by this user' },
	{ displayName: 'Priority', name: 'priority', type: 'options', options: optionsOf(PRIORITIES), default: 'Medium', description: 'Only tasks of this priority. Adding this filter selects Medium: pick the one you want.' },
	{ displayName: 'Related Record ID', name: 'relateId', type: 'string', default: '', description: 'Only tasks of this case; needs Type' },
	{ displayName: 'Status', name: 'status', type: 'options', options: optionsOf(STATUSES), default: 'Pending', description: 'Only tasks in this status. Adding this filter selects Pending: pick the one you want.' },
	{ displayName: 'Title Contains', name: 'title', type: 'string', default: '', description: 'Part of the title (AICC matches it loosely)' },
	{ displayName: 'Type', name: 'type', type: 'options', options: optionsOf(TASK_TYPES), default: 'Case', description: 'Only tasks linked to this kind of record (Case is the only kind AICC has); needs Related Record ID' },
];

export const description: INodeProperties[] = [
	userIdField('creatorId', 'getAll', 'ID of the user asking; AICC requires it on every list call, at most 20 bytes'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: shownFor('getAll'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['task'], operation: ['getAll'], returnAll: [false] } },
	},
	simplifyField(shownFor('getAll').show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: shownFor('getAll'),
		options: TASK_FILTER_OPTIONS,
	},
];

export function readFilters(filters: IDataObject, timezone: string): IDataObject {
	const query: IDataObject = {};
	const entries: Array<[string, unknown]> = [
		['title', checkText(filters.title, { ...RULES.title, label: 'Title Contains' })],
		['status', checkOption(filters.status, 'Status', STATUSES)],
		['priority', checkOption(filters.priority, 'Priority', PRIORITIES)],
		['ownerId', checkText(filters.ownerId, RULES.ownerId)?.trim()],
		['type', checkOption(filters.type, 'Type', TASK_TYPES)],
		['relateId', checkText(filters.relateId, RULES.relateId)?.trim()],
		['classification', checkOption(filters.classification, 'Classification', CLASSIFICATIONS)],
		['contactId', checkText(filters.contactId, RULES.contactId)?.trim()],
		['startTime', toVendorDateTime(filters.createdAfter, 'Created After', timezone)],
		['endTime', toVendorDateTime(filters.createdBefore, 'Created Before', timezone)],
	];
	for (const [key, value] of entries) if (value !== undefined) query[key] = value as IDataObject[string];
	if ((query.type === undefined) !== (query.relateId === undefined)) {
		throw new FieldError('Type and Related Record ID go together: set both filters or neither');
	}
	return query;
}

/** AICC's list names no end of its own beyond `count`: Return All stops at this many tasks per item (1,000 pages). */
export const MAX_TASKS = 100_000;

const NARROW_DOWN = 'Narrow the Filters (Created After and Created Before, Status, Owner ID) or set a Limit, so that fewer pages are needed.';

export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject[]> {
	const creatorId = readId(this, 'creatorId', itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	// AICC pages by whole tasks (docs/aicc-api.md#get-many-post-tasklist): a fraction from an expression would go
	// out as a page size AICC refuses.
	const limit = returnAll ? Infinity : checkWholeNumber(this.getNodeParameter('limit', itemIndex, 50), 'Limit', 1);
	const query = readFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, this.getTimezone());
	const read = { query: { ...query, creatorId }, limit, most: MAX_TASKS, per: 'item', narrowDown: NARROW_DOWN };
	const { tasks } = await readTaskList(this, transport, read, { operation: 'AICC Get Many', itemIndex });
	return readSimplify(this, itemIndex) ? tasks.map(simplifyTask) : tasks;
}
