/**
 * What a user typed, quoted back in an item error, is cut to QUOTED_INPUT_MAX_CHARS characters with the
 * size it had: a refused 1 MB Web URL must not become a 1 MB error in the editor, an AI Agent's context,
 * n8n's database and every error workflow. And refused text is not kept after the run: a long-running
 * n8n must not grow with what its users typed.
 */
import type { INodeParameters } from 'n8n-workflow';

import { conversionCacheCharacters, CONVERSION_CACHE_MAX_CHARS } from '../../../nodes/shared/dates';
import { QUOTED_INPUT_MAX_CHARS } from '../../../nodes/shared/text';
import { OWNER, todoCreate, TODOS } from '../../support/fixtures';
import { startBench, type Bench } from '../../support/emulator-bench';

const MEGABYTE = 1_048_576;
const NO_RETRIES = { maxRetries: 0, timeout: 5_000 };
/** What a quoted value may add to a message beyond its first QUOTED_INPUT_MAX_CHARS characters: quotes and the size note. */
const QUOTE_OVERHEAD = 40;

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

/** A text of exactly `length` characters that starts as `start`. */
const padded = (start: string, length: number) => start + 'a'.repeat(length - start.length);

/** The error's message: the rule's words, the value's first characters in quotes, its size, and the item. */
function expectQuotedBounded(message: string | undefined, rule: string, value: string, end = ' (item 0)') {
	// The length first: a failure then prints two numbers, not the megabyte.
	expect((message ?? '').length).toBeLessThan(rule.length + QUOTED_INPUT_MAX_CHARS + QUOTE_OVERHEAD + end.length);
	const head = JSON.stringify(value.slice(0, QUOTED_INPUT_MAX_CHARS));
	expect(message).toBe(`${rule}${head}… (${value.length.toLocaleString('en-US')} characters)${end}`);
}

describe('a refused value is quoted cut to its first characters, with the size it had', () => {
	test.each([
		['Web URL that is no URL', { webUrl: padded('example.com/', MEGABYTE) }, 'Web URL must be a full URL starting with http:// or https://, got '],
		['Mobile URL of another scheme', { mobileUrl: padded('ftp://example.com/', MEGABYTE) }, 'Mobile URL must start with http:// or https://, got '],
		['Deadline', { deadline: padded('soon', MEGABYTE) }, 'Deadline must be a date and time (e.g. 2026-08-14 12:00:00 or an ISO date such as 2026-08-14T12:00:00+08:00), got '],
		['Message Type from an expression', { messageType: padded('HTML', MEGABYTE) }, 'Message Type must be one of TEXT, MARKDOWN, got '],
	] as const)('EIAM Create, a 1 MB %s: nothing is sent, the message quotes 200 characters and says 1,048,576', async (_label, override, rule) => {
		bench = await startBench('eiam', 'clientCredentials');
		const value = Object.values(override)[0];
		const { error } = await bench.run(todoCreate('bounded-1', NO_RETRIES, override));
		expectQuotedBounded(error?.message, rule, value);
		expect(bench.count('POST', TODOS)).toBe(0);
	});

	test('AICC Get Many, a Limit of 1 MB of text from an expression: quoted cut too', async () => {
		bench = await startBench('aicc', 'clientCredentials');
		const limit = padded('many', MEGABYTE);
		const { error } = await bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: false, limit, filters: {}, options: NO_RETRIES });
		expectQuotedBounded(error?.message, 'Limit must be a whole number of at least 1, got ', limit);
	});

	test("a credential's Domain of 1 MB is quoted cut too, before anything is sent", async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const domain = padded('https://tenant example.com/', MEGABYTE);
		bench.store.get(bench.credential.id as string).data.domain = domain;
		const { error } = await bench.run(todoCreate('bounded-3', NO_RETRIES));
		expectQuotedBounded(error?.message, "The credential's Domain ", domain, ' is not a valid URL (item 0)');
		expect(bench.emulator.requestsTo('POST', TODOS)).toHaveLength(0);
	});

	test('with Continue On Fail, each item error carries the cut quote, so the run data does not hold the megabytes', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const parameters: INodeParameters = todoCreate('bounded-2', NO_RETRIES, { webUrl: '={{ $json.url }}' });
		const items = Array.from({ length: 5 }, () => ({ url: padded('not a url ', MEGABYTE) }));
		const run = await bench.run(parameters, items, { continueOnFail: true });
		expect(run.items).toHaveLength(5);
		for (const item of run.items) expect(JSON.stringify(item.json).length).toBeLessThan(QUOTED_INPUT_MAX_CHARS + 200);
	});
});

describe('refused date texts are not kept after the run (the dates cache is bounded by size)', () => {
	test('300 refused 100 KB Deadlines and 2,000 distinct accepted ISO dates leave the cache within its documented size', async () => {
		bench = await startBench('eiam', 'clientCredentials');
		const refused = Array.from({ length: 300 }, (_, index) => ({ deadline: padded(`never ${index} `, 100_000) }));
		const run = await bench.run(todoCreate('cache-1', { ...NO_RETRIES, batching: { batch: { batchSize: 50 } } }, { deadline: '={{ $json.deadline }}' }), refused, { continueOnFail: true });
		expect(run.items.map((item) => item.json.error)).toEqual(refused.map(() => expect.stringMatching(/^Deadline must be a date and time.*\(100,000 characters\) \(item \d+\)$/)));
		// Accepted dates are cached (a bulk run repeats them); 2,000 distinct ones fill the cache to its limit.
		const accepted = Array.from({ length: 2_000 }, (_, index) => ({ deadline: new Date(Date.UTC(2027, 0, 1, 0, 0, index)).toISOString() }));
		await bench.run(todoCreate('cache-2', { ...NO_RETRIES, batching: { batch: { batchSize: 50 } } }, { deadline: '={{ $json.deadline }}', webUrl: 'not a url' }), accepted, { continueOnFail: true });
		expect(conversionCacheCharacters()).toBeLessThanOrEqual(CONVERSION_CACHE_MAX_CHARS);
		// Bounded, not removed: the accepted dates filled it.
		expect(conversionCacheCharacters()).toBeGreaterThan(CONVERSION_CACHE_MAX_CHARS / 2);
		expect(CONVERSION_CACHE_MAX_CHARS).toBeLessThanOrEqual(200_000);
	});
});
