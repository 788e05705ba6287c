/**
 * Our own `npm pack` tarball, and n8n's @n8n/scan-community-package run on it and on the sources
 * (n8n-scan.mjs, in a child process because the scanner is an ES module).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface PackedFile {
	path: string;
	size: number;
}

export interface PackResult {
	tarball: string;
	files: PackedFile[];
	/** Where the tarball was unpacked (the `package/` folder inside it). */
	unpacked: string;
	cleanup(): void;
}

export function packPackage(): PackResult {
	const workdir = mkdtempSync(join(tmpdir(), 'aicc-eiam-pack-'));
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workdir, '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
	const [packed] = JSON.parse(output) as Array<{ filename: string; files: PackedFile[] }>;
	const tarball = join(workdir, packed.filename);
	execFileSync('tar', ['-xzf', tarball, '-C', workdir]);
	return { tarball, files: packed.files, unpacked: join(workdir, 'package'), cleanup: () => rmSync(workdir, { recursive: true, force: true }) };
}

export interface ScanResult {
	passed: boolean;
	message?: string;
	/** The scanner's ESLint report (stylish format), when it found something. */
	details?: string;
}

/**
 * The scanner's verdict on one leg: `source` is the repository checkout n8n fetches from the provenance
 * statement, `tarball` the unpacked package. Run in the environment the scanner's CLI has: without jest's
 * NODE_ENV=test (under which eslint-plugin-n8n-nodes-base takes every file for a node named Test.node.ts)
 * and without the ESLINT_FLAGS our own lint sets.
 */
export function scanWithN8nScanner(leg: 'source' | 'tarball', dir: string): ScanResult {
	const { NODE_ENV: _jest, ESLINT_FLAGS: _lint, ...env } = process.env;
	const result = spawnSync(process.execPath, [join(__dirname, 'n8n-scan.mjs'), leg, dir], { cwd: ROOT, env, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`the scanner did not run: ${result.stderr}`);
	return JSON.parse(result.stdout) as ScanResult;
}
