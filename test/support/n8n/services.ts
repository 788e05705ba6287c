// Redis and PostgreSQL for n8n's queue mode, from Debian's packages: started by the tests on free loopback
// ports in temporary data folders, and stopped (folders removed) by the tests.
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureDebianPackage } from './apt';
import { Daemon } from './daemon';
import { freePort } from './ports';
import { run, type OsUser } from './run';

const MINUTE = 60_000;
const REDIS_SERVER = '/usr/bin/redis-server';

/** Sends one command to Redis over a fresh connection and returns the raw reply. */
function redisCommand(port: number, command: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('Redis did not answer')));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.endsWith('\r\n')) socket.end();
		});
		socket.on('end', () => resolve(reply));
		socket.on('error', reject);
	});
}

export interface Redis {
	host: '127.0.0.1';
	port: number;
	stop(): Promise<void>;
}

/** A throw-away Redis: no persistence, loopback only, in the foreground so that it is ours to stop. */
export async function startRedis(): Promise<Redis> {
	await ensureDebianPackage(REDIS_SERVER, 'redis-server');
	const dir = mkdtempSync(join(tmpdir(), 'e2e-redis-'));
	const port = await freePort();
	const daemon = new Daemon('redis-server', REDIS_SERVER, ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--port', String(port), '--daemonize', 'no', '--dir', dir], {
		cwd: dir,
		env: { PATH: process.env.PATH },
		logFile: join(dir, 'redis.log'),
	});
	const stop = async () => {
		await daemon.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await daemon.waitUntil(async () => (await redisCommand(port, 'PING')).startsWith('+PONG'), 'answer to PING', MINUTE);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, stop };
}

/** The newest PostgreSQL server Debian's postgresql package installed (/usr/lib/postgresql/<major>/bin). */
async function postgresBin(): Promise<string> {
	const root = '/usr/lib/postgresql';
	const newest = () => (existsSync(root) ? readdirSync(root).filter((major) => existsSync(join(root, major, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a))[0] : undefined);
	if (!newest()) await ensureDebianPackage(join(root, '15', 'bin', 'postgres'), 'postgresql');
	const major = newest();
	if (!major) throw new Error(`no PostgreSQL server under ${root}`);
	return join(root, major, 'bin');
}

/** PostgreSQL refuses to run as root: as root, its tools run as Debian's `postgres` user; otherwise as us. */
function postgresUser(): OsUser | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	if (!line) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
	const [name, , uid, gid] = line.split(':');
	return { name, uid: Number(uid), gid: Number(gid) };
}

export interface Postgres {
	host: '127.0.0.1';
	port: number;
	user: string;
	database: string;
	/** Runs SQL with psql; one array of column values per row. */
	query(sql: string): Promise<string[][]>;
	stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL cluster: initdb into a temporary folder, trust authentication, TCP on
 * 127.0.0.1 only and its unix socket in that folder, durability off (fsync, synchronous commit: a test
 * database needs neither), and one database for n8n.
 */
export async function startPostgres(database = 'n8n'): Promise<Postgres> {
	const bin = await postgresBin();
	const user = postgresUser();
	const dir = mkdtempSync(join(tmpdir(), 'e2e-pg-'));
	if (user) chownSync(dir, user.uid, user.gid);
	const data = join(dir, 'data');
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8' };
	const as = { cwd: dir, env, user, timeoutMs: 2 * MINUTE, check: true };
	await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], as);
	const port = await freePort();
	const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' };
	const daemon = new Daemon('postgres', join(bin, 'postgres'), ['-D', data, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])], {
		cwd: dir,
		env,
		user,
		logFile: join(dir, 'postgres.log'),
		stopSignal: 'SIGINT',
	});
	const psql = (sql: string, db: string) =>
		run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], { env, timeoutMs: MINUTE, check: true });
	const stop = async () => {
		await daemon.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await daemon.waitUntil(async () => (await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { env, timeoutMs: 10_000 })).code === 0, 'connection', 2 * MINUTE);
		await psql(`CREATE DATABASE ${database}`, 'postgres');
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database,
		query: async (sql) => {
			const { stdout } = await psql(sql, database);
			return stdout
				.split('\n')
				.filter((row) => row !== '')
				.map((row) => row.split('\t'));
		},
		stop,
	};
}
