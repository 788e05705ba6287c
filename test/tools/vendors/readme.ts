// A vendor package's README, made from README.md's own sections, picked by their headings: what README.md
// says of this vendor and of both, with the package's own name in its install commands. Nothing here
// repeats README.md's text, so an edit there reaches every vendor README (npm run docs:vendors writes
// them; test/package/vendors.test.ts fails while one is stale).
import { COMBINED, NAMES_KEPT_IN, REPOSITORY, type VendorPackage } from './packages';

export interface Section {
	/** The heading line as written, `### Huawei AICC Trigger`. */
	heading: string;
	level: number;
	/** The lines below the heading, up to the next heading of any level. */
	body: string[];
}

/** README.md cut at its headings (a `#` inside a fenced code block is no heading). */
export function parseSections(markdown: string): { preamble: string[]; sections: Section[] } {
	const preamble: string[] = [];
	const sections: Section[] = [];
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^(#{1,6}) /.exec(line);
		if (heading && heading[1].length > 1) sections.push({ heading: line, level: heading[1].length, body: [] });
		else (sections.at(-1)?.body ?? preamble).push(line);
	}
	return { preamble, sections };
}

/**
 * The blocks a vendor filter keeps or drops whole: a fenced code block, a table row, a list item with its
 * indented continuation (code inside it too), a paragraph; blank lines between them are blocks of their own.
 */
export function blocksOf(lines: string[]): string[][] {
	const blocks: string[][] = [];
	let i = 0;
	const isFence = (line: string) => /^```/.test(line);
	const isItem = (line: string) => /^(- |\d+\. )/.test(line);
	while (i < lines.length) {
		const line = lines[i];
		const block = [line];
		i++;
		if (line.trim() === '' || line.startsWith('|')) {
			// one line
		} else if (isFence(line)) {
			while (i < lines.length && !isFence(lines[i])) block.push(lines[i++]);
			if (i < lines.length) block.push(lines[i++]);
		} else if (isItem(line)) {
			// Continuation: indented lines, and blank lines that more indented lines follow.
			for (;;) {
				let next = i;
				while (next < lines.length && lines[next].trim() === '') next++;
				if (next < lines.length && /^\s+\S/.test(lines[next]) && (next === i || !isItem(lines[next]))) {
					block.push(...lines.slice(i, next + 1));
					i = next + 1;
				} else break;
			}
		} else {
			while (i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('|') && !isFence(lines[i]) && !isItem(lines[i])) block.push(lines[i++]);
		}
		blocks.push(block);
	}
	return blocks;
}

/** GitHub's heading anchor: lower case, punctuation but `-` and `_` dropped, each space a `-`. */
export function anchorOf(heading: string): string {
	return heading
		.replace(/^#+ /, '')
		.replace(/[`*]/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

/** The combined package's name in commands and text becomes this package's; the cache folder and the repository's URL keep it. */
function renamed(text: string, pkg: VendorPackage): string {
	const name = COMBINED.name;
	return text
		.replace(new RegExp(`^npm pack( +)# writes ${name}-`, 'gm'), (_all, spaces: string) => `npm run pack:vendors${spaces.slice(12) || ' '}# writes ${pkg.name}-`)
		.replace(new RegExp(`(?<!\\.cache/|github\\.com/|${name}/)${name}(?!/)`, 'g'), pkg.name);
}

const isOnlyAbout = (text: string, names: RegExp, otherNames: RegExp) => otherNames.test(text) && !names.test(text);

/** Relative links and pictures become links into the repository; #anchors this README lacks lead to README.md's. */
function absoluteLinks(markdown: string, anchors: Set<string>): string {
	const [owner, repo] = REPOSITORY.replace('https://github.com/', '').split('/');
	return markdown.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (link, bang: string, text: string, target: string) => {
		if (/^[a-z]+:/i.test(target)) return link;
		if (target.startsWith('#')) return anchors.has(target.slice(1)) ? link : `[${text}](${REPOSITORY}${target})`;
		if (bang) return `![${text}](https://raw.githubusercontent.com/${owner}/${repo}/main/${target})`;
		return `[${text}](${REPOSITORY}/blob/main/${target})`;
	});
}

export function vendorReadme(readme: string, pkg: VendorPackage): string {
	const { preamble, sections } = parseSections(readme);
	const headings = new Set(sections.map((section) => section.heading));
	for (const heading of [...pkg.leaveOut, ...NAMES_KEPT_IN]) {
		if (!headings.has(heading)) throw new Error(`README.md has no heading "${heading}" (test/tools/vendors/packages.ts names it)`);
	}
	const keep = (lines: string[]) =>
		blocksOf(lines)
			.filter((block) => !isOnlyAbout(block.join('\n'), pkg.names, pkg.otherNames))
			.flat();

	// The preamble: this package's lead instead of README.md's first paragraph, then what names this vendor or none; no picture of both.
	const [, ...afterLead] = blocksOf(preamble.slice(1)).filter((block) => block.join('').trim() !== '');
	const intro = afterLead.filter((block) => !block[0].startsWith('![') && !isOnlyAbout(block.join('\n'), pkg.names, pkg.otherNames));
	const out: string[] = [`# ${pkg.name}`, '', pkg.lead, '', ...intro.flatMap((block) => [...block, '']).map((line) => renamed(line, pkg))];

	let leftOutBelow = 0; // the level of a left-out section whose subsections go with it; 0 for none
	let keptNamesBelow = 0;
	for (const section of sections) {
		if (leftOutBelow && section.level > leftOutBelow) continue;
		leftOutBelow = pkg.leaveOut.includes(section.heading) ? section.level : 0;
		if (leftOutBelow) continue;
		if (keptNamesBelow && section.level <= keptNamesBelow) keptNamesBelow = 0;
		if (NAMES_KEPT_IN.includes(section.heading)) keptNamesBelow = section.level;
		const body = keep(section.body).join('\n');
		out.push(section.heading, keptNamesBelow ? body : renamed(body, pkg));
	}
	const markdown = out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
	const anchors = new Set(parseSections(markdown).sections.map((section) => anchorOf(section.heading)));
	return absoluteLinks(markdown, anchors);
}
