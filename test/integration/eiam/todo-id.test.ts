// EIAM To-Do IDs, for every operation that takes one, through n8n's engine.
import { startBench, type Bench } from '../../support/emulator-bench';
import { TODOS } from './todos';

let bench: Bench;
afterEach(async () => {
	await bench?.stop();
	bench = undefined as unknown as Bench;
});

test('IDs are percent-encoded as one path segment', async () => {
	bench = await startBench('eiam', 'clientCredentials');
	await bench.run({ resource: 'todo', operation: 'get', todoId: '../a/b?c=1#d' });
	const paths = bench.emulator.requests.filter((entry) => entry.method === 'GET').map((entry) => entry.path);
	expect(paths).toEqual([`${TODOS}/..%2Fa%2Fb%3Fc%3D1%23d`]);
});

test.each(['get', 'delete', 'markAsDone'])('%s: a To-Do ID of "..", "." or half an emoji is refused before any request (".." would reach todo/)', async (operation) => {
	bench = await startBench('eiam', 'clientCredentials');
	const ids = [{ id: '..' }, { id: '.' }, { id: 'a\ud83d' }];
	const { items } = await bench.run({ resource: 'todo', operation, todoId: '={{ $json.id }}' }, ids, { continueOnFail: true });
	expect(items.map((item) => item.json.error)).toEqual([
		'To-Do ID must not be "..": a URL path cannot hold it as an ID (item 0)',
		'To-Do ID must not be ".": a URL path cannot hold it as an ID (item 1)',
		'To-Do ID holds half of an emoji or other character (a lone UTF-16 surrogate) and cannot be sent (item 2)',
	]);
	expect(bench.emulator.requests).toEqual([]);
});
