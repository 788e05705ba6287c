import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkId, checkText } from '../../shared/validation';
import { RULES } from '../actions/task/fields';
import { aiccListTransport, readTaskList } from '../list';

/** Tasks one page of the Task picker shows; the editor asks for the next page as the user scrolls. */
const PICKER_PAGE = 50;

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
 * taking what the user types, a page at a time (the pagination token is the next `start`), read as Get
 * Many reads it (nodes/Aicc/list.ts).
 */
export async function searchTasks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const creatorId = pickerCreatorId(this);
	const start = Number(paginationToken ?? 0) || 0;
	const title = filter?.trim() ? checkText(filter.trim(), { ...RULES.title, label: 'Search' }) : undefined;
	const query = { creatorId, ...(title ? { title } : {}) };
	const read = { query, limit: PICKER_PAGE, start, most: PICKER_PAGE, per: 'page of the picker', narrowDown: 'Type part of the title to narrow the list.' };
	const { tasks, next } = await readTaskList(this, aiccListTransport(this), read, { operation: 'AICC task list' });
	return {
		results: tasks.map((task) => ({
			name: `${String(task.title ?? '(no title)')}${task.taskNo ? ` (${String(task.taskNo)})` : ''}`,
			value: String(task.taskId),
		})),
		...(next === undefined ? {} : { paginationToken: String(next) }),
	};
}
