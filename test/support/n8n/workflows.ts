// The workflows and credentials the end-to-end suite imports into a real n8n, built for one emulator URL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_CLIENTS, type Emulator } from '../../emulator/server';
import { ROOT } from './targets';

export const CREDENTIALS = {
	aiccClient: { id: 'aiccExampleCred01', name: 'AICC emulator (client credentials)' },
	eiamClient: { id: 'eiamExampleCred01', name: 'EIAM emulator (client credentials)' },
	aiccToken: { id: 'aiccTokenCred0001', name: 'AICC emulator (access token)' },
	eiamToken: { id: 'eiamTokenCred0001', name: 'EIAM emulator (access token)' },
} as const;

export function credentialsFor(emulator: Emulator) {
	return [
		{ ...CREDENTIALS.aiccClient, type: 'aiccApi', data: { domain: emulator.url, authentication: 'clientCredentials', ...DEMO_CLIENTS.aicc } },
		{ ...CREDENTIALS.eiamClient, type: 'eiamApi', data: { domain: emulator.url, authentication: 'clientCredentials', ...DEMO_CLIENTS.eiam } },
		{ ...CREDENTIALS.aiccToken, type: 'aiccApi', data: { domain: emulator.url, authentication: 'accessToken', accessToken: emulator.issueToken('aicc') } },
		{ ...CREDENTIALS.eiamToken, type: 'eiamApi', data: { domain: emulator.url, authentication: 'accessToken', accessToken: emulator.issueToken('eiam') } },
	];
}

/** The workflows in examples/, as shipped in the repository and linked from the README: every one of them. */
export function exampleWorkflows(): Array<{ id: string; name: string }> {
	const folder = join(ROOT, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')));
}

type Parameters = Record<string, unknown>;
export interface Step {
	name: string;
	type: string;
	parameters: Parameters;
	credentials?: Record<string, { id: string; name: string }>;
	typeVersion?: number;
	onError?: 'continueRegularOutput';
}

const AICC = 'n8n-nodes-aicc-eiam.aicc';
const EIAM = 'n8n-nodes-aicc-eiam.eiam';
const aicc = (credential: { id: string; name: string } = CREDENTIALS.aiccClient) => ({ aiccApi: credential });
const eiam = (credential: { id: string; name: string } = CREDENTIALS.eiamClient) => ({ eiamApi: credential });

/** A straight chain: Start → step 1 → step 2 → … */
export function chain(id: string, name: string, steps: Step[]) {
	const nodes = [{ id: `${id}-0`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = {};
	let previous = 'Start';
	steps.forEach((step, index) => {
		nodes.push({ id: `${id}-${index + 1}`, typeVersion: 1, position: [240 * (index + 1), 0], ...step } as (typeof nodes)[number]);
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	return { id, name, active: false, settings: { timezone: 'Asia/Shanghai' }, nodes, connections };
}

/** Emits one item per row: a Set node in raw JSON mode and a Split Out node (no Code node, so no task runner). */
export const rows = (values: Parameters[]): Step[] => [
	{ name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows: values }), options: {} } },
	{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: 'rows', options: {} } },
];

const OWNER = '10gg00000148QvgpaLAm';
const todoFields = {
	messageType: 'TEXT',
	deadline: '2026-12-05T12:00:00',
	webUrl: 'https://erp.example.com/todo',
	mobileUrl: 'https://m.erp.example.com/todo',
};

export function e2eWorkflows(emulator: Emulator) {
	return [
		chain('e2eAiccTasks', 'E2E: every AICC task operation', [
			{ name: 'Create Task', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'create', title: '=E2E task {{ $execution.id }}', ownerId: OWNER, creatorId: OWNER, additionalFields: { priority: 'High', dueDate: '2026-12-01T18:00:00', type: 'Case', relateId: 'c6m80000014iXKHqDw3c' } } },
			{ name: 'Get Task', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'get', taskId: '={{ $json.taskId }}' } },
			{ name: 'Update Task', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'update', taskId: "={{ $('Create Task').item.json.taskId }}", updateFields: { title: '=E2E task {{ $execution.id }} updated', priority: 'Critical' } } },
			{ name: 'Transfer Task', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'transfer', taskId: "={{ $('Create Task').item.json.taskId }}", ownerId: 'teamLead000000000001', creatorId: OWNER } },
			{ name: 'Update Status', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'updateStatus', taskId: "={{ $('Create Task').item.json.taskId }}", status: 'Processing', creatorId: OWNER } },
			{ name: 'Process Task', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'process', taskId: "={{ $('Create Task').item.json.taskId }}", creatorId: OWNER, title: 'Called back', description: 'Customer satisfied' } },
			{ name: 'List Tasks', type: AICC, credentials: aicc(), parameters: { resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: { title: '=E2E task {{ $execution.id }} updated' } } },
		]),
		chain('e2eEiamTodos', 'E2E: every EIAM to-do operation, three items', [
			...rows([{ n: 1 }, { n: 2 }, { n: 3 }]),
			{ name: 'Create To-Do', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'create', userName: 'zhangsan', title: '=E2E to-do {{ $json.n }}', content: '=Row {{ $json.n }}', externalId: '=e2e-{{ $execution.id }}-{{ $json.n }}', ...todoFields } },
			{ name: 'Update All Fields', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'update', todoId: '={{ $json.todoId }}', updateMode: 'allFields', title: "=E2E to-do {{ $('Split Out').item.json.n }} v2", content: 'Replaced', externalId: "=e2e-{{ $execution.id }}-{{ $('Split Out').item.json.n }}", ...todoFields } },
			{ name: 'Update Changed Fields', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'update', todoId: '={{ $json.todoId }}', updateMode: 'changedFields', updateFields: { content: '=Changed {{ $json.todoId }}' } } },
			{ name: 'Get To-Do', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'get', todoId: '={{ $json.todoId }}' } },
			{ name: 'Get by External ID', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'getByExternalId', externalId: '={{ $json.external_id }}' } },
			{ name: 'Mark as Done', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'markAsDone', todoId: '={{ $json.id }}' } },
			{ name: 'Delete To-Do', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'delete', todoId: '={{ $json.todoId }}' } },
		]),
		chain('e2eEiamContinue', 'E2E: Continue On Fail', [
			...rows([{ user: 'zhangsan' }, { user: 'nobody' }, { user: 'lisi' }]),
			{ name: 'Create To-Do', type: EIAM, credentials: eiam(), onError: 'continueRegularOutput', parameters: { resource: 'todo', operation: 'create', userName: '={{ $json.user }}', title: '=For {{ $json.user }}', content: 'Continue On Fail', externalId: '=cof-{{ $execution.id }}-{{ $json.user }}', ...todoFields } },
		]),
		chain('e2eEiamOne', 'E2E: one EIAM create (token renewal)', [
			{ name: 'Create To-Do', type: EIAM, credentials: eiam(), parameters: { resource: 'todo', operation: 'create', userName: 'lisi', title: 'Token renewal', content: 'x', externalId: '=token-{{ $execution.id }}', ...todoFields } },
		]),
		chain('e2eVersion2', 'E2E: version 2 nodes: Create or Update, locators, Simplify', [
			{ name: 'Create or Update', type: EIAM, typeVersion: 2, credentials: eiam(), parameters: { resource: 'todo', operation: 'createOrUpdate', userName: 'zhangsan', title: 'Mirrored from the CRM', content: 'Ticket 42', externalId: '=crm-{{ $execution.id }}', ...todoFields } },
			{ name: 'Again, Unchanged', type: EIAM, typeVersion: 2, credentials: eiam(), parameters: { resource: 'todo', operation: 'createOrUpdate', userName: 'zhangsan', title: 'Mirrored from the CRM', content: 'Ticket 42', externalId: '=crm-{{ $execution.id }}', ...todoFields } },
			{ name: 'Changed, Updated', type: EIAM, typeVersion: 2, credentials: eiam(), parameters: { resource: 'todo', operation: 'createOrUpdate', userName: 'zhangsan', title: 'Mirrored from the CRM', content: 'Ticket 42, reopened', externalId: '=crm-{{ $execution.id }}', ...todoFields } },
			{ name: 'Get by External ID', type: EIAM, typeVersion: 2, credentials: eiam(), parameters: { resource: 'todo', operation: 'get', todoId: { __rl: true, mode: 'externalId', value: '=crm-{{ $execution.id }}' } } },
			{ name: 'Create Task', type: AICC, typeVersion: 2, credentials: aicc(), parameters: { resource: 'task', operation: 'create', title: 'Version 2 task', ownerId: OWNER, creatorId: OWNER } },
			{ name: 'Get Task', type: AICC, typeVersion: 2, credentials: aicc(), parameters: { resource: 'task', operation: 'get', taskId: { __rl: true, mode: 'id', value: '={{ $json.taskId }}' } } },
			{ name: 'Transfer Task', type: AICC, typeVersion: 2, credentials: aicc(), parameters: { resource: 'task', operation: 'transfer', taskId: { __rl: true, mode: 'list', value: "={{ $('Create Task').item.json.taskId }}", cachedResultName: 'Version 2 task' }, ownerId: 'teamLead000000000001', creatorId: OWNER } },
		]),
		chain('e2eAccessTokens', 'E2E: access-token credentials', [
			{ name: 'Create Task', type: AICC, credentials: aicc(CREDENTIALS.aiccToken), parameters: { resource: 'task', operation: 'create', title: 'With a pasted token', ownerId: OWNER, creatorId: OWNER } },
			{ name: 'Create To-Do', type: EIAM, credentials: eiam(CREDENTIALS.eiamToken), parameters: { resource: 'todo', operation: 'create', userName: 'zhangsan', title: 'With a pasted token', content: 'x', externalId: '=pasted-{{ $execution.id }}', ...todoFields } },
		]),
		chain('e2eHttpRequest', 'E2E: HTTP Request node with the AICC credential', [
			{
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				credentials: aicc(),
				parameters: {
					method: 'POST',
					url: `${emulator.url}/service/AICC__Case/1.0.0/openapi/task/list`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'aiccApi',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({ start: 0, limit: 5, creatorId: OWNER }),
					options: {},
				},
			},
		]),
	];
}

export const QUEUE_WEBHOOK = { workflowId: 'e2eQueueWebhook01', path: 'queue-todo' } as const;

/**
 * Queue mode: a production webhook (answers at once, the execution goes to a worker) → one EIAM to-do per
 * call, its External ID taken from the call's body, with the client-credentials credential.
 */
export function queueWebhookWorkflow() {
	return {
		id: QUEUE_WEBHOOK.workflowId,
		name: 'E2E: queue mode, webhook → EIAM to-do',
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{
				id: 'q-0',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'a5e0c1de-9a53-4c1e-8d0b-3f1f0e2e4a10',
				parameters: { httpMethod: 'POST', path: QUEUE_WEBHOOK.path, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'q-1',
				name: 'Create To-Do',
				type: EIAM,
				typeVersion: 1,
				position: [240, 0],
				credentials: eiam(),
				parameters: { resource: 'todo', operation: 'create', userName: 'zhangsan', title: '=Queue {{ $json.body.externalId }}', content: 'From a webhook in queue mode', externalId: '={{ $json.body.externalId }}', ...todoFields },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Create To-Do', type: 'main', index: 0 }]] } },
	};
}

/** The AICC Trigger polling every minute for new tasks; `publish:workflow` activates it for `n8n start`. */
export function triggerWorkflow() {
	return {
		id: 'e2eAiccTrigger',
		name: 'E2E: AICC trigger, new tasks',
		active: false,
		// The zone the e2e emulator's AICC writes its times in.
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{
				id: 'e2eAiccTrigger-0',
				name: 'AICC Trigger',
				type: 'n8n-nodes-aicc-eiam.aiccTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newTask', creatorId: OWNER, filters: {} },
				credentials: aicc(),
			},
		],
		connections: {},
	};
}

type WorkflowJson = { id: string; name: string; nodes: Array<{ name: string; type: string; typeVersion: number; parameters: Parameters }> };

/**
 * An example workflow with its Schedule Trigger swapped for a Manual Trigger of the same name, under a
 * new ID: `n8n execute` starts only from a manual trigger, and the rest of the chain is what is tested.
 */
export function startedByHand(workflow: WorkflowJson, id: string): WorkflowJson {
	const nodes = workflow.nodes.map((node) =>
		node.type === 'n8n-nodes-base.scheduleTrigger' ? { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} } : node,
	);
	return { ...workflow, id, name: `${workflow.name} (started by hand)`, nodes };
}

export function exampleWorkflow(id: string): WorkflowJson {
	const workflow = exampleWorkflows().find((candidate) => candidate.id === id);
	if (!workflow) throw new Error(`no example workflow ${id}`);
	return workflow as WorkflowJson;
}

/** The OpenAI credential of the agent workflows; its Base URL points at the scripted model of test/support/n8n. */
export const OPENAI_CREDENTIAL = { id: 'scriptedModel0001', name: 'Scripted model' };

const fromAI = (key: string, description: string) => `={{ $fromAI('${key}', '${description}', 'string') }}`;

/** Our EIAM node as a tool, "Create To-Do", every field a model would set filled by $fromAI. */
function eiamCreateTool(id: string, position: [number, number]) {
	return {
		id,
		name: 'Create To-Do',
		type: 'n8n-nodes-aicc-eiam.eiamTool',
		typeVersion: 2,
		position,
		parameters: {
			resource: 'todo',
			operation: 'create',
			userName: fromAI('userName', 'Login name of the EIAM user who gets the to-do'),
			title: fromAI('title', 'Title of the to-do, at most 100 characters'),
			content: fromAI('content', 'What the user should do'),
			messageType: 'TEXT',
			deadline: fromAI('deadline', 'When it is due, as an ISO date and time'),
			externalId: fromAI('externalId', 'A unique ID for the to-do'),
			webUrl: 'https://crm.example.com/agent',
			mobileUrl: 'https://m.crm.example.com/agent',
		},
		credentials: { eiamApi: CREDENTIALS.eiamClient },
	};
}

/** Manual Trigger → AI Agent ← OpenAI Chat Model, EIAM Tool (To-Do Create), AICC Tool (Task Create). */
export function agentWorkflow(id: string, prompt: string) {
	return {
		id,
		name: `E2E: AI Agent with our tools (${id})`,
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-agent`, name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 2.2, position: [240, 0], parameters: { promptType: 'define', text: prompt, options: {} } },
			{
				id: `${id}-model`,
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [160, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			},
			eiamCreateTool(`${id}-eiam`, [320, 220]),
			{
				id: `${id}-aicc`,
				name: 'Create Task',
				type: 'n8n-nodes-aicc-eiam.aiccTool',
				typeVersion: 2,
				position: [480, 220],
				parameters: {
					resource: 'task',
					operation: 'create',
					title: fromAI('title', 'Title of the task, at most 128 bytes'),
					ownerId: OWNER,
					creatorId: OWNER,
					// An optional field inside Additional Fields, filled by the model too.
					additionalFields: { priority: fromAI('priority', 'Critical, High, Medium or Low') },
				},
				credentials: { aiccApi: CREDENTIALS.aiccClient },
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Create To-Do': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'Create Task': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}


/** n8n's MCP Server Trigger exposing our EIAM To-Do Create as a tool, at /mcp/aicc-eiam once published. */
export function mcpWorkflow() {
	return {
		id: 'e2eMcpServer0001',
		name: 'E2E: MCP server with our EIAM tool',
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: 'mcp-trigger', name: 'MCP Server Trigger', type: '@n8n/n8n-nodes-langchain.mcpTrigger', typeVersion: 2, position: [0, 0], webhookId: '6a1d2f3e-4b5c-4d6e-8f70-81a2b3c4d5e6', parameters: { path: 'aicc-eiam', authentication: 'none' } },
			eiamCreateTool('mcp-eiam', [0, 220]),
		],
		connections: { 'Create To-Do': { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
	};
}
