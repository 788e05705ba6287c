// A long-running process the tests start (n8n, Redis, PostgreSQL): its own process group, output to a log
// file, stopped by its PID's group, and never left behind, even when a test fails half-way.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

import type { OsUser } from './run';

export interface DaemonOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** stdout and stderr are appended here. */
	logFile: string;
	user?: OsUser;
	/** The signal that asks for a clean shutdown (PostgreSQL's fast shutdown is SIGINT). */
	stopSignal?: NodeJS.Signals;
}

/** Every daemon still running; killed when the test process exits, whatever the reason. */
const live = new Set<Daemon>();
process.once('exit', () => {
	for (const daemon of live) daemon.kill('SIGKILL');
});

export class Daemon {
	private readonly child: ChildProcess;
	private readonly exited: Promise<void>;

	constructor(
		readonly name: string,
		command: string,
		args: string[],
		private readonly options: DaemonOptions,
	) {
		const log = openSync(options.logFile, 'a');
		this.child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', log, log],
			uid: options.user?.uid,
			gid: options.user?.gid,
		});
		closeSync(log);
		live.add(this);
		this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
		void this.exited.then(() => live.delete(this));
	}

	get pid(): number {
		return this.child.pid ?? 0;
	}

	get logFile(): string {
		return this.options.logFile;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Signals the whole process group (n8n's task runners, PostgreSQL's backends). */
	kill(signal: NodeJS.Signals): void {
		try {
			if (this.pid) process.kill(-this.pid, signal);
		} catch {
			// the group is gone already
		}
	}

	/** Asks for a clean shutdown, then SIGKILLs the group if it is still there after graceMs. */
	async stop(graceMs = 10_000): Promise<void> {
		if (!this.running) return;
		const waited = (ms: number) => Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
		this.kill(this.options.stopSignal ?? 'SIGTERM');
		if (!(await waited(graceMs))) {
			this.kill('SIGKILL');
			await waited(10_000);
		}
		// Children that outlived their leader (a runner whose parent was SIGKILLed) go too.
		this.kill('SIGKILL');
	}

	/** Polls ready() until it holds; fails early if the process exits, and at the time-out. */
	async waitUntil(ready: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}; see ${this.logFile}`);
			if (await ready().catch(() => false)) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`${this.name}: no ${what} within ${timeoutMs / 1000} s; see ${this.logFile}`);
	}
}
