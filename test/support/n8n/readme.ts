// The install and move commands users are told to run, read from the page that shows them (README.md or a
// docs/ page), so that the tests run what users run and a change to those pages is a change to what is tested.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { run, type RunResult } from './run';
import { ROOT } from './targets';

/** The pages a user reads: README.md and docs/*.md, as paths from the repository's root. */
export function userPages(): string[] {
	return ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
}

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

/** The one user page that holds `<!-- <marker> -->`: a marker on no page, or on two, is an error. */
export function pageWith(marker: string): string {
	const pages = userPages().filter((page) => readFileSync(join(ROOT, page), 'utf8').includes(`<!-- ${marker} -->`));
	if (pages.length !== 1) throw new Error(`<!-- ${marker} --> is on ${pages.length ? pages.join(' and ') : 'no page'} of README.md and docs/: it must be on one`);
	return pages[0];
}

/** The shell block that follows `<!-- <marker> -->` on the page that shows it, as written. */
export function userCommand(marker: string): string {
	const page = pageWith(marker);
	return markedBlock(readFileSync(join(ROOT, page), 'utf8'), marker, page);
}

/** The shell block that follows `<!-- install:<name> -->` (README.md's install commands, docs/install.md's uninstall). */
export function installCommand(name: string): string {
	return userCommand(`install:${name}`);
}

/** Runs a user's command block with bash, stopping at the first failing command, in the given environment (HOME decides what `~` is). */
export async function runUserCommand(script: string, env: NodeJS.ProcessEnv, timeoutMs = 5 * 60_000): Promise<RunResult> {
	return await run('bash', ['-e', '-c', script], { cwd: env.HOME, env, timeoutMs, check: true });
}

/** Runs one of the move commands (`<!-- move:<name> -->`, docs/install.md), as written, on `workflow` saved as workflow.json; returns workflow-moved.json. */
export function moveWorkflow(name: string, workflow: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'move-'));
	try {
		writeFileSync(join(dir, 'workflow.json'), workflow);
		execFileSync('bash', ['-e', '-c', userCommand(`move:${name}`)], { cwd: dir });
		return readFileSync(join(dir, 'workflow-moved.json'), 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
