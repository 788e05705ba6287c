/**
 * How many seeds a simulation runs, and how one failing case is replayed. The normal jest run takes a
 * few seeds (CI); `npm run chaos` sets CHAOS=1 and runs CHAOS_RUNS (10,000 by default) per property;
 * CHAOS_SEED with CHAOS_PATH replays the one case fast-check printed, shrunk as it was.
 */
import fc from 'fast-check';

/** Seeds per property in the normal jest run: enough to walk each command, small enough for the CI budget. */
const CI_RUNS: Record<string, number> = { trigger: 150, getMany: 200, writes: 100 };

const chaos = process.env.CHAOS === '1';

export function runsOf(property: keyof typeof CI_RUNS): number {
	const asked = Number(process.env.CHAOS_RUNS);
	if (Number.isInteger(asked) && asked > 0) return asked;
	return chaos ? 10_000 : CI_RUNS[property];
}

/**
 * fast-check's parameters for a property: a replay when CHAOS_SEED is set, else a fresh run. A failing
 * run prints the exact command that replays its shrunk case.
 */
export function parametersOf(property: keyof typeof CI_RUNS, file: string): fc.Parameters<unknown> {
	const seed = process.env.CHAOS_SEED === undefined ? undefined : Number(process.env.CHAOS_SEED);
	const path = process.env.CHAOS_PATH;
	const base: fc.Parameters<unknown> = {
		numRuns: runsOf(property),
		// No time limit per case: n8n's engine is slow to start, and a case's time says nothing about it.
		interruptAfterTimeLimit: undefined,
		reporter: (details) => {
			if (!details.failed) return;
			const replay = `CHAOS_SEED=${details.seed} CHAOS_PATH=${details.counterexamplePath ?? ''} npx jest ${file}`;
			const { errorInstance } = details as { errorInstance?: unknown };
			const cause = errorInstance instanceof Error ? errorInstance.message : String(errorInstance);
			const message = `Simulation ${property} failed after ${details.numRuns} case(s); replay with:\n  ${replay}\n${cause}\nCase: ${fc.stringify(details.counterexample)}`;
			process.stdout.write(`\n${message}\n`);
			throw new Error(message);
		},
	};
	// A path starts with the index of its run: fast-check replays it only within numRuns.
	const runIndex = Number(path?.split(':')[0] ?? 0);
	return seed === undefined ? base : { ...base, seed, path, endOnFailure: true, numRuns: Math.max(runIndex + 1, runsOf(property)) };
}

/** Jest's time limit for a property: generous when many seeds run. */
export function timeoutOf(property: keyof typeof CI_RUNS): number {
	return Math.max(60_000, runsOf(property) * 2_000);
}

/** FNV-1a over a text, mixed with a seed: the same request in the same case always gets the same fate. */
export function hashOf(seed: number, text: string): number {
	let hash = (0x811c9dc5 ^ seed) >>> 0;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	hash ^= hash >>> 15;
	hash = Math.imul(hash, 0x2c1b3c6d) >>> 0;
	hash ^= hash >>> 12;
	return hash >>> 0;
}

/** A number in [0, 1) decided by the seed and a text. */
export const chanceOf = (seed: number, text: string): number => hashOf(seed, text) / 4294967296;
