// One n8n installation used the way a user uses it: its own user folder, our packed package installed
// into <user folder>/.n8n/nodes, the CLI for imports and runs, `n8n start` for the editor and REST API,
// and in queue mode `n8n worker`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Daemon } from './daemon';
import type { N8nInstall } from './install';
import { freePort, isFree } from './ports';
import { cleanNpmEnv, run, type RunResult } from './run';

const MINUTE = 60_000;

export interface N8nUser {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const OWNER: N8nUser = { email: 'owner@example.com', password: 'Demo-Password-1', firstName: 'Demo', lastName: 'Owner' };

export interface N8nOptions {
	/** A new temporary folder unless given. */
	userFolder?: string;
	/** Added to the environment of every n8n process of this instance, e.g. queue mode's database and Redis. */
	env?: NodeJS.ProcessEnv;
}

export class N8nInstance {
	readonly userFolder: string;
	private server?: Daemon;
	/** `n8n start`'s port, or a worker's health-check port. */
	port = 0;

	constructor(
		readonly install: N8nInstall,
		private readonly options: N8nOptions = {},
	) {
		this.userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), `n8n-${install.target.version}-`));
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The environment of every n8n process of this instance: loopback only, no telemetry, SQLite in the user folder unless options.env says otherwise. */
	async env(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
		return {
			PATH: this.install.path,
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-0123456789',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port || (await freePort())),
			// Every n8n process binds a task-broker port of its own.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			N8N_LOG_LEVEL: 'info',
			GENERIC_TIMEZONE: 'Asia/Shanghai',
			DB_TYPE: 'sqlite',
			...this.options.env,
			...extra,
		};
	}

	/** Runs `n8n <args>` to completion. */
	async cli(args: string[], timeoutMs = 3 * MINUTE): Promise<RunResult> {
		return await run(this.install.nodeBin, [this.install.n8nBin, ...args], { cwd: this.userFolder, env: await this.env(), timeoutMs, check: true });
	}

	/** Installs a package tarball as n8n's Community Nodes installer does: into .n8n/nodes, peers omitted, beside the packages installed there before. */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		const manifest = join(nodesDir, 'package.json');
		if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		await run('npm', ['install', tarball, '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], {
			cwd: nodesDir,
			env: cleanNpmEnv({ PATH: this.install.path }),
			timeoutMs: 5 * MINUTE,
			check: true,
		});
	}

	async importJson(kind: 'credentials' | 'workflow', content: unknown): Promise<void> {
		const file = join(this.userFolder, `import-${kind}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(content));
		await this.cli([`import:${kind}`, `--input=${file}`]);
		rmSync(file);
	}

	/** What n8n has stored for a credential, decrypted (`n8n export:credentials --decrypted`). */
	async credentialData(id: string): Promise<Record<string, unknown>> {
		const { stdout } = await this.cli(['export:credentials', `--id=${id}`, '--decrypted']);
		const [credential] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ data: Record<string, unknown> }>;
		return credential.data;
	}

	/**
	 * `n8n execute --id` (2.x has no --file); returns the run data n8n prints with --rawOutput. A failed
	 * execution exits 1 and prints the same data after "Execution error:". Soak runs of thousands of items
	 * take longer than the default time-out.
	 */
	async execute(workflowId: string, onSpawn?: (pid: number) => void, timeoutMs = 4 * MINUTE): Promise<ExecutionOutput> {
		const result = await run(this.install.nodeBin, [this.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: this.userFolder,
			env: await this.env(),
			timeoutMs,
			onSpawn,
		});
		return parseExecution(`${result.stdout}\n${result.stderr}`);
	}

	/** `n8n start` on the given loopback port if it is free, else on a free one; resolves once the editor answers. */
	async start(preferredPort = 0): Promise<void> {
		this.port = preferredPort && (await isFree(preferredPort)) ? preferredPort : await freePort();
		// /healthz answers before the REST routes exist; the editor's settings call means they do. While a
		// fresh database is migrated, every route answers HTTP 200 "n8n is starting up" as text, not JSON.
		const restReady = async () => {
			const response = await fetch(`${this.url}/rest/settings`);
			return response.ok && (response.headers.get('content-type') ?? '').includes('application/json');
		};
		await this.launch(['start'], {}, 'REST API', restReady);
	}

	/**
	 * `n8n worker` (queue mode: options.env sets EXECUTIONS_MODE=queue, the database and Redis) with its
	 * health server on a free loopback port; resolves once its readiness check (database migrated, Redis
	 * connected) passes.
	 */
	async startWorker(concurrency = 10): Promise<void> {
		this.port = await freePort();
		const health = { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' };
		await this.launch(['worker', `--concurrency=${concurrency}`], health, 'readiness', async () => (await fetch(`${this.url}/healthz/readiness`)).ok);
	}

	/**
	 * `n8n webhook` (queue mode's webhook processor: production and waiting webhooks, executions enqueued
	 * for the workers) on the given loopback port, or a free one; resolves once its health check answers.
	 */
	async startWebhookProcessor(port = 0): Promise<void> {
		this.port = port || (await freePort());
		await this.launch(['webhook'], {}, 'health check', async () => (await fetch(`${this.url}/healthz`)).ok);
	}

	private async launch(args: string[], extraEnv: NodeJS.ProcessEnv, what: string, ready: () => Promise<boolean>): Promise<void> {
		if (this.server?.running) throw new Error(`n8n is running already in ${this.userFolder}`);
		const role = args[0];
		this.server = new Daemon(`n8n ${role}`, this.install.nodeBin, [this.install.n8nBin, ...args], {
			cwd: this.userFolder,
			env: await this.env(extraEnv),
			logFile: join(this.userFolder, `n8n-${role}.log`),
		});
		try {
			await this.server.waitUntil(ready, what, 3 * MINUTE);
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/** The PID (and process group) of the running `n8n start` or `n8n worker`; 0 when none runs. */
	get pid(): number {
		return this.server?.running ? this.server.pid : 0;
	}

	/** What the running (or last) `n8n start` or `n8n worker` has logged so far. */
	log(): string {
		const file = this.server?.logFile;
		return file ? readFileSync(file, 'utf8') : '';
	}

	/**
	 * Stops `n8n start` or `n8n worker` by its process group: SIGTERM (n8n shuts down gracefully), then
	 * SIGKILL if it is still there after 10 s (a SIGTERM that arrives while n8n is still starting can go unheard).
	 */
	async stop(): Promise<void> {
		await this.server?.stop();
	}

	async remove(): Promise<void> {
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export interface NodeRunOutput {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

export interface ExecutionOutput {
	/** node name → its output items (first run, first output). */
	nodes: Record<string, NodeRunOutput[]>;
	/** node name → the error message it stopped with. */
	errors: Record<string, string>;
	/** The message of the error that ended the execution, if it failed. */
	failure?: string;
	raw: unknown;
	/** Everything the CLI printed (stdout, then stderr), for checks that no secret was printed. */
	printed: string;
}

/** Colours n8n gives its log lines even when they go to a pipe. */
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/**
 * `n8n execute --rawOutput` prints log lines, then the execution's data as JSON starting on a line of its own.
 * A failed execution's data is a log message, which at debug level starts after the time and level.
 */
export function parseExecution(stdout: string): ExecutionOutput {
	const text = stdout.replace(ANSI_COLOUR, '');
	const match = /^(?:[\d:.]+\s+info\s+)?\{$/m.exec(text);
	const start = match ? match.index + match[0].length - 1 : -1;
	if (start < 0) throw new Error(`n8n printed no execution data:\n${stdout.slice(-3000)}`);
	const end = text.indexOf('\n}', start) + 2;
	const raw = JSON.parse(text.slice(start, end)) as { data?: { resultData?: { error?: { message: string }; runData?: Record<string, Array<{ data?: { main?: NodeRunOutput[][] }; error?: { message: string } }>> } } };
	const runData = raw.data?.resultData?.runData ?? {};
	const nodes: ExecutionOutput['nodes'] = {};
	const errors: ExecutionOutput['errors'] = {};
	for (const [name, runs] of Object.entries(runData)) {
		nodes[name] = runs[0]?.data?.main?.[0] ?? [];
		if (runs[0]?.error) errors[name] = runs[0].error.message;
	}
	return { nodes, errors, failure: raw.data?.resultData?.error?.message, raw, printed: stdout };
}
