/**
 * Every jest suite but e2e, one project each, named after its folder under test/ (CONTRIBUTING.md's table
 * says what each covers and how long it takes). `npx jest` runs them all. `npm test` and the test:<suite>
 * scripts choose some with JEST_SUITES (names, comma-separated) rather than --selectProjects, which would
 * take a path given after it (`npm test -- test/unit/dates`) for one more project name.
 */
const { SUITES, suite, runOptions } = require('./test/jest-suites');

function chosenSuites() {
	if (!process.env.JEST_SUITES) return SUITES;
	const chosen = process.env.JEST_SUITES.split(',');
	const unknown = chosen.filter((name) => !SUITES.includes(name));
	if (unknown.length > 0) throw new Error(`JEST_SUITES names no suite ${unknown.join(', ')}; the suites are ${SUITES.join(', ')}`);
	return chosen;
}

/** @type {import('jest').Config} */
module.exports = {
	...runOptions,
	projects: chosenSuites().map((name) => suite(name, `test/${name}/**/*.test.ts`)),
};
