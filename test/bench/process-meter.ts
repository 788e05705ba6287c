// CPU time and resident memory of another process (n8n), read from /proc every few milliseconds, so that
// a figure can be taken over just the node's execution: its start and end come from the run data.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessSample {
	/** Epoch milliseconds, the clock n8n's run data uses. */
	at: number;
	/** user + system CPU of all the process's threads, in microseconds */
	cpuMicros: number;
	rssBytes: number;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

/** One reading of /proc/<pid>/stat (utime and stime are fields 14 and 15, rss field 24; the name in parentheses may hold spaces). */
export function parseStat(stat: string, at: number): ProcessSample {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state), so field N is fields[N - 3].
	const ticks = Number(fields[11]) + Number(fields[12]);
	return { at, cpuMicros: (ticks * 1e6) / CLOCK_TICKS, rssBytes: Number(fields[21]) * PAGE_BYTES };
}

export interface ProcessMeter {
	/** Stops reading and returns the readings in time order. */
	stop(): ProcessSample[];
}

export function meterProcess(pid: number, intervalMs = 10): ProcessMeter {
	const samples: ProcessSample[] = [];
	const read = () => {
		try {
			samples.push(parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), Date.now()));
		} catch {
			clearInterval(timer);
		}
	};
	const timer = setInterval(read, intervalMs);
	read();
	return {
		stop: () => {
			clearInterval(timer);
			return samples;
		},
	};
}

/** The process's CPU at a moment, interpolated between the two readings around it. */
function cpuAt(samples: ProcessSample[], at: number): number {
	const after = samples.findIndex((sample) => sample.at >= at);
	if (after <= 0) throw new Error(`no CPU reading around ${new Date(at).toISOString()} (${samples.length} readings)`);
	const [a, b] = [samples[after - 1], samples[after]];
	return a.cpuMicros + ((b.cpuMicros - a.cpuMicros) * (at - a.at)) / Math.max(1, b.at - a.at);
}

/** CPU microseconds the process used between two moments. The kernel counts in ticks (10 ms here), so a window of a few seconds is within about 1 %. */
export function cpuMicrosBetween(samples: ProcessSample[], from: number, to: number): number {
	return cpuAt(samples, to) - cpuAt(samples, from);
}

/** The highest resident memory read up to a moment (start-up included, the printing of the result after it not). */
export function peakRssUntil(samples: ProcessSample[], to: number): number {
	return samples.filter((sample) => sample.at <= to).reduce((peak, sample) => Math.max(peak, sample.rssBytes), 0);
}
