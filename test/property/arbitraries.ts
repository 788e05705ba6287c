/**
 * Parameter values for the property tests, each paired with what the rules of docs/operations.md (#aicc-fields-and-rules, #eiam-fields-and-rules) say the node must
 * make of it. Values are what an expression hands a parameter after the item went through JSON: text,
 * numbers, booleans, null, objects and arrays.
 */
import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';

import type { LengthUnit } from '../../nodes/shared/validation';

/**
 * valid: the node must send it; invalid: the node must refuse it; either: refusing and sending are
 * both right (docs/operations.md leaves it open), but what is sent must still be accepted.
 */
export type Verdict = 'valid' | 'invalid' | 'either';

export interface Case {
	value: unknown;
	verdict: Verdict;
	/** The text the node sends for it: IDs need it, to seed the records they name. */
	sent?: string;
	/** An optional field left empty: valid, and not sent. */
	omitted?: boolean;
}

const PLAIN = ['a', 'Z', '0', '9', '-', '_', 'x'];
const CJK = ['中', '文', '測', '한', 'あ'];
/** One, two, five and two code points: an emoji is not one character to every counter. */
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧', '🇨🇳'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085'];
const LINE_BREAKS = ['\r', '\n', '\r\n', '\u2028'];
/** What String.prototype.trim removes, besides line breaks. */
const SPACES = [' ', '\t', '\u00a0', '\u3000', '\ufeff'];
/** What could move a text out of its URL path segment if it were not encoded. */
const URL_SPECIALS = ['/', '.', '..', '?', '#', '%', '%2F', '%2e', '%25', '&', '=', '+', '\\', '@', ':', ';'];
const SURROGATE_HALVES = ['\ud800', '\udfff'];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Item JSON as the node receives it: undefined gone, -0 turned 0, and so on. */
const throughJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

const piece = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...PLAIN) },
	{ weight: 2, arbitrary: fc.constantFrom(...CJK) },
	{ weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
	{ weight: 1, arbitrary: fc.constantFrom(...CONTROL, ...LINE_BREAKS, ...SPACES) },
	{ weight: 1, arbitrary: fc.constantFrom(...URL_SPECIALS) },
	{ weight: 1, arbitrary: fc.constantFrom(...SURROGATE_HALVES) },
);

/** Short text of every kind of character: CJK, emoji, control characters, CR/LF, URL specials. */
const shortText = fc.array(piece, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));

/** Empty, whitespace only (spaces, tabs, CR/LF, no-break and ideographic spaces), or null. */
export const blank = fc.oneof(
	fc.constant(''),
	fc.constant(null),
	fc.array(fc.constantFrom(...SPACES, ...LINE_BREAKS), { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')),
);

/** What an expression may hand a text field instead of text. */
export const wrongTypes = fc
	.oneof(
		fc.integer(),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
		fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
	)
	.map(throughJson);

export function lengthIn(text: string, unit: LengthUnit): number {
	return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
}

/** Text of exactly `target` bytes or characters, mostly multi-byte, padded with 'x' at either end. */
function ofLength(target: number, unit: LengthUnit): fc.Arbitrary<string> {
	return fc.tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([pieces, padFirst]) => {
		let text = '';
		let length = 0;
		for (let index = 0; ; index++) {
			const next = pieces[index % pieces.length];
			const size = lengthIn(next, unit);
			if (length + size > target) break;
			text += next;
			length += size;
		}
		const padding = 'x'.repeat(target - length);
		return padFirst ? padding + text : text + padding;
	});
}

/** Text around a limit (at it, one over, one under), short text of every kind, blanks and wrong types. */
export function textValues(max: number | undefined, unit: LengthUnit): fc.Arbitrary<unknown> {
	const around = max === undefined ? [] : [max, max + 1, max - 1].map((target) => ({ weight: 2, arbitrary: ofLength(target, unit) }));
	return fc.oneof({ weight: 4, arbitrary: shortText }, ...around, { weight: 1, arbitrary: blank }, { weight: 2, arbitrary: wrongTypes });
}

export interface TextSpec {
	max?: number;
	unit: LengthUnit;
	required: boolean;
	/** IDs are trimmed before they are sent. */
	trimmed?: boolean;
	/** The text becomes one URL path segment. */
	segment?: boolean;
}

/** What docs/operations.md says of a text value: empty, within its limit, or not text at all. */
export function judgeText(value: unknown, rule: TextSpec): Case {
	if (value !== null && typeof value === 'object') return { value, verdict: 'invalid' };
	const text = value === null || value === undefined ? '' : String(value);
	if (text.trim() === '') return rule.required ? { value, verdict: 'invalid' } : { value, verdict: 'valid', omitted: true };
	const sent = rule.trimmed ? text.trim() : text;
	if (rule.max !== undefined && lengthIn(text, rule.unit) > rule.max) {
		// The limit may be counted before or after trimming: docs/operations.md does not say.
		return { value, verdict: lengthIn(sent, rule.unit) <= rule.max ? 'either' : 'invalid' };
	}
	// "." and ".." cannot be one path segment (URL parsers resolve them), nor can text that has no UTF-8 form.
	if (rule.segment && (sent === '.' || sent === '..' || LONE_SURROGATE.test(sent))) return { value, verdict: 'invalid' };
	return { value, verdict: 'valid', sent };
}

export function textCases(rule: TextSpec): fc.Arbitrary<Case> {
	return textValues(rule.max, rule.unit).map((value) => judgeText(value, rule));
}

/** IDs: text full of URL specials ("..", "/", "?", "#", "%2F", "%"), exact dot segments, and the rest of textValues. */
export function idCases(rule: TextSpec): fc.Arbitrary<Case> {
	const specials = fc.array(fc.constantFrom(...URL_SPECIALS, ...PLAIN, ' '), { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
	const dots = fc.constantFrom('.', '..', ' .. ', '%2e%2e', '.%2E', '../..', '..%2F', 'a/../b');
	return fc
		.oneof({ weight: 3, arbitrary: specials }, { weight: 2, arbitrary: dots }, { weight: 4, arbitrary: textValues(rule.max, rule.unit) })
		.map((value) => judgeText(value, { ...rule, trimmed: true, required: true }));
}

/** A dropdown value is taken whatever its case and surrounding spaces ("high", " TEXT"), and sent as documented. */
function judgeOption(value: unknown, allowed: readonly string[], required: boolean): Case {
	if (value === null || value === '') return required ? { value, verdict: 'invalid' } : { value, verdict: 'valid', omitted: true };
	const documented = typeof value === 'string' ? allowed.find((option) => option.toLowerCase() === value.trim().toLowerCase()) : undefined;
	return documented !== undefined ? { value, verdict: 'valid', sent: documented } : { value, verdict: 'invalid' };
}

/** A dropdown's value: a documented one, or from an expression a near miss (case, spaces), other text or another type. */
export function optionCases(allowed: readonly string[], required: boolean): fc.Arbitrary<Case> {
	const documented = fc.constantFrom(...allowed);
	return fc
		.oneof(
			{ weight: 4, arbitrary: documented },
			{ weight: 1, arbitrary: documented.map((value) => value.toLowerCase()) },
			{ weight: 1, arbitrary: documented.map((value) => ` ${value}`) },
			{ weight: 1, arbitrary: shortText },
			{ weight: 1, arbitrary: blank },
			{ weight: 1, arbitrary: wrongTypes },
		)
		.map((value) => judgeOption(value, allowed, required));
}

const pad2 = (value: number) => String(value).padStart(2, '0');

function vendorText(year: number, month: number, day: number, hour: number, minute: number, second: number, separator = ' '): string {
	return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}${separator}${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Instants of years 1–9999, the years the vendors' four-digit format can hold. */
const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });

/** Far enough from year 1 and 9999 that no time zone moves it out of the four-digit years. */
const inner = (date: Date) => date.getUTCFullYear() > 1 && date.getUTCFullYear() < 9999;

/** Real dates in the shapes docs/operations.md#dates-and-time-zones names: the vendor's, ISO with and without an offset, a date alone. */
const realDates: fc.Arbitrary<Case> = fc
	.tuple(instant, fc.constantFrom('vendor', 'isoZ', 'isoOffset', 'isoLocal', 'dateOnly'), fc.integer({ min: -12, max: 14 }))
	.map(([date, shape, offsetHours]): Case => {
		const utc = DateTime.fromJSDate(date, { zone: 'UTC' });
		const texts: Record<string, string> = {
			vendor: utc.toFormat('yyyy-MM-dd HH:mm:ss'),
			isoZ: date.toISOString(),
			isoOffset: utc.setZone(FixedOffsetZone.instance(offsetHours * 60)).toISO() as string,
			isoLocal: utc.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
			dateOnly: utc.toFormat('yyyy-MM-dd'),
		};
		// Text in the vendor's shape is sent as it is, so it holds in any zone; the others are converted.
		return { value: texts[shape], verdict: shape === 'vendor' || inner(date) ? 'valid' : 'either' };
	});

/** Date-time parts out of range (2026-02-30, month 13, 24:00, 23:60) in the vendor's and ISO's shapes. */
const impossibleDates: fc.Arbitrary<Case> = fc
	.record({
		year: fc.integer({ min: 1000, max: 9999 }),
		month: fc.integer({ min: 0, max: 13 }),
		day: fc.integer({ min: 0, max: 32 }),
		hour: fc.integer({ min: 0, max: 25 }),
		minute: fc.integer({ min: 0, max: 61 }),
		second: fc.integer({ min: 0, max: 61 }),
		iso: fc.boolean(),
	})
	.map(({ year, month, day, hour, minute, second, iso }): Case => {
		const value = vendorText(year, month, day, hour, minute, second, iso ? 'T' : ' ');
		const real = isCalendarDate(year, month, day) && hour < 24 && minute < 60 && second < 60;
		if (real) return { value, verdict: 'valid' };
		// ISO 8601 allows 24:00:00 as the end of a day.
		const endOfDay = iso && hour === 24 && minute === 0 && second === 0 && isCalendarDate(year, month, day);
		return { value, verdict: endOfDay ? 'either' : 'invalid' };
	});

/** Shapes docs/operations.md#dates-and-time-zones does not promise: epoch numbers, RFC 2822, ISO week and ordinal dates, years beyond 9999, padding, other separators. */
const oddDates: fc.Arbitrary<Case> = fc
	.tuple(fc.date({ noInvalidDate: true }), fc.integer({ min: 0, max: 11 }), fc.constantFrom(...SPACES, ...LINE_BREAKS))
	.map(([date, shape, space]): Case => {
		const utc = DateTime.fromJSDate(date, { zone: 'UTC' });
		const values: unknown[] = [
			date.getTime(),
			Math.floor(date.getTime() / 1000),
			String(date.getTime()),
			utc.toRFC2822(),
			utc.toHTTP(),
			utc.toISOWeekDate(),
			utc.toFormat('yyyy-ooo'),
			utc.toISO({ format: 'basic' }),
			date.toISOString(),
			utc.toFormat('yyyy/MM/dd HH:mm:ss'),
			utc.toFormat('yyyy-MM-dd HH:mm'),
			`${space}${utc.toFormat('yyyy-MM-dd HH:mm:ss')}${space}`,
		];
		return { value: values[shape], verdict: 'either' };
	});

const NOT_DATES = ['tomorrow', 'soon', 'not a date', 'Invalid Date', '14/08/2026 25:00', '2026-13-45', 'yyyy-MM-dd HH:mm:ss', '--'];

/** A date parameter: real dates in many shapes, impossible ones, odd shapes, garbage, blanks and wrong types. */
export function dateCases(required: boolean): fc.Arbitrary<Case> {
	const empty = blank.map((value): Case => (required ? { value, verdict: 'invalid' } : { value, verdict: 'valid', omitted: true }));
	const garbage = fc.oneof(
		fc.constantFrom(...NOT_DATES).map((value): Case => ({ value, verdict: 'invalid' })),
		shortText.map((value): Case => ({ value, verdict: 'either' })),
	);
	const notText = wrongTypes.map((value): Case => {
		if (value === null) return required ? { value, verdict: 'invalid' } : { value, verdict: 'valid', omitted: true };
		return { value, verdict: typeof value === 'number' ? 'either' : 'invalid' };
	});
	return fc.oneof(
		{ weight: 4, arbitrary: realDates },
		{ weight: 2, arbitrary: impossibleDates },
		{ weight: 2, arbitrary: oddDates },
		{ weight: 1, arbitrary: garbage },
		{ weight: 1, arbitrary: empty },
		{ weight: 1, arbitrary: notText },
	);
}

/** A detail link: http(s) URLs are valid, text that is no such URL is not, oddities are left open. */
export function urlCases(): fc.Arbitrary<Case> {
	// Whatever follows "scheme://host/" a URL parser takes (it percent-encodes it), so any text makes a path, query or fragment.
	const links = fc
		.tuple(fc.constantFrom('https://', 'http://'), fc.constantFrom('example.com', 'crm.example.com:8443', '例え.jp', '127.0.0.1'), fc.option(shortText))
		.map(([scheme, host, rest]): Case => ({ value: `${scheme}${host}/${rest ?? ''}`, verdict: 'valid' }));
	const notLinks = fc
		.constantFrom('example.com', 'www.example.com/a', 'javascript:alert(1)', 'ftp://example.com/a', 'mailto:a@example.com', '/relative/path', '//example.com')
		.map((value): Case => ({ value, verdict: 'invalid' }));
	const odd = fc
		.oneof(
			fc.constantFrom('http://', 'https://exa mple.com', 'HTTPS://EXAMPLE.COM', 'https://例え.jp/パス', 'http://[::1]:80/'),
			fc.constantFrom(' https://example.com/a\n', '\thttp://example.com'),
			shortText,
		)
		.map((value): Case => ({ value, verdict: 'either' }));
	const other = fc.oneof(blank, wrongTypes).map((value): Case => ({ value, verdict: 'invalid' }));
	return fc.oneof({ weight: 4, arbitrary: links }, { weight: 1, arbitrary: notLinks }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: other });
}

/** Workflow time zones, DST and half-hour offsets included: they change what an ISO date is sent as. */
export const timezones = fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago');
