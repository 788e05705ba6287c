/**
 * The servers one matrix file shares across its cells: one emulator behind one hostile gateway per
 * vendor, and a recorder standing for a host the credential must never reach. Each cell starts from
 * the same credential (no token yet), with records of its own and a Creator ID of its own, so that one
 * cell's records never meet another's list.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

import { DateTime } from 'luxon';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { TaskRecord } from '../emulator/aicc';
import { DEMO_CLIENTS } from '../emulator/server';
import { gatewayBench, stopGatewayBenches, type GatewayBench } from '../support/gateway-bench';
import { startRecorder, type HostileServer, type SeenRequest } from '../support/hostile';
import { OWNER, todoCreate } from '../support/fixtures';
import type { Vendor } from './catalogue';

export const TOKEN_PATHS: Record<Vendor, string> = { aicc: '/baas/auth/v1.0/oauth2/token', eiam: '/api/v2/tenant/token' };
export const NO_RETRIES = { maxRetries: 0, timeout: 5_000 };
/** The owner AICC tasks move to on Transfer. */
export const OTHER_OWNER = '10gg00000148QvgpaLBn';

export interface World {
	vendor: Vendor;
	bench: GatewayBench;
	/** A host of no vendor: redirects point at it, and it must see nothing. */
	recorder: HostileServer;
	/** A record no cell acts on: answers "about another record" are its answers, and it must never change. */
	other: { id: string; externalId?: string };
	/** A record the "next run" of a node cell reads, to show the credential is not stuck. */
	probe: { id: string };
	/** Counter for names of the cell's own. */
	next(): number;
	/** The credential as it was at the start: no token yet, the gateway as its Domain. */
	resetCredential(extra?: ICredentialDataDecryptedObject): void;
	/** The gateway passes everything again, the emulator's list hook is off. */
	clearFault(): void;
	/** Every secret a cell could leak: client secret, Basic value, every token the emulator issued. */
	secrets(): string[];
	stop(): Promise<void>;
}

/** AICC's time as the emulator writes it. */
export const aiccNow = (offsetSeconds = 0) => DateTime.utc().plus({ seconds: offsetSeconds }).toFormat('yyyy-MM-dd HH:mm:ss');

let taskSerial = 0;
/** A task put straight into the emulator's store (lists need many; creating them through the node would cost a run each). */
export function insertTask(world: World, fields: Partial<TaskRecord> & { creatorId: string; title: string }): string {
	const id = `mx${String(++taskSerial).padStart(8, '0')}${String(world.next()).padStart(10, '0')}`.slice(0, 20);
	const createdDate = fields.createdDate ?? aiccNow();
	const tasks = world.bench.emulator.aicc.tasks;
	tasks.set(id, {
		ownerId: OWNER,
		status: 'Pending',
		taskNo: String(tasks.size + 1).padStart(12, '0'),
		...fields,
		id,
		createdDate,
		trace: [{ creatorId: fields.creatorId, action: 'create', createdDate }],
	});
	return id;
}

export async function startWorld(vendor: Vendor): Promise<World> {
	const bench = await gatewayBench(vendor);
	const recorder = await startRecorder();
	const stored = bench.store.get(bench.credential.id as string);
	const original = { ...stored.data };
	let serial = 0;
	const world: World = {
		vendor,
		bench,
		recorder,
		other: { id: '' },
		probe: { id: '' },
		next: () => ++serial,
		resetCredential: (extra = {}) => {
			stored.data = { ...original, ...extra };
		},
		clearFault: () => {
			bench.gateway.answer = undefined;
			bench.emulator.aicc.onListPage = undefined;
		},
		secrets: () => {
			const { clientId, clientSecret } = DEMO_CLIENTS[vendor];
			const issued = [...(bench.emulator.tokens as unknown as { tokens: Map<string, unknown> }).tokens.keys()];
			return [clientSecret, Buffer.from(`${clientId}:${clientSecret}`).toString('base64'), ...issued];
		},
		stop: async () => {
			await stopGatewayBenches();
			await recorder.stop();
		},
	};
	if (vendor === 'eiam') {
		world.other = await storedTodo(world, 'matrix-other', '别的待办');
		world.probe = await storedTodo(world, 'matrix-probe', '探针');
	} else {
		world.other = { id: insertTask(world, { creatorId: 'mxOtherCreator000001', title: '别的任务', description: '别的描述' }) };
		world.probe = { id: insertTask(world, { creatorId: 'mxProbeCreator000001', title: '探针' }) };
		// Rows of no cell's creator: what a list that ignores its limit pads its pages with.
		for (let n = 0; n < 110; n++) insertTask(world, { creatorId: 'mxForeignCreator0001', title: `Foreign ${n}` });
	}
	return world;
}

/** A to-do created through the node (no fault), with a title of its own. */
export async function storedTodo(world: World, externalId: string, title: string, content = '请回电客户'): Promise<{ id: string; externalId: string }> {
	world.clearFault();
	const { items, error } = await world.bench.run(todoCreate(externalId, NO_RETRIES, { title, content }));
	if (error) throw error;
	return { id: items[0].json.todoId as string, externalId };
}

/** The emulator's own answer to a request the gateway took over, optionally sent with another path and body. */
export async function upstreamAnswer(world: World, seen: SeenRequest, rewrite?: { path: string; body: string }): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
	const target = new URL(world.bench.emulator.url);
	const path = rewrite?.path ?? seen.path;
	const body = rewrite?.body ?? seen.body;
	const headers = { ...seen.headers, host: target.host, 'content-length': String(Buffer.byteLength(body)) };
	return await new Promise((resolve, reject) => {
		const forwarded = httpRequest({ host: target.hostname, port: target.port, method: seen.method, path, headers }, (answer) => {
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
		});
		forwarded.on('error', reject);
		forwarded.end(body);
	});
}
