// Our nodes as AI tools in a real n8n. An MCP client lists and calls our EIAM tool behind n8n's MCP
// Server Trigger. And an AI Agent: Manual Trigger → AI Agent, with n8n's OpenAI Chat Model
// pointed at a scripted model on loopback, and the EIAM and AICC tool nodes filled by $fromAI. The
// script calls both tools; the emulator must then hold exactly what it asked for, and a bad argument
// must come back to the model as the tool's error text rather than crash the execution.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';

import { ensureN8n } from '../support/n8n/install';
import { N8nInstance } from '../support/n8n/n8n';
import { messageText, startScriptedModel, type ChatRequest, type ChatTool, type ScriptedModel, type Turn } from '../support/n8n/scripted-model';
import { N8N_TARGETS } from '../support/n8n/targets';
import { agentWorkflow, credentialsFor, mcpWorkflow, OPENAI_CREDENTIAL } from '../support/n8n/workflows';

const MINUTE = 60_000;
const OWNER = '10gg00000148QvgpaLAm';

/** The tool of ours that takes `property`, as the agent offered it to the model. */
function toolTaking(request: ChatRequest, property: string, not?: string): ChatTool {
	const tool = (request.tools ?? []).find((offered) => property in (offered.function.parameters?.properties ?? {}) && (!not || !(not in (offered.function.parameters?.properties ?? {}))));
	if (!tool) throw new Error(`no tool taking ${property} among ${JSON.stringify((request.tools ?? []).map((offered) => offered.function.name))}`);
	return tool;
}

const TITLE_TOO_LONG = 'x'.repeat(101);

/**
 * A conversation's first turn calls the EIAM tool (all its $fromAI fields) and the AICC tool; once the
 * tools have answered, the model quotes what they said. The prompt says whether the to-do's title is
 * one the node must refuse.
 */
function script(request: ChatRequest): Turn {
	const prompt = messageText(request.messages.find((message) => message.role === 'user') ?? { role: 'user', content: '' });
	if (!request.messages.some((message) => message.role === 'tool')) {
		const eiam = toolTaking(request, 'userName');
		const aicc = toolTaking(request, 'title', 'userName');
		const title = prompt.includes('too long') ? TITLE_TOO_LONG : 'Call the customer back';
		const userName = prompt.includes('nobody') ? 'nobody' : 'zhangsan';
		return {
			toolCalls: [
				{ name: eiam.function.name, arguments: { userName, title, content: 'About the invoice', deadline: '2026-12-05T18:00:00+08:00', externalId: `agent-${Date.now()}` } },
				// In the model's own casing: the node takes it whatever the case.
				{ name: aicc.function.name, arguments: { title: 'Invoice dispute', priority: 'high' } },
			],
		};
	}
	const results = request.messages.filter((message) => message.role === 'tool').map(messageText);
	return { content: `Tool results: ${results.join(' | ')}` };
}

let pack: PackResult;
beforeAll(() => {
	pack = packPackage();
});
afterAll(() => pack?.cleanup());

describe.each(N8N_TARGETS)('n8n $version (Node.js $node): AI Agent with our tools', (target) => {
	let emulator: Emulator;
	let model: ScriptedModel;
	let n8n: N8nInstance;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		emulator = await startEmulator();
		model = await startScriptedModel(script);
		n8n = new N8nInstance(install);
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', [...credentialsFor(emulator), { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.url } }]);
		await n8n.importJson('workflow', agentWorkflow('e2eAgentGood', 'Create a to-do for zhangsan and a task about the invoice.'));
		await n8n.importJson('workflow', agentWorkflow('e2eAgentBad', 'Create a to-do whose title is too long, and a task about the invoice.'));
		await n8n.importJson('workflow', agentWorkflow('e2eAgentNobody', 'Create a to-do for nobody, and a task about the invoice.'));
		await n8n.importJson('workflow', mcpWorkflow());
		// Published before n8n starts, so that it registers the MCP server's webhooks when it does.
		await n8n.cli(['publish:workflow', `--id=${mcpWorkflow().id}`]);
	}, 30 * MINUTE);

	afterAll(async () => {
		await n8n?.remove();
		await model?.stop();
		await emulator?.stop();
	});

	test('the model is offered both tools with a JSON schema; the emulator holds exactly what it asked for; the answer quotes the IDs', async () => {
		const before = model.requests.length;
		const output = await n8n.execute('e2eAgentGood');
		expect(output.errors).toEqual({});
		const [first, second] = model.requests.slice(before);
		const eiam = toolTaking(first, 'userName');
		expect(eiam.function.parameters).toMatchObject({ type: 'object', properties: { userName: expect.any(Object), title: expect.any(Object), content: expect.any(Object), deadline: expect.any(Object), externalId: expect.any(Object) } });
		expect(toolTaking(first, 'title', 'userName').function.parameters).toMatchObject({ type: 'object', properties: { title: expect.any(Object), priority: expect.any(Object) } });

		const [todo] = emulator.eiam.todos.values();
		const [task] = emulator.aicc.tasks.values();
		expect(emulator.eiam.todos.size).toBe(1);
		expect(emulator.aicc.tasks.size).toBe(1);
		expect(todo).toMatchObject({ title: 'Call the customer back', content: 'About the invoice', ending_at: '2026-12-05 18:00:00', detail_url: { web_url: 'https://crm.example.com/agent' } });
		expect(task).toMatchObject({ title: 'Invoice dispute', ownerId: OWNER, priority: 'High' });
		// The tools' results went back to the model, and its final answer is the agent's output.
		const toolResults = second.messages.filter((message) => message.role === 'tool').map(messageText).join(' ');
		expect(toolResults).toContain(todo.id);
		expect(toolResults).toContain(task.id);
		const [answer] = (output.nodes['AI Agent'] ?? []).map((item) => String(item.json.output));
		expect(answer).toContain(todo.id);
		expect(answer).toContain(task.id);
	}, 10 * MINUTE);

	test("a bad argument comes back to the model as the tool's error text; the execution does not crash", async () => {
		const todosBefore = emulator.eiam.todos.size;
		const before = model.requests.length;
		const output = await n8n.execute('e2eAgentBad');
		expect(output.errors).toEqual({});
		expect(emulator.eiam.todos.size).toBe(todosBefore);
		const toolResults = model.requests.slice(before)[1].messages.filter((message) => message.role === 'tool').map(messageText).join(' ');
		expect(toolResults).toMatch(/Title must be at most 100 characters/);
		expect(String(output.nodes['AI Agent']?.[0]?.json.output)).toMatch(/Title must be at most 100 characters/);
	}, 10 * MINUTE);

	test('an unknown user comes back to the model as EIAM\'s refusal, naming User Name', async () => {
		const before = model.requests.length;
		const output = await n8n.execute('e2eAgentNobody');
		expect(output.errors).toEqual({});
		const toolResults = model.requests.slice(before)[1].messages.filter((message) => message.role === 'tool').map(messageText).join(' ');
		expect(toolResults).toMatch(/User does not exist: check User Name/);
	}, 10 * MINUTE);

	test('an MCP client sees our EIAM tool with its schema behind the MCP Server Trigger, and calling it creates the to-do', async () => {
		await n8n.start();
		// n8n answers its REST API before it has registered the webhooks of its active workflows.
		let client = new Client({ name: 'n8n-nodes-aicc-eiam-e2e', version: '1.0.0' });
		for (let attempt = 1; ; attempt++) {
			const connected = await client.connect(new StreamableHTTPClientTransport(new URL(`${n8n.url}/mcp/aicc-eiam`))).then(
				() => true,
				(error: Error) => {
					if (attempt >= 30 || !/not registered/.test(error.message)) throw error;
					return false;
				},
			);
			if (connected) break;
			client = new Client({ name: 'n8n-nodes-aicc-eiam-e2e', version: '1.0.0' });
			await new Promise((resolve) => setTimeout(resolve, 1_000));
		}
		try {
			const { tools } = await client.listTools();
			const tool = tools.find((offered) => 'userName' in ((offered.inputSchema as { properties?: object }).properties ?? {}));
			expect(tool?.inputSchema).toMatchObject({ type: 'object', properties: { userName: expect.any(Object), title: expect.any(Object), content: expect.any(Object), deadline: expect.any(Object), externalId: expect.any(Object) } });
			const externalId = `mcp-${Date.now()}`;
			const result = await client.callTool({ name: tool?.name as string, arguments: { userName: 'lisi', title: 'Asked over MCP', content: 'From an MCP client', deadline: '2026-12-06T09:00:00+08:00', externalId } });
			const stored = [...emulator.eiam.todos.values()].find((todo) => todo.external_id === externalId);
			expect(stored).toMatchObject({ title: 'Asked over MCP', content: 'From an MCP client', ending_at: '2026-12-06 09:00:00' });
			expect(JSON.stringify(result.content)).toContain(stored?.id as string);
		} finally {
			await client.close();
			await n8n.stop();
		}
	}, 10 * MINUTE);
});
