/**
 * Failures the simulation found that wait for a fix in nodes/ (owned by other helpers): their generators
 * are left out of the normal and chaos runs, so that those stay green and keep finding new failures;
 * each has a named test in regressions.test.ts that fails until it is fixed. CHAOS_KNOWN=1 generates
 * them all again. When a fix lands, take its line out here.
 */
import { LIES, type Lie } from './aicc-world';
import { ALL_FEATURES, type Features } from './trigger-life';

const KNOWN_GET_MANY_LIES: readonly Lie[] = [];

const withKnown = process.env.CHAOS_KNOWN === '1';

export const TRIGGER_FEATURES: Features = ALL_FEATURES;

/** The lies Get Many meets; the known failures among them are listed here with their regression test. */
export const GET_MANY_LIES: readonly Lie[] = withKnown ? LIES : LIES.filter((lie) => !KNOWN_GET_MANY_LIES.includes(lie));
