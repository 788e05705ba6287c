// `npm run pack:vendors`: writes n8n-nodes-huawei-aicc-<version>.tgz and n8n-nodes-bccastle-eiam-<version>.tgz
// into the repository's root, as npm pack writes the combined package's (build first; the script does).
// `npm run docs:vendors`: writes each vendor package's README (vendors/<name>/README.md) from README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { packVendor } from './pack';
import { readmePath, ROOT, VENDOR_PACKAGES } from './packages';
import { vendorReadme } from './readme';

/** Into the repository's root, or the folder given after `pack` (the tests give a temporary one). */
function pack(destination = ROOT): void {
	for (const pkg of VENDOR_PACKAGES) {
		const packed = packVendor(pkg, destination);
		console.log(`${relative(ROOT, packed.tarball) || packed.tarball}: ${packed.files.length} files, ${packed.size} bytes (${packed.unpackedSize} unpacked)`);
		for (const file of packed.files) console.log(`  ${file.size.toString().padStart(7)}  ${file.path}`);
	}
}

function readmes(): void {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	for (const pkg of VENDOR_PACKAGES) {
		const file = join(ROOT, readmePath(pkg));
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, vendorReadme(readme, pkg));
		console.log(`wrote ${readmePath(pkg)}`);
	}
}

const commands: Record<string, (argument?: string) => void> = { pack, readme: readmes };
const [name, argument] = process.argv.slice(2);
const command = commands[name];
if (!command) {
	console.error('usage: cli.ts pack [folder] | readme');
	process.exit(2);
}
command(argument);
