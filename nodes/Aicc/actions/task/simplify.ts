import type { IDataObject } from 'n8n-workflow';

import { flatten } from '../../../shared/simplify';

/** The fields of an AICC task a workflow uses, from a list row or a Get's taskInfo (docs/aicc-api.md#get-many-post-tasklist, docs/aicc-api.md#get-a-task-post-taskid). */
export function simplifyTask(task: IDataObject): IDataObject {
	return flatten(task, {
		taskId: (t) => t.taskId ?? t.id,
		taskNo: (t) => t.taskNo,
		title: (t) => t.title,
		status: (t) => t.status,
		priority: (t) => t.priority,
		ownerId: (t) => t.ownerId,
		ownerName: (t) => t.ownerName,
		creatorId: (t) => t.creatorId,
		dueDate: (t) => t.dueDate,
		createdDate: (t) => t.createdDate,
		closedDate: (t) => t.closedDate,
	});
}
