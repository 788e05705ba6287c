// Every picture README.md and the docs/ pages show is in the repository, and docs/images holds no picture
// none of them shows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { README_IMAGES } from '../tools/docs-images';

const ROOT = join(__dirname, '..', '..');
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
/** Each picture shown, as a path from the repository's root, with the page that shows it. */
const shown = pages.flatMap((page) =>
	[...readFileSync(join(ROOT, page), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => ({ page, path: normalize(join(dirname(page), match[1])) })),
);

test('README shows pictures, and every picture a page shows exists', () => {
	expect(shown.filter(({ page }) => page === 'README.md').length).toBeGreaterThan(0);
	for (const { page, path } of shown) expect({ page, path, exists: existsSync(join(ROOT, path)) }).toEqual({ page, path, exists: true });
});

test('docs/images holds exactly the pictures npm run docs:images makes, and README or a docs/ page shows each of them', () => {
	const files = readdirSync(join(ROOT, 'docs', 'images')).sort();
	expect(files).toEqual(README_IMAGES.map((name) => `${name}.png`).sort());
	for (const file of files) expect(shown.map(({ path }) => path)).toContain(`docs/images/${file}`);
});
