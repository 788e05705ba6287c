import { DateTime } from 'luxon';

import { emittedBefore, oneAtATime } from '../../nodes/Aicc/trigger/once';
import { describeOffset, MISMATCH_TOLERANCE_SECONDS, stampOffset, stampSeconds, stampText } from '../../nodes/Aicc/trigger/stamps';

describe("AICC's stamps as wall-clock seconds", () => {
	test('a stamp and its seconds go both ways; anything else has none', () => {
		expect(stampText(stampSeconds('2026-10-25 02:30:00') as number)).toBe('2026-10-25 02:30:00');
		expect((stampSeconds('2026-10-25 03:00:00') as number) - (stampSeconds('2026-10-25 02:00:00') as number)).toBe(3600);
		for (const other of [undefined, null, 17, '', '2026-10-25T02:30:00', '2026-10-25 02:30', ' 2026-10-25 02:30:00']) expect(stampSeconds(other)).toBeUndefined();
	});

	test('a stamp outside the time since the last poll is ahead or behind; within the tolerance, or ambiguous (repeated DST hour), it is neither', () => {
		const at = (iso: string) => DateTime.fromISO(iso).toMillis();
		const since = at('2026-12-01T08:00:00Z');
		const now = at('2026-12-01T08:01:00Z');
		expect(stampOffset('2026-12-01 08:00:30', 'UTC', since, now)).toBeUndefined();
		expect(stampOffset('2026-12-01 16:00:30', 'UTC', since, now)).toBe(8 * 3600 - 30);
		expect(stampOffset('2026-12-01 07:50:00', 'UTC', since, now)).toBe(-600);
		expect(stampOffset(`2026-12-01 08:0${Math.floor(MISMATCH_TOLERANCE_SECONDS / 60)}:59`, 'UTC', since, now)).toBeUndefined();
		// 02:30 on 2026-10-25 happens twice in Berlin: no offset can be told from it.
		const berlin = at('2026-10-25T01:31:00Z');
		expect(stampOffset('2026-10-25 02:30:00', 'Europe/Berlin', berlin - 60_000, berlin)).toBeUndefined();
		expect(stampOffset('2026-10-25 04:30:00', 'Europe/Berlin', berlin - 60_000, berlin)).toBe(7140);
		expect(describeOffset(-600)).toBe('10 min');
		expect(describeOffset(8 * 3600 - 30)).toBe('8 h 0 min');
	});
});

describe('one poll of a trigger at a time, and what it emitted', () => {
	test('polls of one trigger run one after the other, even when one fails; other triggers do not wait', async () => {
		const order: string[] = [];
		const slow = (name: string, fail = false) => async () => {
			order.push(`${name} starts`);
			await new Promise((resolve) => setTimeout(resolve, 20));
			order.push(`${name} ends`);
			if (fail) throw new Error(name);
			return name;
		};
		const runs = [oneAtATime('a', slow('a1', true)).catch((error: Error) => error.message), oneAtATime('a', slow('a2')), oneAtATime('b', slow('b1'))];
		expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'b1']);
		expect(order.indexOf('a2 starts')).toBeGreaterThan(order.indexOf('a1 ends'));
		expect(order.indexOf('b1 starts')).toBeLessThan(order.indexOf('a1 ends'));
	});

	test('an emitted task counts until its time is up', () => {
		const tasks = emittedBefore('unit:trigger', 1000);
		tasks.set('t1', 2000);
		tasks.set('t2', 5000);
		expect([...emittedBefore('unit:trigger', 3000).keys()]).toEqual(['t2']);
	});
});
