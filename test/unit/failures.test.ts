import type { INode } from 'n8n-workflow';

import { FailureWords, itemMessage, UncertainOutcomeError, VendorApiError } from '../../nodes/shared/failures';
import { RetryBudget } from '../../nodes/shared/retry';

const node: INode = { id: 'n', name: 'AICC', type: 'n8n-nodes-aicc-eiam.aicc', typeVersion: 1, position: [0, 0], parameters: {} };
const inRun = new FailureWords(node, 'AICC', true);
const inPoll = new FailureWords(node, 'AICC', false);
const spent = () => new RetryBudget({ maxRetries: 0, maxWaitMs: 0 });

describe('the words of a failure', () => {
	test("a node's run names the item; a trigger's poll and the editor's picker have none to name", () => {
		const problem = { reason: 'HTTP 500', notActed: false };
		expect(itemMessage(inRun.gaveUp(problem, { itemIndex: 3, idempotent: true }, spent()), 3)).toBe('AICC failed (HTTP 500) (item 3)');
		expect(itemMessage(inPoll.gaveUp(problem, { itemIndex: 0, idempotent: true }, spent()), 0)).toBe('AICC failed (HTTP 500)');
		expect(itemMessage(inPoll.redirected('https://x.example', 302, 0), 0)).toBe('AICC answered with a redirect to https://x.example; the request was not followed');
	});

	test('a lost answer of a request that is not idempotent may have been carried out, and says what to check', () => {
		const error = inRun.gaveUp({ reason: 'HTTP 200: the answer broke off after 5 bytes', notActed: false }, { itemIndex: 1, idempotent: false, uncertainAdvice: 'Look for the task.' }, spent());
		expect(error).toBeInstanceOf(UncertainOutcomeError);
		expect(itemMessage(error, 1)).toBe("AICC's answer was lost (HTTP 200: the answer broke off after 5 bytes) (item 1)");
		expect((error as UncertainOutcomeError).description).toBe('Look for the task.');
	});

	test('what the vendor did not act on says so, with its Retry-After', () => {
		const error = inRun.gaveUp({ reason: 'HTTP 429', notActed: true, retryAfterMs: 2_500 }, { itemIndex: 0, idempotent: false }, spent(), { statusCode: 429, body: {} });
		expect(itemMessage(error, 0)).toBe("AICC's rate limit held (HTTP 429) (item 0)");
		expect((error as VendorApiError).description).toMatch(/^The request was not carried out\. AICC asked to wait 3 s \(Retry-After\)\./);
	});

	test("a refusal keeps the vendor's code, and the same failure is reworded for another item", () => {
		const refused = inRun.refused({ statusCode: 400, body: {} }, { message: 'AICC refused the request (resCode 1)', description: 'AICC resCode 1: 参数错误', code: '1' }, 2);
		expect(refused.vendorCode).toBe('1');
		expect(itemMessage(refused, 2)).toBe('AICC refused the request (resCode 1) (item 2)');
		expect(itemMessage(inRun.forItem(inRun.unreachable('https://a.example', 'the connection was refused', 2, 'ECONNREFUSED'), 7), 7)).toBe(
			'Could not reach AICC at https://a.example: the connection was refused (item 7)',
		);
	});
});
