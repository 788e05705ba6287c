import type { IDataObject } from 'n8n-workflow';

import { flatten } from '../../../shared/simplify';

const detail = (todo: IDataObject) => (todo.detail_url ?? {}) as IDataObject;

/** The fields of an EIAM to-do a workflow uses (docs/eiam-api.md#get-a-to-do-get-todotasktodo_id), in the node's own names. */
export function simplifyTodo(todo: IDataObject): IDataObject {
	return flatten(todo, {
		id: (t) => t.id,
		externalId: (t) => t.external_id,
		title: (t) => t.title,
		userId: (t) => t.user_id ?? t.userId,
		done: (t) => t.deal,
		deadline: (t) => t.ending_at,
		webUrl: (t) => detail(t).web_url,
		mobileUrl: (t) => detail(t).mobile_url,
		doneAt: (t) => t.dealt_at,
		createdAt: (t) => t.created_at,
		updatedAt: (t) => t.updated_at,
	});
}
