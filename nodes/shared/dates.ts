import { DateTime } from 'luxon';

import { quoteText } from './text';
import { FieldError } from './validation';

/** The date-time format both vendors document for request fields. */
export const VENDOR_DATE_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** Text in VENDOR_DATE_TIME_FORMAT, as both vendors write their stamps too; the groups are year, month, day, hour, minute, second. */
export const VENDOR_DATE_TIME_SHAPE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Text already in the vendor's shape is wall-clock time in the workflow's zone, which is what is sent:
 * it only needs to be a real calendar date and time. (Checked without luxon: parsing it with luxon
 * for every item was a fifth of a bulk run's CPU time.)
 */
function isCalendarDateTime(match: RegExpExecArray): boolean {
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (as JavaScript's Date counts them, year 0 included). */
function daysIn(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Recent conversions of text values: a bulk run usually repeats the same few dates, and parsing each
 * with luxon costs. The cache is bounded by size, not by entries: it lives as long as the n8n process,
 * and must not grow with what users typed. Only texts of at most CACHED_TEXT_MAX_CHARS characters are
 * kept (every date format we read is far shorter, so a longer text is refused or converted afresh),
 * and the oldest entries go once keys and values hold more than CONVERSION_CACHE_MAX_CHARS characters.
 */
const converted = new Map<string, string | null>();
/** The longest text the cache keeps; an ISO date with milliseconds and offset has 29 characters. */
export const CACHED_TEXT_MAX_CHARS = 64;
/** What keys and values may hold together, in UTF-16 code units (twice as many bytes): some 200 KB. */
export const CONVERSION_CACHE_MAX_CHARS = 100_000;
let convertedChars = 0;

const entryChars = (key: string, value: string | null) => key.length + (value?.length ?? 0);

function remember(key: string, value: string | null): string | null {
	convertedChars += entryChars(key, value);
	converted.set(key, value);
	while (convertedChars > CONVERSION_CACHE_MAX_CHARS) {
		const [oldestKey, oldestValue] = converted.entries().next().value as [string, string | null];
		converted.delete(oldestKey);
		convertedChars -= entryChars(oldestKey, oldestValue);
	}
	return value;
}

/** How many characters the cache holds now, keys and values together: what CONVERSION_CACHE_MAX_CHARS bounds. */
export function conversionCacheCharacters(): number {
	return convertedChars;
}

function fromValue(value: unknown, timezone: string): DateTime | undefined {
	if (DateTime.isDateTime(value)) return value;
	if (value instanceof Date) return DateTime.fromJSDate(value, { zone: timezone });
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// ISO 8601, as n8n's date picker and $now.toISO() give it; a value without an offset is wall-clock time in the workflow's zone.
	const iso = DateTime.fromISO(text, { zone: timezone });
	if (iso.isValid) return iso;
	// RFC 2822 / HTTP dates, as mail and HTTP nodes give them.
	const rfc = DateTime.fromRFC2822(text, { zone: timezone });
	if (rfc.isValid) return rfc;
	return DateTime.fromHTTP(text, { zone: timezone });
}

/**
 * Formats a date parameter as `yyyy-MM-dd HH:mm:ss` in the workflow's time zone. Accepts what n8n
 * users hand a date field: the date picker's ISO text, an ISO string with an offset, a luxon DateTime
 * ($now), a JS Date, or text already in the vendor's format.
 */
export function toVendorDateTime(value: unknown, label: string, timezone: string, required = false): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		if (required) throw new FieldError(`${label} is required`);
		return undefined;
	}
	const formatted = typeof value === 'string' ? formatText(value.trim(), timezone) : formatDateValue(value, timezone);
	if (formatted === null) {
		const shown = typeof value === 'string' ? quoteText(value) : `a ${typeof value}`;
		throw new FieldError(
			`${label} must be a date and time (e.g. 2026-08-14 12:00:00 or an ISO date such as 2026-08-14T12:00:00+08:00), got ${shown}`,
		);
	}
	return formatted;
}

function formatDateValue(value: unknown, timezone: string): string | null {
	const parsed = fromValue(value, timezone);
	if (!parsed?.isValid) return null;
	const formatted = parsed.setZone(timezone).toFormat(VENDOR_DATE_TIME_FORMAT);
	// The vendors' format has four-digit years: luxon writes year 10000 or -1 as it is, which no vendor would read.
	return VENDOR_DATE_TIME_SHAPE.test(formatted) ? formatted : null;
}

function formatText(text: string, timezone: string): string | null {
	const vendorShaped = VENDOR_DATE_TIME_SHAPE.exec(text);
	if (vendorShaped) return isCalendarDateTime(vendorShaped) ? text : null;
	if (text.length > CACHED_TEXT_MAX_CHARS) return formatDateValue(text, timezone);
	const key = `${timezone}\u0000${text}`;
	const known = converted.get(key);
	return known !== undefined ? known : remember(key, formatDateValue(text, timezone));
}
