// Create and Wait for Approval through n8n-core's real WorkflowExecute (the create and the wait) and its
// real WebhookContext (the page and the decision), against the emulator.
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeCredentialsDetails, IRun, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { Eiam } from '../../../nodes/Eiam/Eiam.node';
import { APPROVAL_WEBHOOKS } from '../../../nodes/Eiam/approval/webhook';
import { startEmulator, DEMO_CLIENTS, type Emulator } from '../../emulator/server';
import { CredentialStore, createAdditionalData, TestNodeTypes } from '../../support/harness';

const TODOS = '/api/v2/tenant/todo/task';

let emulator: Emulator;
let store: CredentialStore;
let credential: INodeCredentialsDetails;
let serial = 0;
/** n8n gives every execution its own ID, and decisions are remembered per resume address: one per test. */
let executionId = '';

beforeEach(async () => {
	executionId = `exec-${++serial}`;
	emulator = await startEmulator();
	store = new CredentialStore();
	credential = store.add({ id: 'cred-1', name: 'eiam', type: 'eiamApi', data: { domain: `${emulator.url}/`, authentication: 'clientCredentials', ...DEMO_CLIENTS.eiam } });
});
afterEach(async () => await emulator.stop());

function approvalNode(parameters: IDataObject = {}, type = 'n8n-nodes-aicc-eiam.eiam'): INode {
	return {
		id: 'approval-node',
		name: 'Approval',
		type,
		typeVersion: 2,
		position: [200, 0],
		parameters: {
			resource: 'todo',
			operation: 'sendAndWait',
			userName: 'zhangsan',
			title: 'Approve the refund',
			content: 'Refund 120 CNY for order 42',
			messageType: 'TEXT',
			externalId: `approval-${++serial}`,
			approvalOptions: { limitWaitTime: { limit: { limitType: 'afterTimeInterval', amount: 2, unit: 'hours' } }, askForComment: true },
			...parameters,
		},
		credentials: { eiamApi: credential },
	};
}

function workflowWith(node: INode, inputItems: IDataObject[] = [{ order: 42 }]) {
	const source: INode = { id: 'source', name: 'Items', type: 'test.itemSource', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(inputItems) } };
	const data = {
		id: 'wf',
		name: 'approval',
		nodes: [source, node],
		connections: { Items: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] } },
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
	};
	return { data, workflow: new Workflow({ ...data, nodeTypes: new TestNodeTypes(), staticData: {} }) };
}

function additionalData(data: object, extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
	return { ...createAdditionalData(store, data), executionId, ...extra } as IWorkflowExecuteAdditionalData;
}

/** Runs the workflow until the node waits (or fails). */
async function runUntilWaiting(node: INode, inputItems?: IDataObject[]): Promise<{ run: IRun; workflow: Workflow; data: object }> {
	const { data, workflow } = workflowWith(node, inputItems);
	const run = await new WorkflowExecute(additionalData(data), 'manual').run({ workflow, startNode: workflow.getNode('Items')! });
	return { run, workflow, data };
}

interface Answered {
	status: number;
	headers: Record<string, string>;
	html: string;
	result: IWebhookResponseData;
}

/** One request to the node's webhook, as n8n's waiting-webhook handler makes it: the resume link's path and query, the form's body. */
async function callWebhook(waiting: { run: IRun; workflow: Workflow; data: object }, link: string, method: 'GET' | 'POST', body: IDataObject = {}): Promise<Answered> {
	const url = new URL(link);
	const response = { statusCode: 200, headers: {} as Record<string, string>, body: '' };
	const res = {
		status: (code: number) => ((response.statusCode = code), res),
		set: (headers: Record<string, string>) => (Object.assign(response.headers, headers), res),
		send: (text: string) => ((response.body = text), res),
	};
	const req = { method, url: `${url.pathname}${url.search}`, originalUrl: `${url.pathname}${url.search}`, query: Object.fromEntries(url.searchParams), body, headers: {} };
	const node = waiting.workflow.getNode('Approval')!;
	const webhookDescription = APPROVAL_WEBHOOKS.find((webhook) => webhook.httpMethod === method)!;
	const webhookData = { httpMethod: method, node: node.name, path: node.id, webhookDescription, workflowId: 'wf' } as unknown as IWebhookData;
	const context = new WebhookContext(
		waiting.workflow,
		node,
		additionalData(waiting.data, { httpRequest: req, httpResponse: res } as unknown as Partial<IWorkflowExecuteAdditionalData>),
		'webhook',
		webhookData,
		[],
		waiting.run.data,
	);
	const result = await new Eiam().webhook.call(context);
	return { status: response.statusCode, headers: response.headers, html: response.body, result };
}

const storedTodo = () => [...emulator.eiam.todos.values()][0];
const statusPuts = () => emulator.requests.filter((request) => request.method === 'PUT' && request.path.endsWith('/todoStatus'));

describe('Create and Wait for Approval: the create and the wait', () => {
	test('one to-do for the one item, both detail URLs the signed resume link, Deadline the limit; the run waits with the input items', async () => {
		const before = Date.now();
		const { run } = await runUntilWaiting(approvalNode());
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.waitTill).toBeInstanceOf(Date);
		const waitTill = (run.waitTill as Date).getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
		expect(waitTill).toBeLessThan(Date.now() + 2 * 3_600_000 + 1_000);
		expect(emulator.requestsTo('POST', TODOS)).toHaveLength(1);
		const todo = storedTodo();
		const link = new URL(todo.detail_url.web_url);
		expect(todo.detail_url.mobile_url).toBe(todo.detail_url.web_url);
		expect(link.origin + link.pathname).toBe(`http://127.0.0.1:5678/webhook-waiting/${executionId}/approval-node`);
		expect(link.searchParams.get('todo')).toBe(todo.external_id);
		expect(link.searchParams.get('signature')).toMatch(/\S{20,}/);
		// Deadline defaults to the limit, in the workflow's zone (Asia/Shanghai, UTC+8).
		const limitInShanghai = new Date(waitTill + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
		expect(todo.ending_at).toBe(limitInShanghai);
		expect(run.data.resultData.runData.Approval[0].data?.main[0]?.map((item) => item.json)).toEqual([{ order: 42 }]);
	});

	test('without a limit the Deadline is required, named as the item error; with one, the run waits indefinitely', async () => {
		const refused = await runUntilWaiting(approvalNode({ approvalOptions: {} }));
		expect(refused.run.data.resultData.error?.message).toBe('Deadline is required when Limit Wait Time is not set: EIAM needs a due date for every to-do (item 0)');
		expect(emulator.requestsTo('POST', TODOS)).toHaveLength(0);
		const { run } = await runUntilWaiting(approvalNode({ approvalOptions: {}, deadline: '2026-12-01T10:00:00' }));
		expect(run.waitTill?.getTime()).toBe(new Date('3000-01-01T00:00:00.000Z').getTime());
		expect(storedTodo().ending_at).toBe('2026-12-01 10:00:00');
	});

	test('several items are refused before any request, saying how to ask about each', async () => {
		const { run } = await runUntilWaiting(approvalNode(), [{ order: 42 }, { order: 43 }]);
		expect(run.data.resultData.error?.message).toBe('Create and Wait for Approval asks about one item per run, and 2 items arrived');
		expect(emulator.requestsTo('POST', TODOS)).toHaveLength(0);
	});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'under On Error %s a refusal is an error item per input item, on the output n8n routes it to',
		async (onError) => {
			const errorOutput = onError === 'continueErrorOutput';
			// EIAM refuses the second to-do with the same External ID (TODOTASK.0002); several items are refused before any request.
			const node = { ...approvalNode({ externalId: 'approval-taken' }), onError };
			await runUntilWaiting(node);
			for (const inputItems of [[{ order: 42 }], [{ order: 42 }, { order: 43 }, { order: 44 }]]) {
				const { run } = await runUntilWaiting({ ...node, id: `approval-${inputItems.length}` }, inputItems);
				const [main, errors] = [0, 1].map((output) => run.data.resultData.runData.Approval[0].data?.main?.[output] ?? []);
				const failed = errorOutput ? errors : main;
				expect(errorOutput ? main : errors).toEqual([]);
				expect(failed.map((item) => item.pairedItem)).toEqual(inputItems.map((_item, index) => ({ item: index })));
				expect(failed.every((item) => typeof item.json.error === 'string')).toBe(true);
				expect(run.waitTill).toBeUndefined();
			}
			expect(emulator.requestsTo('POST', TODOS)).toHaveLength(2);
		},
	);

	test("as an AI Agent tool the operation refuses to run, and says why", async () => {
		const { run } = await runUntilWaiting(approvalNode({}, 'n8n-nodes-aicc-eiam.eiamTool'));
		expect(run.data.resultData.error?.message).toBe('Create and Wait for Approval cannot run as an AI Agent tool or human review step');
		expect(emulator.requestsTo('POST', TODOS)).toHaveLength(0);
	});
});

describe('Create and Wait for Approval: the page and the decision', () => {
	async function waitingWith(parameters: IDataObject = {}) {
		const waiting = await runUntilWaiting(approvalNode(parameters));
		expect(waiting.run.waitTill).toBeInstanceOf(Date);
		return { waiting, link: storedTodo().detail_url.web_url };
	}

	test('a GET shows the title and content escaped, the buttons and a POST form, and decides nothing', async () => {
		const { waiting, link } = await waitingWith({ title: '<script>alert("t")</script> & co', content: "<img src=x onerror=alert('c')>\nline two" });
		const page = await callWebhook(waiting, link, 'GET');
		expect(page.status).toBe(200);
		expect(page.result).toEqual({ noWebhookResponse: true });
		expect(page.html).not.toMatch(/<script|<img/i);
		expect(page.html).toContain('<h1>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co</h1>');
		expect(page.html).toContain('&lt;img src=x onerror=alert(&#39;c&#39;)&gt;\nline two');
		expect(page.html).toMatch(/<form method="post">/);
		expect(page.html).toContain('name="decision" value="approve">Approve</button>');
		expect(page.html).toContain('name="decision" value="decline">Decline</button>');
		expect(page.html).toContain('<textarea id="comment" name="comment"');
		expect(page.headers['Content-Security-Policy']).toContain("default-src 'none'");
		expect(page.headers['Referrer-Policy']).toBe('no-referrer');
		expect(statusPuts()).toHaveLength(0);
		expect(storedTodo().deal).toBe(false);
	});

	test('Approve Only shows no Decline button and refuses a decline; labels are escaped too', async () => {
		const { waiting, link } = await waitingWith({ approvalOptions: { approvalType: 'approveOnly', approveLabel: 'OK <b>now</b>', limitWaitTime: { limit: { limitType: 'afterTimeInterval', amount: 1, unit: 'hours' } } } });
		const page = await callWebhook(waiting, link, 'GET');
		expect(page.html).toContain('value="approve">OK &lt;b&gt;now&lt;/b&gt;</button>');
		expect(page.html).not.toContain('value="decline"');
		const declined = await callWebhook(waiting, link, 'POST', { decision: 'decline' });
		expect(declined.status).toBe(400);
		expect(declined.result.workflowData).toBeUndefined();
		expect(statusPuts()).toHaveLength(0);
	});

	test('a POST Approve resumes with one decision and marks the to-do done with one PUT; a replay changes nothing', async () => {
		const { waiting, link } = await waitingWith();
		const approved = await callWebhook(waiting, link, 'POST', { decision: 'approve', comment: '  fine by me <ok>  ' });
		expect(approved.status).toBe(200);
		expect(approved.html).toContain('Approved. Thank you');
		const [[item]] = approved.result.workflowData!;
		const todo = storedTodo();
		expect(item).toEqual({
			json: { approved: true, decision: 'approve', comment: 'fine by me <ok>', respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), todoId: todo.id, externalId: todo.external_id, todoMarkedDone: true },
			pairedItem: { item: 0 },
		});
		expect(todo.deal).toBe(true);
		expect(statusPuts()).toHaveLength(1);

		const dealtAt = todo.dealt_at;
		const replay = await callWebhook(waiting, link, 'POST', { decision: 'decline' });
		expect(replay.result).toEqual({ noWebhookResponse: true });
		expect(replay.html).toContain('Already answered: Approved');
		expect(statusPuts()).toHaveLength(1);
		expect(storedTodo().dealt_at).toBe(dealtAt);
		const page = await callWebhook(waiting, link, 'GET');
		expect(page.html).toContain('Already answered: Approved');
	});

	test('a POST Decline resumes with approved false; without the comment option a comment is dropped', async () => {
		const { waiting, link } = await waitingWith({ approvalOptions: { limitWaitTime: { limit: { limitType: 'afterTimeInterval', amount: 1, unit: 'hours' } } } });
		const declined = await callWebhook(waiting, link, 'POST', { decision: 'decline', comment: 'no' });
		expect(declined.result.workflowData![0][0].json).toMatchObject({ approved: false, decision: 'decline', todoMarkedDone: true });
		expect(declined.result.workflowData![0][0].json).not.toHaveProperty('comment');
		expect(statusPuts()).toHaveLength(1);
	});

	test('simultaneous POSTs: one resumes, every page shows that same decision, one PUT', async () => {
		const { waiting, link } = await waitingWith();
		const decisions = ['decline', 'approve', 'decline', 'approve', 'approve', 'decline'];
		const answers = await Promise.all(decisions.map((decision) => callWebhook(waiting, link, 'POST', { decision })));
		const resumed = answers.filter((answer) => answer.result.workflowData);
		expect(resumed).toHaveLength(1);
		const output = resumed[0].result.workflowData![0][0].json as { approved: boolean; decision: string };
		expect(output.decision).toBe('decline');
		for (const answer of answers) expect(answer.html).toMatch(/Declined/);
		expect(statusPuts()).toHaveLength(1);
	});

	test('a failed Mark as Done is reported in the output (todoMarkedDone false, the reason), and the decision still resumes', async () => {
		const { waiting, link } = await waitingWith();
		emulator.faults.add({ route: '^PUT .*/todoStatus$', kind: '500' });
		const approved = await callWebhook(waiting, link, 'POST', { decision: 'approve' });
		const output = approved.result.workflowData![0][0].json;
		expect(output).toMatchObject({ approved: true, decision: 'approve', todoId: storedTodo().id, todoMarkedDone: false });
		expect(output.markDoneError).toMatch(/500/);
		expect(storedTodo().deal).toBe(false);
	});

	test('a link without its to-do, or a POST without a decision, gets a page and resumes nothing', async () => {
		const { waiting, link } = await waitingWith();
		const bare = new URL(link);
		bare.searchParams.delete('todo');
		expect((await callWebhook(waiting, bare.toString(), 'GET')).status).toBe(400);
		const empty = await callWebhook(waiting, link, 'POST', {});
		expect(empty.status).toBe(400);
		expect(empty.result.workflowData).toBeUndefined();
		expect(statusPuts()).toHaveLength(0);
	});
});
