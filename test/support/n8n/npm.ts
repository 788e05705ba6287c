// Another npm than the one on this machine (npm 11 here), from the npm registry, once into the cache:
// the README's commands must work with the npm 10 that Node.js 20 and 22 bring as well.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cleanNpmEnv, run } from './run';
import { CACHE_DIR } from './targets';

const MINUTE = 60_000;

/** A folder holding an `npm` that runs this npm release on whatever `node` PATH finds; put it first on PATH. */
export async function ensureNpm(version: string): Promise<string> {
	const folder = join(CACHE_DIR, `npm-${version}`);
	const shimDir = join(folder, 'bin');
	if (existsSync(join(shimDir, 'npm'))) return shimDir;
	const work = `${folder}.partial`;
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	const packed = await run('npm', ['pack', `npm@${version}`, '--loglevel=error'], { cwd: work, env: cleanNpmEnv(), timeoutMs: 5 * MINUTE, check: true });
	await run('tar', ['-xzf', join(work, packed.stdout.trim().split('\n').pop() as string), '-C', work], { timeoutMs: MINUTE, check: true });
	mkdirSync(join(work, 'bin'));
	writeFileSync(join(work, 'bin', 'npm'), `#!/bin/sh\nexec node "${join(folder, 'package', 'bin', 'npm-cli.js')}" "$@"\n`);
	chmodSync(join(work, 'bin', 'npm'), 0o755);
	rmSync(folder, { recursive: true, force: true });
	renameSync(work, folder);
	return shimDir;
}
