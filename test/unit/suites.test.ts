// Every suite the gate runs is a folder of tests: a suite whose files moved away would pass, empty, in silence
// (jest fails only a run that finds no test at all).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SUITES } = require('../jest-suites') as { SUITES: string[] };

const ROOT = join(__dirname, '..', '..');

function testFilesUnder(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return testFilesUnder(path);
		return entry.name.endsWith('.test.ts') ? [path] : [];
	});
}

test.each(SUITES)('the %s suite holds test files', (name) => {
	expect(testFilesUnder(join(ROOT, 'test', name)).length).toBeGreaterThan(0);
});

test('the suites are the folders of test/ that hold *.test.ts files', () => {
	const folders = readdirSync(join(ROOT, 'test'), { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && testFilesUnder(join(ROOT, 'test', entry.name)).length > 0)
		.map((entry) => entry.name);
	expect([...folders].sort()).toEqual([...SUITES].sort());
});
