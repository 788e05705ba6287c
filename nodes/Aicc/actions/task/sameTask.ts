import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { expectSameRecord } from '../../../shared/answers';
import { isJsonObject } from '../../../shared/body';
import { quoteText } from '../../../shared/text';

/** AICC documents every ID as 20 bytes; every example is 20 letters and digits (docs/aicc-api.md#conventions). Others may be echoed text, not quoted. */
const TASK_ID_SHAPE = /^[A-Za-z0-9]{20}$/;

/** The fields by which an AICC answer may name its task: `id` (modify, transfer, status), `taskId` (process, create), `taskInfo.id` (details). */
function namedTasks(result: IDataObject): Array<[string, unknown]> {
	const info = isJsonObject(result.taskInfo) ? (result.taskInfo as IDataObject) : {};
	return [
		['id', result.id],
		['taskId', result.taskId],
		['taskInfo.id', info.id],
	];
}

/**
 * Where an AICC answer's `result` names a task, it must be the one asked for. The write calls document no result
 * (docs/aicc-api.md#answers-of-update-transfer-update-status-and-process), so one that names another task says
 * AICC may have acted on that one.
 */
export function expectSameTask(context: Pick<IExecuteFunctions, 'getNode'>, answer: unknown, taskId: string, where: { operation: string; itemIndex: number; wrote: boolean }): void {
	const result = isJsonObject(answer) ? (answer as IDataObject).result : undefined;
	if (!isJsonObject(result)) return;
	const advice = where.wrote
		? (other: string | undefined) =>
				`AICC answered success about another task${other ? ` (Task ID ${other})` : ''}: it may have changed that one instead of Task ID ${quoteText(taskId)}, or neither. Check both with Task → Get before running this item again.`
		: undefined;
	for (const [field, answered] of namedTasks(result as IDataObject)) {
		expectSameRecord(context, answered, { vendor: 'AICC', operation: where.operation, record: 'task', field, asked: taskId, itemIndex: where.itemIndex, idShape: TASK_ID_SHAPE, advice });
	}
}
