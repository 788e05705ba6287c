import { NodeApiError, type INode } from 'n8n-workflow';

import { refuseRequest, requestRefusalOf, throwTokenFailure, TokenExchangeError, tokenFailureOf } from '../../nodes/shared/tokenBridge';

const node: INode = { id: 'n', name: 'EIAM', type: 'n8n-nodes-aicc-eiam.eiam', typeVersion: 1, position: [0, 0], parameters: {} };

/** What n8n-core does with what a credential's hook throws: wraps it, keeping message and description only. */
function wrappedByN8n(error: unknown): NodeApiError {
	return new NodeApiError(node, error as never);
}

describe('the token bridge across n8n\'s wrapping', () => {
	test('a typed token failure noted on the credential object comes back whole, whatever n8n made of the error', () => {
		const credentials = { domain: 'https://x.example', sessionToken: '' };
		const busy = new TokenExchangeError("EIAM's token endpoint answered HTTP 429 instead of a token", 'passing', { statusCode: 429, retryAfterMs: 3000 });
		let thrown: unknown;
		try {
			throwTokenFailure(credentials, busy);
		} catch (error) {
			thrown = wrappedByN8n(error);
		}
		expect(thrown).toBeInstanceOf(NodeApiError);
		const carried = tokenFailureOf(credentials);
		expect(carried).toBe(busy);
		expect(carried?.kind).toBe('passing');
		expect(carried?.detail.retryAfterMs).toBe(3000);
	});

	test('the note rides without being stored: not enumerable, not in JSON, not copied by a spread', () => {
		const credentials = { sessionToken: '' };
		expect(() => throwTokenFailure(credentials, new TokenExchangeError('refused', 'refused'))).toThrow('refused');
		expect(Object.keys(credentials)).toEqual(['sessionToken']);
		expect(JSON.stringify(credentials)).toBe('{"sessionToken":""}');
		expect(tokenFailureOf({ ...credentials })).toBeUndefined();
	});

	test('an error that is not a token failure is thrown as it is, and notes nothing', () => {
		const credentials = {};
		expect(() => throwTokenFailure(credentials, new Error('no Domain'))).toThrow('no Domain');
		expect(tokenFailureOf(credentials)).toBeUndefined();
	});

	test('each kind has a description n8n keeps beside the message; a gateway\'s words take its place', () => {
		expect(new TokenExchangeError('x', 'refused').description).toMatch(/could not obtain an access token/);
		expect(new TokenExchangeError('x', 'unreachable').description).toMatch(/could not connect to the token endpoint/);
		expect(new TokenExchangeError('x', 'passing').description).toMatch(/can be tried again/);
		const failure = { message: 'throttled', description: 'Huawei API Gateway APIG.0308: slow down' };
		expect(new TokenExchangeError('x', 'passing', { failure }).description).toBe('Huawei API Gateway APIG.0308: slow down');
	});

	test("authenticate's refusal to send is noted on the request options it was handed", () => {
		const options = { url: 'https://x.example' };
		expect(() => refuseRequest(options, 'The token holds a line break')).toThrow('The token holds a line break');
		expect(requestRefusalOf(options)).toBe('The token holds a line break');
		expect(requestRefusalOf({})).toBeUndefined();
	});
});
