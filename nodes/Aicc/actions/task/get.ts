import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { checkPathSegment } from '../../../shared/validation';
import { taskPath } from '../../transport';
import { readId, RULES, taskIdField } from './fields';

export const description: INodeProperties[] = [taskIdField('get')];

/**
 * POST …/openapi/task/{id} with `{"id"}` in the body too, as the example does (AICC.md §5; one page
 * says GET, most say POST). Outputs AICC's result: taskInfo, taskTrace, customerInfo, caseInfos.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const id = checkPathSegment(readId(this, 'taskId', itemIndex), RULES.taskId.label);
	const response = (await transport.request({ method: 'POST', path: taskPath(id), body: { id }, itemIndex, idempotent: true })) as { result?: unknown };
	return expectObject(this, response.result, { operation: 'AICC Get', expected: 'a task object', itemIndex });
}
