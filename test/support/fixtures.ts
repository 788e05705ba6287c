/** Parameters the fault, hostile-vendor and recovery tests share: a create of each vendor with every field set. */
import type { INodeParameters } from 'n8n-workflow';

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
