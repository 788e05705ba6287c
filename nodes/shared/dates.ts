import { DateTime } from 'luxon';

import { FieldError } from './validation';

/** The date-time format both vendors document for request fields. */
export const VENDOR_DATE_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

const VENDOR_SHAPE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function fromValue(value: unknown, timezone: string): DateTime | undefined {
	if (DateTime.isDateTime(value)) return value;
	if (value instanceof Date) return DateTime.fromJSDate(value, { zone: timezone });
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	// Already in the vendor's shape: read it as wall-clock time in the workflow's zone.
	if (VENDOR_SHAPE.test(text)) return DateTime.fromFormat(text, VENDOR_DATE_TIME_FORMAT, { zone: timezone });
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
	const parsed = fromValue(value, timezone);
	if (!parsed || !parsed.isValid) {
		const shown = typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
		throw new FieldError(
			`${label} must be a date and time (e.g. 2026-08-14 12:00:00 or an ISO date such as 2026-08-14T12:00:00+08:00), got ${shown}`,
		);
	}
	return parsed.setZone(timezone).toFormat(VENDOR_DATE_TIME_FORMAT);
}
