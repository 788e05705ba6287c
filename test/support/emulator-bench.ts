import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { DEMO_CLIENTS, startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server';
import { CredentialStore, runNode, type NodeRun } from './harness';

export type AuthMode = 'clientCredentials' | 'accessToken';

/** One emulator, one credential as n8n would store it, and a way to run a node against them. */
export interface Bench {
	emulator: Emulator;
	store: CredentialStore;
	credential: INodeCredentialsDetails;
	run(parameters: INodeParameters, items?: IDataObject[], options?: { continueOnFail?: boolean; timezone?: string; typeVersion?: number }): Promise<NodeRun>;
	/** Requests of the emulator's log to a path (exact) with a method. */
	count(method: string, path: string): number;
	stop(): Promise<void>;
}

export async function startBench(vendor: 'aicc' | 'eiam', mode: AuthMode, options: EmulatorOptions = {}): Promise<Bench> {
	const emulator = await startEmulator(options);
	const store = new CredentialStore();
	const type = vendor === 'aicc' ? 'aiccApi' : 'eiamApi';
	const secrets = mode === 'clientCredentials' ? DEMO_CLIENTS[vendor] : { accessToken: emulator.issueToken(vendor) };
	const credential = store.add({ id: 'cred-1', name: `${vendor} account`, type, data: { domain: `${emulator.url}/`, authentication: mode, ...secrets } });
	const nodeType = vendor === 'aicc' ? 'n8n-nodes-aicc-eiam.aicc' : 'n8n-nodes-aicc-eiam.eiam';
	return {
		emulator,
		store,
		credential,
		run: (parameters, items = [{}], runOptions = {}) =>
			runNode(
				store,
				{ type: nodeType, parameters, credentials: { [type]: credential }, continueOnFail: runOptions.continueOnFail, typeVersion: runOptions.typeVersion },
				items,
				runOptions.timezone,
			),
		count: (method, path) => emulator.requestsTo(method, path).length,
		stop: () => emulator.stop(),
	};
}

/** A web server that is not either API (an HTML page for every path), as a mistyped Domain often reaches. */
export async function startForeignServer(status = 404): Promise<{ url: string; stop(): Promise<void> }> {
	const server = createServer((_request, response) => {
		response.writeHead(status, { 'Content-Type': 'text/html' });
		response.end('<html><body>Not Found</body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
