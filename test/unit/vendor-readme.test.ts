// How a vendor README is cut from README.md (test/tools/vendors/readme.ts), on a small README of our own:
// sections picked by heading, blocks naming only the other vendor left out, the package's name in
// commands but not in the cache path, the repository URL or the sections comparing packages.
import { VENDOR_PACKAGES, REPOSITORY, type VendorPackage } from '../tools/vendors/packages';
import { blocksOf, vendorReadme } from '../tools/vendors/readme';

const [aicc] = VENDOR_PACKAGES;
const pkg: VendorPackage = { ...aicc, leaveOut: ['### BCCastle EIAM → To-Do'] };

const README = [
	'# n8n-nodes-aicc-eiam',
	'',
	'n8n community nodes for two APIs:',
	'',
	'- **Huawei AICC** — tasks.',
	'- **BCCastle EIAM** — to-dos.',
	'',
	'![both](docs/images/both.png)',
	'',
	'## Installation',
	'',
	'Enter `n8n-nodes-aicc-eiam`; the cache is `~/.cache/n8n-nodes-aicc-eiam`; see [Queue mode](#queue-mode) and [the guide](CONTRIBUTING.md#releasing).',
	'',
	'```sh',
	'npm pack            # writes n8n-nodes-aicc-eiam-0.1.0.tgz in the clone',
	'# not a heading',
	'```',
	'',
	'### Which package to choose',
	'',
	'Either `n8n-nodes-aicc-eiam` or `n8n-nodes-huawei-aicc`.',
	'',
	'## Operations',
	'',
	'### BCCastle EIAM → To-Do',
	'',
	'EIAM text.',
	'',
	'#### Deeper',
	'',
	'Still EIAM.',
	'',
	'### Node types',
	'',
	'Type `n8n-nodes-aicc-eiam.aicc`.',
	'',
	'## Errors',
	'',
	'| Vendor | Message |',
	'|---|---|',
	'| EIAM `USER.0001` | user |',
	'| AICC resCode | refused |',
	'| EIAM 401, AICC 401 | token |',
	'',
	'- an EIAM item',
	'  with a second line',
	'- an AICC item',
	'',
	'See [the link](' + REPOSITORY + ').',
	'',
].join('\n');

const made = vendorReadme(README, pkg);

test('the blocks: a table row, a list item with its indented lines, a fenced block whole, a paragraph', () => {
	const blocks = blocksOf(['para one', 'para two', '', '| a |', '| b |', '- item', '  more', '', '  code in item', '- next', '```', '', '```']);
	expect(blocks).toEqual([['para one', 'para two'], [''], ['| a |'], ['| b |'], ['- item', '  more', '', '  code in item'], ['- next'], ['```', '', '```']]);
});

test("this package's title and lead; of the preamble, what does not name only the other vendor, no picture", () => {
	expect(made.startsWith(`# n8n-nodes-huawei-aicc\n\n${pkg.lead}\n\n- **Huawei AICC** — tasks.\n\n## Installation\n`)).toBe(true);
	expect(made).not.toContain('BCCastle EIAM** — to-dos');
	expect(made).not.toContain('both.png');
});

test('a left-out section goes with its subsections; the next section of its level or higher is kept', () => {
	expect(made).not.toMatch(/EIAM text|Deeper|Still EIAM/);
	expect(made).toContain('### Node types');
});

test("the package's name in text and commands, the pack command its own; not in the cache path, nor where packages are compared", () => {
	expect(made).toContain('Enter `n8n-nodes-huawei-aicc`; the cache is `~/.cache/n8n-nodes-aicc-eiam`');
	expect(made).toContain('npm run pack:vendors # writes n8n-nodes-huawei-aicc-0.1.0.tgz in the clone\n# not a heading\n');
	expect(made).toContain('Either `n8n-nodes-aicc-eiam` or `n8n-nodes-huawei-aicc`.');
	expect(made).toContain('Type `n8n-nodes-huawei-aicc.aicc`.');
});

test('rows and items naming only the other vendor are left out; those naming both or this one stay', () => {
	expect(made).toContain('| Vendor | Message |\n|---|---|\n| AICC resCode | refused |\n| EIAM 401, AICC 401 | token |\n');
	expect(made).not.toMatch(/USER\.0001|an EIAM item|second line/);
	expect(made).toContain('- an AICC item');
});

test('links: into the repository when relative, to README.md when the anchor is not in this README; the repository URL as it is', () => {
	expect(made).toContain(`[Queue mode](${REPOSITORY}#queue-mode)`);
	expect(made).toContain(`[the guide](${REPOSITORY}/blob/main/CONTRIBUTING.md#releasing)`);
	expect(made).toContain(`[the link](${REPOSITORY})`);
});

test('a heading the package definition names but README.md lacks stops the generator', () => {
	expect(() => vendorReadme(README, { ...pkg, leaveOut: ['### Gone'] })).toThrow('README.md has no heading "### Gone"');
});
