// Issue 6: client secrets, EIAM's Basic header and access tokens never reach what n8n prints or stores.
// Workflows that succeed and fail (a wrong secret, a token that expires and is renewed, a pasted token
// that works and one that is refused, HTML pages, 500s, lost answers) run in the real n8n with debug
// logging to a file; then the CLI's output, the run data, every file of n8n's user folder and its
// database are searched for every secret. A canary that is no secret proves the search sees them all.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FaultRule } from '../emulator/faults';
import type { RecordedRequest } from '../emulator/http';
import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import { ensureN8n } from '../support/n8n/install';
import { basicCredentials, databaseText, describeLeaks, filesUnder, findLeaks, type Evidence, type Secret } from '../support/n8n/leaks';
import { N8nInstance, type ExecutionOutput } from '../support/n8n/n8n';
import { N8N_TARGETS, type N8nTarget } from '../support/n8n/targets';
import { chain, rows, type Step } from '../support/n8n/workflows';

const MINUTE = 60_000;
const target: N8nTarget | undefined = N8N_TARGETS.find((candidate) => candidate.node === 'system');

const unique = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const CLIENTS = {
	aicc: { clientId: 'aicc-secrets-client', clientSecret: unique('aiccSecret') },
	eiam: { clientId: 'eiam-secrets-client', clientSecret: unique('eiamSecret') },
};
const WRONG_SECRETS = { aicc: unique('aiccWrongSecret'), eiam: unique('eiamWrongSecret') };
/** Pasted tokens the emulator never issued, shaped like the ones it does. */
const REJECTED_TOKENS = { aicc: `aicc-${randomUUID()}`, eiam: `eiam-${randomUUID()}` };
/** No secret: a node is named after it, so it must turn up in the logs, the run data and the database. */
const CANARY = unique('canary');

const TODOS = '/api/v2/tenant/todo/task';
const EIAM_TOKEN = '/api/v2/tenant/token';
const AICC_TOKEN = '/baas/auth/v1.0/oauth2/token';
const TASKS = '/service/AICC__Case/1\\.0\\.0/openapi/task';
const MISSING_TASK = 'secretsMissing000001';

/** n8n logging at debug level to the console and to a file in its user folder. */
class LoggingN8n extends N8nInstance {
	get logFolder(): string {
		return join(this.userFolder, 'logs');
	}

	override async env(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
		return await super.env({ N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: join(this.logFolder, 'n8n.log'), ...extra });
	}
}

const CREDENTIAL_IDS = {
	aiccClient: 'secretsAiccClient',
	eiamClient: 'secretsEiamClient',
	aiccWrong: 'secretsAiccWrong1',
	eiamWrong: 'secretsEiamWrong1',
	aiccToken: 'secretsAiccToken1',
	eiamToken: 'secretsEiamToken1',
	aiccRejected: 'secretsAiccReject',
	eiamRejected: 'secretsEiamReject',
} as const;
type CredentialKey = keyof typeof CREDENTIAL_IDS;

function credentials(emulator: Emulator) {
	const clientCredentials = (vendor: 'aicc' | 'eiam', clientSecret: string) => ({ domain: emulator.url, authentication: 'clientCredentials', clientId: CLIENTS[vendor].clientId, clientSecret });
	const accessToken = (token: string) => ({ domain: emulator.url, authentication: 'accessToken', accessToken: token });
	const data: Record<CredentialKey, Record<string, string>> = {
		aiccClient: clientCredentials('aicc', CLIENTS.aicc.clientSecret),
		eiamClient: clientCredentials('eiam', CLIENTS.eiam.clientSecret),
		aiccWrong: clientCredentials('aicc', WRONG_SECRETS.aicc),
		eiamWrong: clientCredentials('eiam', WRONG_SECRETS.eiam),
		aiccToken: accessToken(emulator.issueToken('aicc')),
		eiamToken: accessToken(emulator.issueToken('eiam')),
		aiccRejected: accessToken(REJECTED_TOKENS.aicc),
		eiamRejected: accessToken(REJECTED_TOKENS.eiam),
	};
	return (Object.keys(data) as CredentialKey[]).map((key) => ({ id: CREDENTIAL_IDS[key], name: `Secrets ${key}`, type: key.startsWith('aicc') ? 'aiccApi' : 'eiamApi', data: data[key] }));
}

const credential = (key: CredentialKey) => ({ [key.startsWith('aicc') ? 'aiccApi' : 'eiamApi']: { id: CREDENTIAL_IDS[key], name: `Secrets ${key}` } });

/** One item at a time, so that the count rules below meet the items in a known order; short waits, and a Timeout a slow answer on a busy machine still meets. */
const OPTIONS = { batching: { batch: { batchSize: 1, batchInterval: 0 } }, timeout: 2_000, maxRetries: 2, maxRetryWait: 2_000 };
const OWNER = '10gg00000148QvgpaLAm';
/** Two items in flight at once. */
const TOGETHER = { ...OPTIONS, batching: { batch: { batchSize: 2, batchInterval: 0 } } };

function todoCreate(name: string, key: CredentialKey, continueOnFail = true, options: object = OPTIONS): Step {
	return {
		name,
		type: 'n8n-nodes-aicc-eiam.eiam',
		credentials: credential(key),
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		parameters: {
			resource: 'todo',
			operation: 'create',
			userName: 'zhangsan',
			title: `=${name} {{ $itemIndex }}`,
			content: 'Secrets run',
			messageType: 'TEXT',
			deadline: '2026-12-05 12:00:00',
			externalId: `=secrets-{{ $execution.id }}-${name.replace(/\W/g, '')}-{{ $itemIndex }}`,
			webUrl: 'https://example.com/s',
			mobileUrl: 'https://m.example.com/s',
			options,
		},
	};
}

function taskCreate(name: string, key: CredentialKey, continueOnFail = true, options: object = OPTIONS): Step {
	return {
		name,
		type: 'n8n-nodes-aicc-eiam.aicc',
		credentials: credential(key),
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		parameters: { resource: 'task', operation: 'create', title: `=${name} {{ $itemIndex }}`, ownerId: OWNER, creatorId: OWNER, additionalFields: {}, options },
	};
}

/** Client Credentials: creates meeting faults and an expired token, a vendor error, and a last node that fails the execution. */
const clientCredentialsWorkflow = chain('secretsClientCred', 'Secrets: client credentials', [
	...rows([{ n: 1 }, { n: 2 }, { n: 3 }]),
	todoCreate('Create To-Do', 'eiamClient'),
	taskCreate('Create Task', 'aiccClient'),
	{ name: 'Get Missing To-Do', type: 'n8n-nodes-aicc-eiam.eiam', credentials: credential('eiamClient'), onError: 'continueRegularOutput', parameters: { resource: 'todo', operation: 'get', todoId: 'secrets-missing-todo', options: OPTIONS } },
	{ name: 'Get Task Behind HTML', type: 'n8n-nodes-aicc-eiam.aicc', credentials: credential('aiccClient'), parameters: { resource: 'task', operation: 'get', taskId: MISSING_TASK, options: OPTIONS } },
]);

/** Item by item: html, then 500 (the to-do is not stored, so it is sent again), then an expired token, then lost answers after EIAM stored the to-do. */
const CLIENT_CREDENTIAL_FAULTS: FaultRule[] = [
	...(['html', '500', 'token-expired'] as const).map((kind): FaultRule => ({ route: `^POST ${TODOS}$`, kind, count: 1 })),
	{ route: `^POST ${TODOS}$`, kind: 'reset', count: 1, acted: 'after' },
	{ route: `^POST ${TODOS}$`, kind: 'timeout', count: 1, acted: 'after', holdMs: 5_000 },
	{ route: `^POST ${TASKS}$`, kind: 'html', count: 1 },
	{ route: `^POST ${TASKS}$`, kind: '500', count: 1, acted: 'after' },
	{ route: `^POST ${TASKS}$`, kind: 'token-expired', count: 1 },
	{ route: `^POST ${TASKS}/${MISSING_TASK}$`, kind: 'html' },
];

/** Token requests that fail on the way (the request n8n's helper made, Basic header and all, is in the error it throws), wrong secrets, pasted tokens that work (meeting an HTML page and a 500) and pasted tokens that are refused; the last node fails the execution. */
const tokensWorkflow = chain('secretsTokens001', 'Secrets: wrong secrets and pasted tokens', [
	...rows([{ n: 1 }, { n: 2 }]),
	// Both items in flight together: they share one renewal, whatever the machine's pace.
	todoCreate('Token Endpoint Reset', 'eiamClient', true, TOGETHER),
	taskCreate('Token Endpoint HTML', 'aiccClient', true, TOGETHER),
	todoCreate('Wrong Secret To-Do', 'eiamWrong'),
	taskCreate('Wrong Secret Task', 'aiccWrong'),
	todoCreate('Pasted Token To-Do', 'eiamToken'),
	taskCreate('Pasted Token Task', 'aiccToken'),
	{ name: `Canary ${CANARY}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ canary: CANARY }), options: {} } },
	todoCreate('Rejected Token To-Do', 'eiamRejected'),
	taskCreate('Rejected Token Task', 'aiccRejected', false),
]);

const TOKEN_FAULTS: FaultRule[] = [
	// Every attempt of the one renewal both items wait on (2 retries) meets the fault, so both items fail.
	{ route: `^POST ${EIAM_TOKEN}$`, kind: 'reset', count: 3 },
	{ route: `^POST ${AICC_TOKEN.replace(/\./g, '\\.')}$`, kind: 'html', count: 3 },
	{ route: `^POST ${TODOS}$`, kind: 'html', count: 1 },
	{ route: `^POST ${TASKS}$`, kind: '500', count: 1 },
];

/** Every access token the run used: issued by the token endpoints, or carried by a request (the pasted ones). */
function accessTokens(emulator: Emulator): string[] {
	const tokens = new Set<string>(Object.values(REJECTED_TOKENS));
	for (const request of emulator.requests) {
		const issued = (request.response as { access_token?: unknown } | undefined)?.access_token;
		if (typeof issued === 'string') tokens.add(issued);
		const carried = request.headers['access-token'] ?? /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (typeof carried === 'string') tokens.add(carried);
	}
	return [...tokens];
}

function allSecrets(emulator: Emulator): Secret[] {
	return [
		{ name: 'AICC client secret', value: CLIENTS.aicc.clientSecret },
		{ name: 'EIAM client secret', value: CLIENTS.eiam.clientSecret },
		{ name: 'wrong AICC client secret', value: WRONG_SECRETS.aicc },
		{ name: 'wrong EIAM client secret', value: WRONG_SECRETS.eiam },
		{ name: 'EIAM Basic credentials', value: basicCredentials(CLIENTS.eiam.clientId, CLIENTS.eiam.clientSecret) },
		{ name: 'EIAM Basic credentials (wrong secret)', value: basicCredentials(CLIENTS.eiam.clientId, WRONG_SECRETS.eiam) },
		...accessTokens(emulator).map((value) => ({ name: `access token ${value.slice(0, 9)}…`, value })),
	];
}

describe('the leak search', () => {
	let folder: string;
	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'leaks-'));
	});
	afterAll(() => rmSync(folder, { recursive: true, force: true }));

	test('finds a planted secret in a nested file, in binary bytes and in printed text, and says where', () => {
		const secret = { name: 'planted', value: unique('planted') };
		mkdirSync(join(folder, 'logs', 'old'), { recursive: true });
		writeFileSync(join(folder, 'logs', 'old', 'n8n.log.1'), `debug: sending Authorization: Bearer ${secret.value} to the vendor\n`);
		writeFileSync(join(folder, 'database.sqlite'), Buffer.concat([randomBytes(5000), Buffer.from(secret.value), randomBytes(100)]));
		writeFileSync(join(folder, 'clean.txt'), 'nothing here');
		const evidence: Evidence[] = [...filesUnder(folder), { where: 'stdout', content: `{"error":"${secret.value}"}` }];
		expect(findLeaks([secret], evidence).map((leak) => leak.where)).toEqual(
			expect.arrayContaining([join(folder, 'logs', 'old', 'n8n.log.1'), join(folder, 'database.sqlite'), 'stdout']),
		);
		expect(findLeaks([secret], evidence)).toHaveLength(3);
		expect(findLeaks([{ name: 'other', value: unique('other') }], evidence)).toEqual([]);
	});

	test('skips the folders it is told to skip', () => {
		const secret = { name: 'planted', value: unique('planted') };
		mkdirSync(join(folder, 'nodes'), { recursive: true });
		writeFileSync(join(folder, 'nodes', 'file.js'), secret.value);
		expect(findLeaks([secret], filesUnder(folder, ['nodes']))).toEqual([]);
		expect(findLeaks([secret], filesUnder(folder))).toHaveLength(1);
	});

	test('refuses a secret so short that it would match by chance', () => {
		expect(() => findLeaks([{ name: 'short', value: 'abc' }], [])).toThrow(/shorter than/);
	});
});

(target ? describe : describe.skip)(`secrets never leak, n8n ${target?.version} with debug logging`, () => {
	let pack: PackResult;
	let emulator: Emulator;
	let n8n: LoggingN8n;
	const outputs: Record<string, ExecutionOutput> = {};
	/** What the emulator received during each run. */
	const received: Record<string, RecordedRequest[]> = {};

	async function execute(label: string, workflowId: string, faults: FaultRule[]): Promise<void> {
		const first = emulator.requests.length;
		for (const rule of faults) emulator.faults.add(rule);
		try {
			outputs[label] = await n8n.execute(workflowId);
		} finally {
			emulator.faults.clear();
			received[label] = emulator.requests.slice(first);
		}
	}

	beforeAll(async () => {
		pack = packPackage();
		const install = await ensureN8n(target as N8nTarget);
		emulator = await startEmulator({ aicc: CLIENTS.aicc, eiam: CLIENTS.eiam });
		n8n = new LoggingN8n(install);
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentials(emulator));
		await n8n.importJson('workflow', [clientCredentialsWorkflow, tokensWorkflow]);
		await execute('wrong secrets and pasted tokens', 'secretsTokens001', TOKEN_FAULTS);
		await execute('client credentials', 'secretsClientCred', CLIENT_CREDENTIAL_FAULTS);
		// The token n8n stored in the credential has expired by the next run (the pasted ones, too: they were used already).
		emulator.tokens.expireAll();
		await execute('client credentials, stored token expired', 'secretsClientCred', CLIENT_CREDENTIAL_FAULTS);
	}, 30 * MINUTE);

	afterAll(async () => {
		await n8n?.remove();
		await emulator?.stop();
		pack?.cleanup();
	});

	const items = (label: string, node: string) => (outputs[label]?.nodes[node] ?? []).map((item) => item.json);

	test('the runs went through every path: renewals, wrong secrets, refused tokens, faults, failed executions', () => {
		for (const label of ['client credentials', 'client credentials, stored token expired']) {
			// A first token, or the renewal of the one n8n stored; and one more after each injected expiry.
			const issued = (path: string) => received[label].filter((request) => request.path === path && request.status === 200).length;
			expect({ eiam: issued(EIAM_TOKEN), aicc: issued(AICC_TOKEN) }).toEqual({ eiam: 2, aicc: label === 'client credentials' ? 2 : 1 });
			expect(items(label, 'Create To-Do').map((json) => (json.error ? 'error' : json.recovery ? 'recovered' : 'created'))).toEqual(['error', 'recovered', 'recovered']);
			expect(items(label, 'Create Task').map((json) => (json.error ? 'error' : 'created'))).toEqual(['error', 'error', 'created']);
			expect(items(label, 'Get Missing To-Do')[0].error).toMatch(/^To-do not found/);
			expect(outputs[label].failure).toMatch(/^AICC failed \(HTTP 502, an HTML page after 2 retries/);
		}
		const tokens = 'wrong secrets and pasted tokens';
		const unavailable = (vendor: string, reason: string) => expect.stringMatching(new RegExp(`^${vendor} stayed unavailable \\(${reason}.* after 2 retries`));
		expect(items(tokens, 'Token Endpoint Reset').map((json) => json.error)).toEqual(Array(2).fill(unavailable('EIAM', 'Could not get a token from')));
		expect(items(tokens, 'Token Endpoint HTML').map((json) => json.error)).toEqual(Array(2).fill(unavailable('AICC', "AICC's token endpoint answered HTTP 502")));
		// A failing token endpoint is tried again within the retries (3 attempts of the one renewal both items
		// share); a wrong secret is asked once per credential, not once per item: a refused exchange is not repeated within a run.
		const asked = (path: string) => received[tokens].filter((request) => request.path === path).length;
		expect({ eiam: asked(EIAM_TOKEN), aicc: asked(AICC_TOKEN) }).toEqual({ eiam: 4, aicc: 4 });
		expect(items(tokens, 'Wrong Secret To-Do')[0].error).toMatch(/^EIAM refused the Client ID or Client Secret/);
		expect(items(tokens, 'Wrong Secret Task')[0].error).toMatch(/^AICC refused the Client ID or Client Secret/);
		expect(items(tokens, 'Pasted Token To-Do').map((json) => (json.recovery ? 'recovered' : 'created'))).toEqual(['recovered', 'created']);
		expect(items(tokens, 'Pasted Token Task').map((json) => (json.error ? 'error' : 'created'))).toEqual(['error', 'created']);
		expect(items(tokens, 'Rejected Token To-Do')[0].error).toMatch(/^EIAM rejected the access token/);
		expect(outputs[tokens].failure).toMatch(/^AICC rejected the access token/);

		// Every secret searched for was in n8n's hands: the emulator received each of them (EIAM's secrets inside the Basic header).
		const basic = (request: RecordedRequest) => Buffer.from(/^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '', 'base64').toString();
		const sent = emulator.requests.map((request) => `${JSON.stringify(request.headers)} ${request.body} ${basic(request)}`).join('\n');
		for (const secret of allSecrets(emulator)) expect({ secret: secret.name, sent: sent.includes(secret.value) }).toEqual({ secret: secret.name, sent: true });
		expect(new Set(emulator.requests.map((request) => request.fault).filter(Boolean))).toEqual(new Set(['html', '500', 'token-expired', 'reset', 'timeout']));
	});

	/** Where the search looks: what the CLI printed, the run data, the log files, every other file of the user folder but the installed package, the database as text. */
	async function evidence(): Promise<Record<string, Evidence[]>> {
		return {
			printed: Object.entries(outputs).map(([label, output]) => ({ where: `n8n execute (${label}): stdout and stderr`, content: output.printed })),
			runData: Object.entries(outputs).map(([label, output]) => ({ where: `n8n execute (${label}): run data`, content: JSON.stringify(output.raw) })),
			logs: filesUnder(n8n.logFolder),
			files: filesUnder(n8n.userFolder, [join('.n8n', 'nodes'), 'logs']),
			database: [{ where: 'database, every table', content: await databaseText(n8n) }],
		};
	}

	test('the search sees n8n\'s output, run data, log file and database: the canary is in each, the run data in the database', async () => {
		const found = await evidence();
		expect(found.logs.length).toBeGreaterThan(0);
		for (const [place, pieces] of Object.entries(found)) {
			expect({ place, found: findLeaks([{ name: 'canary', value: CANARY }], pieces).length > 0 }).toEqual({ place, found: true });
		}
		// The canary names a node, so the stored workflow alone would hold it; the IDs the runs created are only in their run data.
		const created = Object.values(outputs).flatMap((output) => Object.values(output.nodes).flat().map((item) => item.json.todoId ?? item.json.taskId));
		const database = found.database[0].content as string;
		expect(created.filter((id): id is string => typeof id === 'string' && !database.includes(id))).toEqual([]);
		expect(created.length).toBeGreaterThan(5);
	});

	test('no client secret, Basic credentials or access token anywhere n8n printed or stored', async () => {
		const found = await evidence();
		const leaks = findLeaks(allSecrets(emulator), Object.values(found).flat());
		expect(describeLeaks(leaks)).toEqual([]);
	});
});
