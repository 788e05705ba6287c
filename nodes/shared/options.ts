import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryPolicy } from './retry';

/**
 * Requests in flight together by default: enough to keep n8n busy while answers travel, few enough
 * for a vendor API. n8n's HTTP Request node sends one request per item, all at once.
 */
export const DEFAULT_BATCH_SIZE = 10;

/** Milliseconds a request may take before it is given up; n8n's own default is 300,000. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;

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
							// The unit goes in the description: n8n's rule (which the community scanner applies, ignoring inline
							// disables) would title-case a "(ms)" to "(Ms)".
							displayName: 'Batch Interval',
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
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How many times one request is repeated after a rate limit (429), an unavailable service (503) or, for requests that are safe to repeat, a server error, reset or time-out. 0 never repeats.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_RETRY_WAIT_MS,
			description: "Longest time (in milliseconds) one request may spend waiting between its attempts, in all; the vendor's Retry-After is honoured within it",
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description: 'Milliseconds one request may take, from sending it to the last byte of its answer (a token request it waits for included), before it is given up',
		},
	],
};

function runOptions(context: IExecuteFunctions): IDataObject {
	return context.getNodeParameter('options', 0, {}) as IDataObject;
}

/** A whole number of at least `min` from an option, or the default when it is missing or not a number. */
function wholeNumber(value: unknown, fallback: number, min: number): number {
	const number = Math.floor(Number(value ?? fallback));
	return Number.isFinite(number) && number >= min ? number : fallback;
}

export interface RequestOptions {
	timeoutMs: number;
	retry: RetryPolicy;
}

/** The run's time-out and retry policy, read once from the first item. */
export function readRequestOptions(context: IExecuteFunctions): RequestOptions {
	return requestOptionsOf(runOptions(context));
}

/** Time-out and retry policy from an Options collection's values, defaults for what is missing. */
export function requestOptionsOf(options: IDataObject): RequestOptions {
	return {
		timeoutMs: wholeNumber(options.timeout, DEFAULT_TIMEOUT_MS, 1),
		retry: {
			maxRetries: wholeNumber(options.maxRetries, DEFAULT_MAX_RETRIES, 0),
			maxWaitMs: wholeNumber(options.maxRetryWait, DEFAULT_MAX_RETRY_WAIT_MS, 0),
		},
	};
}

/** The run's batching, read once from the first item; whole numbers, at least one item per batch. */
export function readBatching(context: IExecuteFunctions): Batching {
	const options = runOptions(context);
	const batch = ((options.batching as IDataObject | undefined)?.batch ?? {}) as IDataObject;
	return {
		batchSize: wholeNumber(batch.batchSize, DEFAULT_BATCH_SIZE, 1),
		batchInterval: wholeNumber(batch.batchInterval, 0, 0),
	};
}
