/** The to-dos the EIAM operation files create: each test starts from one of these. */
import type { INodeParameters } from 'n8n-workflow';

export const TODOS = '/api/v2/tenant/todo/task';

/** An EIAM To-Do Create with every field set; the deadline is an ISO instant, so the workflow's zone shows in what is sent. */
export const createParameters = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'todo',
	operation: 'create',
	userName: 'zhangsan',
	title: 'Review contract',
	content: 'Please review **before Friday**',
	messageType: 'MARKDOWN',
	deadline: '2026-12-01T02:00:00Z',
	externalId: 'ticket-1',
	webUrl: 'https://example.com/t/1',
	mobileUrl: 'https://m.example.com/t/1',
	...overrides,
});

/** A to-do whose External ID needs percent-encoding in a path (crm/42). */
export const todo: INodeParameters = {
	resource: 'todo',
	userName: 'lisi',
	title: 'Sign the NDA',
	content: 'Legal needs it by Monday',
	messageType: 'TEXT',
	deadline: '2026-12-07 18:00:00',
	externalId: 'crm/42',
	webUrl: 'https://crm.example.com/42',
	mobileUrl: 'https://m.crm.example.com/42',
};
