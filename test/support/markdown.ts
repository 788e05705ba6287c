// What GitHub makes of a Markdown page's headings, for the tests that check links into docs/: the README's
// and docs' own links, and the vendor-fact references in the code's comments.

/** GitHub's heading anchors: lower case, punctuation dropped, each space a dash, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
	for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
		const slug = heading
			.replace(/[`*_]/g, (mark) => (mark === '_' ? '_' : ''))
			.toLowerCase()
			.replace(/[^\p{L}\p{N} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count ? `${slug}-${count}` : slug);
	}
	return anchors;
}
