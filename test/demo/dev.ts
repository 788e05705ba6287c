// `npm run demo:editor`: the demo's setup, then n8n's editor left running with the nodes, both credentials
// (client credentials and access token, pointed at the emulator) and the example workflows. Ctrl-C stops it all.
import { OWNER } from '../e2e/tooling/n8n';
import { N8nRest } from '../e2e/tooling/rest';
import { chosenTarget, startStack } from '../e2e/tooling/stack';

async function main(): Promise<void> {
	const target = chosenTarget();
	console.log(`Preparing n8n ${target.version} with n8n-nodes-aicc-eiam (the first run installs n8n: several minutes)…`);
	const stack = await startStack(target, Number(process.env.EMULATOR_PORT ?? 0));
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the emulator…');
		await stack.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		await stack.n8n.start(Number(process.env.N8N_PORT ?? 5678));
		await new N8nRest(stack.n8n.url).setUpOwner();
	} catch (error) {
		console.error(error);
		await stop(1);
		return;
	}
	console.log(`
n8n ${target.version} editor: ${stack.n8n.url}
  log in as ${OWNER.email} / ${OWNER.password}
  workflows: "AICC: create a task", "EIAM: create, update and get a to-do"
  credentials: AICC and EIAM emulator, each with client credentials and with an access token
Emulator of both APIs: ${stack.emulator.url} (EIAM users: zhangsan, lisi)
Ctrl-C stops everything.`);
}

void main();
