// The single-vendor packages `npm run pack:vendors` writes (test/tools/vendors): each holds its vendor's
// nodes, credential and the shared code they load and nothing of the other vendor, loads as inside n8n,
// passes n8n's scanner, and links its own README, which says what README.md says, section by section.
// Needs `npm run build` first (npm run test:all does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { moveWorkflow } from '../support/n8n/readme';
import { packVendor, vendorFiles, type PackedVendor } from '../tools/vendors/pack';
import { COMBINED, readmePath, readmeUrl, REPOSITORY, ROOT, VENDOR_PACKAGES, type VendorPackage } from '../tools/vendors/packages';
import { anchorOf, blocksOf, parseSections, vendorReadme } from '../tools/vendors/readme';
import { scanWithN8nScanner } from '../support/scan';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'vendor-packs-'));
const packed = new Map<string, { pack: PackedVendor; unpacked: string }>();

beforeAll(() => {
	if (!existsSync(join(ROOT, 'dist', 'nodes', 'Eiam', 'Eiam.node.js'))) throw new Error('dist/ is missing: run `npm run build` first');
	for (const pkg of VENDOR_PACKAGES) {
		const destination = join(work, pkg.name);
		const pack = packVendor(pkg, destination);
		execFileSync('tar', ['-xzf', pack.tarball, '-C', destination]);
		packed.set(pkg.name, { pack, unpacked: join(destination, 'package') });
	}
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const unpacked = (pkg: VendorPackage) => packed.get(pkg.name)!.unpacked;
const manifestOf = (pkg: VendorPackage) => JSON.parse(readFileSync(join(unpacked(pkg), 'package.json'), 'utf8'));

/** What n8n reads from the unpacked package, with only n8n-workflow and luxon resolvable (load-packed.js). */
function loadAsN8n(dir: string) {
	const provided = mkdtempSync(join(tmpdir(), 'n8n-provided-'));
	mkdirSync(join(provided, 'node_modules'));
	for (const name of ['n8n-workflow', 'luxon']) symlinkSync(join(ROOT, 'node_modules', name), join(provided, 'node_modules', name));
	try {
		const output = execFileSync(process.execPath, [join(__dirname, 'load-packed.js')], { cwd: dir, env: { PATH: process.env.PATH, NODE_PATH: join(provided, 'node_modules') }, encoding: 'utf8' });
		return JSON.parse(output) as {
			nodes: Array<{ name: string; icons: Array<{ exists: boolean }>; codex: { node: string; resources: Record<string, Array<{ url: string }>> }; credentials: string[] }>;
			credentials: Array<{ name: string; hasTest: boolean; icons: Array<{ exists: boolean }> }>;
		};
	} finally {
		rmSync(provided, { recursive: true, force: true });
	}
}

/** The node types a package gives n8n: its name, a dot, each node's name (n8n's PackageDirectoryLoader). */
const nodeTypesOf = (pkg: VendorPackage) => loadAsN8n(unpacked(pkg)).nodes.map((node) => `${pkg.name}.${node.name}`);
let vendorTypes: string[] = [];
beforeAll(() => {
	vendorTypes = VENDOR_PACKAGES.flatMap(nodeTypesOf);
});

describe.each(VENDOR_PACKAGES)('$name', (pkg) => {
	const other = VENDOR_PACKAGES.find((candidate) => candidate !== pkg)!;

	test('npm pack holds its vendor\'s nodes, credential, codex files and icons, the shared code they load, and nothing of the other vendor', () => {
		const { pack } = packed.get(pkg.name)!;
		expect(pack.tarball).toBe(join(work, pkg.name, `${pkg.name}-${COMBINED.version}.tgz`));
		const paths = pack.files.map((file) => file.path).sort();
		expect(paths).toEqual(['LICENSE.md', 'README.md', ...vendorFiles(pkg), 'package.json'].sort());
		expect(paths).toEqual(expect.arrayContaining([...pkg.nodes, ...pkg.credentials, ...pkg.nodes.map((file) => file.replace(/\.js$/, '.json'))]));
		const otherFolders = other.nodes.map((file) => file.split('/').slice(0, 3).join('/'));
		expect(paths.filter((path) => otherFolders.some((folder) => path.startsWith(`${folder}/`)) || other.credentials.includes(path))).toEqual([]);
		expect(paths.filter((path) => /\.(ts|map)$/.test(path) || path.includes('test') || path.startsWith('dist/docs'))).toEqual([]);
	});

	test("package.json: its name, n8n's lists of its nodes and credential, strict, no runtime dependency, the combined package's licence, repository and author", () => {
		const manifest = manifestOf(pkg);
		expect(manifest).toMatchObject({ name: pkg.name, version: COMBINED.version, license: 'MIT', repository: COMBINED.repository, author: COMBINED.author, bugs: COMBINED.bugs, engines: COMBINED.engines });
		expect(manifest.homepage).toBe(`${REPOSITORY}/tree/main/vendors/${pkg.name}#readme`);
		expect(manifest.keywords.slice(0, 2)).toEqual(['n8n-community-node-package', 'n8n']);
		expect(manifest.n8n).toEqual({ n8nNodesApiVersion: 1, strict: true, nodes: pkg.nodes, credentials: pkg.credentials });
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.scripts).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
		expect(readFileSync(join(unpacked(pkg), 'LICENSE.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE.md'), 'utf8'));
	});

	test('loads with only n8n-workflow and luxon resolvable: its nodes under its own name, icons in place, the credential with its Test', () => {
		const loaded = loadAsN8n(unpacked(pkg));
		const names = pkg.nodes.map((file) => file.split('/').at(-1)!.replace('.node.js', '')).map((name) => name[0].toLowerCase() + name.slice(1));
		expect(loaded.nodes.map((node) => node.name)).toEqual(names);
		for (const node of loaded.nodes) {
			expect(node.codex.node).toBe(`${pkg.name}.${node.name}`);
			for (const icon of node.icons) expect(icon.exists).toBe(true);
		}
		expect(loaded.credentials.map((credential) => credential.name)).toEqual(pkg.credentials.map((file) => file.split('/').at(-1)!.replace('.credentials.js', '')).map((name) => name[0].toLowerCase() + name.slice(1)));
		for (const credential of loaded.credentials) {
			expect(credential.hasTest).toBe(true);
			for (const icon of credential.icons) expect(icon.exists).toBe(true);
		}
	});

	test("n8n's community package scanner passes the tarball", () => {
		expect(scanWithN8nScanner('tarball', unpacked(pkg))).toEqual({ passed: true });
	});

	test('the README it ships is the one in the repository, and that one is what README.md makes today (npm run docs:vendors)', () => {
		const made = vendorReadme(README, pkg);
		expect(readFileSync(join(unpacked(pkg), 'README.md'), 'utf8')).toBe(made);
		if (readFileSync(join(ROOT, readmePath(pkg)), 'utf8') !== made) {
			throw new Error(`${readmePath(pkg)} is not what README.md makes of it now: run \`npm run docs:vendors\` and commit the result`);
		}
	});

	test("its README's sections are README.md's, block for block, with its own name in the commands; none is the other vendor's alone", () => {
		const vendor = parseSections(readFileSync(join(ROOT, readmePath(pkg)), 'utf8')).sections;
		const combined = new Map(parseSections(README).sections.map((section) => [section.heading, section]));
		// Back to README.md's wording: links relative again, the package's own name and pack command the combined ones.
		const [owner, repo] = REPOSITORY.replace('https://github.com/', '').split('/');
		const asInReadme = (text: string) =>
			text
				.split(`https://raw.githubusercontent.com/${owner}/${repo}/main/`).join('')
				.split(`${REPOSITORY}/blob/main/`).join('')
				.split(`${REPOSITORY}#`).join('#')
				.replace(/npm run pack:vendors # writes/g, 'npm pack # writes')
				.replace(new RegExp(`${pkg.name}(?=[-.\`\\s'])`, 'g'), COMBINED.name)
				.replace(/ +/g, ' ');
		const kept = (lines: string[]) => blocksOf(lines).map((block) => block.join('\n')).filter((block) => block.trim() !== '');
		expect(vendor.length).toBeGreaterThan(10);
		for (const section of vendor) {
			const source = combined.get(section.heading);
			expect({ heading: section.heading, inReadme: source !== undefined }).toEqual({ heading: section.heading, inReadme: true });
			const ours = kept(source!.body).map(asInReadme);
			let at = 0;
			for (const block of kept(section.body)) {
				const found = ours.indexOf(asInReadme(block), at);
				expect({ heading: section.heading, block, found: found >= 0 }).toEqual({ heading: section.heading, block, found: true });
				at = found + 1;
				if (other.names.test(block)) expect({ block, namesThisVendor: pkg.names.test(block) }).toEqual({ block, namesThisVendor: true });
			}
		}
		for (const heading of pkg.leaveOut) expect(vendor.map((section) => section.heading)).not.toContain(heading);
	});

	test("the documentation links n8n shows lead to this package's README sections, which link the vendor's pages", () => {
		const readme = readFileSync(join(ROOT, readmePath(pkg)), 'utf8');
		const sections = parseSections(readme).sections;
		const loaded = loadAsN8n(unpacked(pkg));
		const urls = [
			...loaded.nodes.flatMap((node) => Object.values(node.codex.resources).flat().map((resource) => resource.url)),
			...pkg.credentials.map((file) => /documentationUrl = '([^']+)'/.exec(readFileSync(join(unpacked(pkg), file), 'utf8'))?.[1] ?? `no documentationUrl in ${file}`),
		];
		const ours = urls.filter((url) => url.startsWith(REPOSITORY));
		expect(ours.length).toBeGreaterThanOrEqual(2);
		for (const url of ours) {
			expect(url.startsWith(`${readmeUrl(pkg)}#`)).toBe(true);
			const anchor = url.slice(readmeUrl(pkg).length + 1);
			const start = sections.findIndex((section) => anchorOf(section.heading) === anchor);
			expect({ url, section: start >= 0 }).toEqual({ url, section: true });
			const section = sections.slice(start, start + 1 + sections.slice(start + 1).findIndex((next) => next.level <= sections[start].level)).flatMap((part) => part.body).join('\n');
			expect(section).toMatch(/\]\(https:\/\/(support\.huaweicloud\.com|open\.bccastle\.com)\/[^)\s]+\)/);
		}
		// No file sends a user to the combined package's README.
		for (const file of packed.get(pkg.name)!.pack.files) expect({ file: file.path, combinedReadme: readFileSync(join(unpacked(pkg), file.path), 'utf8').includes(`${REPOSITORY}#`) }).toEqual({ file: file.path, combinedReadme: false });
	});

	test("its README's links into the repository name tracked files and headings that exist", () => {
		const readme = readFileSync(join(ROOT, readmePath(pkg)), 'utf8');
		const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'));
		const [owner, repo] = REPOSITORY.replace('https://github.com/', '').split('/');
		const anchorsIn = (markdown: string) => new Set(parseSections(markdown).sections.map((section) => anchorOf(section.heading)));
		const broken: string[] = [];
		for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
			const [path, anchor] = target.split('#');
			let file: string | undefined;
			if (target.startsWith('#')) file = readmePath(pkg);
			else if (path === REPOSITORY) file = 'README.md';
			else if (path.startsWith(`${REPOSITORY}/blob/main/`)) file = path.slice(`${REPOSITORY}/blob/main/`.length);
			else if (path.startsWith(`https://raw.githubusercontent.com/${owner}/${repo}/main/`)) file = path.slice(`https://raw.githubusercontent.com/${owner}/${repo}/main/`.length);
			else if (!/^https?:/.test(target)) broken.push(`${target}: relative, which npm's page cannot follow`);
			if (!file) continue;
			if (!tracked.has(file)) broken.push(`${target}: ${file} is not in git`);
			else if (anchor && file.endsWith('.md') && !anchorsIn(readFileSync(join(ROOT, file), 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${file}`);
		}
		expect(broken).toEqual([]);
	});
});

test('the pack:vendors command (after its build) writes both tarballs, <name>-<version>.tgz, and lists what each holds', () => {
	expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['pack:vendors']).toBe('npm run build && node -r ./test/tools/ts-node.js test/tools/vendors/cli.ts pack');
	const destination = join(work, 'cli');
	const printed = execFileSync(process.execPath, ['-r', './test/tools/ts-node.js', 'test/tools/vendors/cli.ts', 'pack', destination], { cwd: ROOT, encoding: 'utf8' });
	expect(readdirSync(destination).sort()).toEqual(VENDOR_PACKAGES.map((pkg) => `${pkg.name}-${COMBINED.version}.tgz`).sort());
	for (const pkg of VENDOR_PACKAGES) {
		expect(printed).toMatch(new RegExp(`${pkg.name}-${COMBINED.version.replace(/\./g, '\\.')}\\.tgz: \\d+ files, \\d+ bytes`));
		for (const file of pkg.nodes) expect(printed).toContain(`  ${file}\n`);
	}
});

describe("docs/install.md's Moving a workflow to another package", () => {
	const examples = join(ROOT, 'examples');
	const exampleFiles = ['aicc-task-create.json', 'eiam-todo-create-update-get.json', 'aicc-overdue-to-eiam.json', 'aicc-trigger-to-eiam.json', 'webhook-eiam-upsert.json', 'aicc-task-approval.json'];

	test('every example is in the list here', () => {
		expect(exampleFiles.slice().sort()).toEqual(readdirSync(examples).filter((file) => file.endsWith('.json')).sort());
	});

	test.each(exampleFiles)('%s: moved to the single-vendor packages, every node type is one they give n8n, nothing else changed; moved back, it is the same file', (file) => {
		const original = readFileSync(join(examples, file), 'utf8');
		const moved = moveWorkflow('to-vendor-packages', original);
		const types = (json: string) => (JSON.parse(json) as { nodes: Array<{ type: string }> }).nodes.map((node) => node.type);
		const ours = types(original).filter((type) => type.startsWith(`${COMBINED.name}.`));
		expect(ours.length).toBeGreaterThan(0);
		for (const type of types(moved).filter((type) => !type.startsWith('n8n-nodes-base.') && !type.startsWith('@n8n/'))) expect(vendorTypes).toContain(type);
		expect(moved).not.toContain(`"${COMBINED.name}.`);
		// Only the types differ: the same nodes, parameters, credentials and connections.
		const withoutTypes = (json: string) => ({ ...JSON.parse(json), nodes: JSON.parse(json).nodes.map(({ type: _type, ...node }: { type: string }) => node) });
		expect(withoutTypes(moved)).toEqual(withoutTypes(original));
		expect(moveWorkflow('to-combined-package', moved)).toBe(original);
	});
});
