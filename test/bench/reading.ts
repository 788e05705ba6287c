// `npm run bench:reading`: only the section of `npm run bench` that measures what reading answers
// ourselves costs (see readingCost), in a few minutes instead of the whole benchmark's forty-odd.
import { cpus, loadavg } from 'node:os';

import { startEmulatorProcess } from './emulator-process';
import { readingCost } from './in-process';

const ITEMS = Number(process.env.BENCH_READING_ITEMS ?? 5000);
const ROUNDS = Number(process.env.BENCH_READING_ROUNDS ?? 5);

async function main(): Promise<void> {
	const emulator = await startEmulatorProcess(0);
	try {
		const table = await readingCost(emulator, ITEMS, ROUNDS);
		console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node.js ${process.version}, load ${loadavg().map((load) => load.toFixed(1)).join(' / ')}\n`);
		console.log(table);
	} finally {
		await emulator.stop();
	}
}

// n8n-core's axios leaves follow-redirects' request timers armed after a run (see test/jest-suites.js): exit rather than wait for them.
main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
