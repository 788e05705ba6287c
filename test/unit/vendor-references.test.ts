// A comment that cites a vendor fact sends the reader to a heading of docs/ that holds it: the notes the
// contracts were first written in (the project's AICC, EIAM and GATEWAY notes) are not in the repository, so a
// citation of them, or of one of their numbered sections, leads nowhere from a clone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { anchorsOf } from '../support/markdown';

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['nodes', 'credentials', 'test'];
const SKIPPED = new Set(['node_modules', '.artifacts']);

/** A citation of the notes outside the repository, by file name or by a bare section number. */
const OUTSIDE_NOTE = /\b(?:AICC|EIAM|GATEWAY)\.md\b/gi;
/** A section sign not after an RFC number ("RFC 9110 §10.2.3" is a public standard, not our notes). */
const BARE_SECTION = /(?<!RFC \d+ )§\s*\d/g;
/** `docs/<page>.md#<anchor>`: the one form a vendor-fact reference takes. */
const DOCS_REFERENCE = /\bdocs\/([\w-]+\.md)#([\p{L}\p{N}_-]+)/gu;
/** Any pointer into the repository's pages, with or without an anchor: README.md, CONTRIBUTING.md or a docs/ page. */
const PAGE_REFERENCE = /(?<![\w/.-])(?:docs\/[\w-]+\.md|README\.md|CONTRIBUTING\.md)(?:#[\p{L}\p{N}_-]+)?/gu;

interface Found {
	where: string;
	text: string;
}

function sourceFiles(folder: string): string[] {
	return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
		if (SKIPPED.has(entry.name)) return [];
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(?:[cm]?[jt]s)$/.test(entry.name) ? [path] : [];
	});
}

function matchesIn(file: string, text: string, pattern: RegExp): Found[] {
	return text.split('\n').flatMap((line, index) => [...line.matchAll(pattern)].map((match) => ({ where: `${file}:${index + 1}`, text: match[0] })));
}

/** The references whose page is not in docs/ or has no heading of that anchor. */
function unresolved(references: Found[], anchorsOfPage: (page: string) => Set<string> | undefined): Found[] {
	return references.filter(({ text }) => {
		const [, page, anchor] = /^docs\/(.+?)#(.+)$/.exec(text) as RegExpExecArray;
		return !anchorsOfPage(page)?.has(anchor);
	});
}

const pages = new Map(
	readdirSync(join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => [name, anchorsOf(readFileSync(join(ROOT, 'docs', name), 'utf8'))]),
);
const topPages = new Map(['README.md', 'CONTRIBUTING.md'].map((name) => [name, anchorsOf(readFileSync(join(ROOT, name), 'utf8'))]));

/** The page pointers that name a page the repository lacks, or an anchor its page has no heading for. */
function danglingPointers(found: Found[]): Found[] {
	return found.filter(({ text }) => {
		const [page, anchor] = text.split('#');
		const anchors = page.startsWith('docs/') ? pages.get(page.slice('docs/'.length)) : topPages.get(page);
		return !anchors || (anchor !== undefined && !anchors.has(anchor));
	});
}
// This file is left out: its own sample holds the citations it looks for.
const files = SCANNED.flatMap(sourceFiles).filter((file) => file !== relative(ROOT, __filename));
const texts = new Map(files.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));
const references = [...texts].flatMap(([file, text]) => matchesIn(file, text, DOCS_REFERENCE));

test('no comment cites the vendor notes outside the repository, by name or by section number', () => {
	const outside = [...texts].flatMap(([file, text]) => [...matchesIn(file, text, OUTSIDE_NOTE), ...matchesIn(file, text, BARE_SECTION)]);
	expect(outside).toEqual([]);
});

test('every docs/<page>.md#<anchor> reference names a heading of that page, as GitHub anchors it', () => {
	expect(unresolved(references, (page) => pages.get(page))).toEqual([]);
});

test('every pointer at README.md, CONTRIBUTING.md or a docs/ page names a page that exists, and a heading of it when it has an anchor', () => {
	const pointers = [...texts].flatMap(([file, text]) => matchesIn(file, text, PAGE_REFERENCE));
	expect(danglingPointers(pointers)).toEqual([]);
});

test('the references cover the three vendor pages', () => {
	const cited = [...new Set(references.map(({ text }) => text.split('#')[0]))];
	expect(cited).toEqual(expect.arrayContaining(['docs/aicc-api.md', 'docs/eiam-api.md', 'docs/gateways.md']));
});

test('the check itself finds a stale citation, an unknown page and an unknown anchor', () => {
	const sample = [
		'// POST task (AICC.md §3), see also (§4)',
		'// docs/eiam-api.md#error-codes, docs/eiam-api.md#no-such-heading, docs/nowhere.md#conventions',
		'// RFC 9110 §10.2.3 is not ours',
	].join('\n');
	expect(matchesIn('x.ts', sample, OUTSIDE_NOTE).map(({ text }) => text)).toEqual(['AICC.md']);
	expect(matchesIn('x.ts', sample, BARE_SECTION).map(({ text }) => text)).toEqual(['§3', '§4']);
	const broken = unresolved(matchesIn('x.ts', sample, DOCS_REFERENCE), (page) => pages.get(page));
	expect(broken.map(({ text }) => text)).toEqual(['docs/eiam-api.md#no-such-heading', 'docs/nowhere.md#conventions']);
	const pointers = matchesIn('x.ts', '// see docs/limits.md, docs/gone.md, README.md#operations, README.md#no-such-section, CONTRIBUTING.md#test-suites', PAGE_REFERENCE);
	expect(danglingPointers(pointers).map(({ text }) => text)).toEqual(['docs/gone.md', 'README.md#no-such-section']);
});
