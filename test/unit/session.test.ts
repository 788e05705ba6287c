import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { SESSION_TOKEN_FIELD } from '../../nodes/shared/auth';
import { classify, type RawResponse } from '../../nodes/shared/classify';
import { eiamSpec } from '../../nodes/Eiam/transport';
import { FailureWords } from '../../nodes/shared/failures';
import { SecretRedactor } from '../../nodes/shared/secrets';
import { TokenSession } from '../../nodes/shared/session';
import { TokenExchangeError } from '../../nodes/shared/tokenBridge';
import { failureShown } from '../support/shown';

const node: INode = { id: 'n', name: 'EIAM', type: 'n8n-nodes-aicc-eiam.eiam', typeVersion: 1, position: [0, 0], parameters: {} };
const OPTIONS: IHttpRequestOptions = { url: 'https://tenant.example.com/x', method: 'GET' };
const CREDENTIALS: ICredentialDataDecryptedObject = { domain: 'https://tenant.example.com', authentication: 'clientCredentials', clientId: 'id', clientSecret: 'secret-1', [SESSION_TOKEN_FIELD]: 'old-token' };

type TokenEndpoint = (attempt: number) => string | TokenExchangeError;

/** A session whose wire call stands for n8n: with the token field empty it "runs preAuthentication" (the endpoint), then answers 200. */
function sessionWith(endpoint: TokenEndpoint, retry = { maxRetries: 0, maxWaitMs: 0 }) {
	const sent: Array<string | undefined> = [];
	let tokenRequests = 0;
	const session = new TokenSession({
		readCredentials: async () => ({ ...CREDENTIALS }),
		secrets: new SecretRedactor(),
		words: new FailureWords(node, 'EIAM', true),
		retry,
		judge: (response) => classify(response, eiamSpec),
		send: async (_options, _itemIndex, data): Promise<RawResponse> => {
			if (!data[SESSION_TOKEN_FIELD]) {
				// What the bridge hands the transport when preAuthentication failed (see tokenBridge.ts).
				const outcome = endpoint(tokenRequests++);
				if (outcome instanceof Error) throw outcome;
				data[SESSION_TOKEN_FIELD] = outcome;
			}
			sent.push(data[SESSION_TOKEN_FIELD] as string);
			return { statusCode: 200, body: {} };
		},
	});
	return { session, sent, tokenRequests: () => tokenRequests };
}

/** Runs `work` with Date.now() under the test's hand: `advance` moves it on. */
async function withClock(work: (advance: (ms: number) => void) => Promise<void>): Promise<void> {
	let now = 1_000_000;
	const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
	try {
		await work((ms) => (now += ms));
	} finally {
		clock.mockRestore();
	}
}

const busy = (retryAfterMs?: number) => new TokenExchangeError("EIAM's token endpoint answered HTTP 429 instead of a token", 'passing', { statusCode: 429, retryAfterMs });

describe('the token session', () => {
	test('requests that need a renewal together share one token request (single flight)', async () => {
		const { session, sent, tokenRequests } = sessionWith((n) => `new-${n}`);
		await Promise.all([0, 1, 2, 3, 4].map((item) => session.sendRenewed(0, OPTIONS, item)));
		expect(tokenRequests()).toBe(1);
		expect(sent).toEqual(Array(5).fill('new-0'));
	});

	test('a request whose token another renewal already replaced is sent with the new token, not renewed again', async () => {
		const { session, tokenRequests } = sessionWith((n) => `new-${n}`);
		await session.sendRenewed(0, OPTIONS, 0);
		await session.sendRenewed(0, OPTIONS, 1);
		expect(tokenRequests()).toBe(1);
	});

	test('a refused Client Secret is remembered for the run: later requests share it without asking', async () => {
		const refused = new TokenExchangeError('EIAM refused the Client ID or Client Secret (HTTP 401)', 'refused');
		const { session, tokenRequests } = sessionWith(() => refused);
		await expect(session.sendRenewed(0, OPTIONS, 0)).rejects.toThrow(/refused the Client ID/);
		expect(await failureShown(session.sendRenewed(0, OPTIONS, 3), 3)).toMatch(/refused the Client ID or Client Secret \(HTTP 401\) \(item 3\)/);
		expect(tokenRequests()).toBe(1);
	});

	test('a token host that could not be reached is left alone for a back-off only, not for the run: it may be back', async () => {
		await withClock(async (advance) => {
			const unreachable = new TokenExchangeError('Could not reach https://tenant.example.com: the host name could not be resolved', 'unreachable');
			const { session, tokenRequests } = sessionWith((n) => (n === 0 ? unreachable : 'new-1'));
			await expect(session.sendRenewed(0, OPTIONS, 0)).rejects.toThrow(/could not be resolved/);
			expect(await failureShown(session.sendRenewed(0, OPTIONS, 1), 1)).toMatch(/could not be resolved \(item 1\)$/);
			expect(tokenRequests()).toBe(1);
			advance(60_000);
			await session.sendRenewed(0, OPTIONS, 2);
			expect(tokenRequests()).toBe(2);
		});
	});

	test("a busy token endpoint is left alone for its Retry-After: requests in that time share the failure, later ones ask again", async () => {
		await withClock(async (advance) => {
			const { session, tokenRequests } = sessionWith((n) => (n === 0 ? busy(10_000) : 'new-1'));
			await expect(session.sendRenewed(0, OPTIONS, 0)).rejects.toThrow(/^EIAM stayed unavailable/);
			advance(9_000);
			expect(await failureShown(session.sendRenewed(0, OPTIONS, 1), 1)).toMatch(/^EIAM stayed unavailable .*\(item 1\)$/);
			expect(tokenRequests()).toBe(1);
			advance(2_000);
			await session.sendRenewed(0, OPTIONS, 2);
			expect(tokenRequests()).toBe(2);
		});
	});

	test("a renewal's retries wait for the endpoint's Retry-After and succeed within the run's budget", async () => {
		const { session, sent, tokenRequests } = sessionWith((n) => (n === 0 ? busy(1) : 'new-1'), { maxRetries: 1, maxWaitMs: 1_000 });
		await session.sendRenewed(0, OPTIONS, 0);
		expect(tokenRequests()).toBe(2);
		expect(sent).toEqual(['new-1']);
	});
});
