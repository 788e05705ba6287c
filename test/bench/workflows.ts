// Bench workflows: N items made by a Set node and a Split Out node, then one node under test, so the
// node's own execution time in the run data is what is compared.
const OWNER = '10gg00000148QvgpaLAm';

export type Vendor = 'aicc' | 'eiam';

export interface Variant {
	id: string;
	vendor: Vendor;
	/** ours or the HTTP Request node */
	node: 'ours' | 'http';
	/** Items per Batch; undefined for each node's default. */
	batchSize?: number;
}

export const VARIANTS: Variant[] = (['eiam', 'aicc'] as const).flatMap((vendor) =>
	(['ours', 'http'] as const).flatMap((node) =>
		[undefined, 10, 50].map((batchSize) => ({ id: `bench${vendor}${node}${batchSize ?? 'default'}`, vendor, node, batchSize })),
	),
);

export const BENCH_CREDENTIALS = {
	aicc: { id: 'benchAiccCred001', name: 'Bench AICC (client credentials)' },
	eiam: { id: 'benchEiamCred001', name: 'Bench EIAM (client credentials)' },
	aiccHeader: { id: 'benchAiccHeader1', name: 'Bench AICC header' },
	eiamHeader: { id: 'benchEiamHeader1', name: 'Bench EIAM header' },
};

const eiamBody = (prefix: string) =>
	`{ title: 'Bench ' + $json.n, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: '${prefix}-' + $execution.id + '-' + $json.n, detail_url: { web_url: 'https://example.com', mobile_url: 'https://example.com' } }`;

function target(variant: Variant, emulatorUrl: string) {
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
			credentials: { [`${variant.vendor}Api`]: BENCH_CREDENTIALS[variant.vendor] },
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
		credentials: { httpHeaderAuth: eiam ? BENCH_CREDENTIALS.eiamHeader : BENCH_CREDENTIALS.aiccHeader },
	};
}

export const TARGET_NODE = 'Target';

export function benchWorkflow(variant: Variant, emulatorUrl: string, items: number) {
	const rows = JSON.stringify({ rows: Array.from({ length: items }, (_, n) => ({ n })) });
	return {
		id: variant.id,
		name: `Bench ${variant.id}`,
		active: false,
		settings: { timezone: 'Asia/Shanghai' },
		nodes: [
			{ id: 'b0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'b1', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: rows, options: {} } },
			{ id: 'b2', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
			{ id: 'b3', name: TARGET_NODE, position: [600, 0], ...target(variant, emulatorUrl) },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: TARGET_NODE, type: 'main', index: 0 }]] },
		},
	};
}

export function benchCredentials(emulatorUrl: string, tokens: { aicc: string; eiam: string }) {
	return [
		{ ...BENCH_CREDENTIALS.aicc, type: 'aiccApi', data: { domain: emulatorUrl, authentication: 'clientCredentials', clientId: 'aicc-demo-client', clientSecret: 'aicc-demo-secret' } },
		{ ...BENCH_CREDENTIALS.eiam, type: 'eiamApi', data: { domain: emulatorUrl, authentication: 'clientCredentials', clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' } },
		{ ...BENCH_CREDENTIALS.aiccHeader, type: 'httpHeaderAuth', data: { name: 'access-token', value: tokens.aicc } },
		{ ...BENCH_CREDENTIALS.eiamHeader, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${tokens.eiam}` } },
	];
}
