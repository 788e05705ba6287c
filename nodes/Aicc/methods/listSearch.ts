import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkId, checkText } from '../../shared/validation';
import { RULES } from '../actions/task/fields';
import { readTaskList } from '../list';
import { aiccTransportWith } from '../transport';

/**
 * The most tasks one search of the Task picker lists: five of AICC's pages. The picker reads them in one
 * search rather than a page per scroll, because pages fetched by separate calls cannot be checked against
 * each other: a list that moved in between would repeat some tasks and skip others unnoticed.
 */
const PICKER_MOST = 500;

/** The Creator ID the list call needs, from the operation's own parameter (Update keeps it in Update Fields). */
function pickerCreatorId(context: ILoadOptionsFunctions): string {
	const direct = context.getCurrentNodeParameter('creatorId');
	const fromUpdateFields = (context.getCurrentNodeParameter('updateFields') as IDataObject | undefined)?.creatorId;
	const creatorId = typeof direct === 'string' && direct.trim() !== '' ? direct : fromUpdateFields;
	if (typeof creatorId !== 'string' || creatorId.trim() === '' || creatorId.startsWith('=')) {
		throw new NodeOperationError(context.getNode(), "Set this operation's Creator ID first: AICC lists tasks only for a creator", {
			description: 'Or switch the Task field to By ID and paste the ID.',
		});
	}
	return checkId(creatorId, RULES.creatorId).trim();
}

/**
 * The Task picker (From List): AICC's list call for the operation's Creator ID, its loose title filter
 * taking what the user types, read whole in one search as Get Many reads it (nodes/Aicc/list.ts), or an
 * error that says to type part of the title when more than PICKER_MOST tasks match.
 */
export async function searchTasks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const creatorId = pickerCreatorId(this);
	const title = filter?.trim() ? checkText(filter.trim(), { ...RULES.title, label: 'Search' }) : undefined;
	const query = { creatorId, ...(title ? { title } : {}) };
	const read = { query, limit: Infinity, most: PICKER_MOST, per: 'search of the picker', narrowDown: 'Type part of the title to narrow the list.' };
	const { tasks } = await readTaskList(this, aiccTransportWith(this), read, { operation: 'AICC task list' });
	return {
		results: tasks.map((task) => ({
			name: `${String(task.title ?? '(no title)')}${task.taskNo ? ` (${String(task.taskNo)})` : ''}`,
			value: String(task.taskId),
		})),
	};
}
