// AICC Get Many through n8n's engine; its paging and whole-list checks are in getAll-paging and getAll-whole-list.

import { OWNER, seedTasks } from '../../support/fixtures';
import { aiccOperationBench } from './operations';

const aicc = aiccOperationBench();
const { sent, task } = aicc;

describe('Get Many', () => {
	test('Return All walks every page, 100 tasks at a time, and outputs one item per task', async () => {
		await seedTasks(aicc.bench.emulator, Array.from({ length: 250 }, (_, n) => `Task ${n}`));
		const { items, error } = await task({ operation: 'getAll', creatorId: OWNER, returnAll: true });
		expect(error).toBeUndefined();
		expect(sent('/list').map(({ start, limit }) => [start, limit])).toEqual([[0, 100], [100, 100], [200, 100]]);
		expect(items).toHaveLength(250);
		expect(new Set(items.map((item) => item.json.taskId)).size).toBe(250);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	test('a Limit asks only for what it needs: 150 → pages of 100 and 50; the default is 50', async () => {
		await seedTasks(aicc.bench.emulator, Array.from({ length: 180 }, (_, n) => `Task ${n}`));
		expect((await task({ operation: 'getAll', creatorId: OWNER, returnAll: false, limit: 150 })).items).toHaveLength(150);
		expect(sent('/list').map(({ start, limit }) => [start, limit])).toEqual([[0, 100], [100, 50]]);
		expect((await task({ operation: 'getAll', creatorId: OWNER })).items).toHaveLength(50);
	});

	test('filters go into the body in AICC\'s names, dates as yyyy-MM-dd HH:mm:ss', async () => {
		await seedTasks(aicc.bench.emulator, ['Order 1', 'Order 2', 'Invoice'], { priority: 'High' });
		await seedTasks(aicc.bench.emulator, ['Order 3'], { priority: 'Low' });
		const { items } = await task({
			operation: 'getAll',
			creatorId: OWNER,
			returnAll: true,
			filters: { title: 'order', priority: 'High', createdAfter: '2000-01-01T00:00:00', classification: 'Created' },
		});
		expect(items.map((item) => item.json.title)).toEqual(['Order 1', 'Order 2']);
		expect(sent('/list')[0]).toEqual({ creatorId: OWNER, start: 0, limit: 100, title: 'order', priority: 'High', classification: 'Created', startTime: '2000-01-01 00:00:00' });
	});

	test('a Limit from an expression must be a whole number: 2.5 is refused before any request, "5" counts', async () => {
		await seedTasks(aicc.bench.emulator, ['A', 'B', 'C', 'D', 'E', 'F']);
		const { items } = await aicc.bench.run({ resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: false, limit: '={{ $json.limit }}' }, [{ limit: 2.5 }, { limit: '5' }], {
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('Limit must be a whole number of at least 1, got 2.5 (item 0)');
		expect(items.slice(1).map((item) => item.pairedItem)).toEqual(Array(5).fill({ item: 1 }));
		expect(sent('/list').map(({ limit }) => limit)).toEqual([5]);
	});

	test('a Title Contains over 128 bytes is refused naming the filter as the panel shows it', async () => {
		const { error } = await task({ operation: 'getAll', creatorId: OWNER, filters: { title: '中'.repeat(43) } });
		expect(error?.message).toBe('Title Contains must be at most 128 bytes (UTF-8), got 129 (item 0)');
		expect(sent('/list')).toEqual([]);
	});

	test('Type without Related Record ID is refused before any request', async () => {
		const { error } = await task({ operation: 'getAll', creatorId: OWNER, filters: { type: 'Case' } });
		expect(error?.message).toBe('Type and Related Record ID go together: set both filters or neither (item 0)');
		expect(sent('/list')).toEqual([]);
	});
});
