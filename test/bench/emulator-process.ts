// The emulator in a process of its own, so that its CPU is not the measured process's CPU.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { freePort } from '../e2e/tooling/ports';

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

export async function startEmulatorProcess(delayMs: number): Promise<EmulatorProcess> {
	const port = await freePort();
	const root = join(__dirname, '..', '..');
	const child = spawn(process.execPath, ['-r', './test/tools/ts-node.js', 'test/emulator/cli.ts'], {
		cwd: root,
		env: { ...process.env, EMULATOR_PORT: String(port), EMULATOR_DELAY_MS: String(delayMs) },
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
	const url = `http://127.0.0.1:${port}`;
	const admin = async <T>(path: string) => (await (await fetch(`${url}/__emulator/${path}`)).json()) as T;
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
