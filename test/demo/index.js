// `npm run demo` entry: runs the TypeScript demo with ts-node. Node resolves `Aicc.node` to the codex
// file Aicc.node.json before Aicc.node.ts (extension order .js, .json, …, .ts), so .json is moved last.
require('ts-node').register({ transpileOnly: true });
const loadJson = require.extensions['.json'];
delete require.extensions['.json'];
require.extensions['.json'] = loadJson;
require('./demo.ts');
