/**
 * The AICC list reader's rules on their own (nodes/Aicc/list.ts): which rows a filter leaves out, and the
 * bound on rows listed when left-out rows make a Limit read on. The pages come from a stand-in transport.
 */
import type { IDataObject } from 'n8n-workflow';

import { readTaskList, rowMatches } from '../../nodes/Aicc/list';
import { lowerMedian, trustedMark } from '../../nodes/Aicc/trigger/stamps';
import type { VendorTransport } from '../../nodes/shared/transport';
import { failureShown } from '../support/shown';

const context = { getNode: () => ({ id: 'n', name: 'AICC', type: 'aicc', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} }) };

describe('rowMatches: a row is left out only when a field it carries contradicts a filter sent', () => {
	const query = { status: 'Completed', priority: 'High', ownerId: 'owner1', contactId: 'c1', type: 'Case', relateId: 'r1', startTime: '2026-03-01 10:00:00', endTime: '2026-03-01 11:00:00' };
	test.each<[string, IDataObject, boolean]>([
		['every field agrees', { status: 'Completed', priority: 'High', ownerId: 'owner1', contactId: 'c1', type: 'Case', relateId: 'r1', createdDate: '2026-03-01 10:30:00' }, true],
		['no field to check (AICC cuts the row table after priority, docs/aicc-api.md#get-many-post-tasklist): kept', { taskId: 't' }, true],
		['status null: kept', { status: null }, true],
		['another status', { status: 'Pending' }, false],
		['another priority', { priority: 'Low' }, false],
		['another owner', { ownerId: 'owner2' }, false],
		['another contact', { contactId: 'c2' }, false],
		['another related record', { relateId: 'r2' }, false],
		['created at the lower bound: kept, whether AICC counts the bound in or not', { createdDate: '2026-03-01 10:00:00' }, true],
		['created at the upper bound: kept', { createdDate: '2026-03-01 11:00:00' }, true],
		['created a second before', { createdDate: '2026-03-01 09:59:59' }, false],
		['created a second after', { createdDate: '2026-03-01 11:00:01' }, false],
		['a createdDate in another format cannot be compared: kept', { createdDate: '2026-03-01T09:00:00Z' }, true],
	])('%s', (_case, row, matches) => {
		expect(rowMatches(row, query)).toBe(matches);
	});

	test('Title Contains, Classification and Creator ID are never checked on rows (fuzzy, or undocumented on rows)', () => {
		expect(rowMatches({ title: 'Something else', classification: 'Created', creatorId: 'x' }, { title: 'refund', classification: 'Todo', creatorId: 'me' })).toBe(true);
	});
});

/** A transport whose list holds `rows` and counts them, answering each page as AICC would. */
function listOf(rows: IDataObject[]): { transport: VendorTransport; calls: () => number } {
	let calls = 0;
	const transport = {
		request: async ({ body }: { body: { start: number; limit: number } }) => {
			calls++;
			return { resCode: '0', result: { taskList: rows.slice(body.start, body.start + body.limit), count: rows.length } };
		},
	} as unknown as VendorTransport;
	return { transport, calls: () => calls };
}

const caller = { operation: 'AICC Get Many', itemIndex: 2 };
const read = (limit: number, most = 1000) => ({ query: { status: 'Completed' }, limit, most, per: 'item', narrowDown: 'Narrow the Filters.' });

test('rows left out make a Limit read on; the rows it lists stay bounded, and past the bound it fails naming the item', async () => {
	const rows = Array.from({ length: 1500 }, (_, n) => ({ taskId: `t${n}`, status: n === 1400 ? 'Completed' : 'Pending' }));
	expect(await failureShown(readTaskList(context, listOf(rows).transport, read(1), caller), 2)).toBe('AICC Get Many: stopped after 1,000 tasks, the most one item reads (item 2)');
	const { tasks } = await readTaskList(context, listOf(rows).transport, read(1, 2000), caller);
	expect(tasks.map((task) => task.taskId)).toEqual(['t1400']);
});

describe("New Task's mark: a stamp is evidence, not truth", () => {
	test('the lower median: one outlier among three cannot move it, and of two the lower counts', () => {
		expect(lowerMedian([])).toBeUndefined();
		expect(lowerMedian([5])).toBe(5);
		expect(lowerMedian([86_400, 0])).toBe(0);
		expect(lowerMedian([10, 86_400, 20])).toBe(20);
		expect(lowerMedian([10, -86_400, 20])).toBe(10);
	});

	test('the mark is the newest stamp up to the ceiling, never before the previous mark', () => {
		expect(trustedMark([100, 200, 86_500], 50, 5_500)).toBe(200);
		expect(trustedMark([100, 200], 300, 5_500)).toBe(300);
		expect(trustedMark([86_500], undefined, 5_500)).toBeUndefined();
	});
});
