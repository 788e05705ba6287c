import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/**
 * The one loop over a node's input items: picks the operation, runs it for each item in order, pairs
 * every output item with its input item, and honours Continue On Fail in one place.
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

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const result = await execute.call(this, transport, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem });
		} catch (caught) {
			const error = withItemIndex(this, caught as Error, itemIndex);
			if (!this.continueOnFail()) throw error;
			const description = (error as NodeOperationError).description;
			output.push({ json: { error: error.message, ...(description ? { description } : {}) }, pairedItem });
		}
	}
	return [output];
}
