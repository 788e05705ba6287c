// The lint for test/. With ESLint's config lookup from the linted file (ESLINT_FLAGS in package.json's
// lint scripts), ESLint takes this file for everything under test/ and the root eslint.config.mjs, n8n's
// default and unchanged, for the package. That default is for code that runs inside n8n Cloud; tests and
// their tooling run in Node.js and need its modules, process and timers, which it forbids.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['e2e/.artifacts/**'] },
	js.configs.recommended,
	tseslint.configs.recommended,
	{
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		// `const { secret: _dropped, ...rest } = value` is how a test copies an object without one key.
		rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},
	// Plain .js files here are CommonJS scripts run by Node.js (child processes, reporters, loaders).
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
