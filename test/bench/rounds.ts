// Interleaved rounds: every case once per round, so that whatever else the machine does at a moment
// falls on all cases alike, and ratios taken within a round, between runs minutes apart at most.

/** What one run of one case measured. */
export interface RoundFigures {
	itemsPerSecond: number;
	/** CPU of the n8n process over the node's execution ÷ items */
	cpuMicrosPerItem: number;
	peakRssMb: number;
	maxInFlight: number;
	tokenRequests: number;
	itemErrors: number;
	/** Why the run failed (the node's error, as n8n saved it); its other figures are then NaN. */
	failure?: string;
}

/** The median of the finite values (a failed run's NaN is left out). */
export function median(values: number[]): number {
	const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The order of each round: all entries, rotated so that round r starts ⌈n ÷ rounds⌉ × r entries further
 * on. No case is always first (just after n8n's files were read from disk) or always last.
 */
export function interleave<T>(entries: T[], rounds: number): T[][] {
	const step = Math.ceil(entries.length / Math.max(1, rounds));
	return Array.from({ length: rounds }, (_, round) => {
		const start = (round * step) % Math.max(1, entries.length);
		return [...entries.slice(start), ...entries.slice(0, start)];
	});
}

/** The median over rounds of a figure's ratio between two cases measured in the same round. */
export function ratioOfRounds(ours: RoundFigures[], theirs: RoundFigures[], pick: (figures: RoundFigures) => number): number {
	const ratios = ours.map((figures, round) => pick(figures) / pick(theirs[round])).filter((ratio) => Number.isFinite(ratio));
	return median(ratios);
}

/** Ours ÷ theirs over the rounds, and the same with our own code's share of our CPU taken out. */
export interface RatioAndFloor {
	/** The median of the rounds' ratios. */
	ratio: number;
	low: number;
	high: number;
	/** The ratio had our own code cost nothing. */
	floor: number;
}

/**
 * The ratio and its floor from the same rounds: every round's ratio, and that round's ratio with
 * `ourShare` of our CPU taken out. Their gap is then the share's alone (ratio ÷ floor = 1 ÷ (1 − share));
 * a floor from the ratio of the medians set against the median of the rounds' ratios, as before, moved
 * with whichever round the machine's load had tilted. What bounds the figures is the rounds' spread
 * (low to high) and how well one profiled run gives the share.
 */
export function ratioAndFloor(ours: RoundFigures[], theirs: RoundFigures[], pick: (figures: RoundFigures) => number, ourShare: number): RatioAndFloor {
	const ratios = ours.map((figures, round) => pick(figures) / pick(theirs[round])).filter((ratio) => Number.isFinite(ratio));
	return {
		ratio: median(ratios),
		low: ratios.length ? Math.min(...ratios) : NaN,
		high: ratios.length ? Math.max(...ratios) : NaN,
		floor: median(ratios.map((ratio) => ratio * (1 - ourShare))),
	};
}
