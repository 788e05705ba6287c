/**
 * AICC stamps `createdDate` as wall-clock time in its tenant's zone, to the second, with no offset
 * (docs/aicc-api.md#conventions), in the shape of VENDOR_DATE_TIME_SHAPE. The trigger does its arithmetic on the
 * stamps as written, never converting them to instants: "seconds" here count wall-clock seconds, so that AICC's
 * own clock and zone, whatever they are, measure AICC's own window.
 */
import { DateTime } from 'luxon';

import { VENDOR_DATE_TIME_FORMAT, VENDOR_DATE_TIME_SHAPE } from '../../shared/dates';

/** A stamp as wall-clock seconds (read as if it were UTC), or undefined for anything else. */
export function stampSeconds(stamp: unknown): number | undefined {
	const match = typeof stamp === 'string' ? VENDOR_DATE_TIME_SHAPE.exec(stamp) : null;
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

/** Wall-clock seconds back in AICC's format. */
export function stampText(seconds: number): string {
	return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** n8n's clock now, as wall-clock seconds in the workflow's zone: used only where AICC's rows carry no stamp. */
export function wallSecondsNow(timezone: string): number {
	return stampSeconds(DateTime.now().setZone(timezone).toFormat(VENDOR_DATE_TIME_FORMAT)) as number;
}

/**
 * How far apart two zones' wall clocks can lie (UTC−12 to UTC+14): AICC's wall clock is at most this
 * behind n8n's clock read in the workflow's zone, whatever either zone is. It bounds AICC's now from below
 * where no two rows tell where AICC's clock stands.
 */
export const ZONE_SPREAD_SECONDS = 26 * 60 * 60;

/** A zone or clock mismatch shows when a new task's stamp is off by more than this from where n8n's clock puts it. */
export const MISMATCH_TOLERANCE_SECONDS = 120;

/**
 * How far a new task's stamp, read in the workflow's zone, lies outside the time it can have been
 * created in by n8n's clock: after the last poll that read the list whole (`since`), before now. In
 * seconds: positive when AICC is ahead, negative when behind, undefined when within the tolerance or
 * when the stamp is ambiguous there (the repeated hour when daylight saving ends).
 */
export function stampOffset(stamp: string, timezone: string, since: number, now: number): number | undefined {
	const read = DateTime.fromFormat(stamp, VENDOR_DATE_TIME_FORMAT, { zone: timezone });
	if (!read.isValid) return undefined;
	const sameWall = (other: DateTime) => other.toFormat(VENDOR_DATE_TIME_FORMAT) === stamp;
	if (sameWall(read.minus({ hours: 1 })) || sameWall(read.plus({ hours: 1 }))) return undefined;
	const at = read.toMillis();
	if (at > now + MISMATCH_TOLERANCE_SECONDS * 1000) return Math.round((at - now) / 1000);
	if (at < since - MISMATCH_TOLERANCE_SECONDS * 1000) return Math.round((at - since) / 1000);
	return undefined;
}

/** "8 h 0 min" for a mismatch in seconds. */
export function describeOffset(seconds: number): string {
	const minutes = Math.round(Math.abs(seconds) / 60);
	return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/** How many recent offsets (a new task's stamp minus n8n's clock, in seconds) New Task keeps. */
export const OFFSET_SAMPLES = 9;

/**
 * The lower median: one outlier among three or more values cannot move it, and of two it takes the
 * lower. An offset estimated too low only widens the window; too high would let a stamp ahead move it.
 */
export function lowerMedian(values: readonly number[]): number | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The mark New Task's window starts a horizon before: the newest stamp no later than `ceiling`, never
 * before `previous`. A stamp past the ceiling is evidence of one row only, and moves nothing until
 * AICC's clock, as n8n's clock estimates it, reaches it.
 */
export function trustedMark(stamps: Iterable<number>, previous: number | undefined, ceiling: number): number | undefined {
	let mark = previous;
	for (const seconds of stamps) if (seconds <= ceiling && (mark === undefined || seconds > mark)) mark = seconds;
	return mark;
}
