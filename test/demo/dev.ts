// `npm run demo:editor`: the demo's setup, then n8n's editor left running with the nodes, both credentials
// (client credentials and access token, pointed at the emulator) and the example workflows. Ctrl-C stops it all.
// n8n saves what is done in the editor into its user folder, so the folder is kept in the cache between
// runs (`--fresh` starts from an empty one); only the package and the emulator's credentials are renewed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { OWNER } from '../support/n8n/n8n';
import { N8nRest } from '../support/n8n/rest';
import { chosenTarget, startStack } from '../support/n8n/stack';
import { CACHE_DIR } from '../support/n8n/targets';

async function main(): Promise<void> {
	const target = chosenTarget();
	const userFolder = join(CACHE_DIR, `dev-n8n-${target.version}`);
	if (process.argv.includes('--fresh')) rmSync(userFolder, { recursive: true, force: true });
	console.log(`Preparing n8n ${target.version} with n8n-nodes-aicc-eiam (the first run installs n8n: several minutes)…`);
	const stack = await startStack(target, { emulatorPort: Number(process.env.EMULATOR_PORT ?? 0), keptUserFolder: userFolder });
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log(`\nStopping n8n and the emulator… (your n8n work stays in ${userFolder})`);
		await stack.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		await stack.n8n.start(Number(process.env.N8N_PORT ?? 5678));
		const rest = new N8nRest(stack.n8n.url);
		// A folder from a run stopped before its owner was set up has a database but no owner yet.
		if (stack.reused) await rest.login().catch(async () => await rest.setUpOwner());
		else await rest.setUpOwner();
	} catch (error) {
		console.error(error);
		await stop(1);
		return;
	}
	console.log(`
n8n ${target.version} editor: ${stack.n8n.url}
  log in as ${OWNER.email} / ${OWNER.password}
  workflows: "AICC: create a task", "EIAM: create, update and get a to-do"${stack.reused ? ', and whatever you saved before' : ''}
  credentials: AICC and EIAM emulator, each with client credentials and with an access token
Emulator of both APIs: ${stack.emulator.url} (EIAM users: zhangsan, lisi; its tasks and to-dos last until Ctrl-C)
n8n user folder: ${userFolder}
  ${stack.reused ? 'reused from an earlier run: ' : ''}kept when you stop, with the workflows and credentials you save;
  the four emulator credentials are renewed on every start. \`npm run dev -- --fresh\` starts from an empty folder.
Ctrl-C stops everything.`);
}

void main();
