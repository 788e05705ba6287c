/**
 * The matrix as docs/guarantees.md shows it, derived from the catalogue (catalogue.ts): one table per
 * group of fault classes, a row per operation, in each cell the guarantees it asserts or why none
 * applies, and the counts. `npm run docs:guarantees` writes it between the markers; a test fails when
 * the file holds another rendering.
 */
import { allCells, FAULTS, GUARANTEES, ROWS, type Guarantee } from './catalogue';

export const START = '<!-- matrix:start (npm run docs:guarantees writes this part) -->';
export const END = '<!-- matrix:end -->';

const escape = (text: string) => text.replace(/\|/g, '\\|');

export function renderMatrix(): string {
	const cells = allCells();
	const byKey = new Map(cells.map((cell) => [`${cell.row.id} ${cell.fault.id}`, cell]));
	const asserting = cells.filter((cell) => cell.guarantees);
	const perGuarantee = (Object.keys(GUARANTEES) as Guarantee[]).map(
		(guarantee) => `${guarantee} ${asserting.filter((cell) => cell.guarantees?.includes(guarantee)).length}`,
	);
	const lines = [
		START,
		'',
		`**${cells.length} cells**: ${ROWS.length} rows × ${FAULTS.length} fault classes; ${asserting.length} assert guarantees, ${cells.length - asserting.length} are n/a with their reason.`,
		`Cells asserting each guarantee: ${perGuarantee.join(', ')}.`,
		'',
		'A cell lists the letters of the guarantees it asserts (the legend above).',
	];
	const groups = [...new Set(FAULTS.map((fault) => fault.group))];
	for (const group of groups) {
		const faults = FAULTS.filter((fault) => fault.group === group);
		lines.push('', `### ${group}`, '', `| Operation | ${faults.map((fault) => escape(fault.label)).join(' | ')} |`, `|---|${faults.map(() => '---').join('|')}|`);
		for (const row of ROWS) {
			const shown = faults.map((fault) => {
				const cell = byKey.get(`${row.id} ${fault.id}`);
				return cell?.guarantees ? cell.guarantees.join('') : `n/a: ${escape(cell?.na ?? '')}`;
			});
			lines.push(`| ${escape(row.label)} | ${shown.join(' | ')} |`);
		}
	}
	lines.push('', END);
	return lines.join('\n');
}

/** The document with its matrix part replaced by the current rendering. */
export function withMatrix(document: string): string {
	const start = document.indexOf(START);
	const end = document.indexOf(END);
	if (start < 0 || end < start) throw new Error(`docs/guarantees.md lacks the markers ${START} … ${END}`);
	return `${document.slice(0, start)}${renderMatrix()}${document.slice(end + END.length)}`;
}
