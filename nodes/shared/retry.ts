/** How a run repeats requests that met a passing fault, from the node's Options. */
export interface RetryPolicy {
	/** Repeats of one request at most; 0 never repeats. */
	maxRetries: number;
	/** Milliseconds one request may spend waiting between its attempts, in all. */
	maxWaitMs: number;
}

/** The first back-off ceiling; it doubles with every retry up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 8_000;

/**
 * A `Retry-After` header in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3), or
 * undefined when it is absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	// An HTTP date always names its weekday and month; this keeps numbers like "-1" from passing as years.
	if (!/[a-z]/i.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential back-off with jitter: the wait lies between half and all of a ceiling that doubles with
 * each retry, so that items of a batch that failed together do not come back together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retry);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The retries one request has used; hands out waits while the policy allows them. */
export class RetryBudget {
	retries = 0;
	waitedMs = 0;

	constructor(private readonly policy: RetryPolicy) {}

	/** The wait before the next attempt (the vendor's Retry-After when given), or undefined once the budget is spent. */
	nextWait(retryAfterMs?: number): number | undefined {
		if (this.retries >= this.policy.maxRetries) return undefined;
		const wait = retryAfterMs ?? backoffDelay(this.retries);
		if (this.waitedMs + wait > this.policy.maxWaitMs) return undefined;
		this.retries++;
		this.waitedMs += wait;
		return wait;
	}
}
