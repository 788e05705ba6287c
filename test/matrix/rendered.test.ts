// docs/guarantees.md holds the matrix as the catalogue renders it now: run `npm run docs:guarantees` after changing a row or a fault class.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { allCells } from './catalogue';
import { withMatrix } from './render';

test('the matrix in docs/guarantees.md is the current rendering of the catalogue', () => {
	const document = readFileSync(join(__dirname, '../../docs/guarantees.md'), 'utf8');
	expect(document).toBe(withMatrix(document));
});

test('every cell either asserts a guarantee or says why none applies', () => {
	for (const cell of allCells()) expect({ cell: `${cell.row.id} ${cell.fault.id}`, said: Boolean(cell.guarantees?.length || cell.na) }).toEqual({ cell: `${cell.row.id} ${cell.fault.id}`, said: true });
});
