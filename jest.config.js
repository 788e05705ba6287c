/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: '<rootDir>/test/tsconfig.json' }] },
	testTimeout: 30000,
	// n8n-core's axios leaves follow-redirects' 300 s request timers armed after a run; n8n itself is a
	// long-lived process, so jest stops them rather than waiting five minutes. Our servers are closed in afterAll.
	forceExit: true,
	// .ci/run reads the totals from this JSON report.
	...(process.env.JEST_JSON_REPORT ? { reporters: ['default', ['<rootDir>/test/json-reporter.js', { file: process.env.JEST_JSON_REPORT }]] } : {}),
};
