import { DateTime } from 'luxon';

import { CACHED_TEXT_MAX_CHARS, conversionCacheCharacters, CONVERSION_CACHE_MAX_CHARS, toVendorDateTime } from '../../nodes/shared/dates';

const zone = 'Asia/Shanghai';

describe('toVendorDateTime (yyyy-MM-dd HH:mm:ss in the workflow time zone)', () => {
	test("the date picker's ISO text without offset is wall-clock time in the workflow zone", () => {
		expect(toVendorDateTime('2026-08-14T12:00:00', 'Deadline', zone)).toBe('2026-08-14 12:00:00');
	});

	test('an ISO string with an offset is converted into the workflow zone', () => {
		expect(toVendorDateTime('2026-08-14T04:00:00Z', 'Deadline', zone)).toBe('2026-08-14 12:00:00');
		expect(toVendorDateTime('2026-08-14T12:00:00+02:00', 'Deadline', 'Europe/Berlin')).toBe('2026-08-14 12:00:00');
		expect(toVendorDateTime('2026-08-14T12:00:00.250+08:00', 'Deadline', 'UTC')).toBe('2026-08-14 04:00:00');
	});

	test('the same text converts per time zone, however often it is seen', () => {
		for (let round = 0; round < 3; round++) {
			expect(toVendorDateTime('2026-08-14T04:00:00Z', 'Deadline', 'Asia/Shanghai')).toBe('2026-08-14 12:00:00');
			expect(toVendorDateTime('2026-08-14T04:00:00Z', 'Deadline', 'UTC')).toBe('2026-08-14 04:00:00');
			expect(() => toVendorDateTime('soon', 'Deadline', 'UTC')).toThrow('Deadline must be a date and time');
		}
	});

	test('a luxon DateTime ($now) and a JS Date are accepted', () => {
		const dateTime = DateTime.fromISO('2026-01-02T03:04:05', { zone: 'UTC' });
		expect(toVendorDateTime(dateTime, 'Deadline', zone)).toBe('2026-01-02 11:04:05');
		expect(toVendorDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), 'Deadline', zone)).toBe('2026-01-02 11:04:05');
	});

	test("text already in the vendor's format is kept as it is", () => {
		expect(toVendorDateTime('2023-07-08 00:00:00', 'Due Date', zone)).toBe('2023-07-08 00:00:00');
	});

	test('a date without a time means midnight', () => {
		expect(toVendorDateTime('2026-08-14', 'Due Date', zone)).toBe('2026-08-14 00:00:00');
	});

	test('unparseable or impossible dates are refused with the field named', () => {
		for (const bad of ['tomorrow', '2026-02-30 10:00:00', '14/08/2026', '2026-13-01T00:00:00']) {
			expect(() => toVendorDateTime(bad, 'Deadline', zone)).toThrow(/^Deadline must be a date and time/);
		}
		expect(() => toVendorDateTime(1760000000, 'Deadline', zone)).toThrow('got a number');
	});

	// Both found by the property tests of issue 6 (test/property).
	test('the years 1–99 are real years in the vendor format too (Date.UTC would read 0099 as 1999)', () => {
		expect(toVendorDateTime('0099-12-31 23:59:59', 'Due Date', zone)).toBe('0099-12-31 23:59:59');
		expect(toVendorDateTime('0050-01-01T00:00:00', 'Due Date', zone)).toBe('0050-01-01 00:00:00');
	});

	test('a date that needs more than four year digits in the workflow zone is refused, not sent as 10000-…', () => {
		expect(() => toVendorDateTime('+010000-01-01T00:00:00Z', 'Due Date', 'UTC')).toThrow(/^Due Date must be a date and time/);
		expect(() => toVendorDateTime('-000001-06-01T00:00:00Z', 'Due Date', 'UTC')).toThrow(/^Due Date must be a date and time/);
		expect(() => toVendorDateTime(new Date('9999-12-31T10:00:00Z'), 'Due Date', 'Pacific/Kiritimati')).toThrow(/^Due Date must be a date and time/);
		expect(toVendorDateTime(new Date('9999-12-31T10:00:00Z'), 'Due Date', 'UTC')).toBe('9999-12-31 10:00:00');
	});

	test('empty: undefined when optional, refused when required', () => {
		expect(toVendorDateTime('', 'Due Date', zone)).toBeUndefined();
		expect(() => toVendorDateTime('', 'Deadline', zone, true)).toThrow('Deadline is required');
	});
});

describe('the conversion cache is bounded by size, whatever users type', () => {
	test(`a text of up to ${CACHED_TEXT_MAX_CHARS} characters is kept, so a bulk run converts each date once`, () => {
		const text = '2029-03-04T05:06:07+08:00';
		const before = conversionCacheCharacters();
		toVendorDateTime(text, 'Deadline', 'UTC');
		const held = conversionCacheCharacters();
		// Key (zone, separator, text) and value: kept once.
		expect(held - before).toBe('UTC'.length + 1 + text.length + '2029-03-03 21:06:07'.length);
		expect(toVendorDateTime(text, 'Deadline', 'UTC')).toBe('2029-03-03 21:06:07');
		expect(conversionCacheCharacters()).toBe(held);
	});

	test('a long refused text is not kept; many accepted ones stay within CONVERSION_CACHE_MAX_CHARS', () => {
		const before = conversionCacheCharacters();
		expect(() => toVendorDateTime(`never ${'x'.repeat(100_000)}`, 'Deadline', 'UTC')).toThrow(/\(100,006 characters\)$/);
		expect(conversionCacheCharacters()).toBe(before);
		for (let second = 0; second < 5_000; second++) {
			expect(toVendorDateTime(new Date(Date.UTC(2028, 0, 1, 0, 0, second)).toISOString(), 'Deadline', 'UTC')).toMatch(/^2028-01-01 /);
			expect(conversionCacheCharacters()).toBeLessThanOrEqual(CONVERSION_CACHE_MAX_CHARS);
		}
	});
});
