/**
 * How many runs a property gets: its base count times PROPERTY_SCALE (default 1), so that the suite
 * stays fast in `npm test` and `PROPERTY_SCALE=25 npm run test:property` searches deeper.
 */
export function runs(base: number): number {
	return Math.max(1, Math.round(base * Number(process.env.PROPERTY_SCALE ?? 1)));
}
