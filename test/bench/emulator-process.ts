// The emulator in a process of its own, so that its CPU is not the measured process's CPU.
import { spawn } from 'node:child_process';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';

import { freePort } from '../support/n8n/ports';
import type { LoopbackCertificates } from '../support/tls';

export interface EmulatorStats {
	requests: number;
	tokenRequests: number;
	maxInFlight: number;
	aiccTasks: number;
	eiamTodos: number;
}

export interface EmulatorProcess {
	url: string;
	stats(): Promise<EmulatorStats>;
	reset(): Promise<void>;
	tokens(): Promise<{ aicc: string; eiam: string }>;
	stop(): Promise<void>;
}

/** GET of an admin route; over HTTPS it trusts the run's own CA (fetch would need NODE_EXTRA_CA_CERTS at start-up). */
function getJson<T>(url: string, ca?: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onResponse = (response: IncomingMessage) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => {
				try {
					resolve(JSON.parse(text) as T);
				} catch (error) {
					reject(error as Error);
				}
			});
		};
		const request = url.startsWith('https:') ? httpsGet(url, { ca }, onResponse) : httpGet(url, onResponse);
		request.on('error', reject);
	});
}

/** The emulator with every answer delayed by `delayMs`; over HTTPS with `tls`. */
export async function startEmulatorProcess(delayMs: number, tls?: LoopbackCertificates): Promise<EmulatorProcess> {
	const port = await freePort();
	const root = join(__dirname, '..', '..');
	const child = spawn(process.execPath, ['-r', './test/tools/ts-node.js', 'test/emulator/cli.ts'], {
		cwd: root,
		env: {
			...process.env,
			EMULATOR_PORT: String(port),
			EMULATOR_DELAY_MS: String(delayMs),
			// The HTTP Request node's header credential holds one token for the whole benchmark, which runs
			// longer than the usual 1800 s lifetime: expired, EIAM would answer it with 400 and the runs fail.
			EMULATOR_TOKEN_LIFETIME: String(24 * 3600),
			...(tls ? { EMULATOR_TLS_KEY: tls.keyFile, EMULATOR_TLS_CERT: tls.certFile } : {}),
		},
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the emulator did not start within 60 s')), 60_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
	});
	const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	const admin = <T>(path: string) => getJson<T>(`${url}/__emulator/${path}`, tls?.ca);
	return {
		url,
		stats: () => admin<EmulatorStats>('stats'),
		reset: async () => void (await admin('reset')),
		tokens: () => admin<{ aicc: string; eiam: string }>('token'),
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
