// The install paths README.md gives, run as a user runs them: the by-hand command read from README.md and run
// with bash in a fresh home folder, and the Community Nodes installer called the way the UI calls it;
// both against a local npm registry (Verdaccio, no uplinks) that holds our packed package under its real
// name, as npmjs.org will once it is published. Then n8n, started afresh, runs a workflow with both nodes.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Browser } from 'playwright-core';

import { startEmulator, type Emulator } from '../emulator/server';
import { packPackage, type PackResult } from '../support/scan';
import { packVendor } from '../tools/vendors/pack';
import { readmePath, ROOT, vendorPackage, type VendorPackage } from '../tools/vendors/packages';
import { launchBrowser, openEditor, openNodePanel, closeNodePanel } from '../support/n8n/browser';
import { ensureN8n } from '../support/n8n/install';
import { N8nInstance, type ExecutionOutput } from '../support/n8n/n8n';
import { ensureNpm } from '../support/n8n/npm';
import { freePort } from '../support/n8n/ports';
import { installCommand, markedBlock, moveWorkflow, runUserCommand } from '../support/n8n/readme';
import { LocalRegistry } from '../support/n8n/registry';
import { N8nRest } from '../support/n8n/rest';
import { cleanNpmEnv, run } from '../support/n8n/run';
import { N8N_TARGETS } from '../support/n8n/targets';
import { chain, credentialsFor, CREDENTIALS, e2eWorkflows, exampleWorkflow } from '../support/n8n/workflows';

const MINUTE = 60_000;
const PACKAGE = 'n8n-nodes-aicc-eiam';
/** Runs AICC Create Task and EIAM Create To-Do (with access-token credentials: no token call needed). */
const BOTH_NODES_WORKFLOW = 'e2eAccessTokens';
/** The npm Node.js 20 brings (22 brings 10.9); this machine's own npm is 11. */
const NPM_OF_NODE_20 = '10.8.2';

let pack: PackResult;
let registry: LocalRegistry;
/** package name → its .tgz, written by `npm run pack:vendors`'s own code. */
const vendorTarballs = new Map<string, string>();

/**
 * Each single-vendor package alone in n8n, with the example workflow of its vendor as a user moves it
 * there (docs/install.md: Moving a workflow to another package): the example, what its nodes must output.
 */
const VENDOR_RUNS: Array<{ pkg: VendorPackage; example: string; credentialType: string; expectRun: (output: ExecutionOutput) => void }> = [
	{
		pkg: vendorPackage('n8n-nodes-huawei-aicc'),
		example: 'aiccExampleCreate1',
		credentialType: 'aiccApi',
		expectRun: (output) => expect(output.nodes['Create Task']?.map((item) => item.json)).toEqual([{ taskId: expect.stringMatching(/^[A-Za-z0-9]{20}$/) }]),
	},
	{
		pkg: vendorPackage('n8n-nodes-bccastle-eiam'),
		example: 'eiamExampleTodo01',
		credentialType: 'eiamApi',
		expectRun: (output) => {
			const [created] = output.nodes['Create To-Do']?.map((item) => item.json) ?? [];
			expect(output.nodes['Update To-Do']?.map((item) => item.json)).toEqual([{ todoId: created?.todoId, updated: true }]);
			expect(output.nodes['Get To-Do']?.[0]?.json).toMatchObject({ id: created?.todoId, title: 'Approve purchase request PR-77 (urgent)' });
		},
	},
];

beforeAll(async () => {
	pack = packPackage();
	for (const { pkg } of VENDOR_RUNS) vendorTarballs.set(pkg.name, packVendor(pkg, join(pack.unpacked, '..', 'vendors')).tarball);
	registry = new LocalRegistry();
	await registry.start();
	await registry.publish(pack.tarball);
	for (const tarball of vendorTarballs.values()) await registry.publish(tarball);
}, 15 * MINUTE);

afterAll(async () => {
	await registry?.stop();
	pack?.cleanup();
});

test('the README tells users to install with --legacy-peer-deps, by name and from the tarball npm pack writes', () => {
	expect(installCommand('by-hand')).toContain(`npm install --legacy-peer-deps ${PACKAGE}\n`);
	// The file name in the README is the one `npm pack` writes for this version.
	expect(installCommand('tarball')).toContain(`/path/to/${basename(pack.tarball)}`);
});

describe.each(N8N_TARGETS)('n8n $version (Node.js $node)', (target) => {
	/** A fresh n8n user folder whose .n8n/nodes holds our package: it loads it and runs both nodes (against an emulator of its own). */
	async function expectBothNodesRun(n8n: N8nInstance): Promise<void> {
		const installed = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules');
		expect(JSON.parse(readFileSync(join(installed, PACKAGE, 'package.json'), 'utf8'))).toMatchObject({ name: PACKAGE, version: '0.1.0' });
		// The peer dependency is left to n8n: nothing but our package is installed.
		expect(existsSync(join(installed, 'n8n-workflow'))).toBe(false);
		const emulator: Emulator = await startEmulator();
		try {
			await n8n.importJson('credentials', credentialsFor(emulator));
			await n8n.importJson('workflow', e2eWorkflows(emulator).find((workflow) => workflow.id === BOTH_NODES_WORKFLOW));
			const output = await n8n.execute(BOTH_NODES_WORKFLOW);
			expect(output.errors).toEqual({});
			expect(output.nodes['Create Task']?.map((item) => item.json)).toEqual([{ taskId: expect.stringMatching(/^[A-Za-z0-9]{20}$/) }]);
			expect(output.nodes['Create To-Do']?.map((item) => item.json)).toEqual([{ todoId: expect.any(String) }]);
			expect(emulator.eiam.todos.size).toBe(1);
		} finally {
			await emulator.stop();
		}
	}

	/** What a user's shell has: their home, the Node.js (and npm) that runs this n8n, and npm's registry setting. */
	const userShell = (n8n: N8nInstance, registryUrl: string) => cleanNpmEnv({ HOME: n8n.userFolder, PATH: n8n.install.path, npm_config_registry: registryUrl });

	test('by hand: the README command, as written, installs from the registry into a fresh ~/.n8n/nodes', async () => {
		const n8n = new N8nInstance(await ensureN8n(target));
		try {
			await runUserCommand(installCommand('by-hand'), userShell(n8n, registry.url));
			await expectBothNodesRun(n8n);
		} finally {
			await n8n.remove();
		}
	}, 15 * MINUTE);

	// npm 10 runs on the Node.js 20 of the first release only; the command does not depend on n8n's release.
	if (target.node === 'system') {
		test(`by hand with npm ${NPM_OF_NODE_20}, as Node.js 20 and 22 bring it: the same README command works`, async () => {
			const n8n = new N8nInstance(await ensureN8n(target));
			try {
				const npm10 = await ensureNpm(NPM_OF_NODE_20);
				const shell = userShell(n8n, registry.url);
				const version = await runUserCommand('npm --version', { ...shell, PATH: `${npm10}:${shell.PATH}` });
				expect(version.stdout.trim()).toBe(NPM_OF_NODE_20);
				await runUserCommand(installCommand('by-hand'), { ...shell, PATH: `${npm10}:${shell.PATH}` });
				await expectBothNodesRun(n8n);
			} finally {
				await n8n.remove();
			}
		}, 15 * MINUTE);
	}

	test('before publication: the README command with the packed tarball installs with no registry at all', async () => {
		const n8n = new N8nInstance(await ensureN8n(target));
		try {
			const command = installCommand('tarball').replace(`/path/to/${basename(pack.tarball)}`, pack.tarball);
			// Nothing listens there: a request to any registry would fail the install.
			await runUserCommand(command, userShell(n8n, `http://127.0.0.1:${await freePort()}/`));
			await expectBothNodesRun(n8n);
		} finally {
			await n8n.remove();
		}
	}, 15 * MINUTE);

	/** An n8n that may install from the local registry, started, its owner set up. */
	async function startWithRegistry(): Promise<{ n8n: N8nInstance; rest: N8nRest }> {
		// A registry other than npmjs.org is a licensed feature of n8n; n8n's own end-to-end mode
		// (E2E_TESTS, /rest/e2e/feature) switches it on for this throw-away instance only.
		const n8n = new N8nInstance(await ensureN8n(target), { env: { N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url.replace(/\/$/, ''), E2E_TESTS: 'true' } });
		try {
			await n8n.start();
			const rest = new N8nRest(n8n.url);
			await rest.setUpOwner();
			const feature = await rest.request('PATCH', '/rest/e2e/feature', { feature: 'feat:communityNodes:customRegistry', enabled: true });
			expect(feature.status).toBe(200);
			return { n8n, rest };
		} catch (error) {
			await n8n.remove();
			throw error;
		}
	}

	test('Community Nodes UI: the install call the UI makes fetches the package from the registry; after a restart both nodes run', async () => {
		const { n8n, rest } = await startWithRegistry();
		try {
			const install = await rest.request<{ data: { packageName: string; installedVersion: string; installedNodes: Array<{ type: string }> } }>('POST', '/rest/community-packages', { name: PACKAGE });
			expect(install).toMatchObject({ status: 200, body: { data: { packageName: PACKAGE, installedVersion: '0.1.0' } } });
			expect(install.body.data.installedNodes.map((node) => node.type).sort()).toEqual([`${PACKAGE}.aicc`, `${PACKAGE}.aiccTrigger`, `${PACKAGE}.eiam`]);
			const listed = await rest.request<{ data: Array<{ packageName: string }> }>('GET', '/rest/community-packages');
			expect(listed.body.data.map((installed) => installed.packageName)).toEqual([PACKAGE]);
			await n8n.stop();
			// `n8n execute` is a new n8n process: it loads the package from .n8n/nodes as a restarted n8n does.
			await expectBothNodesRun(n8n);
		} finally {
			await n8n.remove();
		}
	}, 15 * MINUTE);

	// Once in the browser, on the first release: the REST test above makes the same call on every release.
	if (target === N8N_TARGETS[0]) {
		test('Community Nodes UI in the browser: Settings → Community Nodes → Install; then the panels, with their wording, render', async () => {
			const { n8n, rest } = await startWithRegistry();
			let browser: Browser | undefined;
			try {
				browser = await launchBrowser();
				const session = await openEditor(browser, n8n.url, `install-n8n-${target.version}`);
				const { page } = session;
				await page.goto(`${n8n.url}/settings/community-nodes`);
				await page.getByRole('button', { name: /install/i }).first().click();
				await page.locator('[data-test-id="package-name-input"] input, input[name="packageNameInput"]').first().fill(PACKAGE);
				await page.locator('[data-test-id="user-agreement-checkbox"]').first().click();
				await session.screenshot('community-nodes-install-modal');
				await page.locator('[data-test-id="install-community-package-button"]').first().click();
				await page.getByText(PACKAGE).first().waitFor({ timeout: 2 * MINUTE });
				await page.waitForTimeout(1000);
				await session.screenshot('community-nodes-installed');
				const listed = await rest.request<{ data: Array<{ packageName: string; installedNodes: Array<{ type: string }> }> }>('GET', '/rest/community-packages');
				expect(listed.body.data.map((installed) => installed.packageName)).toEqual([PACKAGE]);

				// The panels as a user meets them: empty fields show n8n's "e.g." placeholders, units read "(ms)",
				// the Get Many filters say which value adding them picked.
				const workflow = chain('installPanels01', 'Panels after a UI install', [
					{ name: 'Create To-Do', type: `${PACKAGE}.eiam`, credentials: { eiamApi: CREDENTIALS.eiamClient }, parameters: { resource: 'todo', operation: 'create' } },
					{
						name: 'List Tasks',
						type: `${PACKAGE}.aicc`,
						credentials: { aiccApi: CREDENTIALS.aiccClient },
						parameters: { resource: 'task', operation: 'getAll', filters: { status: 'Pending', classification: 'Todo' }, options: { timeout: 30000, maxRetryWait: 30000, batching: { batch: { batchSize: 10, batchInterval: 0 } } } },
					},
				]);
				const created = await rest.request<{ data: { id: string } }>('POST', '/rest/workflows', { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings, active: false });
				expect(created.status).toBe(200);
				const workflowId = created.body.data.id;

				await openNodePanel(session, n8n.url, workflowId, 'Create To-Do');
				expect(await page.locator('input[placeholder="e.g. zhangsan"]').count()).toBe(1);
				expect(await page.locator('input[placeholder^="e.g. https://"]').count()).toBe(2);
				await session.screenshot('eiam-create-empty');
				await closeNodePanel(session);
				const listPanel = await openNodePanel(session, n8n.url, workflowId, 'List Tasks');
				for (const text of ['Classification', 'Status', 'Timeout', 'Max Retry Wait', 'Batch Interval']) expect(listPanel).toContain(text);
				expect(listPanel).not.toMatch(/\(Ms\)/);
				await session.screenshot('aicc-get-many-filters-options');
				await session.page.context().close();
			} finally {
				await browser?.close();
				await n8n.remove();
			}
		}, 15 * MINUTE);
	}

	// The single-vendor packages, each alone in a fresh n8n as the Community Nodes installer installs it
	// (npm install into .n8n/nodes, peers left to n8n), with its vendor's example moved by docs/install.md's command.
	test.each(VENDOR_RUNS)('$pkg.name alone, installed as the Community Nodes installer does: the example $example, moved with docs/install.md\'s command, runs', async ({ pkg, example, credentialType, expectRun }) => {
		const n8n = new N8nInstance(await ensureN8n(target));
		const emulator: Emulator = await startEmulator();
		try {
			await n8n.installPackage(vendorTarballs.get(pkg.name) as string);
			const installed = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules');
			expect(JSON.parse(readFileSync(join(installed, pkg.name, 'package.json'), 'utf8'))).toMatchObject({ name: pkg.name, version: '0.1.0' });
			expect(existsSync(join(installed, 'n8n-workflow'))).toBe(false);
			expect(existsSync(join(installed, PACKAGE))).toBe(false);
			// The credentials keep their type in every package: the combined package's import as they are.
			await n8n.importJson('credentials', credentialsFor(emulator).filter((credential) => credential.type === credentialType));
			const original = exampleWorkflow(example);
			const moved = { ...JSON.parse(moveWorkflow('to-vendor-packages', JSON.stringify(original, null, 2))), id: `${example}Mv`.slice(0, 21) };
			expect(JSON.stringify(moved)).not.toContain(`"${PACKAGE}.`);
			// On the first release also the unmoved example beside it: its nodes are not found.
			const first = target === N8N_TARGETS[0];
			await n8n.importJson('workflow', first ? [original, moved] : [moved]);
			if (first) {
				const unmoved = await n8n.execute(example).then((run) => run.failure ?? run.printed, (error: Error) => error.message);
				expect(unmoved).toContain(`Unrecognized node type: ${PACKAGE}.`);
			}
			const output = await n8n.execute(moved.id);
			expect(output.errors).toEqual({});
			expectRun(output);
		} finally {
			await emulator.stop();
			await n8n.remove();
		}
	}, 10 * MINUTE);

	// The vendor READMEs' own install commands (README.md's, with the package's name), as written: each
	// installs its package alone, peers left to n8n. Where n8n then loads it is the test above.
	if (target === N8N_TARGETS[0]) {
		test('the single-vendor READMEs: the by-hand command installs from the registry, the tarball command with none, each package alone', async () => {
			for (const { pkg } of VENDOR_RUNS) {
				const readme = readFileSync(join(ROOT, readmePath(pkg)), 'utf8');
				const tarball = vendorTarballs.get(pkg.name) as string;
				const tarballCommand = markedBlock(readme, 'install:tarball', readmePath(pkg));
				expect(tarballCommand).toContain(`/path/to/${basename(tarball)}`);
				for (const [command, registryUrl] of [
					[markedBlock(readme, 'install:by-hand', readmePath(pkg)), registry.url],
					[tarballCommand.replace(`/path/to/${basename(tarball)}`, tarball), `http://127.0.0.1:${await freePort()}/`],
				]) {
					expect(command).toContain(`npm install --legacy-peer-deps `);
					const n8n = new N8nInstance(await ensureN8n(target));
					try {
						await runUserCommand(command, userShell(n8n, registryUrl));
						const installed = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules');
						expect(JSON.parse(readFileSync(join(installed, pkg.name, 'package.json'), 'utf8'))).toMatchObject({ name: pkg.name, version: '0.1.0' });
						expect(readdirSync(installed).filter((name) => !name.startsWith('.'))).toEqual([pkg.name]);
					} finally {
						await n8n.remove();
					}
				}
			}
		}, 10 * MINUTE);
	}

	// docs/install.md's "Install only one package per vendor": the two single-vendor packages side by side, and what
	// n8n makes of the combined package beside them, through its installer and by hand.
	if (target === N8N_TARGETS[0]) {
		test('the Community Nodes installer takes both single-vendor packages, refuses n8n-nodes-aicc-eiam beside them but leaves it in .n8n/nodes: restarted, n8n loads it unlisted, with the nodes and credential types twice; docs/install.md\'s npm uninstall removes it', async () => {
			const { n8n, rest } = await startWithRegistry();
			const VENDORS = VENDOR_RUNS.map(({ pkg }) => pkg.name);
			const listed = async () => (await rest.request<{ data: Array<{ packageName: string }> }>('GET', '/rest/community-packages')).body.data.map((installed) => installed.packageName).sort();
			try {
				for (const name of VENDORS) expect({ name, status: (await rest.request('POST', '/rest/community-packages', { name })).status }).toEqual({ name, status: 200 });
				const refused = await rest.request<{ message: string }>('POST', '/rest/community-packages', { name: PACKAGE });
				expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 500, message: 'There is already an entry with this name' });
				expect(await listed()).toEqual([...VENDORS].sort());
				// npm has installed it before n8n failed to record its nodes, and nothing removes it.
				expect(existsSync(join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'package.json'))).toBe(true);
				const port = n8n.port;
				await n8n.stop();
				const loggedBefore = n8n.log().length;
				await n8n.start(port);
				// Settings → Community Nodes still lists only the two, so it offers no Uninstall for the third.
				expect(await listed()).toEqual([...VENDORS].sort());
				const nodes = (await rest.request<Array<{ name: string; displayName: string }>>('GET', '/types/nodes.json')).body;
				const credentials = (await rest.request<Array<{ name: string; displayName: string; supportedNodes?: string[] }>>('GET', '/types/credentials.json')).body;
				// What the editor's node panel and credential list are made of: each vendor's nodes twice, under the same names.
				const ours = nodes.filter((node) => /^n8n-nodes-.*\.(aicc|aiccTrigger|eiam)$/.test(node.name)).map((node) => [node.name, node.displayName]);
				expect(ours.sort()).toEqual([
					['n8n-nodes-aicc-eiam.aicc', 'Huawei AICC'],
					['n8n-nodes-aicc-eiam.aiccTrigger', 'Huawei AICC Trigger'],
					['n8n-nodes-aicc-eiam.eiam', 'BCCastle EIAM'],
					['n8n-nodes-bccastle-eiam.eiam', 'BCCastle EIAM'],
					['n8n-nodes-huawei-aicc.aicc', 'Huawei AICC'],
					['n8n-nodes-huawei-aicc.aiccTrigger', 'Huawei AICC Trigger'],
				]);
				// Each credential type is declared by two packages under one name: n8n lists it twice, each with its package's nodes.
				const types = credentials.filter((credential) => /^(aicc|eiam)Api$/.test(credential.name)).map((credential) => [credential.name, credential.supportedNodes]);
				expect(types.sort()).toEqual(
					[
						['aiccApi', [`${PACKAGE}.aicc`, `${PACKAGE}.aiccTrigger`]],
						['aiccApi', ['n8n-nodes-huawei-aicc.aicc', 'n8n-nodes-huawei-aicc.aiccTrigger']],
						['eiamApi', [`${PACKAGE}.eiam`]],
						['eiamApi', ['n8n-nodes-bccastle-eiam.eiam']],
					].sort(),
				);
				// Without a word of it in the restarted n8n's log (the log file goes on from the first start's).
				expect(n8n.log().slice(loggedBefore).split('\n').filter((line) => /warn|error/i.test(line) && /aicc|eiam|credential/i.test(line))).toEqual([]);
				await n8n.stop();
				await runUserCommand(installCommand('uninstall-leftover'), userShell(n8n, `http://127.0.0.1:${await freePort()}/`));
				expect(existsSync(join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE))).toBe(false);
				for (const name of VENDORS) expect(existsSync(join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', name, 'package.json'))).toBe(true);
			} finally {
				await n8n.remove();
			}
		}, 10 * MINUTE);
	}

	// Why docs/install.md's Docker steps install into ~/.n8n/nodes and not into a folder named by
	// N8N_CUSTOM_EXTENSIONS: n8n loads the nodes from there, but as CUSTOM.* types.
	if (target === N8N_TARGETS[0]) {
		test('N8N_CUSTOM_EXTENSIONS loads the nodes as CUSTOM.aicc and CUSTOM.eiam, which workflows made with the package do not use', async () => {
			const n8n = new N8nInstance(await ensureN8n(target), { env: { N8N_CUSTOM_EXTENSIONS: join(pack.unpacked, '..', 'extensions') } });
			try {
				const extension = join(pack.unpacked, '..', 'extensions', PACKAGE);
				mkdirSync(extension, { recursive: true });
				await run('tar', ['-xzf', pack.tarball, '-C', extension, '--strip-components=1'], { timeoutMs: MINUTE, check: true });
				await n8n.start();
				const rest = new N8nRest(n8n.url);
				await rest.setUpOwner();
				const { body } = await rest.request<Array<{ name: string }>>('GET', '/types/nodes.json');
				const ours = body.map((type) => type.name).filter((name) => /\.(aicc|eiam)$/.test(name));
				expect(ours.sort()).toEqual(['CUSTOM.aicc', 'CUSTOM.eiam']);
			} finally {
				await n8n.remove();
			}
		}, 10 * MINUTE);
	}
});
