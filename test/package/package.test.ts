// What a user installs: the `npm pack` tarball, checked the way n8n's Community Nodes installer and
// its @n8n/scan-community-package would look at it. Needs `npm run build` first (npm run test:all does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packPackage, scanWithN8nScanner, type PackResult } from '../support/scan';

const ROOT = join(__dirname, '..', '..');
let pack: PackResult;

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist', 'nodes', 'Eiam', 'Eiam.node.js'))) throw new Error('dist/ is missing: run `npm run build` first');
	pack = packPackage();
});
afterAll(() => pack?.cleanup());

test('the tarball holds the built package only: compiled nodes and credentials, codex files, light and dark icons', () => {
	const paths = pack.files.map((file) => file.path).sort();
	expect(paths.filter((path) => !path.startsWith('dist/'))).toEqual(['LICENSE.md', 'README.md', 'package.json']);
	expect(paths).toEqual(
		expect.arrayContaining([
			'dist/nodes/Aicc/Aicc.node.js',
			'dist/nodes/Aicc/Aicc.node.json',
			'dist/nodes/Aicc/aicc.svg',
			'dist/nodes/Aicc/aicc.dark.svg',
			'dist/nodes/Eiam/Eiam.node.js',
			'dist/nodes/Eiam/Eiam.node.json',
			'dist/nodes/Eiam/eiam.svg',
			'dist/nodes/Eiam/eiam.dark.svg',
			'dist/credentials/AiccApi.credentials.js',
			'dist/credentials/EiamApi.credentials.js',
			'dist/credentials/icons/aicc.svg',
			'dist/credentials/icons/eiam.dark.svg',
		]),
	);
	expect(paths.filter((path) => /\.(ts|map)$/.test(path) || path.includes('test'))).toEqual([]);
});

test('package.json: no runtime dependencies, n8n-workflow as a peer, every declared file present', () => {
	const manifest = JSON.parse(readFileSync(join(pack.unpacked, 'package.json'), 'utf8'));
	expect(manifest.dependencies ?? {}).toEqual({});
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.n8n.n8nNodesApiVersion).toBe(1);
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(existsSync(join(pack.unpacked, file))).toBe(true);
	expect(manifest.main).toBeUndefined();
});

test("what n8n's verification reads: MIT licence and its text, the public repository, a named author", () => {
	const manifest = JSON.parse(readFileSync(join(pack.unpacked, 'package.json'), 'utf8'));
	expect(manifest.license).toBe('MIT');
	expect(readFileSync(join(pack.unpacked, 'LICENSE.md'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} \S/);
	const repository = 'https://github.com/n8n-nodes-aicc-eiam/n8n-nodes-aicc-eiam';
	expect(manifest.repository).toEqual({ type: 'git', url: `git+${repository}.git` });
	expect(manifest.homepage).toBe(`${repository}#readme`);
	expect(manifest.bugs).toEqual({ url: `${repository}/issues` });
	// n8n's scanner and lint require an e-mail address too (@n8n/community-nodes/valid-author).
	expect(manifest.author).toEqual({ name: 'n8n-nodes-aicc-eiam maintainers', email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) });
});

test('loads with only n8n-workflow and luxon resolvable, as inside n8n: nodes usable as tools, icons and codex in place', () => {
	const providedByN8n = mkdtempSync(join(tmpdir(), 'n8n-provided-'));
	mkdirSync(join(providedByN8n, 'node_modules'));
	for (const name of ['n8n-workflow', 'luxon']) symlinkSync(join(ROOT, 'node_modules', name), join(providedByN8n, 'node_modules', name));
	try {
		const output = execFileSync(process.execPath, [join(__dirname, 'load-packed.js')], {
			cwd: pack.unpacked,
			env: { PATH: process.env.PATH, NODE_PATH: join(providedByN8n, 'node_modules') },
			encoding: 'utf8',
		});
		const loaded = JSON.parse(output);
		expect(loaded.nodes.map((node: { name: string }) => node.name)).toEqual(['aicc', 'aiccTrigger', 'eiam']);
		for (const node of loaded.nodes) {
			// The action nodes are AI Agent tools; the trigger polls.
			expect({ name: node.name, usableAsTool: node.usableAsTool, polling: node.polling }).toEqual(
				node.name === 'aiccTrigger' ? { name: node.name, usableAsTool: false, polling: true } : { name: node.name, usableAsTool: true, polling: false },
			);
			expect(node.icons).toHaveLength(2);
			for (const icon of node.icons) expect(icon.exists).toBe(true);
			expect(node.codex.node).toBe(`n8n-nodes-aicc-eiam.${node.name}`);
			expect(node.codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		}
		expect(loaded.credentials.map((credential: { name: string }) => credential.name)).toEqual(['aiccApi', 'eiamApi']);
		for (const credential of loaded.credentials) {
			expect(credential.hasTest).toBe(true);
			for (const icon of credential.icons) expect(icon.exists).toBe(true);
		}
	} finally {
		rmSync(providedByN8n, { recursive: true, force: true });
	}
});

// What `npx @n8n/scan-community-package` checks once provenance is verified: its own analyzePackage on the
// source checkout and on the tarball. No finding may remain (the details are the scanner's own report).
test.each(['source', 'tarball'] as const)("n8n's community package scanner passes the %s", (leg) => {
	const dir = leg === 'source' ? ROOT : pack.unpacked;
	expect(scanWithN8nScanner(leg, dir)).toEqual({ passed: true });
});
