/** End-to-end suite: real n8n installs, so one at a time and with generous time-outs. */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
