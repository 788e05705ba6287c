// A fresh clone has only what git holds: every relative link of the README and docs/ must lead to a
// tracked file inside the repository, and every #anchor to a heading there (as GitHub renders them).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

import { anchorsOf } from '../support/markdown';

const ROOT = join(__dirname, '..', '..');
const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean));
const markdownFiles = [...tracked].filter((file) => file.endsWith('.md') && !file.startsWith('test/'));

/** The targets of inline links `[text](target)` outside code blocks and code spans. */
function linksOf(markdown: string): string[] {
	const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
	return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target);
}

describe.each(markdownFiles)('%s', (file) => {
	const text = readFileSync(join(ROOT, file), 'utf8');

	test('its relative links resolve to tracked files and headings inside the repository', () => {
		const broken: string[] = [];
		for (const target of linksOf(text)) {
			if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
			const [path, anchor] = target.split('#');
			const resolved = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
			if (relative(ROOT, join(ROOT, resolved)).startsWith('..')) {
				broken.push(`${target}: outside the repository`);
				continue;
			}
			const isFolder = [...tracked].some((tracked) => tracked.startsWith(`${resolved}/`));
			if (!tracked.has(resolved) && !isFolder) {
				broken.push(`${target}: ${resolved} is not in git`);
				continue;
			}
			if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(join(ROOT, resolved), 'utf8')).has(anchor)) {
				broken.push(`${target}: no heading #${anchor} in ${resolved}`);
			}
		}
		expect(broken).toEqual([]);
	});

	test('it sends no one to the project folder outside the repository (../shared)', () => {
		expect(text).not.toMatch(/\.\.\/shared/);
	});
});

test('the README links the vendor contracts in docs/', () => {
	const links = linksOf(readFileSync(join(ROOT, 'README.md'), 'utf8'));
	expect(links).toEqual(expect.arrayContaining(['docs/aicc-api.md', 'docs/eiam-api.md']));
});
