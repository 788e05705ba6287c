import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readSimplify, simplifyField } from '../../../shared/simplify';
import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { checkPathSegment } from '../../../shared/validation';
import { taskPath } from '../../transport';
import { readId, RULES, shownFor, taskIdField } from './fields';
import { expectSameTask } from './sameTask';
import { simplifyTask } from './simplify';

export const description: INodeProperties[] = [taskIdField('get'), simplifyField(shownFor('get').show)];

/**
 * POST …/openapi/task/{id} with `{"id"}` in the body too, as the example does
 * (docs/aicc-api.md#get-a-task-post-taskid; one page says GET, most say POST:
 * docs/aicc-api.md#contradictions-and-the-reading-we-chose). Outputs AICC's result (taskInfo, taskTrace,
 * customerInfo, caseInfos), or with Simplify the task's own fields.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const id = checkPathSegment(readId(this, 'taskId', itemIndex), RULES.taskId.label);
	const response = (await transport.request({ method: 'POST', path: taskPath(id), body: { id }, itemIndex, idempotent: true })) as { result?: unknown };
	const result = expectObject(this, response.result, { operation: 'AICC Get', expected: 'a task object', itemIndex });
	expectSameTask(this, response, id, { operation: 'AICC Get', itemIndex, wrote: false });
	return readSimplify(this, itemIndex) ? simplifyTask((result.taskInfo ?? {}) as IDataObject) : result;
}
