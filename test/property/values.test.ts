// Issue 6, bad input: the shared checks alone, with many more values than the engine tests can afford.
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { toVendorDateTime, VENDOR_DATE_TIME_FORMAT } from '../../nodes/shared/dates';
import { checkId, checkOption, checkPathSegment, checkText, checkUrl, FieldError } from '../../nodes/shared/validation';
import { isVendorDateTime } from '../emulator/http';
import { dateCases, idCases, judgeText, lengthIn, optionCases, textValues, timezones, urlCases, type Case } from './arbitraries';
import { runs } from './runs';

const RUNS = runs(1000);

/** Runs `check` and returns its result, or the FieldError it threw after checking it names the field; any other error fails. */
function refusedOr<T>(label: string, check: () => T): T | FieldError {
	try {
		return check();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		expect((error as Error).message.startsWith(`${label} `)).toBe(true);
		return error as FieldError;
	}
}

/** The verdict kept: a valid value is taken, an invalid one refused. */
function expectVerdict(value: Case, outcome: unknown): void {
	if (value.verdict === 'valid') expect(outcome).not.toBeInstanceOf(FieldError);
	if (value.verdict === 'invalid') expect(outcome).toBeInstanceOf(FieldError);
}

const rules = fc.record({
	max: fc.constantFrom(20, 100, 128, 255),
	unit: fc.constantFrom('bytes' as const, 'characters' as const),
	required: fc.boolean(),
});

test('checkText: a value is refused naming the field, or taken as non-blank text within its limit; blanks of optional fields are left out', () => {
	fc.assert(
		fc.property(rules, fc.oneof(fc.constant(undefined), textValues(128, 'bytes'), textValues(100, 'characters'), fc.anything()), (rule, value) => {
			const outcome = refusedOr('Title', () => checkText(value, { label: 'Title', maxLength: rule.max, unit: rule.unit, required: rule.required }));
			expectVerdict(judgeText(value, rule), outcome);
			if (typeof outcome === 'string') {
				expect(lengthIn(outcome, rule.unit)).toBeLessThanOrEqual(rule.max);
				expect(outcome.trim()).not.toBe('');
			} else if (outcome === undefined) expect(rule.required).toBe(false);
		}),
		{ numRuns: RUNS },
	);
});

test('checkId then checkPathSegment: an ID is refused naming it, or it stays one path segment of the documented prefix', () => {
	const prefix = 'https://tenant.example.com/api/v2/tenant/todo/task';
	fc.assert(
		fc.property(fc.oneof(idCases({ unit: 'characters', required: true, segment: true }).map((value) => value.value), fc.anything()), (value) => {
			const outcome = refusedOr('To-Do ID', () => checkPathSegment(checkId(value, { label: 'To-Do ID' }), 'To-Do ID'));
			if (outcome instanceof FieldError) return;
			const url = new URL(`${prefix}/${encodeURIComponent(outcome)}/todoStatus`);
			expect(url.origin + url.pathname).toBe(`${prefix}/${encodeURIComponent(outcome)}/todoStatus`);
			expect(url.search + url.hash).toBe('');
			expect(decodeURIComponent(url.pathname.split('/')[6])).toBe(outcome);
		}),
		{ numRuns: RUNS },
	);
});

test('checkOption: a documented value is taken as it is, anything else refused naming the field', () => {
	const allowed = ['Critical', 'High', 'Medium', 'Low'];
	fc.assert(
		fc.property(fc.oneof(optionCases(allowed, false).map((value) => value.value), fc.anything()), fc.boolean(), (value, required) => {
			const outcome = refusedOr('Priority', () => checkOption(value, 'Priority', allowed, required));
			if (outcome instanceof FieldError) return;
			if (outcome === undefined) expect(required).toBe(false);
			else expect(allowed).toContain(outcome);
		}),
		{ numRuns: RUNS },
	);
});

test('checkUrl: a link is refused naming the field, or is an http(s) URL', () => {
	fc.assert(
		fc.property(fc.oneof(urlCases(), fc.anything().map((value): Case => ({ value, verdict: 'either' }))), (value) => {
			const outcome = refusedOr('Web URL', () => checkUrl(value.value, { label: 'Web URL' }));
			expectVerdict(value, outcome);
			if (typeof outcome === 'string') expect(['http:', 'https:']).toContain(new URL(outcome).protocol);
		}),
		{ numRuns: RUNS },
	);
});

/** What an expression may give a date field besides text: JS Dates and luxon DateTimes ($now), valid or not. */
const dateObjects: fc.Arbitrary<Case> = fc.oneof(
	fc.date({ noInvalidDate: false }).map((value): Case => ({ value, verdict: 'either' })),
	fc.date({ noInvalidDate: false }).map((date): Case => ({ value: DateTime.fromJSDate(date), verdict: 'either' })),
	fc.constant<Case>({ value: DateTime.invalid('unparsable'), verdict: 'invalid' }),
	fc.anything().map((value): Case => ({ value, verdict: 'either' })),
);

test('toVendorDateTime: a date is refused naming the field, or sent as a real yyyy-MM-dd HH:mm:ss the vendors accept', () => {
	fc.assert(
		fc.property(fc.boolean().chain((required) => fc.tuple(fc.constant(required), fc.oneof(dateCases(required), dateObjects))), timezones, ([required, value], timezone) => {
			const outcome = refusedOr('Due Date', () => toVendorDateTime(value.value, 'Due Date', timezone, required));
			expectVerdict(value, outcome);
			if (typeof outcome === 'string') expect(isVendorDateTime(outcome)).toBe(true);
			else if (outcome === undefined) expect(required).toBe(false);
		}),
		{ numRuns: RUNS },
	);
});

test('toVendorDateTime: an instant given in ISO with a zone is sent as its wall-clock time in the workflow zone', () => {
	const inner = fc.date({ min: new Date('0002-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true });
	fc.assert(
		fc.property(inner, timezones, (date, timezone) => {
			const expected = DateTime.fromJSDate(date, { zone: timezone }).toFormat(VENDOR_DATE_TIME_FORMAT);
			expect(toVendorDateTime(date.toISOString(), 'Due Date', timezone)).toBe(expected);
			expect(toVendorDateTime(DateTime.fromJSDate(date), 'Due Date', timezone)).toBe(expected);
		}),
		{ numRuns: RUNS },
	);
});
