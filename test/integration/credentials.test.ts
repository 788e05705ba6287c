// The credential Test button, run as n8n's credentials tester runs a request-based `test`.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_CLIENTS, startEmulator, type Emulator } from '../emulator/server';
import { CredentialStore, testCredential } from '../support/harness';
import { startForeignServer } from '../support/emulator-bench';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(async () => emulator.stop());

const OK = { status: 'OK', message: 'Connection successful!' };

describe.each([
	{ vendor: 'eiam' as const, type: 'eiamApi' as const, rejected: 'EIAM rejected the access token: it is expired or wrong', foreign: "The Domain answered, but not like the EIAM API: check the credential's Domain" },
	// AICC's refusals are HTTP errors, which n8n reports in its own words (see AiccApi.credentials.ts).
	{ vendor: 'aicc' as const, type: 'aiccApi' as const, rejected: 'Authorization failed - please check your credentials', foreign: 'The resource you are requesting could not be found' },
])('$type Test button', ({ vendor, type, rejected, foreign }) => {
	const clickTest = (data: ICredentialDataDecryptedObject) => testCredential(new CredentialStore(), { id: 'c1', name: 'account', type, data });

	test('passes with the right client ID and secret, with a Domain given with a trailing path', async () => {
		expect(await clickTest({ domain: `${emulator.url}/some/path/`, authentication: 'clientCredentials', ...DEMO_CLIENTS[vendor] })).toEqual(OK);
	});

	test('passes with a valid access token', async () => {
		expect(await clickTest({ domain: emulator.url, authentication: 'accessToken', accessToken: emulator.issueToken(vendor) })).toEqual(OK);
	});

	test('fails on a wrong client secret, saying the client ID or secret is wrong', async () => {
		const result = await clickTest({ domain: emulator.url, authentication: 'clientCredentials', clientId: DEMO_CLIENTS[vendor].clientId, clientSecret: 'wrong' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`${vendor.toUpperCase()} refused the Client ID or Client Secret (HTTP 401`);
	});

	test('fails on an expired access token, saying the token is the problem', async () => {
		const token = emulator.issueToken(vendor);
		emulator.tokens.expireAll(vendor);
		expect(await clickTest({ domain: emulator.url, authentication: 'accessToken', accessToken: token })).toEqual({ status: 'Error', message: rejected });
	});

	test('fails on a Domain that is some other web server, pointing at the Domain', async () => {
		const server = await startForeignServer();
		try {
			expect(await clickTest({ domain: server.url, authentication: 'accessToken', accessToken: 't' })).toEqual({ status: 'Error', message: foreign });
		} finally {
			await server.stop();
		}
	});

	test('never sends an access token to a Domain the nodes refuse (user info hides the real host)', async () => {
		const before = emulator.requests.length;
		const { host } = new URL(emulator.url);
		for (const domain of [`http://user@${host}`, `http://@${host}`, `https://a.example;@${host}`]) {
			const result = await clickTest({ domain, authentication: 'accessToken', accessToken: emulator.issueToken(vendor) });
			expect(result.status).toBe('Error');
		}
		expect(emulator.requests.length).toBe(before);
	});

	test('fails on a Domain where nothing listens', async () => {
		const server = await startForeignServer();
		await server.stop();
		const result = await clickTest({ domain: server.url, authentication: 'accessToken', accessToken: 't' });
		expect(result).toEqual({ status: 'Error', message: 'The service refused the connection - perhaps it is offline' });
	});

	test('a Domain that answers 200 with a page that is not the API fails pointing at the Domain', async () => {
		const server = await startForeignServer(200);
		try {
			const result = await clickTest({ domain: server.url, authentication: 'accessToken', accessToken: 't' });
			expect(result).toEqual({ status: 'Error', message: `The Domain answered, but not like the ${vendor.toUpperCase()} API: check the credential's Domain` });
		} finally {
			await server.stop();
		}
	});
});
