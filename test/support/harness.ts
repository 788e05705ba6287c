/**
 * Runs our nodes through n8n-core's real WorkflowExecute and real HTTP helpers. n8n's own
 * NodeTestHarness is not published, and the credentials helper lives in n8n's CLI package, so this
 * file holds small stand-ins for those two, following n8n's CLI CredentialsHelper where it matters:
 * preAuthentication runs when the expirable field is empty or the token is declared expired, and
 * what it returns is stored; an `authenticate` function is called, a generic `authenticate` block is
 * resolved with n8n's expression engine.
 */
import { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { AiccApi } from '../../credentials/AiccApi.credentials';
import { EiamApi } from '../../credentials/EiamApi.credentials';
import { Aicc } from '../../nodes/Aicc/Aicc.node';
import { AiccTrigger } from '../../nodes/Aicc/AiccTrigger.node';
import { Eiam } from '../../nodes/Eiam/Eiam.node';
import { readAnswer } from '../../nodes/shared/reading';

/** A test-only source node: emits the items given in its `items` parameter, like a Manual Trigger followed by a Code node. */
class ItemSource implements INodeType {
	description = {
		displayName: 'Item Source',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items for tests',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

/**
 * A test-only baseline for the benchmark: the same EIAM create as our node, sent straight through
 * n8n's httpRequest helper (a sliding window of In Flight requests, 10 like our default), with no
 * parameters, validation or mapping.
 */
class BareEiamCreate implements INodeType {
	description = {
		displayName: 'Bare EIAM Create',
		name: 'bareEiamCreate',
		group: ['output'],
		version: 1,
		description: 'Baseline for benchmarks',
		defaults: { name: 'Bare' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Token', name: 'token', type: 'string', default: '' },
			{ displayName: 'In Flight', name: 'inFlight', type: 'number', default: 10 },
			// 'axios': n8n's helper reads and parses the answer (our nodes before they read answers themselves); 'ours': readAnswer does.
			{ displayName: 'Reading', name: 'reading', type: 'string', default: 'axios' },
		],
	} as unknown as INodeType['description'];

	/** A sliding window of `inFlight` requests through n8n's plain httpRequest helper: no expressions, no validation, no credential. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const url = this.getNodeParameter('url', 0) as string;
		const token = this.getNodeParameter('token', 0) as string;
		const inFlight = this.getNodeParameter('inFlight', 0, 10) as number;
		const readsItself = this.getNodeParameter('reading', 0, 'axios') === 'ours';
		const output: INodeExecutionData[] = new Array(items.length);
		let next = 0;
		const worker = async () => {
			for (let index = next++; index < items.length; index = next++) {
				const n = String(items[index].json.n ?? index);
				const body = { title: `Bench ${n}`, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: `bare-${Date.now()}-${n}`, detail_url: { web_url: 'https://e.com', mobile_url: 'https://e.com' } };
				const request: IHttpRequestOptions = { method: 'POST', url, body, json: true, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } };
				const response = (
					readsItself ? await readFullAnswer(await this.helpers.httpRequest({ ...request, encoding: 'stream', returnFullResponse: true })) : await this.helpers.httpRequest(request)
				) as IDataObject;
				output[index] = { json: { todoId: response.todo_id }, pairedItem: { item: index } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
		return [output];
	}
}

/** The body of a full response read as our transport reads it (bounded, decoded by its charset). */
async function readFullAnswer(response: { body: unknown; headers?: Record<string, unknown> }): Promise<unknown> {
	return await readAnswer(response.body, response.headers, { success: true });
}

const NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-aicc-eiam.aicc': new Aicc(),
	'n8n-nodes-aicc-eiam.eiam': new Eiam(),
	'n8n-nodes-aicc-eiam.aiccTrigger': new AiccTrigger(),
	// The tool variant n8n makes of a usableAsTool node for an AI Agent: the same node under another type name.
	'n8n-nodes-aicc-eiam.eiamTool': new Eiam(),
	'test.itemSource': new ItemSource(),
	'test.bareEiamCreate': new BareEiamCreate(),
};

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = { aiccApi: new AiccApi(), eiamApi: new EiamApi() };

export class TestNodeTypes implements INodeTypes {
	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		const nodeType = NODE_TYPES[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	}

	getKnownTypes() {
		return {};
	}
}

export interface StoredCredential {
	id: string;
	name: string;
	type: 'aiccApi' | 'eiamApi';
	data: ICredentialDataDecryptedObject;
}

/** What n8n's database holds for credentials, and how often n8n wrote to it. */
export class CredentialStore {
	readonly credentials = new Map<string, StoredCredential>();
	/** How often n8n wrote a credential (a new token), and how often a node read one. */
	updates = 0;
	reads = 0;

	add(credential: StoredCredential): INodeCredentialsDetails {
		this.credentials.set(credential.id, { ...credential, data: { ...credential.data } });
		return { id: credential.id, name: credential.name };
	}

	get(id: string): StoredCredential {
		const credential = this.credentials.get(id);
		if (!credential) throw new Error(`No credential ${id}`);
		return credential;
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = CREDENTIAL_TYPES[typeName].authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: string) =>
			String(
				workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as never, undefined, '') ??
					'',
			);
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			const bag = ((requestOptions as unknown as Record<string, Record<string, string>>)[target] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) bag[resolve(key)] = resolve(value);
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = CREDENTIAL_TYPES[typeName];
		const expirable = type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable);
		if (!expirable || !type.preAuthentication) return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (!reference) return undefined;
		await this.updateCredentials(reference, typeName, Object.assign(credentials, output));
		return credentials;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(nodeCredentials.id as string);
		this.store.reads++;
		const withDefaults = NodeHelpers.getNodeParameters(
			CREDENTIAL_TYPES[type].properties,
			stored.data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		const stored = this.store.get(nodeCredentials.id as string);
		stored.data = { ...data };
		this.store.updates++;
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type].properties;
	}
}

export function createAdditionalData(store: CredentialStore, workflowData: object): IWorkflowExecuteAdditionalData {
	return {
		// Every run n8n starts has an ID (Create and Wait for Approval signs its resume link with it).
		executionId: 'exec-1',
		credentialsHelper: new TestCredentialsHelper(store),
		hooks: new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as never),
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeUnderTest {
	type: 'n8n-nodes-aicc-eiam.aicc' | 'n8n-nodes-aicc-eiam.eiam' | 'n8n-nodes-aicc-eiam.eiamTool' | 'test.bareEiamCreate';
	parameters: INodeParameters;
	credentials: Record<string, INodeCredentialsDetails>;
	continueOnFail?: boolean;
	/** The node's On Error setting; overrides continueOnFail when given. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** The node's version as a workflow stores it; 1 unless given. */
	typeVersion?: number;
}

export interface NodeRun {
	/** The node's output items, in order. */
	items: INodeExecutionData[];
	/** The items of the node's error output (On Error: Continue (using error output)). */
	errorItems: INodeExecutionData[];
	/** The error that stopped the node, if it failed. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
	run: IRun;
}

export async function runNode(
	store: CredentialStore,
	node: NodeUnderTest,
	inputItems: IDataObject[] = [{}],
	timezone = 'Asia/Shanghai',
): Promise<NodeRun> {
	const source: INode = {
		id: 'source',
		name: 'Items',
		type: 'test.itemSource',
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(inputItems) },
	};
	const target: INode = {
		id: 'target',
		name: 'Node',
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [200, 0],
		parameters: node.parameters,
		credentials: node.credentials,
		...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(node.onError ? { onError: node.onError } : {}),
	};
	const workflowData = {
		id: 'wf',
		name: 'test',
		nodes: [source, target],
		connections: { Items: { main: [[{ node: 'Node', type: 'main' as const, index: 0 }]] } },
		active: false,
		settings: { timezone },
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes: new TestNodeTypes(), staticData: {} });
	const additionalData = createAdditionalData(store, workflowData);

	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: source });
	const taskData = run.data.resultData.runData.Node?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		errorItems: taskData?.data?.main?.[1] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as NodeRun['error'],
		run,
	};
}

/** The description of n8n's No Operation node, which n8n's credentials tester dresses up for a request test. */
const NO_OP_DESCRIPTION = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
} as unknown as INodeTypeDescription;

/**
 * The Test button, as n8n's CLI CredentialsTester runs a credential's request-based `test`: defaults
 * applied, the request made by n8n-core's RoutingNode with the credential as typed, then the rules:
 * `responseCode` rules on an HTTP error, `responseSuccessBody` rules on a success.
 */
export async function testCredential(store: CredentialStore, credential: StoredCredential): Promise<INodeCredentialTestResult> {
	const credentialType = CREDENTIAL_TYPES[credential.type];
	const test = credentialType.test;
	if (!test) throw new Error(`${credential.type} has no test`);
	store.add(credential);
	const data = NodeHelpers.getNodeParameters(credentialType.properties, credential.data as INodeParameters, true, false, null, null);
	const credentialsDecrypted: ICredentialsDecrypted = { id: credential.id, name: credential.name, type: credential.type, data: data as ICredentialDataDecryptedObject };

	const nodeType: INodeType = {
		description: {
			...NO_OP_DESCRIPTION,
			credentials: [{ name: credential.type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new ExecuteContext(
		workflow,
		node,
		createAdditionalData(store, { nodes: [node], connections: {} }),
		'internal',
		{ resultData: { runData: {} } } as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as { message: string; cause?: { response?: { status: number; statusText?: string }; code?: string } };
		const failed = error.cause?.response;
		if (failed) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === failed.status) return { status: 'Error', message: rule.properties.message };
			}
			if (failed.status < 199 || failed.status > 299) {
				return { status: 'Error', message: failed.statusText || `Received HTTP status code: ${failed.status}` };
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json as IDataObject;
			if (get(body, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function get(body: IDataObject | undefined, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as IDataObject)[part] : undefined), body);
}

export interface PollRun {
	/** What the poll emitted (null: nothing new). */
	emitted: INodeExecutionData[][] | null;
	/** The workflow's static data after the poll, to hand to the next one as n8n keeps it between polls. */
	staticData: IDataObject;
}

/**
 * One poll of the AICC trigger, as n8n's active workflows run it: n8n-core's PollContext on a workflow
 * whose static data carries over from the previous poll. `mode` 'manual' is Fetch Test Event.
 */
export async function pollTrigger(
	store: CredentialStore,
	parameters: INodeParameters,
	credentials: Record<string, INodeCredentialsDetails>,
	staticData: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
	timezone = 'UTC',
): Promise<PollRun> {
	const node: INode = {
		id: 'trigger',
		name: 'AICC Trigger',
		type: 'n8n-nodes-aicc-eiam.aiccTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials,
	};
	const workflowData = { id: 'wf-poll', name: 'poll', nodes: [node], connections: {}, active: true, settings: { timezone } };
	const workflow = new Workflow({ ...workflowData, nodeTypes: new TestNodeTypes(), staticData: JSON.parse(JSON.stringify(staticData)) });
	const context = new PollContext(workflow, workflow.getNode(node.name) as INode, createAdditionalData(store, workflowData), mode, 'activate');
	const nodeType = NODE_TYPES[node.type];
	const emitted = (await nodeType.poll?.call(context)) ?? null;
	return { emitted, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
}

/**
 * A list search of a resource locator, as the editor asks n8n for it: n8n-core's LoadOptionsContext for
 * the node as the panel currently holds it (`parameters`), calling the node's listSearch method.
 */
export async function searchList(
	store: CredentialStore,
	node: Pick<NodeUnderTest, 'type' | 'parameters' | 'credentials'>,
	method: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const target: INode = { id: 'panel', name: 'Node', type: node.type, typeVersion: 1, position: [0, 0], parameters: node.parameters, credentials: node.credentials };
	const workflowData = { id: 'wf-panel', name: 'panel', nodes: [target], connections: {}, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes: new TestNodeTypes(), staticData: {} });
	const additionalData = { ...createAdditionalData(store, workflowData), currentNodeParameters: node.parameters } as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, workflow.getNode(target.name) as INode, additionalData, 'taskId');
	const search = NODE_TYPES[node.type].methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no list search ${method}`);
	return await search.call(context, filter, paginationToken);
}

/** The node's On Error setting as a workflow stores it ('stopWorkflow' is n8n's default). */
export type OnError = NonNullable<NodeUnderTest['onError']>;

/** A run's outputs under any On Error setting: `items` the main output, `errorItems` the error output. */
export type NodeRunOutputs = NodeRun;

/** runNode under the given On Error setting, the error output included. */
export async function runNodeOnError(
	store: CredentialStore,
	node: Omit<NodeUnderTest, 'continueOnFail' | 'onError'>,
	onError: OnError,
	inputItems: IDataObject[] = [{}],
	timezone = 'Asia/Shanghai',
): Promise<NodeRunOutputs> {
	return await runNode(store, { ...node, onError }, inputItems, timezone);
}

/**
 * One poll as pollTrigger runs it, for a workflow of the given ID: a trigger keeps what it remembers in
 * process memory per workflow, so a workflow ID this process has never polled stands for n8n restarted
 * (the static data handed in survives, the process's memory does not). Used by the seeded simulation.
 */
export async function pollTriggerOf(
	workflowId: string,
	store: CredentialStore,
	parameters: INodeParameters,
	credentials: Record<string, INodeCredentialsDetails>,
	staticData: IDataObject,
	timezone = 'UTC',
): Promise<PollRun> {
	const node: INode = { id: 'trigger', name: 'AICC Trigger', type: 'n8n-nodes-aicc-eiam.aiccTrigger', typeVersion: 1, position: [0, 0], parameters, credentials };
	const workflowData = { id: workflowId, name: 'poll', nodes: [node], connections: {}, active: true, settings: { timezone } };
	const workflow = new Workflow({ ...workflowData, nodeTypes: new TestNodeTypes(), staticData: JSON.parse(JSON.stringify(staticData)) });
	const context = new PollContext(workflow, workflow.getNode(node.name) as INode, createAdditionalData(store, workflowData), 'trigger', 'activate');
	const emitted = (await NODE_TYPES[node.type].poll?.call(context)) ?? null;
	return { emitted, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
}
