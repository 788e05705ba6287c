/**
 * Runs the matrix's cells of one vendor as jest tests: one test per row, one run per cell, each cell
 * checked by the guarantees it asserts. Cells whose guarantees break are named with why in the test's
 * failure; MATRIX_REPORT=<file> also writes every cell's result there as JSON lines.
 */
import { appendFileSync } from 'node:fs';

import { allCells, onErrorOf, type Cell, type Vendor } from './catalogue';
import { faultRun } from './faults';
import { broken } from './guarantees';
import { newCtx, ROW_RUNS, type Outcome } from './rows';
import { startWorld, type World } from './world';

const LIST_PAGES = new Set(['list.unstable', 'list.contradict', 'list.count', 'list.limit']);

/** One cell: its records, the fault, the run under its On Error setting, the next run where needed; what broke. */
export async function runCell(world: World, cell: Cell): Promise<string[]> {
	if (!cell.guarantees) return [];
	const row = ROW_RUNS[cell.row.id];
	const run = faultRun(cell.fault);
	world.clearFault();
	world.resetCredential();
	const ctx = newCtx(world, cell.fault);
	await row.prepare(world, ctx, LIST_PAGES.has(cell.fault.id));
	// Every faulted run starts as a new run of n8n would: no token yet (the token faults set one of their own).
	world.resetCredential();
	world.recorder.seen.length = 0;
	const before = row.records(world, ctx);
	run.install(world, row, ctx);
	let outcome: Outcome;
	let next: Outcome | undefined;
	try {
		outcome = await row.run(world, ctx, onErrorOf(cell.row, cell.fault));
		if (!run.stays) world.clearFault();
		if (cell.guarantees.includes('S') || cell.row.kind === 'trigger') next = await row.next(world, ctx);
	} finally {
		world.clearFault();
	}
	return broken(cell.guarantees, { world, row, fault: cell.fault, expect: cell.expect, run, ctx, outcome, next, before });
}

/** The matrix's tests for one vendor's rows: a test per row, every fault class in it. */
export function defineMatrix(vendor: Vendor): void {
	let world: World;
	beforeAll(async () => {
		world = await startWorld(vendor);
	}, 60_000);
	afterAll(async () => await world?.stop());

	const byRow = new Map<string, Cell[]>();
	for (const cell of allCells().filter((entry) => entry.row.vendor === vendor)) byRow.set(cell.row.id, [...(byRow.get(cell.row.id) ?? []), cell]);

	for (const [rowId, cells] of byRow) {
		test(`${cells[0].row.label}: ${cells.filter((cell) => cell.guarantees).length} cells`, async () => {
			const failures: string[] = [];
			for (const cell of cells) {
				const started = Date.now();
				const problems = await runCell(world, cell).catch((error: Error) => [`the cell itself failed: ${error.stack ?? error.message}`]);
				if (process.env.MATRIX_REPORT) appendFileSync(process.env.MATRIX_REPORT, `${JSON.stringify({ row: rowId, fault: cell.fault.id, na: cell.na, guarantees: cell.guarantees, problems, ms: Date.now() - started })}\n`);
				if (problems.length) failures.push(`${cell.fault.id}: ${problems.join('; ')}`);
			}
			expect(failures).toEqual([]);
		}, 120_000);
	}
}
