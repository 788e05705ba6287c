// What jest.config.js and jest.e2e.config.js share: how a suite is compiled, and the options of a whole run.
const { availableParallelism } = require('node:os');

/** Every jest suite but e2e, each a folder of test/ holding its *.test.ts files. */
const SUITES = ['unit', 'emulator', 'integration', 'property', 'sim', 'matrix', 'package'];

/** One suite as a jest project: the files `pattern` matches (from the repository root), compiled by ts-jest. */
function suite(name, pattern) {
	return {
		displayName: name,
		rootDir: `${__dirname}/..`,
		roots: ['<rootDir>/test'],
		testMatch: [`<rootDir>/${pattern}`],
		testEnvironment: 'node',
		transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: '<rootDir>/test/tsconfig.json' }] },
	};
}

/** Options jest reads once per run, not per project. */
const runOptions = {
	testTimeout: 30000,
	// At least two workers, even on two cores (jest's default there is one): a test file spends a second or two
	// of CPU loading n8n-core, and many tests then wait, idle, on a local server, a time-out or a Retry-After.
	// One core is left to the servers the tests start. On two cores that makes two workers, not three: three
	// were faster on a loaded 2-core machine, but the items of faults/wire.test.ts's "50 items in flight, Max
	// Retries 0" then started so far apart that some asked the failing token endpoint a second time.
	maxWorkers: Math.max(2, availableParallelism() - 1),
	// n8n-core's axios leaves follow-redirects' 300 s request timers armed after a run; n8n itself is a
	// long-lived process, so jest stops them rather than waiting five minutes. Our servers are closed in afterAll.
	forceExit: true,
	// .ci/run sums the totals of every run's report in this folder (test/json-reporter.js).
	...(process.env.JEST_JSON_REPORT ? { reporters: ['default', ['<rootDir>/test/json-reporter.js', { dir: process.env.JEST_JSON_REPORT }]] } : {}),
};

module.exports = { SUITES, suite, runOptions };
