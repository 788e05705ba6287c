// `npm run emulator`: both vendor APIs on 127.0.0.1 for trying the nodes in n8n without a vendor account.
import { DEMO_CLIENTS, DEMO_USERS, startEmulator } from './server';

async function main(): Promise<void> {
	const port = Number(process.env.EMULATOR_PORT ?? process.argv[2] ?? 8899);
	const lifetime = Number(process.env.EMULATOR_TOKEN_LIFETIME ?? 1800);
	const delayMs = Number(process.env.EMULATOR_DELAY_MS ?? 0);
	const emulator = await startEmulator({ port, tokenLifetimeSeconds: lifetime, delayMs });
	console.log(`AICC + EIAM emulator listening on ${emulator.url}`);
	console.log('Use this URL as the Domain of both credentials (Authentication: Client Credentials):');
	console.log(`  AICC API  client ID ${DEMO_CLIENTS.aicc.clientId}  client secret ${DEMO_CLIENTS.aicc.clientSecret}`);
	console.log(`  EIAM API  client ID ${DEMO_CLIENTS.eiam.clientId}  client secret ${DEMO_CLIENTS.eiam.clientSecret}`);
	console.log(`  EIAM user names that exist: ${DEMO_USERS.join(', ')}`);
	console.log(`Tokens live ${lifetime} s${delayMs ? `; every answer waits ${delayMs} ms` : ''}. Ctrl-C stops the emulator.`);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
