// The documentation links n8n shows (a credential's "Open docs" link, a node's documentation link from its
// codex file) lead to this package's README section for that credential or node, on the repository, and
// that section links the vendor's own page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AiccApi } from '../../credentials/AiccApi.credentials';
import { EiamApi } from '../../credentials/EiamApi.credentials';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const REPOSITORY = (manifest.repository.url as string).replace(/^git\+/, '').replace(/\.git$/, '');

/** GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, each space a `-`. */
const anchorOf = (heading: string) =>
	heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

/** The README section an anchor names: its heading down to the next heading of the same or a higher level. */
function readmeSection(anchor: string): string {
	const lines = readme.split('\n');
	const start = lines.findIndex((line) => /^#{1,6} /.test(line) && anchorOf(line.replace(/^#+ /, '')) === anchor);
	if (start === -1) throw new Error(`README.md has no heading with the anchor #${anchor}`);
	const level = lines[start].indexOf(' ');
	const next = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line));
	return lines.slice(start, next === -1 ? undefined : next).join('\n');
}

function expectReadmeSectionLinkingVendor(url: string, vendorHost: string) {
	expect(url.startsWith(`${REPOSITORY}#`)).toBe(true);
	const section = readmeSection(url.slice(REPOSITORY.length + 1));
	expect(section).toMatch(new RegExp(`\\]\\(https://${vendorHost.replace(/\./g, '\\.')}/[^)\\s]+\\)`));
}

const vendors = [
	{ node: 'Aicc', credential: new AiccApi(), host: 'support.huaweicloud.com' },
	{ node: 'Eiam', credential: new EiamApi(), host: 'open.bccastle.com' },
];

test.each(vendors)("$node: the credential's documentationUrl is its README section, which links the vendor's page", ({ credential, host }) => {
	expectReadmeSectionLinkingVendor(credential.documentationUrl, host);
});

test.each(vendors)("$node: the codex's documentation links are the node's and the credential's README sections", ({ node, credential, host }) => {
	const codex = JSON.parse(readFileSync(join(ROOT, 'nodes', node, `${node}.node.json`), 'utf8'));
	const [primary] = codex.resources.primaryDocumentation;
	expectReadmeSectionLinkingVendor(primary.url, host);
	expect(primary.url).not.toBe(credential.documentationUrl);
	expect(codex.resources.credentialDocumentation).toEqual([{ url: credential.documentationUrl }]);
});
