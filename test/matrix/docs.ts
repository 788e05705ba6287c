// `npm run docs:guarantees`: writes the operation × fault matrix into docs/guarantees.md between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { withMatrix } from './render';

const file = join(__dirname, '../../docs/guarantees.md');
writeFileSync(file, withMatrix(readFileSync(file, 'utf8')));
console.log(`wrote the matrix into ${file}`);
