// n8n in queue mode as it is deployed: PostgreSQL and Redis, one main (`n8n start`: editor, webhooks,
// enqueues executions) and workers (`n8n worker`: run them). Every process has a user folder of its own
// with our package installed in its .n8n/nodes, as separate machines or containers would, and all share
// the database, Redis and the encryption key.
import type { N8nInstall } from './install';
import { N8nInstance } from './n8n';
import { freePort } from './ports';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';

export interface QueueCluster {
	postgres: Postgres;
	redis: Redis;
	main: N8nInstance;
	workers: N8nInstance[];
	/** The webhook processor (`n8n webhook`), when options.webhookProcessor asked for one. */
	webhookProcessor?: N8nInstance;
	/** Starts one more worker (a user folder of its own, the package installed there). */
	addWorker(): Promise<N8nInstance>;
	/** Stops one worker and removes its folder. */
	removeWorker(worker: N8nInstance): Promise<void>;
	/** Webhook executions of a workflow in the database, by status. */
	executionsByStatus(workflowId: string): Promise<Record<string, number>>;
	/** Stops every process (workers, main, Redis, PostgreSQL) and removes their folders. */
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	workers: number;
	/** The packed package, installed into every process's user folder. */
	tarball: string;
	/** Runs on the main's folder before `n8n start`: imports, `publish:workflow` (webhooks register at start). */
	prepare(main: N8nInstance): Promise<void>;
	workerConcurrency?: number;
	/**
	 * Also start a webhook processor, and make it the address n8n gives out for webhooks and resume links
	 * (WEBHOOK_URL for every process of the cluster).
	 */
	webhookProcessor?: boolean;
}

/** What makes an n8n process part of the cluster: queue mode, the shared database and Redis. */
export function queueModeEnv(postgres: Postgres, redis: Redis): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		// Manual executions (the editor's Execute) run on workers too, as n8n 2.x asks for (a deprecation warning otherwise).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// A worker asked to stop waits this long for its running executions (default 30 s).
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
}

export async function startQueueCluster(install: N8nInstall, options: QueueClusterOptions): Promise<QueueCluster> {
	let postgres: Postgres | undefined;
	let redis: Redis | undefined;
	let main: N8nInstance | undefined;
	let webhookProcessor: N8nInstance | undefined;
	const workers: N8nInstance[] = [];
	let env: NodeJS.ProcessEnv = {};

	const stop = async () => {
		await Promise.allSettled(workers.map((worker) => worker.remove()));
		workers.length = 0;
		await webhookProcessor?.remove();
		await main?.remove();
		await Promise.allSettled([redis?.stop(), postgres?.stop()]);
	};

	const addWorker = async () => {
		const worker = new N8nInstance(install, { env });
		workers.push(worker);
		await worker.installPackage(options.tarball);
		await worker.startWorker(options.workerConcurrency);
		return worker;
	};

	try {
		postgres = await startPostgres();
		redis = await startRedis();
		env = queueModeEnv(postgres, redis);
		const webhookPort = options.webhookProcessor ? await freePort() : 0;
		if (webhookPort) env.WEBHOOK_URL = `http://127.0.0.1:${webhookPort}/`;
		main = new N8nInstance(install, { env });
		await main.installPackage(options.tarball);
		await options.prepare(main);
		await main.start();
		if (webhookPort) {
			webhookProcessor = new N8nInstance(install, { env });
			await webhookProcessor.installPackage(options.tarball);
			await webhookProcessor.startWebhookProcessor(webhookPort);
		}
		await Promise.all(Array.from({ length: options.workers }, addWorker));
	} catch (error) {
		await stop();
		throw error;
	}

	const db = postgres;
	return {
		postgres,
		redis,
		main,
		workers,
		webhookProcessor,
		addWorker,
		removeWorker: async (worker) => {
			workers.splice(workers.indexOf(worker), 1);
			await worker.remove();
		},
		executionsByStatus: async (workflowId) => {
			const rows = await db.query(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`);
			return Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
		},
		stop,
	};
}

/** The executions a worker ran, from its log ("Worker started execution 12 (job 12)"). */
export function executionsRunBy(worker: N8nInstance): string[] {
	return [...worker.log().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}

/**
 * POSTs each body to a webhook URL, `concurrency` calls in flight at a time; returns the HTTP statuses in
 * the order of the bodies (0 for a call that failed to connect).
 */
export async function fireWebhooks(url: string, bodies: unknown[], concurrency: number): Promise<number[]> {
	const statuses: number[] = new Array(bodies.length).fill(0);
	let next = 0;
	const lane = async () => {
		while (next < bodies.length) {
			const index = next++;
			const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bodies[index]) }).catch(() => undefined);
			statuses[index] = response?.status ?? 0;
			await response?.arrayBuffer();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, lane));
	return statuses;
}
