import { backoffDelay, parseRetryAfter, RetryBudget } from '../../nodes/shared/retry';

describe('Retry-After (RFC 9110 §10.2.3)', () => {
	const now = Date.parse('2026-11-22T10:00:00Z');

	test('delta-seconds become milliseconds', () => {
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter(['3'], now)).toBe(3000);
	});

	test('an HTTP date becomes the time left until it, never negative', () => {
		expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBe(0);
	});

	test('absent or unreadable headers give nothing, so back-off applies', () => {
		for (const value of [undefined, '', 'soon', '-1', '1.5', {}]) expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('back-off with jitter', () => {
	test('the wait lies between half and all of a ceiling that doubles per retry, capped at 8 s', () => {
		expect([backoffDelay(0, () => 0), backoffDelay(0, () => 1)]).toEqual([125, 250]);
		expect([backoffDelay(2, () => 0), backoffDelay(2, () => 1)]).toEqual([500, 1000]);
		expect([backoffDelay(10, () => 0), backoffDelay(10, () => 1)]).toEqual([4000, 8000]);
	});
});

describe('retry budget', () => {
	test('hands out at most Max Retries waits', () => {
		const budget = new RetryBudget({ maxRetries: 2, maxWaitMs: 60_000 });
		expect(budget.nextWait(10)).toBe(10);
		expect(budget.nextWait(10)).toBe(10);
		expect(budget.nextWait(10)).toBeUndefined();
		expect([budget.retries, budget.waitedMs]).toEqual([2, 20]);
	});

	test('refuses a wait that would pass Max Retry Wait, such as a Retry-After longer than what is left', () => {
		const budget = new RetryBudget({ maxRetries: 10, maxWaitMs: 1000 });
		expect(budget.nextWait(600)).toBe(600);
		expect(budget.nextWait(600)).toBeUndefined();
		expect(budget.nextWait(400)).toBe(400);
	});

	test('Max Retries 0 never repeats', () => {
		expect(new RetryBudget({ maxRetries: 0, maxWaitMs: 60_000 }).nextWait(0)).toBeUndefined();
	});
});
