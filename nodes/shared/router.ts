import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { readBatching } from './options';
import type { VendorTransport } from './transport';
import { FieldError } from './validation';

/** One operation: reads item `itemIndex`'s parameters, validates them, calls the vendor and returns the output JSON. */
export type OperationExecute = (
	this: IExecuteFunctions,
	transport: VendorTransport,
	itemIndex: number,
) => Promise<IDataObject | IDataObject[]>;

/** resource → operation → execute */
export type OperationMap = Record<string, Record<string, OperationExecute>>;

function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof FieldError) {
		return new NodeOperationError(context.getNode(), `${error.message} (item ${itemIndex})`, { itemIndex });
	}
	if (error instanceof NodeOperationError || (error as { name?: string }).name === 'NodeApiError') {
		const withContext = error as NodeOperationError;
		withContext.context = { ...(withContext.context ?? {}), itemIndex };
		return withContext;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

type ItemOutcome = { json: IDataObject[] } | { error: Error };

/**
 * The one loop over a node's input items: picks the operation, runs the items in batches (the items of
 * a batch concurrently, as Options → Batching says), pairs every output item with its input item in
 * input order, and honours Continue On Fail in one place. Without Continue On Fail the run stops at the
 * first failing item, once its batch has settled (its batch-mates' requests were already sent).
 */
export async function routeItems(
	this: IExecuteFunctions,
	operations: OperationMap,
	transport: VendorTransport,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const { batchSize, batchInterval } = readBatching(this);
	const continueOnFail = this.continueOnFail();

	const runItem = async (itemIndex: number): Promise<ItemOutcome> => {
		try {
			const result = await execute.call(this, transport, itemIndex);
			return { json: Array.isArray(result) ? result : [result] };
		} catch (caught) {
			return { error: withItemIndex(this, caught as Error, itemIndex) };
		}
	};

	const output: INodeExecutionData[] = [];
	for (let start = 0; start < items.length; start += batchSize) {
		if (start > 0 && batchInterval > 0) await sleep(batchInterval);
		const indexes = Array.from({ length: Math.min(batchSize, items.length - start) }, (_, offset) => start + offset);
		const outcomes = await Promise.all(indexes.map(runItem));
		outcomes.forEach((outcome, offset) => {
			const pairedItem = { item: indexes[offset] };
			if ('json' in outcome) {
				for (const json of outcome.json) output.push({ json, pairedItem });
				return;
			}
			if (!continueOnFail) throw outcome.error;
			const description = (outcome.error as NodeOperationError).description;
			output.push({ json: { error: outcome.error.message, ...(description ? { description } : {}) }, pairedItem });
		});
	}
	return [output];
}
