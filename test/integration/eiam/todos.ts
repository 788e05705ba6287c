/** The to-dos the EIAM operation files create: each test starts from one of these. */
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';

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

/**
 * What the EIAM operation files share: this test's bench (each test starts its own, with the authentication
 * and emulator options it needs), a to-do made through the node, and a to-do operation run through n8n's engine.
 */
export function eiamOperationBench() {
	const current = {} as { bench: Bench };
	afterEach(async () => current.bench.stop());
	return {
		get bench(): Bench {
			return current.bench;
		},
		start: async (...args: Parameters<typeof startBench>) => (current.bench = await startBench(...args)),
		/** Creates `todo` and returns its ID. */
		createTodo: async (): Promise<string> => {
			const { items } = await current.bench.run({ ...todo, operation: 'create' });
			return items[0].json.todoId as string;
		},
		run: (parameters: INodeParameters) => current.bench.run({ resource: 'todo', ...parameters }),
	};
}
