// Writes each jest run's totals into the folder JEST_JSON_REPORT names, one file per run, so that .ci/run can
// sum every run of a step into its "N passed, N failed" line. The file is written when the run starts as one
// failure and replaced by the real totals when it completes: a run that dies before reporting counts as failed.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class JsonReporter {
	constructor(_globalConfig, options) {
		mkdirSync(options.dir, { recursive: true });
		this.file = join(options.dir, `jest-${Date.now()}-${process.pid}.json`);
	}

	onRunStart() {
		this.write({ numPassedTests: 0, numFailedTests: 1, numRuntimeErrorTestSuites: 0, numTotalTests: 0, died: true });
	}

	onRunComplete(_contexts, results) {
		const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = results;
		this.write({ numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests });
	}

	write(totals) {
		writeFileSync(this.file, JSON.stringify(totals));
	}
}

module.exports = JsonReporter;
