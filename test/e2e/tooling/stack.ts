// What demo, dev and the e2e suite set up alike: the emulator, our packed package in a cached real n8n,
// the four credentials pointed at the emulator, and the example workflows.
import { startEmulator, type Emulator } from '../../emulator/server';
import { packPackage } from '../../package/scan';
import { credentialsFor, exampleWorkflows } from '../workflows';
import { ensureN8n } from './install';
import { N8nInstance } from './n8n';
import { N8N_TARGETS, type N8nTarget } from './targets';

export interface Stack {
	emulator: Emulator;
	n8n: N8nInstance;
	stop(): Promise<void>;
}

/** The n8n release demo and dev use: the first target (the one that runs on this machine's Node.js) unless N8N_VERSION names another. */
export function chosenTarget(): N8nTarget {
	const wanted = process.env.N8N_VERSION;
	const target = wanted ? N8N_TARGETS.find((candidate) => candidate.version === wanted) : N8N_TARGETS[0];
	if (!target) throw new Error(`N8N_VERSION=${wanted} is not one of ${N8N_TARGETS.map((candidate) => candidate.version).join(', ')}`);
	return target;
}

export async function startStack(target: N8nTarget, emulatorPort = 0): Promise<Stack> {
	const install = await ensureN8n(target);
	const pack = packPackage();
	const emulator = await startEmulator({ port: emulatorPort });
	const n8n = new N8nInstance(install);
	try {
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentialsFor(emulator));
		for (const workflow of exampleWorkflows()) await n8n.importJson('workflow', workflow);
	} catch (error) {
		await n8n.remove();
		await emulator.stop();
		throw error;
	} finally {
		pack.cleanup();
	}
	return {
		emulator,
		n8n,
		stop: async () => {
			await n8n.remove();
			await emulator.stop();
		},
	};
}
