// Debian packages the suite needs (chromium, redis-server, postgresql), installed when missing: the
// machines run as root, and Debian's packages are the reachable source here.
import { existsSync } from 'node:fs';

import { run } from './run';

/** Installs a Debian package unless `binary` exists already. */
export async function ensureDebianPackage(binary: string, pkg: string): Promise<void> {
	if (existsSync(binary)) return;
	process.stderr.write(`[e2e] ${binary} is missing: apt-get install ${pkg}\n`);
	// Another apt-get on the machine holds the lock for a while: wait for it rather than fail.
	const lock = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', ['update', '-qq', ...lock], { timeoutMs: 10 * 60_000, check: true });
	await run('apt-get', ['install', '-y', '-qq', ...lock, pkg], {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeoutMs: 15 * 60_000,
		check: true,
	});
	if (!existsSync(binary)) throw new Error(`apt-get install ${pkg} did not provide ${binary}`);
}
