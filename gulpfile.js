// `n8n-node build` compiles the TypeScript, emits the codex files (tsconfig.json includes nodes/**/*.json)
// and copies the icons, but does not check the result. This step does: it loads every node and credential
// package.json declares from dist/ and fails the build when a file is missing or an icon or codex file they
// name is not beside it (n8n would show a broken icon, or the node without its documentation links).
const { existsSync } = require('node:fs');
const path = require('node:path');

const { n8n } = require('./package.json');

/** The files an `icon` names: 'file:x.svg' or { light: 'file:x.svg', dark: 'file:x.dark.svg' }, beside `file`. */
function iconPaths(icon, file) {
	const names = typeof icon === 'string' ? [icon] : Object.values(icon ?? {});
	return names.map((name) => path.join(path.dirname(file), name.replace(/^file:/, '')));
}

function describedFiles(file, isNode) {
	const [Class] = Object.values(require(path.resolve(file)));
	const instance = new Class();
	const icon = isNode ? instance.description.icon : instance.icon;
	if (icon === undefined) return [`an icon for ${file}`];
	return [...iconPaths(icon, file), ...(isNode ? [file.replace(/\.js$/, '.json')] : [])];
}

function checkDist(done) {
	const missing = [];
	for (const [files, isNode] of [
		[n8n.nodes, true],
		[n8n.credentials, false],
	]) {
		for (const file of files) {
			if (!existsSync(file)) missing.push(file);
			else missing.push(...describedFiles(file, isNode).filter((needed) => !existsSync(needed)));
		}
	}
	done(missing.length > 0 ? new Error(`dist/ lacks what package.json's n8n section needs: ${missing.join(', ')}`) : undefined);
}

exports.build = checkDist;
exports.default = checkDist;
