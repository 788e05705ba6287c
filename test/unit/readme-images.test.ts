// Every picture README.md shows is in the repository, and docs/images holds no picture it does not show.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { README_IMAGES } from '../tools/docs-images';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const shown = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);

test('README shows pictures, and every one it names exists', () => {
	expect(shown.length).toBeGreaterThan(0);
	for (const path of shown) expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
});

test('docs/images holds exactly the pictures npm run docs:images makes, and README shows each of them', () => {
	const files = readdirSync(join(ROOT, 'docs', 'images')).sort();
	expect(files).toEqual(README_IMAGES.map((name) => `${name}.png`).sort());
	for (const file of files) expect(shown).toContain(`docs/images/${file}`);
});
