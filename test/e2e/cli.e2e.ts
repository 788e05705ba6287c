// A real n8n, installed from the npm registry, with our packed package installed the way n8n's Community
// Nodes installer does it; credentials and workflows imported and run with the n8n CLI against the emulator.
import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import type { Browser } from 'playwright-core';

import { closeNodePanel, launchBrowser, openEditor, openNodePanel } from '../support/n8n/browser';
import { ensureN8n } from '../support/n8n/install';
import { N8nInstance, type ExecutionOutput } from '../support/n8n/n8n';
import { N8nRest } from '../support/n8n/rest';
import { N8N_TARGETS } from '../support/n8n/targets';
import { agentWorkflow, CREDENTIALS, credentialsFor, e2eWorkflows, exampleWorkflow, exampleWorkflows, startedByHand, triggerWorkflow } from '../support/n8n/workflows';

const MINUTE = 60_000;
const EIAM_TOKEN = '/api/v2/tenant/token';
const AICC_TOKEN = '/baas/auth/v1.0/oauth2/token';
const OWNER_ID = '10gg00000148QvgpaLAm';

/** A task created straight in the emulator (as AICC's own UI would), Pending, optionally with a due date. */
async function createTaskInEmulator(emulator: Emulator, title: string, dueDate?: string): Promise<string> {
	const answer = await fetch(`${emulator.url}/service/AICC__Case/1.0.0/openapi/task`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'access-token': emulator.issueToken('aicc') },
		body: JSON.stringify({ taskInfo: { title, ownerId: OWNER_ID, creatorId: OWNER_ID, ...(dueDate ? { dueDate } : {}) } }),
	});
	return ((await answer.json()) as { result: { taskId: string } }).result.taskId;
}

let pack: PackResult;
beforeAll(() => {
	pack = packPackage();
});
afterAll(() => pack?.cleanup());

describe.each(N8N_TARGETS)('n8n $version (Node.js $node)', (target) => {
	let emulator: Emulator;
	let n8n: N8nInstance;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		// A tenant in China: AICC writes its times, and the workflows read them, in Asia/Shanghai.
		emulator = await startEmulator({ aicc: { timezone: 'Asia/Shanghai' } });
		n8n = new N8nInstance(install);
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentialsFor(emulator));
		for (const workflow of [...exampleWorkflows(), ...e2eWorkflows(emulator)]) await n8n.importJson('workflow', workflow);
		await n8n.importJson('workflow', startedByHand(exampleWorkflow('exampleOverdue001'), 'exampleOverdueHand'));
		// Shown in the browser run only (docs/images); agent.e2e.ts runs it against a scripted model.
		await n8n.importJson('workflow', agentWorkflow('e2eAgentShown', 'Create a to-do for zhangsan and a task about the invoice.'));
	}, 45 * MINUTE);

	afterAll(async () => {
		await n8n?.remove();
		await emulator?.stop();
	});

	const json = (output: ExecutionOutput, node: string) => (output.nodes[node] ?? []).map((item) => item.json);

	test('the example workflows run: a task is created; a to-do is created, updated and read back', async () => {
		const task = await n8n.execute('aiccExampleCreate1');
		expect(json(task, 'Create Task')).toEqual([{ taskId: expect.stringMatching(/^[A-Za-z0-9]{20}$/) }]);
		const todo = await n8n.execute('eiamExampleTodo01');
		const [created] = json(todo, 'Create To-Do');
		expect(json(todo, 'Update To-Do')).toEqual([{ todoId: created.todoId, updated: true }]);
		expect(json(todo, 'Get To-Do')[0]).toMatchObject({ id: created.todoId, title: 'Approve purchase request PR-77 (urgent)', message_type: 'MARKDOWN' });
	}, 10 * MINUTE);

	test('every AICC task operation, chained by expressions', async () => {
		const output = await n8n.execute('e2eAiccTasks');
		expect(output.errors).toEqual({});
		const [{ taskId }] = json(output, 'Create Task') as Array<{ taskId: string }>;
		expect(json(output, 'Get Task')[0]).toMatchObject({ taskInfo: { id: taskId, priority: 'High', dueDate: '2026-12-01 18:00:00' } });
		expect(json(output, 'Update Task')).toEqual([{ taskId, updated: true }]);
		expect(json(output, 'Transfer Task')).toEqual([{ taskId, ownerId: 'teamLead000000000001', transferred: true }]);
		expect(json(output, 'Update Status')).toEqual([{ taskId, status: 'Processing' }]);
		expect(json(output, 'Process Task')).toEqual([{ taskId, processed: true }]);
		expect(json(output, 'List Tasks')).toEqual([expect.objectContaining({ taskId, ownerId: 'teamLead000000000001', priority: 'Critical' })]);
		expect(emulator.aicc.tasks.get(taskId)).toMatchObject({ status: 'Processing', ownerId: 'teamLead000000000001' });
	}, 10 * MINUTE);

	test('every EIAM to-do operation on three items, order and pairing kept', async () => {
		const output = await n8n.execute('e2eEiamTodos');
		expect(output.errors).toEqual({});
		const created = json(output, 'Create To-Do') as Array<{ todoId: string }>;
		expect(created).toHaveLength(3);
		const got = json(output, 'Get To-Do');
		expect(got.map((todo) => todo.title)).toEqual(['E2E to-do 1 v2', 'E2E to-do 2 v2', 'E2E to-do 3 v2']);
		expect(got.map((todo) => todo.content)).toEqual(created.map(({ todoId }) => `Changed ${todoId}`));
		expect(json(output, 'Get by External ID').map((todo) => todo.id)).toEqual(created.map(({ todoId }) => todoId));
		expect(json(output, 'Mark as Done')).toEqual(created.map(({ todoId }) => ({ todoId, deal: true })));
		expect(json(output, 'Delete To-Do')).toEqual(created.map(({ todoId }) => ({ deleted: true, todoId })));
		expect((output.nodes['Delete To-Do'] ?? []).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const { todoId } of created) expect(emulator.eiam.todos.has(todoId)).toBe(false);
	}, 10 * MINUTE);

	test('Continue On Fail: the failing item carries EIAM\'s reason, the others are created', async () => {
		const output = await n8n.execute('e2eEiamContinue');
		const items = json(output, 'Create To-Do');
		expect(items).toHaveLength(3);
		expect(items[0].todoId).toEqual(expect.any(String));
		expect(items[1]).toEqual({ error: 'User does not exist: check User Name (item 1)', description: 'EIAM USER.0001: User does not exist' });
		expect(items[2].todoId).toEqual(expect.any(String));
	}, 10 * MINUTE);

	test('an expired token is renewed once and stored: the next run needs no new token', async () => {
		await n8n.execute('e2eEiamOne');
		const tokensBefore = emulator.requestsTo('POST', EIAM_TOKEN).length;
		const held = (await n8n.credentialData(CREDENTIALS.eiamClient.id)).sessionToken as string;
		emulator.tokens.expire(held);

		const renewed = await n8n.execute('e2eEiamOne');
		expect(renewed.errors).toEqual({});
		// The create met EIAM's 400 invalid_token once, then went through with the new token.
		expect(emulator.requestsTo('POST', '/api/v2/tenant/todo/task').slice(-2).map((entry) => entry.status)).toEqual([400, 200]);
		expect(emulator.requestsTo('POST', EIAM_TOKEN).length).toBe(tokensBefore + 1);
		const issued = (emulator.requestsTo('POST', EIAM_TOKEN).at(-1)?.response as { access_token: string }).access_token;
		expect((await n8n.credentialData(CREDENTIALS.eiamClient.id)).sessionToken).toBe(issued);

		const again = await n8n.execute('e2eEiamOne');
		expect(again.errors).toEqual({});
		expect(emulator.requestsTo('POST', EIAM_TOKEN).length).toBe(tokensBefore + 1);
	}, 10 * MINUTE);

	test('access-token credentials send the pasted tokens and never ask for one', async () => {
		const aiccTokens = emulator.requestsTo('POST', AICC_TOKEN).length;
		const output = await n8n.execute('e2eAccessTokens');
		expect(output.errors).toEqual({});
		expect(json(output, 'Create Task')[0].taskId).toEqual(expect.any(String));
		expect(json(output, 'Create To-Do')[0].todoId).toEqual(expect.any(String));
		expect(emulator.requestsTo('POST', AICC_TOKEN).length).toBe(aiccTokens);
	}, 10 * MINUTE);

	test('version 2 nodes: Create or Update creates, leaves and updates; locators by External ID and From List; Simplify on', async () => {
		const output = await n8n.execute('e2eVersion2');
		expect(output.errors).toEqual({});
		const [created] = json(output, 'Create or Update');
		expect(created).toEqual({ todoId: expect.any(String), action: 'created' });
		expect(json(output, 'Again, Unchanged')).toEqual([{ todoId: created.todoId, action: 'unchanged' }]);
		expect(json(output, 'Changed, Updated')).toEqual([{ todoId: created.todoId, action: 'updated' }]);
		expect(json(output, 'Get by External ID')).toEqual([expect.objectContaining({ id: created.todoId, externalId: expect.stringMatching(/^crm-/), title: 'Mirrored from the CRM', done: false })]);
		const [task] = json(output, 'Get Task');
		expect(Object.keys(task)).toEqual(['taskId', 'taskNo', 'title', 'status', 'priority', 'ownerId', 'ownerName', 'creatorId', 'dueDate', 'createdDate', 'closedDate']);
		expect(task).toMatchObject({ taskId: expect.stringMatching(/^[A-Za-z0-9]{20}$/), title: 'Version 2 task', status: 'Pending', priority: null });
		expect(json(output, 'Transfer Task')).toEqual([{ taskId: task.taskId, ownerId: 'teamLead000000000001', transferred: true }]);
	});

	test('examples: overdue AICC tasks become EIAM to-dos for their owners, once each however often it runs', async () => {
		const overdue = await createTaskInEmulator(emulator, 'Overdue example task', '2020-01-01 09:00:00');
		const notYet = await createTaskInEmulator(emulator, 'Not yet due example task', '2099-01-01 09:00:00');
		for (const action of ['created', 'updated']) {
			const output = await n8n.execute('exampleOverdueHand');
			expect(output.errors).toEqual({});
			const made = json(output, 'To-Do for the Owner');
			expect(made.length).toBeGreaterThan(0);
			for (const item of made) expect(['created', 'updated', 'unchanged']).toContain(item.action);
			const todos = [...emulator.eiam.todos.values()];
			// The deadline moves with every run, so the second run updates rather than adds.
			expect(todos.filter((todo) => todo.external_id === `aicc-${overdue}`)).toHaveLength(1);
			expect(todos.filter((todo) => todo.external_id === `aicc-${notYet}`)).toHaveLength(0);
			expect(made.map((item) => item.action)).toContain(action);
		}
	});

	test('the HTTP Request node can use the AICC credential as a predefined credential type', async () => {
		const output = await n8n.execute('e2eHttpRequest');
		expect(output.errors).toEqual({});
		expect(json(output, 'HTTP Request')[0]).toMatchObject({ resCode: '0', result: { count: expect.any(Number) } });
		const [request] = emulator.requestsTo('POST', '/service/AICC__Case/1.0.0/openapi/task/list').slice(-1);
		expect(request.headers['access-token']).toMatch(/^aicc-/);
		expect(request.status).toBe(200);
	}, 10 * MINUTE);

	describe('n8n start: REST API and editor', () => {
		let rest: N8nRest;
		let browser: Browser;
		const listCalls = () => emulator.requestsTo('POST', '/service/AICC__Case/1.0.0/openapi/task/list').length;
		let listCallsBeforeStart = 0;

		beforeAll(async () => {
			// Published before the start, so that n8n activates the trigger (its first poll sets the baseline) when it starts.
			await n8n.importJson('workflow', triggerWorkflow());
			await n8n.cli(['publish:workflow', `--id=${triggerWorkflow().id}`]);
			await n8n.cli(['publish:workflow', '--id=exampleWebhook001']);
			await n8n.cli(['publish:workflow', '--id=exampleTrigger001']);
			listCallsBeforeStart = listCalls();
			await n8n.start();
			rest = new N8nRest(n8n.url);
			await rest.setUpOwner();
			browser = await launchBrowser();
		}, 15 * MINUTE);

		afterAll(async () => {
			await browser?.close();
			await n8n?.stop();
		});

		test('the node types list both nodes and, from usableAsTool, their AI Agent tool variants', async () => {
			const { status, body } = await rest.request<Array<{ name: string; displayName: string }>>('GET', '/types/nodes.json');
			expect(status).toBe(200);
			const names = body.map((type) => type.name);
			for (const name of ['n8n-nodes-aicc-eiam.aicc', 'n8n-nodes-aicc-eiam.eiam', 'n8n-nodes-aicc-eiam.aiccTrigger', 'n8n-nodes-aicc-eiam.aiccTool', 'n8n-nodes-aicc-eiam.eiamTool']) {
				expect(names).toContain(name);
			}
		});

		test('the credential Test button: good credentials pass, a wrong secret or a stale token fails saying so', async () => {
			const [aiccClient, eiamClient] = credentialsFor(emulator);
			expect(await rest.testCredential(eiamClient)).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await rest.testCredential(aiccClient)).toEqual({ status: 'OK', message: 'Connection successful!' });
			const wrongSecret = await rest.testCredential({ ...eiamClient, data: { ...eiamClient.data, clientSecret: 'wrong' } });
			expect(wrongSecret.status).toBe('Error');
			expect(wrongSecret.message).toContain('EIAM refused the Client ID or Client Secret');
			const staleToken = await rest.testCredential({ ...eiamClient, data: { domain: emulator.url, authentication: 'accessToken', accessToken: 'stale' } });
			expect(staleToken).toEqual({ status: 'Error', message: 'EIAM rejected the access token: it is expired or wrong' });
		});

		test('examples: a CRM webhook creates its EIAM to-do, then leaves or updates it, and gets { todoId, action } back', async () => {
			const post = async (ticket: Record<string, string>) => {
				const answer = await fetch(`${n8n.url}/webhook/crm-ticket`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ticket) });
				expect(answer.status).toBe(200);
				return (await answer.json()) as { todoId: string; action: string };
			};
			const ticket = { ticketId: `T-${Date.now()}`, assignee: 'lisi', subject: 'Printer on fire', details: 'Floor 3', due: '2026-12-05T18:00:00+08:00' };
			const created = await post(ticket);
			expect(created).toEqual({ todoId: expect.any(String), action: 'created' });
			expect(await post(ticket)).toEqual({ todoId: created.todoId, action: 'unchanged' });
			expect(await post({ ...ticket, details: 'Floor 3, now out' })).toEqual({ todoId: created.todoId, action: 'updated' });
			expect(emulator.eiam.todos.get(created.todoId)).toMatchObject({ external_id: `crm-${ticket.ticketId}`, content: 'Floor 3, now out' });
		});

		test("the Task picker's list search answers through the REST call the editor makes, searching AICC's titles", async () => {
			const picker = (filter?: string) =>
				rest.request<{ data: { results: Array<{ name: string; value: string }> } }>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
					path: 'taskId',
					nodeTypeAndVersion: { name: 'n8n-nodes-aicc-eiam.aicc', version: 2 },
					currentNodeParameters: { resource: 'task', operation: 'transfer', creatorId: OWNER_ID, taskId: { __rl: true, mode: 'list', value: '' } },
					methodName: 'searchTasks',
					credentials: { aiccApi: CREDENTIALS.aiccClient },
					...(filter ? { filter } : {}),
				});
			const all = await picker();
			expect(all.status).toBe(200);
			expect(all.body.data.results.length).toBeGreaterThan(0);
			for (const result of all.body.data.results) expect(result).toEqual({ name: expect.any(String), value: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
			const found = await picker('E2E task');
			expect(found.body.data.results.length).toBeGreaterThan(0);
			for (const result of found.body.data.results) expect(result.name).toMatch(/E2E task/i);
		});

		test('the AICC Trigger, active in n8n start, emits each task created between its polls once, and nothing old', async () => {
			const executions = async () => {
				const { body } = await rest.request<{ data: { results: Array<{ id: string }> } }>('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: triggerWorkflow().id }))}`);
				return body.data.results.map((execution) => execution.id).sort((a, b) => Number(a) - Number(b));
			};
			// What the execution emitted (its run data), not the workflow beside it, whose static data holds the trigger's remembered task IDs.
			const executionText = async (id: string) => JSON.stringify((await rest.request<{ data: { data: unknown } }>('GET', `/rest/executions/${id}`)).body.data.data);
			const until = async (what: string, holds: () => Promise<boolean>) => {
				const deadline = Date.now() + 2.5 * MINUTE;
				while (!(await holds())) {
					if (Date.now() > deadline) throw new Error(`no ${what} within 2.5 minutes`);
					await new Promise((resolve) => setTimeout(resolve, 2_000));
				}
			};
			// Activation polled once: the baseline, which emits the tasks the other tests created as old news.
			// Each baseline (this trigger's and the example's, with the same query) ends with a listing from a
			// horizon before AICC's newest stamp, or a probe that found no task: a task created before both
			// were answered would count as old.
			const baselineDone = () =>
				emulator
					.requestsTo('POST', '/service/AICC__Case/1.0.0/openapi/task/list')
					.slice(listCallsBeforeStart)
					.filter((entry) => 'startTime' in (JSON.parse(entry.body) as object) || (entry.response as { result?: { count?: number } })?.result?.count === 0).length >= 2;
			await until('baseline poll', async () => baselineDone());
			expect(await executions()).toEqual([]);
			const createTask = (title: string) => createTaskInEmulator(emulator, title);
			const first = await createTask('Trigger e2e first');
			await until('execution for the first task', async () => (await executions()).length === 1);
			const [firstRun] = await executions();
			expect(await executionText(firstRun)).toContain(first);
			const second = await createTask('Trigger e2e second');
			await until('execution for the second task', async () => (await executions()).length === 2);
			const secondText = await executionText((await executions())[1]);
			expect(secondText).toContain(second);
			expect(secondText).not.toContain(first);
			// The example workflow polls too: each new task went on through Edit Fields to an EIAM to-do, once.
			const exampleTodos = () => [...emulator.eiam.todos.values()].filter((todo) => todo.external_id.startsWith('aicc-new-'));
			await until("the example's to-dos", async () => exampleTodos().length >= 2);
			expect(exampleTodos().map((todo) => todo.external_id).sort()).toEqual([`aicc-new-${first}`, `aicc-new-${second}`].sort());
			expect(exampleTodos().find((todo) => todo.external_id === `aicc-new-${first}`)).toMatchObject({ title: 'New AICC task: Trigger e2e first' });
		}, 8 * MINUTE);

		test('in the browser: both node panels render their parameters, node and credential icons load', async () => {
			const session = await openEditor(browser, n8n.url, `n8n-${target.version}`);
			const aiccPanel = await openNodePanel(session, n8n.url, 'e2eAiccTasks', 'Create Task');
			await session.screenshot('aicc-create-task');
			expect(aiccPanel).toContain('Owner ID');
			expect(aiccPanel).toContain('Additional Fields');
			await closeNodePanel(session);
			const eiamPanel = await openNodePanel(session, n8n.url, 'e2eEiamTodos', 'Update Changed Fields');
			await session.screenshot('eiam-update-changed-fields');
			expect(eiamPanel).toContain('Only Fields That Change');
			expect(eiamPanel).toContain('Update Fields');
			await closeNodePanel(session);
			const upsertPanel = await openNodePanel(session, n8n.url, 'e2eVersion2', 'Create or Update');
			await session.screenshot('eiam-create-or-update');
			expect(upsertPanel).toContain('Create or Update');
			await closeNodePanel(session);
			const locatorPanel = await openNodePanel(session, n8n.url, 'e2eVersion2', 'Get by External ID');
			await session.screenshot('eiam-get-by-locator');
			expect(locatorPanel).toContain('Simplify');
			expect(locatorPanel).toContain('By External ID');
			await closeNodePanel(session);
			const taskPicker = await openNodePanel(session, n8n.url, 'e2eVersion2', 'Transfer Task');
			await session.screenshot('aicc-task-picker');
			// Its value is an expression here, so the panel shows the expression rather than the mode list.
			expect(taskPicker).toContain('Owner ID');
			await closeNodePanel(session);
			const triggerPanel = await openNodePanel(session, n8n.url, triggerWorkflow().id, 'AICC Trigger');
			await session.screenshot('aicc-trigger');
			expect(triggerPanel).toContain('Poll Times');
			expect(triggerPanel).toContain('New Task');
			expect(triggerPanel).toContain('Creator ID');
			await closeNodePanel(session);
			// Whole workflows, as the README shows them.
			for (const [workflowId, name] of [['exampleOverdue001', 'workflow-overdue-example'], ['e2eAgentShown', 'workflow-ai-agent']]) {
				await session.page.goto(`${n8n.url}/workflow/${workflowId}`);
				await session.page.locator('[data-test-id="canvas-node"], .vue-flow__node').first().waitFor({ state: 'visible', timeout: 60_000 });
				await session.page.waitForTimeout(1500);
				await session.screenshot(name);
			}
			await session.page.goto(`${n8n.url}/home/credentials`);
			await session.page.getByText(CREDENTIALS.eiamClient.name).first().waitFor({ timeout: 60_000 });
			await session.screenshot('credentials');

			const loaded = (file: string) => session.responses.filter((response) => response.url().includes('n8n-nodes-aicc-eiam') && response.url().endsWith(file));
			for (const icon of ['Aicc/aicc.svg', 'Eiam/eiam.svg', 'icons/aicc.svg', 'icons/eiam.svg']) {
				expect({ icon, statuses: loaded(icon).map((response) => response.status()) }).toEqual({ icon, statuses: expect.arrayContaining([200]) });
			}
			const problems = session.errors.filter((error) => /Could not find property option|icon/i.test(error));
			expect(problems).toEqual([]);
			await session.page.context().close();
		}, 5 * MINUTE);
	});
});
