// A fresh clone has only what git holds: every relative link of README.md, CONTRIBUTING.md, docs/ (and every
// other tracked markdown file) must lead to a tracked file inside the repository, and every #anchor to a
// heading there (as GitHub renders them). README.md is the way in: it links every docs/ page, and the pages
// written for users name no test files and hold each command the tests run, once.
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

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const docsPages = markdownFiles.filter((file) => /^docs\/[^/]+\.md$/.test(file));
/** The pages written for users; the vendor contracts, the guarantees and the map of docs/ serve maintainers too, and name the code and the tests. */
const userPages = ['README.md', ...docsPages.filter((file) => !['docs/README.md', 'docs/aicc-api.md', 'docs/eiam-api.md', 'docs/gateways.md', 'docs/guarantees.md'].includes(file))];

test('the files this test reads are there: README.md, CONTRIBUTING.md and the docs/ pages', () => {
	expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md', 'docs/install.md', 'docs/errors.md']));
});

test('README links every docs/ page', () => {
	const links = new Set(linksOf(read('README.md')).map((target) => target.split('#')[0]));
	expect(docsPages.filter((page) => !links.has(page))).toEqual([]);
});

test('docs/README.md, the map, links every other docs/ page', () => {
	const links = new Set(linksOf(read('docs/README.md')).map((target) => join('docs', target.split('#')[0])));
	expect(docsPages.filter((page) => page !== 'docs/README.md' && !links.has(page))).toEqual([]);
});

test.each(userPages)('%s names no test file (those are for CONTRIBUTING.md and docs/README.md)', (page) => {
	expect(read(page).match(/\btest\/[\w./-]+/g) ?? []).toEqual([]);
});

test('each command block the tests run is on one user page: the install commands in README, the rest in docs/install.md', () => {
	const markers = userPages.flatMap((page) => [...read(page).matchAll(/<!-- ((?:install|move):[a-z-]+) -->\n\s*```sh\n/g)].map(([, marker]) => `${marker} ${page}`));
	expect(markers.sort()).toEqual(
		[
			'install:by-hand README.md',
			'install:tarball README.md',
			'install:uninstall-leftover docs/install.md',
			'move:to-combined-package docs/install.md',
			'move:to-vendor-packages docs/install.md',
		].sort(),
	);
});

test('README links the vendor contracts and names the full gate for contributors', () => {
	const readme = read('README.md');
	expect(linksOf(readme)).toEqual(expect.arrayContaining(['docs/aicc-api.md', 'docs/eiam-api.md']));
	expect(readme).toContain('`npm run test:all`');
});
