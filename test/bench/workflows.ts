// Bench workflows: N items made by a Set node and a Split Out node, then one node under test, so the
// node's own execution in the run data is what is compared.
import { DEFAULT_BATCH_SIZE } from '../../nodes/shared/options';

const OWNER = '10gg00000148QvgpaLAm';

export type Vendor = 'aicc' | 'eiam';

export interface Variant {
	vendor: Vendor;
	/** ours or the HTTP Request node */
	node: 'ours' | 'http';
	/** Items per Batch; undefined for each node's default (ours: 10 in flight; the HTTP Request node: all items at once). */
	batchSize?: number;
}

/** Where the emulator listens and how long its answers wait: one emulator process per endpoint. */
export interface Endpoint {
	scheme: 'http' | 'https';
	delayMs: number;
}

/** One workflow of the benchmark: a variant against one endpoint with a number of items. */
export interface Case {
	endpoint: Endpoint;
	variant: Variant;
	items: number;
}

/** Ours at its default (10 in flight) and at Items per Batch 50; the HTTP Request node at its default (all at once), 10 and 50. */
export function variantsOf(vendor: Vendor): Variant[] {
	return [
		{ vendor, node: 'ours' },
		{ vendor, node: 'ours', batchSize: 50 },
		{ vendor, node: 'http' },
		{ vendor, node: 'http', batchSize: 10 },
		{ vendor, node: 'http', batchSize: 50 },
	];
}

export const endpointId = (endpoint: Endpoint) => `${endpoint.scheme}${endpoint.delayMs}`;

/** The workflow's ID in n8n, e.g. bhttp20eiamours10x2000 (n8n takes IDs of up to 36 characters). */
export const caseId = ({ endpoint, variant, items }: Case) => `b${endpointId(endpoint)}${variant.vendor}${variant.node}${variant.batchSize ?? 'd'}x${items}`;

export function variantLabel(variant: Variant): string {
	if (variant.node === 'http') return `HTTP Request node, ${variant.batchSize ? `Items per Batch ${variant.batchSize}` : 'default options (all items at once)'}`;
	return `our ${variant.vendor.toUpperCase()} node, ${variant.batchSize ? `Items per Batch ${variant.batchSize}` : `default options (${DEFAULT_BATCH_SIZE} in flight)`}`;
}

/** Credential IDs of one endpoint: our two client-credential ones and the HTTP Request node's static headers. */
export function credentialIds(endpoint: Endpoint) {
	const id = endpointId(endpoint);
	return {
		aicc: { id: `bench${id}aicc`, name: `Bench ${id} AICC (client credentials)` },
		eiam: { id: `bench${id}eiam`, name: `Bench ${id} EIAM (client credentials)` },
		aiccHeader: { id: `bench${id}aicch`, name: `Bench ${id} AICC header` },
		eiamHeader: { id: `bench${id}eiamh`, name: `Bench ${id} EIAM header` },
	};
}

const eiamBody = (prefix: string) =>
	`{ title: 'Bench ' + $json.n, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: '${prefix}-' + $execution.id + '-' + $json.n, detail_url: { web_url: 'https://example.com', mobile_url: 'https://example.com' } }`;

function target({ endpoint, variant }: Case, emulatorUrl: string) {
	const credentials = credentialIds(endpoint);
	const batching = variant.batchSize ? { batching: { batch: { batchSize: variant.batchSize, batchInterval: 0 } } } : {};
	if (variant.node === 'ours') {
		const parameters =
			variant.vendor === 'eiam'
				? { resource: 'todo', operation: 'create', userName: 'zhangsan', title: '={{ "Bench " + $json.n }}', content: 'x', messageType: 'TEXT', deadline: '2026-12-05 12:00:00', externalId: '={{ "ours-" + $execution.id + "-" + $json.n }}', webUrl: 'https://example.com', mobileUrl: 'https://example.com', options: batching }
				: { resource: 'task', operation: 'create', title: '={{ "Bench " + $json.n }}', ownerId: OWNER, creatorId: OWNER, options: batching };
		return {
			type: `n8n-nodes-aicc-eiam.${variant.vendor}`,
			typeVersion: 1,
			parameters,
			credentials: { [`${variant.vendor}Api`]: credentials[variant.vendor] },
		};
	}
	const eiam = variant.vendor === 'eiam';
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: eiam ? `${emulatorUrl}/api/v2/tenant/todo/task` : `${emulatorUrl}/service/AICC__Case/1.0.0/openapi/task`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: eiam ? `={{ JSON.stringify(${eiamBody('http')}) }}` : `={{ JSON.stringify({ taskInfo: { title: 'Bench ' + $json.n, ownerId: '${OWNER}', creatorId: '${OWNER}' } }) }}`,
			options: batching,
		},
		credentials: { httpHeaderAuth: eiam ? credentials.eiamHeader : credentials.aiccHeader },
	};
}

export const TARGET_NODE = 'Target';

export function benchWorkflow(benchCase: Case, emulatorUrl: string) {
	const rows = JSON.stringify({ rows: Array.from({ length: benchCase.items }, (_, n) => ({ n })) });
	const id = caseId(benchCase);
	return {
		id,
		name: `Bench ${id}`,
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: 'b0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'b1', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: rows, options: {} } },
			{ id: 'b2', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
			{ id: 'b3', name: TARGET_NODE, position: [600, 0], ...target(benchCase, emulatorUrl) },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: TARGET_NODE, type: 'main', index: 0 }]] },
		},
	};
}

export function benchCredentials(endpoint: Endpoint, emulatorUrl: string, tokens: { aicc: string; eiam: string }) {
	const ids = credentialIds(endpoint);
	return [
		{ ...ids.aicc, type: 'aiccApi', data: { domain: emulatorUrl, authentication: 'clientCredentials', clientId: 'aicc-demo-client', clientSecret: 'aicc-demo-secret' } },
		{ ...ids.eiam, type: 'eiamApi', data: { domain: emulatorUrl, authentication: 'clientCredentials', clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' } },
		{ ...ids.aiccHeader, type: 'httpHeaderAuth', data: { name: 'access-token', value: tokens.aicc } },
		{ ...ids.eiamHeader, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${tokens.eiam}` } },
	];
}
