// Runs inside the unpacked tarball with only n8n-workflow and luxon resolvable (as n8n provides them):
// loads every node and credential the package declares and reports what n8n would read from them.
const fs = require('node:fs');
const path = require('node:path');

const manifest = require(path.resolve('package.json'));
const iconFiles = (icon, dir) =>
	(typeof icon === 'string' ? [icon] : Object.values(icon ?? {})).map((file) => path.join(dir, file.replace(/^file:/, '')));
const loadClass = (file) => {
	const exported = require(path.resolve(file));
	const [Class] = Object.values(exported);
	return new Class();
};

const nodes = manifest.n8n.nodes.map((file) => {
	const node = loadClass(file);
	const dir = path.dirname(file);
	const codex = file.replace(/\.js$/, '.json');
	return {
		file,
		name: node.description.name,
		usableAsTool: node.description.usableAsTool === true,
		polling: node.description.polling === true,
		icons: iconFiles(node.description.icon, dir).map((icon) => ({ icon, exists: fs.existsSync(icon) })),
		codex: fs.existsSync(codex) ? JSON.parse(fs.readFileSync(codex, 'utf8')) : null,
		credentials: (node.description.credentials ?? []).map((credential) => credential.name),
	};
});
const credentials = manifest.n8n.credentials.map((file) => {
	const credential = loadClass(file);
	return {
		file,
		name: credential.name,
		hasTest: Boolean(credential.test),
		icons: iconFiles(credential.icon, path.dirname(file)).map((icon) => ({ icon, exists: fs.existsSync(icon) })),
	};
});
process.stdout.write(JSON.stringify({ nodes, credentials }));
