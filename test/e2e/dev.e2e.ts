// `npm run demo:editor` keeps n8n's user folder between runs (n8n saves editor work there): the stack it starts,
// stopped and started again on the same folder, still holds a workflow saved in the first run, while the
// emulator's credentials follow the new emulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nRest } from '../support/n8n/rest';
import { startStack } from '../support/n8n/stack';
import { N8N_TARGETS } from '../support/n8n/targets';
import { CREDENTIALS, exampleWorkflows } from '../support/n8n/workflows';

const MINUTE = 60_000;

test('a kept user folder survives a stop: the saved workflow is there on the next start, the credentials point at the new emulator', async () => {
	const folder = join(mkdtempSync(join(tmpdir(), 'dev-kept-')), 'dev-n8n');
	try {
		const first = await startStack(N8N_TARGETS[0], { keptUserFolder: folder });
		expect(first.reused).toBe(false);
		try {
			await first.n8n.start();
			const rest = new N8nRest(first.n8n.url);
			await rest.setUpOwner();
			const saved = await rest.request('POST', '/rest/workflows', { name: 'Saved in the first run', nodes: [], connections: {}, active: false, settings: {} });
			expect(saved.status).toBe(200);
		} finally {
			await first.stop();
		}

		const second = await startStack(N8N_TARGETS[0], { keptUserFolder: folder });
		try {
			expect(second.reused).toBe(true);
			expect(await second.n8n.credentialData(CREDENTIALS.aiccClient.id)).toMatchObject({ domain: second.emulator.url });
			await second.n8n.start();
			const rest = new N8nRest(second.n8n.url);
			await rest.login();
			const { body } = await rest.request<{ data: Array<{ name: string }> }>('GET', '/rest/workflows');
			// The example workflows of the first start, and the one saved in it, and nothing imported twice.
			const examples = exampleWorkflows().map((workflow) => workflow.name);
			expect(body.data.map((workflow) => workflow.name).sort()).toEqual([...examples, 'Saved in the first run'].sort());
		} finally {
			await second.stop();
		}
	} finally {
		rmSync(join(folder, '..'), { recursive: true, force: true });
	}
}, 15 * MINUTE);
