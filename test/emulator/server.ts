import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AiccEmulator, type AiccOptions } from './aicc';
import { EiamEmulator, type EiamOptions } from './eiam';
import type { RecordedRequest } from './http';
import { readRequest, sendReply, type Reply } from './http';
import { TokenStore, type Vendor } from './tokens';

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. The emulator only ever listens on 127.0.0.1. */
	port?: number;
	/** Lifetime of issued tokens; both vendors document 1800 s as the usual value. */
	tokenLifetimeSeconds?: number;
	/** Milliseconds every answer waits, to stand in for a network and for a vendor's work. */
	delayMs?: number;
	aicc?: Partial<AiccOptions>;
	eiam?: Partial<EiamOptions>;
}

export const DEMO_CLIENTS = {
	aicc: { clientId: 'aicc-demo-client', clientSecret: 'aicc-demo-secret' },
	eiam: { clientId: 'eiam-demo-client', clientSecret: 'eiam-demo-secret' },
} as const;

export const DEMO_USERS = ['zhangsan', 'lisi'];

export interface Emulator {
	url: string;
	port: number;
	aicc: AiccEmulator;
	eiam: EiamEmulator;
	tokens: TokenStore;
	/** Every request in arrival order, with the answer it got. */
	requests: RecordedRequest[];
	/** The most requests that were being answered at the same moment. */
	maxInFlight(): number;
	/** Requests to one path (exact match), for assertions. */
	requestsTo(method: string, path: string): RecordedRequest[];
	/** A valid token made directly, as a user would paste into an Access Token credential. */
	issueToken(vendor: Vendor): string;
	stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const tokens = new TokenStore(options.tokenLifetimeSeconds ?? 1800);
	const aicc = new AiccEmulator({ ...DEMO_CLIENTS.aicc, language: 'en', literalContentType: true, ...options.aicc }, tokens);
	const eiam = new EiamEmulator(
		{
			...DEMO_CLIENTS.eiam,
			users: DEMO_USERS,
			language: 'en',
			notFoundStatus: 402,
			updateResponse: 'example',
			authRejectStatus: 400,
			...options.eiam,
		},
		tokens,
	);
	const requests: RecordedRequest[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const delayMs = options.delayMs ?? 0;

	/** Test and benchmark controls, on the emulator only (it listens on 127.0.0.1 alone). */
	const admin = (path: string): Reply | undefined => {
		if (path === '/__emulator/stats') {
			const count = (suffix: string) => requests.filter((entry) => entry.path.endsWith(suffix)).length;
			return { status: 200, body: { requests: requests.length, tokenRequests: count('/token'), maxInFlight, aiccTasks: aicc.tasks.size, eiamTodos: eiam.todos.size } };
		}
		if (path === '/__emulator/reset') {
			requests.length = 0;
			maxInFlight = inFlight;
			return { status: 200, body: { reset: true } };
		}
		if (path === '/__emulator/token') return { status: 200, body: { aicc: tokens.issue('aicc').token, eiam: tokens.issue('eiam').token } };
		return undefined;
	};

	const server: Server = createServer((incoming, response) => {
		const control = admin(incoming.url ?? '');
		if (control) {
			incoming.resume();
			sendReply(response, control);
			return;
		}
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		const receivedAt = Date.now();
		readRequest(incoming)
			.then(async (request) => {
				if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
				const vendor = [aicc, eiam].find((candidate) => candidate.handles(request.path));
				const reply = vendor ? vendor.handle(request) : { status: 404, body: { error: 'Not Found', path: request.path } };
				requests.push({
					method: request.method,
					path: request.path,
					target: incoming.url ?? '',
					headers: request.headers,
					body: request.rawBody,
					status: reply.status,
					response: reply.body,
					receivedAt,
				});
				sendReply(response, reply);
			})
			.catch((error: Error) => sendReply(response, { status: 500, body: { error: error.message } }))
			.finally(() => inFlight--);
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		aicc,
		eiam,
		tokens,
		requests,
		maxInFlight: () => maxInFlight,
		requestsTo: (method, path) => requests.filter((entry) => entry.method === method && entry.path === path),
		issueToken: (vendor) => tokens.issue(vendor).token,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
