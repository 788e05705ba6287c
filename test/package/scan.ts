/**
 * What n8n's @n8n/scan-community-package does to a published package, run on our own `npm pack`
 * tarball (scan-like-n8n.mjs, in a child process because the rules ship as ES modules).
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

/** Lints like the scanner; returns the formatted violations, or '' when there are none. */
export function scanLikeN8n(cwd: string, patterns: string[]): string {
	const result = spawnSync(process.execPath, [join(__dirname, 'scan-like-n8n.mjs'), cwd, ...patterns], { cwd: ROOT, encoding: 'utf8' });
	return result.status === 0 ? '' : `${result.stdout}${result.stderr}`;
}
