import { spawn } from 'node:child_process';

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Fail unless the command exits 0. */
	check?: boolean;
	/** Called with the child's PID once it started (e.g. to sample its memory). */
	onSpawn?: (pid: number) => void;
	/** Run as this OS user (needs root), e.g. PostgreSQL's tools, which refuse to run as root. */
	user?: OsUser;
}

export interface OsUser {
	name: string;
	uid: number;
	gid: number;
}

/** Runs a command in its own process group, kills the group on time-out, and collects its output. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], uid: options.user?.uid, gid: options.user?.gid });
		if (child.pid) options.onSpawn?.(child.pid);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
			reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			if (options.check && code !== 0) {
				reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
			} else {
				resolve({ code, stdout, stderr });
			}
		});
	});
}

/**
 * The environment for an npm that works on another folder: without the npm_* variables that `npm run`
 * exports (our .npmrc's ignore-scripts=true among them, which would turn a rebuild into a no-op).
 */
export function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
	return { ...env, ...extra };
}
