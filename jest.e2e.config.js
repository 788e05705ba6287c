/** End-to-end suite: real n8n installs, so one at a time and with generous time-outs. */
const { suite, runOptions } = require('./test/jest-suites');

/** @type {import('jest').Config} */
module.exports = {
	...runOptions,
	...suite('e2e', 'test/e2e/**/*.e2e.ts'),
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
