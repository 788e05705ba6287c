// Writes jest's aggregated results to a file, so that .ci/run can print its totals line.
const { writeFileSync } = require('node:fs');

class JsonReporter {
	constructor(_globalConfig, options) {
		this.file = options.file;
	}

	onRunComplete(_contexts, results) {
		const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = results;
		writeFileSync(this.file, JSON.stringify({ numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests }));
	}
}

module.exports = JsonReporter;
