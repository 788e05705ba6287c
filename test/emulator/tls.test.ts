// The emulator over HTTPS, as the benchmark's HTTPS rows use it: a certificate for 127.0.0.1 signed by a
// CA made for the run. A client that trusts that CA gets answers; one that does not is refused, so
// nothing in the benchmark works by turning certificate verification off.
import { get } from 'node:https';

import { makeLoopbackCertificates, type LoopbackCertificates } from '../support/tls';
import { startEmulator, type Emulator } from './server';

let certificates: LoopbackCertificates;
let emulator: Emulator;

beforeAll(async () => {
	certificates = makeLoopbackCertificates();
	emulator = await startEmulator({ tls: { key: certificates.key, cert: certificates.cert } });
});

afterAll(async () => {
	await emulator.stop();
	certificates.remove();
});

function status(url: string, ca?: string): Promise<number> {
	return new Promise((resolve, reject) => {
		get(url, { ca }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		}).on('error', reject);
	});
}

it('serves HTTPS on 127.0.0.1 to a client that trusts the run CA', async () => {
	expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	expect(await status(`${emulator.url}/__emulator/stats`, certificates.ca)).toBe(200);
});

it('is refused by a client that does not trust that CA (verification stays on)', async () => {
	await expect(status(`${emulator.url}/__emulator/stats`)).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
});
