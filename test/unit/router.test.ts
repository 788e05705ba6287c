/** The one loop over a node's items, with a fake context standing for n8n's ExecuteContext. */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemError } from '../../nodes/shared/failures';
import { routeItems, type OperationExecute } from '../../nodes/shared/router';
import type { VendorTransport } from '../../nodes/shared/transport';
import { FieldError } from '../../nodes/shared/validation';

function fakeContext(items: number, settings: { continueOnFail?: boolean; onError?: INode['onError']; batchSize?: number; type?: string } = {}) {
	const node: INode = { id: 'n', name: 'EIAM', type: settings.type ?? 'n8n-nodes-aicc-eiam.eiam', typeVersion: 1, position: [0, 0], parameters: {}, onError: settings.onError };
	const parameters: IDataObject = { resource: 'todo', operation: 'get', options: settings.batchSize ? { batching: { batch: { batchSize: settings.batchSize } } } : {} };
	return {
		getInputData: () => Array.from({ length: items }, (_, index) => ({ json: { index } })),
		getNodeParameter: (name: string) => parameters[name],
		getNode: () => node,
		continueOnFail: () => settings.continueOnFail ?? false,
	} as unknown as IExecuteFunctions;
}

const transport = {} as VendorTransport;
const route = async (context: IExecuteFunctions, execute: OperationExecute) => await routeItems.call(context, { todo: { get: execute } }, transport);

describe('the router', () => {
	test('outputs in input order, each paired with its item, whatever order the items finish in', async () => {
		const finished: number[] = [];
		const release: Array<() => void> = [];
		let allStarted!: () => void;
		const started = new Promise<void>((resolve) => (allStarted = resolve));
		const run = route(fakeContext(4, { batchSize: 4 }), async function (_transport, index) {
			await new Promise<void>((resolve) => {
				release[index] = resolve;
				if (release.filter(Boolean).length === 4) allStarted();
			});
			finished.push(index);
			return { index };
		});
		await started;
		for (const index of [3, 2, 1, 0]) {
			release[index]();
			await Promise.resolve();
		}
		const [output] = await run;
		expect(finished).toEqual([3, 2, 1, 0]);
		expect(output).toEqual([0, 1, 2, 3].map((index) => ({ json: { index }, pairedItem: { item: index } })));
	});

	test('an operation returning several records outputs each, paired with the same item', async () => {
		const [output] = await route(fakeContext(1), async () => [{ a: 1 }, { a: 2 }]);
		expect(output).toEqual([{ json: { a: 1 }, pairedItem: { item: 0 } }, { json: { a: 2 }, pairedItem: { item: 0 } }]);
	});

	test('without Continue On Fail the first failing item stops the run, its field error naming the item', async () => {
		const started: number[] = [];
		const run = route(fakeContext(5, { batchSize: 1 }), async (_transport, index) => {
			started.push(index);
			if (index === 1) throw new FieldError('Title must not be empty');
			return {};
		});
		await expect(run).rejects.toThrow('Title must not be empty (item 1)');
		expect(started).toEqual([0, 1]);
	});

	test('with Continue On Fail each failing item becomes an error item with its description, in place', async () => {
		const [output] = await route(fakeContext(3, { continueOnFail: true }), async function (this: IExecuteFunctions, _transport, index) {
			if (index === 1) throw itemError(this.getNode(), 'Refused', index, 'EIAM said no');
			return { index };
		});
		expect(output).toEqual([
			{ json: { index: 0 }, pairedItem: { item: 0 } },
			{ json: { error: 'Refused (item 1)', description: 'EIAM said no' }, pairedItem: { item: 1 } },
			{ json: { index: 2 }, pairedItem: { item: 2 } },
		]);
	});

	test('an operation that throws before it hands back a promise (a refused field) fails its item alone, as a rejection does', async () => {
		const execute: OperationExecute = function (_transport, index) {
			if (index === 0) throw new FieldError('Title must not be empty');
			return Promise.resolve({ index });
		};
		const [output] = await route(fakeContext(2, { continueOnFail: true }), execute);
		expect(output).toEqual([
			{ json: { error: 'Title must not be empty (item 0)' }, pairedItem: { item: 0 } },
			{ json: { index: 1 }, pairedItem: { item: 1 } },
		]);
		await expect(route(fakeContext(2), execute)).rejects.toThrow('Title must not be empty (item 0)');
	});

	test('On Error: Continue (using error output): an error item carries its error, which is how n8n moves it to the error output', async () => {
		const [output] = await route(fakeContext(1, { continueOnFail: true, onError: 'continueErrorOutput' }), async function (this: IExecuteFunctions) {
			throw itemError(this.getNode(), 'Refused', 0, 'why');
		});
		expect(output[0].json).toEqual({ error: 'Refused (item 0)', description: 'why' });
		expect(output[0].error?.message).toBe('Refused (item 0)');
	});

	test('"(item N)" is added where the router shows an error about its item; one error shared by items is named for each, and left as written', async () => {
		const shared = itemError(fakeContext(0).getNode(), 'EIAM rejected a token it had just issued', 0);
		const [output] = await route(fakeContext(3, { continueOnFail: true }), async function (this: IExecuteFunctions, _transport, index) {
			if (index === 2) throw new NodeOperationError(this.getNode(), 'Not one of ours');
			throw shared;
		});
		expect(output.map((item) => item.json.error)).toEqual(['EIAM rejected a token it had just issued (item 0)', 'EIAM rejected a token it had just issued (item 1)', 'Not one of ours']);
		expect(shared.message).toBe('EIAM rejected a token it had just issued');
	});

	test('as an AI Agent tool an error is output, not thrown, so that the model reads it', async () => {
		const [output] = await route(fakeContext(1, { type: 'n8n-nodes-aicc-eiam.eiamTool' }), async () => {
			throw new FieldError('Deadline must be a date');
		});
		expect(output[0].json.error).toBe('Deadline must be a date (item 0)');
	});

	test('an operation the node does not have is named', async () => {
		await expect(routeItems.call(fakeContext(1), {}, transport)).rejects.toThrow('The operation "get" of "todo" is not supported');
	});
});
