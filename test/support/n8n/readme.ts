// The README's install commands, read from README.md itself, so that the tests run what users are told
// to run and a change to the README is a change to what is tested.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { run, type RunResult } from './run';
import { ROOT } from './targets';

/** The shell block that follows `<!-- <marker> -->` in a markdown text, as written (indentation removed). */
export function markedBlock(markdown: string, marker: string, file = 'README.md'): string {
	const comment = `<!-- ${marker} -->`;
	const at = markdown.indexOf(comment);
	if (at < 0) throw new Error(`${file} has no ${comment}`);
	const block = /^([ \t]*)```sh\n([\s\S]*?)^[ \t]*```$/m.exec(markdown.slice(at + comment.length));
	if (!block) throw new Error(`${file} has no sh block after ${comment}`);
	const indent = block[1];
	return block[2]
		.split('\n')
		.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
		.join('\n');
}

/** The shell block that follows `<!-- install:<name> -->` in README.md. */
export function readmeCommand(name: string): string {
	return markedBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), `install:${name}`);
}

/** Runs a README block with bash, stopping at the first failing command, in the given environment (HOME decides what `~` is). */
export async function runReadmeCommand(script: string, env: NodeJS.ProcessEnv, timeoutMs = 5 * 60_000): Promise<RunResult> {
	return await run('bash', ['-e', '-c', script], { cwd: env.HOME, env, timeoutMs, check: true });
}

/** Runs one of README.md's move commands (`<!-- move:<name> -->`), as written, on `workflow` saved as workflow.json; returns workflow-moved.json. */
export function moveWithReadme(name: string, workflow: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'move-'));
	try {
		writeFileSync(join(dir, 'workflow.json'), workflow);
		execFileSync('bash', ['-e', '-c', markedBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), `move:${name}`)], { cwd: dir });
		return readFileSync(join(dir, 'workflow-moved.json'), 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
