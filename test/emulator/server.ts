import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { AiccEmulator, SYSTEM_BUSY, TOKEN_PATH as AICC_TOKEN_PATH, type AiccOptions } from './aicc';
import { EiamEmulator, TOKEN_PATH as EIAM_TOKEN_PATH, type EiamOptions } from './eiam';
import {
	answers,
	carriedToken,
	FAULT_KINDS,
	FaultInjector,
	faultReply,
	parseFaultRules,
	resetConnection,
	type FaultControls,
	type FaultKind,
	type FaultRoute,
	type FaultRule,
} from './faults';
import type { ParsedRequest, RecordedRequest } from './http';
import { readRequest, sendReply, type Reply } from './http';
import { TokenStore, type Vendor } from './tokens';

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. The emulator only ever listens on 127.0.0.1. */
	port?: number;
	/** Lifetime of issued tokens; both vendors document 1800 s as the usual value. */
	tokenLifetimeSeconds?: number;
	/** Milliseconds every answer waits, to stand in for a network and for a vendor's work. */
	delayMs?: number;
	/** Serve HTTPS with this PEM key and certificate (the benchmark's generated one for 127.0.0.1) instead of HTTP. */
	tls?: { key: string; cert: string };
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
	/** Fault injection (faults.ts); also POST/DELETE /__emulator/faults for another process. */
	faults: FaultControls;
	stop(): Promise<void>;
}

/** What is recorded of a request besides the request itself. */
type Outcome = Pick<RecordedRequest, 'status' | 'response' | 'responseHeaders' | 'fault' | 'acted'>;

const ADMIN_PREFIX = '/__emulator/';

/** The vendor acted: a 2xx answer and, in AICC's envelope, resCode "0". A refused or failed call stored nothing. */
function succeeded(reply: Reply): boolean {
	const body = reply.body;
	const resCode = typeof body === 'object' && body !== null && 'resCode' in body ? body.resCode : '0';
	return reply.status >= 200 && reply.status < 300 && resCode === '0';
}

function send(response: ServerResponse, reply: Reply, recorded: Omit<Outcome, 'status' | 'response' | 'responseHeaders'> = {}): Outcome {
	sendReply(response, reply);
	return { status: reply.status, response: reply.text ?? reply.body, ...(reply.headers ? { responseHeaders: reply.headers } : {}), ...recorded };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const tokens = new TokenStore(options.tokenLifetimeSeconds ?? 1800);
	const aicc = new AiccEmulator({ ...DEMO_CLIENTS.aicc, language: 'en', literalContentType: true, timezone: 'UTC', ...options.aicc }, tokens);
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

	const faults = new FaultInjector();

	const routeOf = (path: string): FaultRoute | undefined => {
		if (aicc.handles(path)) return { vendor: 'aicc', token: path === AICC_TOKEN_PATH };
		if (eiam.handles(path)) return { vendor: 'eiam', token: path === EIAM_TOKEN_PATH };
		return undefined;
	};

	/** Answers one request, or for reset and timeout does not, and says what to record. */
	const serve = (request: ParsedRequest, response: ServerResponse): Outcome => {
		const route = routeOf(request.path);
		if (!route) return send(response, { status: 404, body: { error: 'Not Found', path: request.path } });
		const vendor = route.vendor === 'aicc' ? aicc : eiam;
		const fault = faults.take(request.method, request.path, route);
		if (!fault || fault.kind === 'token-expired') {
			const token = fault ? carriedToken(route.vendor, request.headers) : undefined;
			if (token) tokens.expire(token);
			const reply = vendor.handle(request);
			return send(response, reply, { fault: fault?.kind, acted: succeeded(reply) });
		}
		const real = fault.acted ? vendor.handle(request) : undefined;
		const recorded = { fault: fault.kind, acted: real !== undefined && succeeded(real) };
		if (fault.kind === 'reset' || fault.kind === 'timeout') {
			if (fault.kind === 'reset') resetConnection(response);
			else faults.hold(response, fault.holdMs);
			return { status: 0, response: undefined, ...recorded };
		}
		// What answers() leaves is aicc-rescode, which only ever applies to AICC task calls.
		return send(response, answers(fault) ? faultReply(fault, route.vendor, real) : aicc.reply(SYSTEM_BUSY), recorded);
	};

	const faultCounts = (): Record<FaultKind, number> => {
		const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
		for (const entry of requests) if (entry.fault) counts[entry.fault]++;
		return counts;
	};

	/** POST adds a rule or an array of rules (all or none), DELETE clears them. */
	const faultAdmin = (request: ParsedRequest): Reply => {
		if (request.method === 'DELETE') {
			faults.clear();
			return { status: 200, body: { cleared: true } };
		}
		if (request.method !== 'POST') return { status: 405, body: { error: 'POST adds fault rules, DELETE clears them' } };
		let rules: FaultRule[];
		try {
			rules = parseFaultRules(JSON.parse(request.rawBody));
		} catch (error) {
			const reason = error instanceof SyntaxError ? `the body is not JSON (${error.message})` : error.message;
			return { status: 400, body: { error: `Bad fault rule: ${reason}` } };
		}
		for (const rule of rules) faults.add(rule);
		return { status: 200, body: { added: rules.length } };
	};

	/** Test and benchmark controls, on the emulator only (it listens on 127.0.0.1 alone); never recorded nor faulted. */
	const admin = (request: ParsedRequest): Reply => {
		switch (request.path) {
			case '/__emulator/stats': {
				const count = (suffix: string) => requests.filter((entry) => entry.path.endsWith(suffix)).length;
				return {
					status: 200,
					body: { requests: requests.length, tokenRequests: count('/token'), maxInFlight, aiccTasks: aicc.tasks.size, eiamTodos: eiam.todos.size, faults: faultCounts() },
				};
			}
			case '/__emulator/reset':
				requests.length = 0;
				maxInFlight = inFlight;
				faults.clear();
				return { status: 200, body: { reset: true } };
			case '/__emulator/token':
				return { status: 200, body: { aicc: tokens.issue('aicc').token, eiam: tokens.issue('eiam').token } };
			case '/__emulator/faults':
				return faultAdmin(request);
			default:
				return { status: 404, body: { error: 'Not Found', path: request.path } };
		}
	};

	const handle = (incoming: IncomingMessage, response: ServerResponse) => {
		if ((incoming.url ?? '').startsWith(ADMIN_PREFIX)) {
			readRequest(incoming)
				.then((request) => sendReply(response, admin(request)))
				.catch((error: Error) => sendReply(response, { status: 500, body: { error: error.message } }));
			return;
		}
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		const receivedAt = Date.now();
		readRequest(incoming)
			.then(async (request) => {
				// The delay stands for the network and the vendor's work, so it comes before any fault too.
				if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
				const outcome = serve(request, response);
				requests.push({
					method: request.method,
					path: request.path,
					target: incoming.url ?? '',
					headers: request.headers,
					body: request.rawBody,
					receivedAt,
					...outcome,
				});
			})
			.catch((error: Error) => sendReply(response, { status: 500, body: { error: error.message } }))
			.finally(() => inFlight--);
	};
	const server: Server = options.tls ? createTlsServer(options.tls, handle) : createServer(handle);
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;

	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		aicc,
		eiam,
		tokens,
		requests,
		maxInFlight: () => maxInFlight,
		requestsTo: (method, path) => requests.filter((entry) => entry.method === method && entry.path === path),
		issueToken: (vendor) => tokens.issue(vendor).token,
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
		stop: () =>
			new Promise<void>((resolve, reject) => {
				faults.releaseHolds();
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
