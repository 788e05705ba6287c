// The README's install commands, read from README.md itself, so that the tests run what users are told
// to run and a change to the README is a change to what is tested.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { run, type RunResult } from './run';
import { ROOT } from './targets';

/** The shell block that follows `<!-- install:<name> -->` in README.md, as written (indentation removed). */
export function readmeCommand(name: string): string {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const marker = `<!-- install:${name} -->`;
	const at = readme.indexOf(marker);
	if (at < 0) throw new Error(`README.md has no ${marker}`);
	const block = /^([ \t]*)```sh\n([\s\S]*?)^[ \t]*```$/m.exec(readme.slice(at + marker.length));
	if (!block) throw new Error(`README.md has no sh block after ${marker}`);
	const indent = block[1];
	return block[2]
		.split('\n')
		.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
		.join('\n');
}

/** Runs a README block with bash, stopping at the first failing command, in the given environment (HOME decides what `~` is). */
export async function runReadmeCommand(script: string, env: NodeJS.ProcessEnv, timeoutMs = 5 * 60_000): Promise<RunResult> {
	return await run('bash', ['-e', '-c', script], { cwd: env.HOME, env, timeoutMs, check: true });
}
