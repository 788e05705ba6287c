// The benchmark's own arithmetic: rounds and ratios, the CPU window from /proc readings, the run data as
// n8n stores it, and which area a profile sample belongs to. A wrong figure here would be a wrong table.
import { areaOf, samplingInterval, summariseProfile, type Profile } from '../bench/profile';
import { cpuMicrosBetween, parseStat, peakRssUntil, type ProcessSample } from '../bench/process-meter';
import { interleave, median, ratioAndFloor, ratioOfRounds, type RoundFigures } from '../bench/rounds';
import { nodeRunFromStoredData } from '../bench/run-data';

const ROOT = '/work/repo';

describe('interleaved rounds', () => {
	it('runs every case once per round and starts each round elsewhere', () => {
		const order = interleave(['a', 'b', 'c', 'd', 'e', 'f'], 3);
		expect(order).toEqual([
			['a', 'b', 'c', 'd', 'e', 'f'],
			['c', 'd', 'e', 'f', 'a', 'b'],
			['e', 'f', 'a', 'b', 'c', 'd'],
		]);
	});

	it('takes the median of an even count as the mean of the middle two', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNaN();
	});

	it('takes ratios within a round before the median, so a slow round does not tilt them', () => {
		const figures = (cpuMicrosPerItem: number) => ({ cpuMicrosPerItem }) as RoundFigures;
		// Round 2 ran with the machine busy: both runs of it were slow, their ratio still 0.5.
		const ours = [figures(1000), figures(3000), figures(1100)];
		const theirs = [figures(2000), figures(6000), figures(2000)];
		expect(ratioOfRounds(ours, theirs, (entry) => entry.cpuMicrosPerItem)).toBe(0.5);
	});

	it('takes the floor from the same rounds as the ratio, so that only our share sets them apart', () => {
		const figures = (cpuMicrosPerItem: number) => ({ cpuMicrosPerItem }) as RoundFigures;
		// A run on main: the HTTP Request node's round 1 ran light, so the medians' ratio (2295 ÷ 5195 = 0.44) sits far under the rounds' (0.59).
		const ours = [figures(2295), figures(2061), figures(3056)];
		const theirs = [figures(3664), figures(5314), figures(5195)];
		const { ratio, low, high, floor } = ratioAndFloor(ours, theirs, (entry) => entry.cpuMicrosPerItem, 0.06);
		expect(ratio).toBeCloseTo(3056 / 5195, 6);
		expect([low, high]).toEqual([2061 / 5314, 2295 / 3664]);
		expect(ratio / floor).toBeCloseTo(1 / 0.94, 9);
	});
});

describe('CPU and memory from /proc', () => {
	it('reads utime, stime and rss from a stat line whose name holds spaces and parentheses', () => {
		// Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime … rss is field 24.
		const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1000 900000000 25600 18446744073709551615';
		const sample = parseStat(stat, 1000);
		expect(sample.cpuMicros).toBe(3_000_000); // (250 + 50) ticks at 100 per second
		expect(sample.rssBytes).toBe(25600 * 4096);
	});

	it('interpolates the CPU over a window that falls between readings', () => {
		const samples: ProcessSample[] = [
			{ at: 0, cpuMicros: 0, rssBytes: 100 },
			{ at: 10, cpuMicros: 10_000, rssBytes: 300 },
			{ at: 20, cpuMicros: 10_000, rssBytes: 200 },
			{ at: 30, cpuMicros: 30_000, rssBytes: 900 },
		];
		expect(cpuMicrosBetween(samples, 5, 25)).toBe(15_000); // 5 ms of the first step, none of the second, half the third
		expect(peakRssUntil(samples, 25)).toBe(300); // the printing after the node does not count
		expect(() => cpuMicrosBetween(samples, -5, 25)).toThrow(/no CPU reading/);
	});
});

describe('run data as n8n stores it', () => {
	// n8n stores the data as flatted text and the benchmark parses it with n8n's own flatted; the
	// extraction after parsing is what is ours, so plain JSON stands in for the format here.
	const { parse, stringify } = JSON;

	it('finds the node, counts its items and its item errors', () => {
		const item = { json: { todoId: 't1' } };
		const stored = stringify({
			resultData: {
				runData: { Target: [{ startTime: 1700000000000, executionTime: 4000, data: { main: [[item, item, { json: { error: 'Title must be at most 100 characters (item 2)' } }]] } }] },
			},
		});
		expect(nodeRunFromStoredData(parse, stored, 'Target')).toEqual({ startTime: 1700000000000, executionTime: 4000, items: 3, itemErrors: 1 });
	});

	it('says why when the node did not run', () => {
		const stored = stringify({ resultData: { runData: {}, error: { message: 'Credentials not found' } } });
		expect(() => nodeRunFromStoredData(parse, stored, 'Target')).toThrow('the execution has no run of "Target": Credentials not found');
	});
});

describe('profile areas', () => {
	const frame = (url: string, functionName = 'f') => ({ url, functionName });

	it('gives a native frame to its JavaScript caller, and socket calls to the sockets', () => {
		expect(areaOf([frame('', 'parse'), frame('file:///x/node_modules/axios/lib/core/dispatchRequest.js')], ROOT)).toBe('axios and follow-redirects');
		expect(areaOf([frame('', 'writev'), frame('file:///x/node_modules/axios/lib/adapters/http.js')], ROOT)).toBe('sockets and TLS: native and Node.js net, tls, http');
		expect(areaOf([frame('', 'someBuiltin'), frame('node:net')], ROOT)).toBe('sockets and TLS: native and Node.js net, tls, http');
		expect(areaOf([frame('', 'runMicrotasks')], ROOT)).toBe('native, no JavaScript caller (microtasks, timers)');
		expect(areaOf([frame('', '(garbage collector)')], ROOT)).toBe('garbage collection (V8 GC samples)');
	});

	it("tells luxon under n8n's expression proxy from luxon under our code", () => {
		const luxon = frame('file:///x/node_modules/luxon/src/datetime.js');
		expect(areaOf([luxon, luxon, frame('file:///x/node_modules/n8n-workflow/dist/cjs/workflow-data-proxy.js')], ROOT)).toBe("luxon under n8n's expression proxy");
		expect(areaOf([luxon, frame(`file://${ROOT}/nodes/shared/dates.ts`)], ROOT)).toBe('luxon under our code');
		expect(areaOf([luxon, frame('/home/n8n/.n8n/nodes/node_modules/n8n-nodes-aicc-eiam/dist/nodes/shared/dates.js')], ROOT)).toBe('luxon under our code');
	});

	it("tells n8n's per-request credential loading apart from the rest of n8n", () => {
		const n8n = '/cache/n8n-2.8.4/node_modules/n8n/dist';
		expect(areaOf([frame('', 'step'), frame('/cache/n8n-2.8.4/node_modules/sqlite3/lib/sqlite3.js')], ROOT)).toBe("n8n's credentials and database (credentials helper, TypeORM, SQLite)");
		expect(areaOf([frame(`${n8n}/credentials-helper.js`)], ROOT)).toBe("n8n's credentials and database (credentials helper, TypeORM, SQLite)");
		expect(areaOf([frame(`${n8n}/execution-lifecycle/execution-lifecycle-hooks.js`)], ROOT)).toBe('n8n itself, other (CLI, execution hooks)');
		expect(areaOf([frame('/cache/n8n-2.8.4/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js')], ROOT)).toBe('n8n-nodes-base (the HTTP Request node)');
	});

	it('counts samples by area over a whole profile, each one sampling interval, leaving idle time out', () => {
		const profile: Profile = {
			nodes: [
				{ id: 1, callFrame: frame('', '(root)'), children: [2, 4, 5] },
				{ id: 2, callFrame: frame(`file://${ROOT}/nodes/shared/transport.ts`), children: [3] },
				{ id: 3, callFrame: frame('', 'stringify') },
				{ id: 4, callFrame: frame('', '(idle)') },
				{ id: 5, callFrame: frame(`file://${ROOT}/nodes/Eiam/actions/todo/create.ts`) },
			],
			samples: [3, 3, 4, 5, 2],
			timeDeltas: [100, 100, 5000, 50, 25],
		};
		expect(samplingInterval(profile)).toBe(100); // the median gap
		expect(Object.fromEntries(summariseProfile(profile, ROOT))).toEqual({
			'our code: router, transport, credentials': 300,
			'our code: validation, dates, mapping': 100,
		});
	});

	it('charges a sample after a long gap one interval, not the time the thread was held off the CPU', () => {
		const transport = `file://${ROOT}/nodes/shared/transport.ts`;
		const profile: Profile = {
			nodes: [
				{ id: 1, callFrame: frame('', '(root)'), children: [2, 3] },
				{ id: 2, callFrame: frame(transport) },
				{ id: 3, callFrame: frame('file:///x/node_modules/axios/lib/core/Axios.js') },
			],
			// Ten samples 100 µs apart each side; the thread was descheduled for 220 ms in our code.
			samples: [...Array<number>(10).fill(2), ...Array<number>(10).fill(3)],
			timeDeltas: [100, 100, 100, 100, 220_000, 100, 100, 100, 100, 100, ...Array<number>(10).fill(100)],
		};
		const areas = summariseProfile(profile, ROOT);
		expect(areas.get('our code: router, transport, credentials')).toBe(1000);
		expect(areas.get('axios and follow-redirects')).toBe(1000);
	});
});
