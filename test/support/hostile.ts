/**
 * A hostile gateway in front of the emulator, for the cases a friendly vendor never shows: it passes
 * each request through to the emulator unless the test's `answer` takes it over, and records what
 * reached it. A second server, `startRecorder`, stands for a host the credential must never reach.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	/** When it arrived (Date.now()). */
	at: number;
}

/** Takes a request over (returns true once it has answered, or is holding it), or leaves it to the emulator (false). */
export type Answer = (request: SeenRequest, response: ServerResponse) => boolean | Promise<boolean>;

export interface HostileServer {
	url: string;
	/** Every request that reached this server, in arrival order. */
	seen: SeenRequest[];
	answer?: Answer;
	stop(): Promise<void>;
}

async function readBody(incoming: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of incoming) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

async function listen(handle: (request: SeenRequest, incoming: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<HostileServer> {
	const sockets = new Set<import('node:net').Socket>();
	const server = createServer((incoming, response) => {
		void readBody(incoming).then(async (body) => {
			const seen: SeenRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body, at: Date.now() };
			hostile.seen.push(seen);
			await handle(seen, incoming, response);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const hostile: HostileServer = {
		url: `http://127.0.0.1:${port}`,
		seen: [],
		stop: async () => {
			// Held answers (a trickle, a hang) would keep close() waiting: end their sockets.
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return hostile;
}

/** A gateway to `upstream` (the emulator's URL) whose `answer` can take over any request. */
export async function startGateway(upstream: string): Promise<HostileServer> {
	const target = new URL(upstream);
	const gateway: HostileServer = await listen(async (seen, incoming, response) => {
		if (await gateway.answer?.(seen, response)) return;
		const forwarded = httpRequest(
			{ host: target.hostname, port: target.port, method: seen.method, path: seen.path, headers: { ...incoming.headers, host: target.host } },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		forwarded.on('error', () => response.destroy());
		forwarded.end(seen.body);
	});
	return gateway;
}

/** A host that answers 200 `{"stolen":true}` to everything and records what it received. */
export async function startRecorder(): Promise<HostileServer> {
	return await listen(async (_seen, _incoming, response) => {
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify({ stolen: true, resCode: '0', result: { taskId: 'stolen' }, todo_id: 'stolen', access_token: 'stolen-token' }));
	});
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
	response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	response.end(typeof body === 'string' ? body : JSON.stringify(body));
	return true;
}

/** Sends `text` one byte every `everyMs`, so that no single pause reaches an idle time-out. */
export function trickle(response: ServerResponse, text: string, everyMs: number): true {
	response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
	let sent = 0;
	const timer = setInterval(() => {
		if (response.destroyed || sent >= text.length) {
			clearInterval(timer);
			if (!response.destroyed) response.end();
			return;
		}
		response.write(text[sent++]);
	}, everyMs);
	response.on('close', () => clearInterval(timer));
	return true;
}

/** The emulator's own answer to a request the gateway took over: status, headers and body bytes. */
export async function upstreamAnswer(upstream: string, seen: SeenRequest): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
	const target = new URL(upstream);
	return await new Promise((resolve, reject) => {
		const forwarded = httpRequest(
			{ host: target.hostname, port: target.port, method: seen.method, path: seen.path, headers: { ...seen.headers, host: target.host } },
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
			},
		);
		forwarded.on('error', reject);
		forwarded.end(seen.body);
	});
}
