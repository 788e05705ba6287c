// A throw-away npm registry on 127.0.0.1 (Verdaccio, installed once into the e2e cache from the npm
// registry), holding our packed package under its real name: the README's install paths run against
// it as they will against registry.npmjs.org once the package is published. It has no uplinks, so
// whatever npm or n8n would fetch beside our package fails loudly instead of coming from the internet.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Daemon } from './daemon';
import { freePort } from './ports';
import { cleanNpmEnv, run } from './run';
import { CACHE_DIR } from './targets';

const MINUTE = 60_000;
const VERDACCIO_VERSION = '6.8.0';

/** Installs Verdaccio into the cache once; returns its CLI. */
async function ensureVerdaccio(): Promise<string> {
	const installDir = join(CACHE_DIR, `verdaccio-${VERDACCIO_VERSION}`);
	const bin = join(installDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	const marker = join(installDir, '.complete');
	if (existsSync(marker)) return bin;
	process.stderr.write(`[e2e registry] installing Verdaccio ${VERDACCIO_VERSION} into ${installDir}\n`);
	rmSync(installDir, { recursive: true, force: true });
	mkdirSync(installDir, { recursive: true });
	writeFileSync(
		join(installDir, 'package.json'),
		JSON.stringify({
			private: true,
			dependencies: { verdaccio: VERDACCIO_VERSION },
			// Verdaccio 6.8.0 asks for a node-fetch 3 beta that needs a newer Node.js than 20; 2.7.0 serves it.
			overrides: { 'node-fetch': '2.7.0' },
		}),
	);
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: installDir, env: cleanNpmEnv(), timeoutMs: 10 * MINUTE, check: true });
	writeFileSync(marker, new Date().toISOString());
	return bin;
}

export class LocalRegistry {
	private daemon?: Daemon;
	private token = '';
	readonly folder = mkdtempSync(join(tmpdir(), 'e2e-registry-'));
	port = 0;

	/** With a trailing slash, as npm writes registry URLs. */
	get url(): string {
		return `http://127.0.0.1:${this.port}/`;
	}

	/** An npm user config that publishes to this registry with its token, and nothing else. */
	get userConfig(): string {
		return join(this.folder, 'npmrc');
	}

	async start(): Promise<void> {
		const bin = await ensureVerdaccio();
		this.port = await freePort();
		const config = join(this.folder, 'config.yaml');
		writeFileSync(
			config,
			[
				`storage: ${join(this.folder, 'storage')}`,
				'auth:',
				'  htpasswd:',
				`    file: ${join(this.folder, 'htpasswd')}`,
				'uplinks: {}',
				'packages:',
				"  '**':",
				'    access: $all',
				'    publish: $authenticated',
				'web:',
				'  enable: false',
				'log: { type: stdout, format: pretty, level: warn }',
				'',
			].join('\n'),
		);
		this.daemon = new Daemon('verdaccio', process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${this.port}`], {
			cwd: this.folder,
			env: cleanNpmEnv(),
			logFile: join(this.folder, 'verdaccio.log'),
		});
		await this.daemon.waitUntil(async () => (await fetch(`${this.url}-/ping`)).ok, 'ping', MINUTE);
		// npm publishes only with a token: a user of this registry (htpasswd), created the way `npm adduser` does.
		const response = await fetch(`${this.url}-/user/org.couchdb.user:e2e`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'e2e', password: 'e2e-registry-password', type: 'user', roles: [] }),
		});
		const body = (await response.json()) as { token?: string };
		if (!body.token) throw new Error(`Verdaccio created no user: HTTP ${response.status} ${JSON.stringify(body)}`);
		this.token = body.token;
		writeFileSync(this.userConfig, `registry=${this.url}\n//127.0.0.1:${this.port}/:_authToken=${this.token}\n`);
	}

	/** `npm publish <tarball>` to this registry, as a maintainer will publish to npmjs.org. */
	async publish(tarball: string): Promise<void> {
		await run('npm', ['publish', tarball, `--registry=${this.url}`, `--userconfig=${this.userConfig}`, '--loglevel=error', '--ignore-scripts'], {
			cwd: this.folder,
			env: cleanNpmEnv(),
			timeoutMs: 2 * MINUTE,
			check: true,
		});
	}

	/** The registry's own record of a package (what npm and n8n read before they download). */
	async packument(name: string): Promise<{ status: number; body: { 'dist-tags'?: Record<string, string> } }> {
		const response = await fetch(`${this.url}${name}`);
		return { status: response.status, body: response.ok ? ((await response.json()) as { 'dist-tags'?: Record<string, string> }) : {} };
	}

	/** What Verdaccio logged (warnings and worse). */
	log(): string {
		return this.daemon ? readFileSync(this.daemon.logFile, 'utf8') : '';
	}

	async stop(): Promise<void> {
		await this.daemon?.stop();
		rmSync(this.folder, { recursive: true, force: true });
	}
}
