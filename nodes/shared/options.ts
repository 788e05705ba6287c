import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Requests in flight together by default: enough to keep n8n busy while answers travel, few enough
 * for a vendor API. n8n's HTTP Request node sends one request per item, all at once.
 */
export const DEFAULT_BATCH_SIZE = 10;

export interface Batching {
	/** Items whose requests are in flight together. */
	batchSize: number;
	/** Milliseconds to wait between two batches. */
	batchInterval: number;
}

/** The node's Options collection (the same on both nodes and every operation). */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batching',
			name: 'batching',
			placeholder: 'Add Batching',
			type: 'fixedCollection',
			typeOptions: { multipleValues: false },
			default: { batch: {} },
			options: [
				{
					displayName: 'Batching',
					name: 'batch',
					values: [
						{
							displayName: 'Items per Batch',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: DEFAULT_BATCH_SIZE,
							description: 'How many items are sent together (requests in flight at once); 1 sends one item at a time',
						},
						{
							displayName: 'Batch Interval (Ms)',
							name: 'batchInterval',
							type: 'number',
							typeOptions: { minValue: 0 },
							default: 0,
							description: 'Time (in milliseconds) between each batch of requests. 0 for disabled.',
						},
					],
				},
			],
		},
	],
};

/** The run's batching, read once from the first item; whole numbers, at least one item per batch. */
export function readBatching(context: IExecuteFunctions): Batching {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const batch = ((options.batching as IDataObject | undefined)?.batch ?? {}) as IDataObject;
	const batchSize = Math.floor(Number(batch.batchSize ?? DEFAULT_BATCH_SIZE));
	const batchInterval = Math.floor(Number(batch.batchInterval ?? 0));
	return {
		batchSize: Number.isFinite(batchSize) && batchSize >= 1 ? batchSize : DEFAULT_BATCH_SIZE,
		batchInterval: Number.isFinite(batchInterval) && batchInterval > 0 ? batchInterval : 0,
	};
}
