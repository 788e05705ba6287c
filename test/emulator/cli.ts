// `npm run emulator`: both vendor APIs on 127.0.0.1 for trying the nodes in n8n without a vendor account.
// Environment: EMULATOR_PORT (default 8899, 0 picks a free port), EMULATOR_TOKEN_LIFETIME (seconds),
// EMULATOR_DELAY_MS (every answer waits), EMULATOR_TLS_KEY and EMULATOR_TLS_CERT (PEM files: serve HTTPS),
// and EMULATOR_FAULTS: a FaultRule or an array of them as JSON
// (see faults.ts), in force from the first request, for soak and e2e runs in another process, e.g.
//   EMULATOR_FAULTS='{"route":"^POST /api/v2/tenant/todo/task$","kind":["500","reset"],"share":0.1,"seed":7,"acted":"random"}'
// POST/DELETE /__emulator/faults change the rules while it runs; /__emulator/reset clears them.
import { readFileSync } from 'node:fs';

import { parseFaultRules, type FaultRule } from './faults';
import { DEMO_CLIENTS, DEMO_USERS, startEmulator } from './server';

/** Read before listening, so that a bad rule stops the run instead of letting it go on without faults. */
function faultsFromEnvironment(): FaultRule[] {
	const text = process.env.EMULATOR_FAULTS;
	if (!text) return [];
	try {
		return parseFaultRules(JSON.parse(text));
	} catch (error) {
		console.error(`EMULATOR_FAULTS: ${error.message}`);
		process.exit(1);
	}
}

async function main(): Promise<void> {
	const faults = faultsFromEnvironment();
	const port = Number(process.env.EMULATOR_PORT ?? process.argv[2] ?? 8899);
	const lifetime = Number(process.env.EMULATOR_TOKEN_LIFETIME ?? 1800);
	const delayMs = Number(process.env.EMULATOR_DELAY_MS ?? 0);
	const { EMULATOR_TLS_KEY: keyFile, EMULATOR_TLS_CERT: certFile } = process.env;
	const tls = keyFile && certFile ? { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') } : undefined;
	const emulator = await startEmulator({ port, tokenLifetimeSeconds: lifetime, delayMs, tls });
	for (const rule of faults) emulator.faults.add(rule);
	console.log(`AICC + EIAM emulator listening on ${emulator.url}`);
	console.log('Use this URL as the Domain of both credentials (Authentication: Client Credentials):');
	console.log(`  AICC API  client ID ${DEMO_CLIENTS.aicc.clientId}  client secret ${DEMO_CLIENTS.aicc.clientSecret}`);
	console.log(`  EIAM API  client ID ${DEMO_CLIENTS.eiam.clientId}  client secret ${DEMO_CLIENTS.eiam.clientSecret}`);
	console.log(`  EIAM user names that exist: ${DEMO_USERS.join(', ')}`);
	console.log(`Tokens live ${lifetime} s${delayMs ? `; every answer waits ${delayMs} ms` : ''}. Ctrl-C stops the emulator.`);
	if (faults.length > 0) console.log(`Fault rules from EMULATOR_FAULTS: ${faults.length}`);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
