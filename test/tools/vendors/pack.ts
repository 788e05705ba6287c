// Builds a vendor package from dist/ (npm run build first) the way npm pack builds the combined one: a
// staging folder with its own package.json, README, LICENSE and only the compiled files its nodes and
// credential load, then `npm pack` there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, posix } from 'node:path';

import { COMBINED, readmeUrl, REPOSITORY, ROOT, type VendorPackage } from './packages';
import { vendorReadme } from './readme';

export interface PackedVendor {
	/** The .tgz's full path. */
	tarball: string;
	files: Array<{ path: string; size: number }>;
	size: number;
	unpackedSize: number;
}

/** The dist/ files a compiled file loads, itself included, following its relative require() calls. */
export function filesLoadedBy(entries: string[]): string[] {
	const found = new Set<string>();
	const pending = [...entries];
	while (pending.length > 0) {
		const file = pending.pop() as string;
		if (found.has(file)) continue;
		if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
		found.add(file);
		const source = readFileSync(join(ROOT, file), 'utf8');
		for (const [, target] of source.matchAll(/require\("(\.[^"]+)"\)/g)) {
			const path = posix.normalize(posix.join(posix.dirname(file), target));
			// Node.js's order: the file, then the folder's index.js.
			pending.push(existsSync(join(ROOT, `${path}.js`)) ? `${path}.js` : `${path}/index.js`);
		}
	}
	return [...found].sort();
}

/** The icons a node or credential names (`file:aicc.svg`), beside its file. */
function iconsOf(file: string): string[] {
	const source = readFileSync(join(ROOT, file), 'utf8');
	return [...source.matchAll(/["']file:([^"']+)["']/g)].map(([, icon]) => posix.normalize(posix.join(posix.dirname(file), icon)));
}

/** Every file the package holds besides package.json, README.md and LICENSE.md: code, codex files, icons. */
export function vendorFiles(pkg: VendorPackage): string[] {
	const code = filesLoadedBy([...pkg.nodes, ...pkg.credentials]);
	const codex = pkg.nodes.map((file) => file.replace(/\.js$/, '.json'));
	const icons = [...pkg.nodes, ...pkg.credentials].flatMap(iconsOf);
	return [...new Set([...code, ...codex, ...icons])].sort();
}

/**
 * The documentation links n8n shows (codex files, a credential's documentationUrl) name the combined
 * README's sections; here they name the same sections of this package's README. The node type in a
 * codex file carries the package's name.
 */
function rewritten(file: string, content: Buffer, pkg: VendorPackage): Buffer {
	const isCodex = file.endsWith('.node.json');
	if (!isCodex && !file.endsWith('.credentials.js')) return content;
	const readmeLink = `${REPOSITORY}#`;
	let text = content.toString('utf8');
	const links = text.split(readmeLink).length - 1;
	text = text.split(readmeLink).join(`${readmeUrl(pkg)}#`);
	if (isCodex) {
		const codex = JSON.parse(text) as { node: string };
		if (!codex.node.startsWith(`${COMBINED.name}.`)) throw new Error(`${file}: node ${codex.node} is not of ${COMBINED.name}`);
		codex.node = `${pkg.name}.${codex.node.slice(COMBINED.name.length + 1)}`;
		text = `${JSON.stringify(codex, null, '\t')}\n`;
	} else if (links === 0) {
		throw new Error(`${file}: no documentationUrl into ${REPOSITORY}'s README to point at ${pkg.name}'s README`);
	}
	return Buffer.from(text, 'utf8');
}

export function vendorManifest(pkg: VendorPackage): Record<string, unknown> {
	const { license, bugs, repository, author, engines, files, n8n, peerDependencies } = COMBINED as Record<string, unknown> & typeof COMBINED;
	return {
		name: pkg.name,
		version: COMBINED.version,
		description: pkg.description,
		// n8n-community-node-package (how n8n finds community nodes) and n8n, then the vendor's own.
		keywords: [...COMBINED.keywords.slice(0, 2), ...pkg.keywords],
		license,
		homepage: `${REPOSITORY}/tree/main/vendors/${pkg.name}#readme`,
		bugs,
		repository,
		author,
		engines,
		files,
		n8n: { ...n8n, credentials: pkg.credentials, nodes: pkg.nodes },
		peerDependencies,
	};
}

/** Stages the package in a temporary folder, packs it into `destination` and returns what npm pack reports. */
export function packVendor(pkg: VendorPackage, destination = ROOT): PackedVendor {
	const stage = mkdtempSync(join(tmpdir(), `${pkg.name}-`));
	try {
		for (const file of vendorFiles(pkg)) {
			mkdirSync(join(stage, dirname(file)), { recursive: true });
			writeFileSync(join(stage, file), rewritten(file, readFileSync(join(ROOT, file)), pkg));
		}
		writeFileSync(join(stage, 'package.json'), `${JSON.stringify(vendorManifest(pkg), null, 2)}\n`);
		writeFileSync(join(stage, 'README.md'), vendorReadme(readFileSync(join(ROOT, 'README.md'), 'utf8'), pkg));
		copyFileSync(join(ROOT, 'LICENSE.md'), join(stage, 'LICENSE.md'));
		mkdirSync(destination, { recursive: true });
		const output = execFileSync('npm', ['pack', '--json', '--pack-destination', normalize(destination), '--loglevel=error'], { cwd: stage, encoding: 'utf8' });
		const [packed] = JSON.parse(output) as Array<{ filename: string; files: PackedVendor['files']; size: number; unpackedSize: number }>;
		return { tarball: join(destination, packed.filename), files: packed.files, size: packed.size, unpackedSize: packed.unpackedSize };
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}
