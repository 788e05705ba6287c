// `npm run pack:vendors`: writes n8n-nodes-huawei-aicc-<version>.tgz and n8n-nodes-bccastle-eiam-<version>.tgz
// into the repository's root, as npm pack writes the combined package's (build first; the script does).
// `npm run docs:vendors`: writes each vendor package's README (vendors/<name>/README.md) from README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { packVendor } from './pack';
import { readmePath, ROOT, VENDOR_PACKAGES } from './packages';
import { vendorReadme } from './readme';

function pack(): void {
	for (const pkg of VENDOR_PACKAGES) {
		const packed = packVendor(pkg);
		console.log(`${relative(ROOT, packed.tarball)}: ${packed.files.length} files, ${packed.size} bytes (${packed.unpackedSize} unpacked)`);
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

const commands: Record<string, () => void> = { pack, readme: readmes };
const command = commands[process.argv[2]];
if (!command) {
	console.error('usage: cli.ts pack|readme');
	process.exit(2);
}
command();
