// `node scan-like-n8n.mjs DIR PATTERN…`: lints like @n8n/scan-community-package (community-nodes rules,
// no-console, inline eslint-disable comments ignored) and prints the violations; exit 1 when there are any.
import { ESLint } from 'eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const [cwd, ...patterns] = process.argv.slice(2);
const eslint = new ESLint({
	cwd,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tseslint.parser } },
	],
});
const results = await eslint.lintFiles(patterns);
if (results.some((result) => result.errorCount > 0)) {
	process.stdout.write(await (await eslint.loadFormatter('stylish')).format(results));
	process.exit(1);
}
