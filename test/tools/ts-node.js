// `node -r ./test/tools/ts-node.js script.ts`: runs TypeScript tools. Node resolves `Aicc.node` to the
// codex file Aicc.node.json before Aicc.node.ts (extension order .js, .json, …, .ts), so .json goes last.
require('ts-node').register({ transpileOnly: true });
const loadJson = require.extensions['.json'];
delete require.extensions['.json'];
require.extensions['.json'] = loadJson;
