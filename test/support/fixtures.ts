/** Parameters the fault, hostile-vendor and recovery tests share: a create of each vendor with every field set, and AICC tasks made as another system would. */
import type { INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../emulator/server';

export const TODOS = '/api/v2/tenant/todo/task';
export const TASKS = '/service/AICC__Case/1.0.0/openapi/task';
export const OWNER = '10gg00000148QvgpaLAm';

/** Short waits so that retries do not slow the suite; the rules under test do not depend on them. */
export const FAST_RETRIES = { maxRetries: 3, maxRetryWait: 5_000, timeout: 2_000 };

/** An EIAM To-Do Create whose Title names its External ID; `options` is the node's Options, `overrides` any other parameter. */
export function todoCreate(externalId: string, options: INodeParameters = FAST_RETRIES, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'todo',
		operation: 'create',
		userName: 'zhangsan',
		title: `Follow up ${externalId}`,
		content: 'Call the customer back',
		messageType: 'TEXT',
		deadline: '2026-12-01 10:00:00',
		externalId,
		webUrl: 'https://example.com/t/1',
		mobileUrl: 'https://m.example.com/t/1',
		options,
		...overrides,
	};
}

/** An AICC Task Create with the required fields; `options` is the node's Options. */
export function taskCreate(options: INodeParameters = FAST_RETRIES): INodeParameters {
	return { resource: 'task', operation: 'create', title: 'Call back the customer', ownerId: OWNER, creatorId: OWNER, additionalFields: {}, options };
}

/** Tasks made through the API, as another system would have made them. */
export async function seedTasks(emulator: Emulator, titles: string[], extra: Record<string, unknown> = {}): Promise<string[]> {
	const token = emulator.issueToken('aicc');
	const ids: string[] = [];
	for (const title of titles) {
		const response = await fetch(`${emulator.url}${TASKS}`, {
			method: 'POST',
			headers: { 'access-token': token, 'Content-Type': 'application/json' },
			body: JSON.stringify({ taskInfo: { title, ownerId: OWNER, creatorId: OWNER, ...extra } }),
		});
		ids.push(((await response.json()) as { result: { taskId: string } }).result.taskId);
	}
	return ids;
}
