// What one request costs a plain Node.js client, with nothing of n8n around it: a new connection per
// request (as n8n's HTTP helper makes them) against one keep-alive agent, over HTTP and HTTPS, with
// answers at once and after a delay. It tells what part of a node's CPU per item is the handshake and
// the waiting, which no node that calls through n8n's helper can avoid.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import type { EmulatorProcess } from './emulator-process';
import { median } from './rounds';
import { endpointId, type Endpoint } from './workflows';

const IN_FLIGHT = 10;

export interface ClientEndpoint {
	endpoint: Endpoint;
	emulator: EmulatorProcess;
}

type Connection = 'new' | 'keepAlive';

interface ClientCase {
	target: ClientEndpoint;
	connection: Connection;
}

/** CPU µs per request of this process and requests/s, for `requests` EIAM creates with IN_FLIGHT in flight. */
async function runClient({ target, connection }: ClientCase, ca: string, requests: number, round: number): Promise<{ cpuMicros: number; perSecond: number }> {
	const { eiam: token } = await target.emulator.tokens();
	const url = `${target.emulator.url}/api/v2/tenant/todo/task`;
	const https = target.endpoint.scheme === 'https';
	const keepAlive = connection === 'keepAlive' ? (https ? new HttpsAgent({ keepAlive: true, maxSockets: IN_FLIGHT, ca }) : new HttpAgent({ keepAlive: true, maxSockets: IN_FLIGHT })) : undefined;
	const one = (n: number) =>
		new Promise<void>((resolve, reject) => {
			const body = JSON.stringify({ title: `Client ${n}`, content: 'x', message_type: 'TEXT', ending_at: '2026-12-05 12:00:00', user_name: 'zhangsan', external_id: `client-${connection}-${round}-${Date.now()}-${n}`, detail_url: { web_url: 'https://e.com', mobile_url: 'https://e.com' } });
			const options = { method: 'POST', agent: keepAlive ?? false, ...(https ? { ca } : {}), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' } };
			const onResponse = (response: IncomingMessage) => {
				if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
				response.resume();
				response.on('end', resolve);
			};
			const sent = https ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
			sent.on('error', reject);
			sent.end(body);
		});
	let next = 0;
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < requests) await one(next++);
		}),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	keepAlive?.destroy();
	return { cpuMicros: (cpu.user + cpu.system) / requests, perSecond: requests / seconds };
}

const label = ({ target, connection }: ClientCase) =>
	`| ${target.endpoint.scheme.toUpperCase()} | ${target.endpoint.delayMs} ms | ${connection === 'new' ? 'a new connection per request (as n8n makes them)' : 'one keep-alive agent'}`;

/**
 * The table and what follows from it: the handshake's CPU (HTTPS − HTTP, new connections, no delay)
 * and how much more the same request costs when the client waits for its answer.
 */
export async function clientCostSection(targets: ClientEndpoint[], ca: string, requests: number): Promise<string> {
	const cases: ClientCase[] = targets.flatMap((target) => (['new', 'keepAlive'] as const).map((connection) => ({ target, connection })));
	const figures = new Map<ClientCase, Array<{ cpuMicros: number; perSecond: number }>>(cases.map((entry) => [entry, []]));
	for (const entry of cases) await runClient(entry, ca, 200, -1);
	// Interleaved, like the rounds in n8n.
	for (let round = 0; round < 3; round++) for (const entry of cases) figures.get(entry)!.push(await runClient(entry, ca, requests, round));
	const cpuOf = (scheme: Endpoint['scheme'], delayMs: number, connection: Connection) => {
		const entry = cases.find((candidate) => candidate.connection === connection && endpointId(candidate.target.endpoint) === endpointId({ scheme, delayMs }));
		return entry ? median(figures.get(entry)!.map((run) => run.cpuMicros)) : NaN;
	};
	const lines = [
		`${requests} EIAM creates per run, ${IN_FLIGHT} in flight, Node.js's own http and https clients (no n8n, no axios), against the same emulators; CPU of this process, median of 3 interleaved rounds.`,
		'',
		'| scheme | answer delay | connection | requests/s (median) | CPU µs per request (median) |',
		'|---|---|---|---|---|',
		...cases.map((entry) => {
			const runs = figures.get(entry)!;
			return `${label(entry)} | ${median(runs.map((run) => run.perSecond)).toFixed(0)} | ${median(runs.map((run) => run.cpuMicros)).toFixed(0)} |`;
		}),
	];
	const handshake = cpuOf('https', 0, 'new') - cpuOf('http', 0, 'new');
	const waiting = cpuOf('http', 20, 'new') / cpuOf('http', 0, 'new') - 1;
	if (Number.isFinite(handshake)) {
		lines.push('', `A TLS handshake costs this client **${handshake.toFixed(0)} µs of CPU per request** (HTTPS − HTTP, new connections, no delay); n8n's helper makes one for every request and offers a node no way to keep a connection or a TLS session.`);
	}
	if (Number.isFinite(waiting)) {
		lines.push('', `The same request costs **${(waiting * 100).toFixed(0)} % more CPU** when the answer takes 20 ms than when it comes at once (HTTP, new connections): the same calls, made while the process waits between answers (${IN_FLIGHT} in flight); a client with more in flight than the CPU can serve, like the HTTP Request node sending all items at once, seldom waits.`);
	}
	return lines.join('\n');
}
