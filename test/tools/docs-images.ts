// `npm run docs:images`: copies the screenshots README.md and docs/ show from the last e2e browser run (the newest
// n8n release the suite ran) into docs/images/. Run `npm run test:e2e` first; it takes them.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { ARTIFACTS_DIR, N8N_TARGETS, ROOT } from '../support/n8n/targets';

/** The pictures README.md and the docs/ pages show, by the names the browser run gives them. */
export const README_IMAGES = [
	'workflow-overdue-example',
	'workflow-ai-agent',
	'eiam-create-or-update',
	'aicc-create-task',
	'aicc-trigger',
	'credentials',
	// Taken by test/e2e/approval.e2e.ts.
	'approval-page',
];

function main(): void {
	const newest = N8N_TARGETS[N8N_TARGETS.length - 1];
	const source = join(ARTIFACTS_DIR, `n8n-${newest.version}`);
	const target = join(ROOT, 'docs', 'images');
	mkdirSync(target, { recursive: true });
	const missing = README_IMAGES.filter((name) => !existsSync(join(source, `${name}.png`)));
	if (missing.length > 0) {
		console.error(`Missing in ${source}: ${missing.join(', ')}. Run npm run test:e2e first (it takes the screenshots).`);
		process.exit(1);
	}
	for (const name of README_IMAGES) copyFileSync(join(source, `${name}.png`), join(target, `${name}.png`));
	console.log(`Copied ${README_IMAGES.length} screenshots of n8n ${newest.version} into docs/images/`);
}

if (require.main === module) main();
