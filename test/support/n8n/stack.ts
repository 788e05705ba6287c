// What demo, dev and the e2e suite set up alike: the emulator, our packed package in a cached real n8n,
// the four credentials pointed at the emulator, and the example workflows.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../emulator/server';
import { packPackage } from '../scan';
import { credentialsFor, exampleWorkflows } from './workflows';
import { ensureN8n } from './install';
import { N8nInstance } from './n8n';
import { N8N_TARGETS, type N8nTarget } from './targets';

export interface Stack {
	emulator: Emulator;
	n8n: N8nInstance;
	/** The kept user folder held an n8n of an earlier run (its workflows were left as they were). */
	reused: boolean;
	stop(): Promise<void>;
}

/** The n8n release demo and dev use: the first target (the one that runs on this machine's Node.js) unless N8N_VERSION names another. */
export function chosenTarget(): N8nTarget {
	const wanted = process.env.N8N_VERSION;
	const target = wanted ? N8N_TARGETS.find((candidate) => candidate.version === wanted) : N8N_TARGETS[0];
	if (!target) throw new Error(`N8N_VERSION=${wanted} is not one of ${N8N_TARGETS.map((candidate) => candidate.version).join(', ')}`);
	return target;
}

export interface StackOptions {
	emulatorPort?: number;
	/**
	 * n8n's user folder, kept when the stack stops (`npm run dev`); a temporary one, removed on stop, when
	 * not given. A kept folder that holds an n8n database already keeps its workflows: only the package
	 * and the emulator's credentials (whose Domain and pasted tokens change with every emulator) are renewed.
	 */
	keptUserFolder?: string;
}

export async function startStack(target: N8nTarget, options: StackOptions = {}): Promise<Stack> {
	const install = await ensureN8n(target);
	const pack = packPackage();
	const emulator = await startEmulator({ port: options.emulatorPort ?? 0 });
	const kept = options.keptUserFolder;
	const reused = kept !== undefined && existsSync(join(kept, '.n8n', 'database.sqlite'));
	if (kept) mkdirSync(kept, { recursive: true });
	const n8n = new N8nInstance(install, { userFolder: kept });
	const stop = async () => {
		if (kept) await n8n.stop();
		else await n8n.remove();
		await emulator.stop();
	};
	try {
		await n8n.installPackage(pack.tarball);
		await n8n.importJson('credentials', credentialsFor(emulator));
		if (!reused) for (const workflow of exampleWorkflows()) await n8n.importJson('workflow', workflow);
	} catch (error) {
		await stop();
		throw error;
	} finally {
		pack.cleanup();
	}
	return { emulator, n8n, reused, stop };
}
