// `node n8n-scan.mjs source|tarball DIR`: runs @n8n/scan-community-package's own analyzePackage on DIR with
// the file patterns its CLI uses for that leg (analyzePackageByName in its scanner.mjs), and prints the
// result as JSON. A child process, because the scanner is an ES module and jest runs CommonJS.
import { resolve } from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scanner's CLI lints the attested source checkout with SOURCE_FILE_PATTERNS and the downloaded tarball
// with these (compiled JavaScript and the published package.json), which it does not export.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const [leg, dir] = process.argv.slice(2);
const patterns = { source: SOURCE_FILE_PATTERNS, tarball: TARBALL_FILE_PATTERNS }[leg];
if (!patterns || !dir) {
	process.stderr.write('usage: node n8n-scan.mjs source|tarball DIR\n');
	process.exit(2);
}
// The scanner hands it absolute paths (ESLint refuses a relative cwd).
const { passed, message, details } = await analyzePackage(resolve(dir), patterns);
process.stdout.write(`${JSON.stringify({ passed, message, details })}\n`);
