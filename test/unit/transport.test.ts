/**
 * The attempt loop with a fake context standing for n8n: httpRequestWithAuthentication runs the
 * credential's preAuthentication when the token field is empty (as n8n does), then answers from a script.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { requestOptionsOf } from '../../nodes/shared/options';
import { throwTokenFailure, TokenExchangeError } from '../../nodes/shared/tokenBridge';
import { UncertainOutcomeError, VendorApiError, VendorTransport, type VendorRequest } from '../../nodes/shared/transport';
import { eiamSpec } from '../../nodes/Eiam/transport';
import { failureShown } from '../support/shown';

const node: INode = { id: 'n', name: 'EIAM', type: 'n8n-nodes-aicc-eiam.eiam', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { eiamApi: { id: 'c', name: 'eiam' } } };

interface Answer {
	statusCode: number;
	body?: unknown;
	headers?: Record<string, string>;
}

/** A script of answers by the token each request carried; the token endpoint hands out `token-1`, `token-2`… or fails. */
function fakeN8n(options: { stored?: string; answer: (token: string, sent: number) => Answer; tokenEndpoint?: (asked: number) => string | TokenExchangeError }) {
	const seen: string[] = [];
	let tokenRequests = 0;
	const credentials: ICredentialDataDecryptedObject = { domain: 'https://tenant.example.com', authentication: 'clientCredentials', clientId: 'id', clientSecret: 'secret-value', sessionToken: options.stored ?? '' };
	const context = {
		getNode: () => node,
		getInputData: () => [{ json: {} }],
		getCredentials: async () => ({ ...credentials }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions, extra: { credentialsDecrypted: { data: ICredentialDataDecryptedObject } }) => {
				const data = extra.credentialsDecrypted.data;
				if (!data.sessionToken) {
					const outcome = (options.tokenEndpoint ?? ((asked: number) => `token-${asked + 1}`))(tokenRequests++);
					if (outcome instanceof TokenExchangeError) {
						try {
							throwTokenFailure(data, outcome);
						} catch (error) {
							// n8n keeps message and description only.
							throw Object.assign(new Error((error as Error).message), { description: (error as TokenExchangeError).description });
						}
					}
					data.sessionToken = outcome;
				}
				const token = data.sessionToken as string;
				seen.push(`${request.method} ${request.url} ${token}`);
				return { headers: {}, ...options.answer(token, seen.length) };
			},
		},
	} as unknown as IExecuteFunctions;
	const transport = new VendorTransport(context, eiamSpec, requestOptionsOf({ maxRetries: 2, maxRetryWait: 5_000, timeout: 1_000 }));
	return { transport, seen, tokenRequests: () => tokenRequests };
}

const GET: VendorRequest = { method: 'GET', path: '/api/v2/tenant/todo/task/t1', itemIndex: 0, idempotent: true };
const CREATE: VendorRequest = { method: 'POST', path: '/api/v2/tenant/todo/task', body: { title: 'x' }, itemIndex: 0, idempotent: false };

describe('the transport: send, classify, retry or give up', () => {
	test('a success is the body, sent once with the stored token', async () => {
		const { transport, seen, tokenRequests } = fakeN8n({ stored: 'stored', answer: () => ({ statusCode: 200, body: { id: 't1' } }) });
		expect(await transport.request(GET)).toEqual({ id: 't1' });
		expect(seen).toEqual(['GET https://tenant.example.com/api/v2/tenant/todo/task/t1 stored']);
		expect(tokenRequests()).toBe(0);
	});

	test('a token refused inside HTTP 200 is renewed once and the request sent again, even a create', async () => {
		const { transport, seen, tokenRequests } = fakeN8n({
			stored: 'expired',
			answer: (token) => (token === 'expired' ? { statusCode: 200, body: { error: 'invalid_token' } } : { statusCode: 200, body: { todo_id: 'new' } }),
		});
		expect(await transport.request(CREATE)).toEqual({ todo_id: 'new' });
		expect(seen.map((line) => line.split(' ').pop())).toEqual(['expired', 'token-1']);
		expect(tokenRequests()).toBe(1);
	});

	test('a token the vendor refuses right after issuing it is not renewed again; later requests share the error unsent', async () => {
		const { transport, seen, tokenRequests } = fakeN8n({ stored: 'expired', answer: () => ({ statusCode: 401, body: {} }) });
		expect(await failureShown(transport.request(GET), 0)).toBe('EIAM rejected a token it had just issued (HTTP 401) (item 0)');
		expect(await failureShown(transport.request({ ...GET, itemIndex: 1 }), 1)).toBe('EIAM rejected a token it had just issued (HTTP 401) (item 1)');
		expect(seen).toHaveLength(2);
		expect(tokenRequests()).toBe(1);
	});

	test('a refused client secret (through the bridge) fails every item of the run with one token request', async () => {
		const refused = new TokenExchangeError('EIAM refused the Client ID or Client Secret (HTTP 401)', 'refused');
		const { transport, tokenRequests } = fakeN8n({ answer: () => ({ statusCode: 200, body: {} }), tokenEndpoint: () => refused });
		expect(await failureShown(transport.request(GET), 0)).toBe('EIAM refused the Client ID or Client Secret (HTTP 401) (item 0)');
		expect(await failureShown(transport.request({ ...GET, itemIndex: 2 }), 2)).toBe('EIAM refused the Client ID or Client Secret (HTTP 401) (item 2)');
		expect(tokenRequests()).toBe(1);
	});

	test('429 is retried (the vendor did not act), even for a create', async () => {
		const { transport, seen } = fakeN8n({ stored: 's', answer: (_token, sent) => (sent === 1 ? { statusCode: 429, body: {}, headers: { 'retry-after': '0' } } : { statusCode: 200, body: { todo_id: 'x' } }) });
		expect(await transport.request(CREATE)).toEqual({ todo_id: 'x' });
		expect(seen).toHaveLength(2);
	});

	test('a 503 without Retry-After on a create is not repeated: it may have been carried out', async () => {
		const { transport, seen } = fakeN8n({ stored: 's', answer: () => ({ statusCode: 503, body: {} }) });
		await expect(transport.request(CREATE)).rejects.toBeInstanceOf(UncertainOutcomeError);
		expect(seen).toHaveLength(1);
	});

	test('a read is repeated after a 502 and reports the lost answer it recovered from', async () => {
		const { transport, seen } = fakeN8n({ stored: 's', answer: (_token, sent) => (sent === 1 ? { statusCode: 502, body: '<html></html>' } : { statusCode: 400, body: { error_code: 'TODOTASK.0001', error_msg: 'gone' } }) });
		const error = (await transport.request(GET).catch((caught: unknown) => caught)) as VendorApiError;
		expect(error).toBeInstanceOf(VendorApiError);
		expect(error.vendorCode).toBe('TODOTASK.0001');
		expect(error.lostAnswer).toBe('HTTP 502, an HTML page');
		expect(seen).toHaveLength(2);
	});

	test('a redirect is refused, naming where it pointed, and not followed', async () => {
		const { transport, seen } = fakeN8n({ stored: 's', answer: () => ({ statusCode: 302, body: '', headers: { location: 'https://elsewhere.example/x' } }) });
		expect(await failureShown(transport.request(GET), 0)).toBe('EIAM answered with a redirect to https://elsewhere.example; the request was not followed (item 0)');
		expect(seen).toHaveLength(1);
	});

	test("the vendor's words are cleared of the run's secrets", async () => {
		const { transport } = fakeN8n({ stored: 'stored-token-1', answer: () => ({ statusCode: 400, body: { error_code: 'COM.0601', error_msg: 'bad header Bearer stored-token-1, secret secret-value' } }) });
		const error = (await transport.request(GET).catch((caught: unknown) => caught)) as VendorApiError;
		expect(error.description).toBe('EIAM COM.0601: bad header Bearer [redacted], secret [redacted]');
	});
});
