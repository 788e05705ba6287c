// The two single-vendor packages built from this tree beside n8n-nodes-aicc-eiam (README: Which package to
// choose; docs/install.md). n8n verifies only packages that integrate one service, so each holds one vendor's nodes and
// credential; their code is the combined package's, file for file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

export const COMBINED = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	repository: { url: string };
	keywords: string[];
	n8n: { nodes: string[]; credentials: string[] };
	[field: string]: unknown;
};

/** https://github.com/<owner>/<repo>, from package.json's repository. */
export const REPOSITORY = COMBINED.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

export interface VendorPackage {
	name: string;
	description: string;
	/** Besides n8n-community-node-package and n8n. */
	keywords: string[];
	/** As package.json's n8n section lists them: a subset of the combined package's. */
	nodes: string[];
	credentials: string[];
	/** How README.md names this vendor and the other one: a paragraph, list item or table row naming only the other is left out of this README. */
	names: RegExp;
	otherNames: RegExp;
	/** README.md headings (as written, with their #s) whose sections, subsections included, this README leaves out. */
	leaveOut: string[];
	/** The first paragraph of this README, in place of README.md's. */
	lead: string;
}

const AICC_NAMES = /\bAICC\b|Huawei/;
const EIAM_NAMES = /\bEIAM\b|BCCastle|Bamboo/;

export const VENDOR_PACKAGES: VendorPackage[] = [
	{
		name: 'n8n-nodes-huawei-aicc',
		description: 'n8n nodes for Huawei Cloud AICC case tasks: the Huawei AICC node and trigger',
		keywords: ['huawei-cloud', 'aicc', 'cec'],
		nodes: ['dist/nodes/Aicc/Aicc.node.js', 'dist/nodes/Aicc/AiccTrigger.node.js'],
		credentials: ['dist/credentials/AiccApi.credentials.js'],
		names: AICC_NAMES,
		otherNames: EIAM_NAMES,
		leaveOut: ['### BCCastle EIAM → To-Do', '### BCCastle EIAM API'],
		lead: 'n8n community nodes for Huawei AICC alone: the Huawei AICC node, the Huawei AICC Trigger and the Huawei AICC API credential of `n8n-nodes-aicc-eiam`, built from the same sources.',
	},
	{
		name: 'n8n-nodes-bccastle-eiam',
		description: 'n8n node for Bamboo Cloud (BCCastle) IDaaS EIAM to-dos',
		keywords: ['bccastle', 'eiam', 'idaas'],
		nodes: ['dist/nodes/Eiam/Eiam.node.js'],
		credentials: ['dist/credentials/EiamApi.credentials.js'],
		names: EIAM_NAMES,
		otherNames: AICC_NAMES,
		leaveOut: ['### Huawei AICC → Task', '### Huawei AICC Trigger', '### Huawei AICC API'],
		lead: 'An n8n community node for BCCastle EIAM alone: the BCCastle EIAM node and the BCCastle EIAM API credential of `n8n-nodes-aicc-eiam`, built from the same sources.',
	},
];

/** Sections that compare the packages: they keep every package's name as written. (How to move a workflow between packages is in docs/install.md, which no vendor README copies.) */
export const NAMES_KEPT_IN = ['### Which package to choose'];

/** Where a vendor package's README lives in the repository (its documentation links point there). */
export const readmePath = (pkg: VendorPackage) => `vendors/${pkg.name}/README.md`;
export const readmeUrl = (pkg: VendorPackage) => `${REPOSITORY}/blob/main/${readmePath(pkg)}`;

export function vendorPackage(name: string): VendorPackage {
	const pkg = VENDOR_PACKAGES.find((candidate) => candidate.name === name);
	if (!pkg) throw new Error(`no vendor package ${name}`);
	return pkg;
}
