import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { itemMessage } from './failures';
import { readBatching } from './options';
import { quoteText } from './text';
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

/**
 * The error of a failed item, as n8n shows it: the one place its message is completed with the item (see
 * itemMessage), our own errors with the item in their context, a FieldError made an n8n error.
 */
export function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof FieldError) {
		return new NodeOperationError(context.getNode(), itemMessage(error, itemIndex), { itemIndex });
	}
	if (error instanceof NodeOperationError || (error as { name?: string }).name === 'NodeApiError') {
		const withContext = saying(error as NodeOperationError, itemMessage(error, itemIndex));
		withContext.context = { ...(withContext.context ?? {}), itemIndex };
		return withContext;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/**
 * `error` saying `message`: a copy when the words differ, as one error may be thrown for several items. The
 * copy reads its stack from the original when asked: reading it now would format it, which is slow.
 */
function saying<E extends Error>(error: E, message: string): E {
	if (error.message === message) return error;
	const copy = Object.create(Object.getPrototypeOf(error) as object) as E;
	for (const key of Reflect.ownKeys(error)) {
		if (key !== 'stack') Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key) as PropertyDescriptor);
	}
	Object.defineProperty(copy, 'stack', { get: () => error.stack, configurable: true });
	copy.message = message;
	return copy;
}

/** A failed item's error as its operation threw it, told apart from an operation's output by its class. */
class ItemFailure {
	constructor(readonly error: unknown) {}
}

/** An item's output as its operation returned it (no wrapper: every item would pay for one), or its failure. */
type ItemOutcome = IDataObject | IDataObject[] | ItemFailure;

/**
 * Holds each item's start until the event loop has taken a turn since the previous start. n8n opens a
 * new connection for every request, and the request leaves only when the event loop has seen that
 * connection open. When the answers of a whole window arrive together, starting the next items back to
 * back in that turn held all their requests until every one of them was prepared, so the window moved
 * in lock-step bursts (prepare ten, wait, prepare ten…) instead of sliding. An item that starts when
 * no other item started in the current turn does not wait. The turn is n8n-workflow's sleep(0), a
 * timer (community nodes may not use setImmediate), so starts are at most about one per millisecond.
 *
 * The returned function gives a promise to wait for only when there is something to wait for, and
 * is not async: an item that starts at once then pays for no promise of its own and no turn of the
 * microtask queue.
 */
function oneStartPerTurn(): () => Promise<void> | undefined {
	let turn: Promise<void> | undefined;
	// Only a start sets the turn, and only when none is set, so the turn that ends is the one set.
	const endTurn = () => {
		turn = undefined;
	};
	const start = (): Promise<void> | undefined => {
		if (turn) return turn.then(start);
		turn = sleep(0).then(endTurn);
		return undefined;
	};
	return start;
}

/**
 * Runs `run` for indexes 0…count-1 with at most `inFlight` running together and returns the outcomes by
 * index. Without an interval it is a sliding window: a new item starts as soon as one ends, so waiting
 * for answers overlaps with preparing requests. With an interval the items go in batches of `inFlight`,
 * the next batch `interval` ms after the previous one ended. Once `stopAfterError` is set and an item
 * failed, no further item starts; the ones already running finish.
 */
async function runWindowed(
	count: number,
	inFlight: number,
	interval: number,
	stopAfterError: boolean,
	run: (index: number) => Promise<IDataObject | IDataObject[]>,
): Promise<Array<ItemOutcome | undefined>> {
	const outcomes: Array<ItemOutcome | undefined> = new Array(count);
	let failed = false;
	const nextTurn = oneStartPerTurn();
	const settle = async (index: number) => {
		const wait = nextTurn();
		if (wait) await wait;
		try {
			outcomes[index] = await run(index);
		} catch (caught) {
			outcomes[index] = new ItemFailure(caught);
			failed = true;
		}
	};
	if (interval > 0) {
		for (let start = 0; start < count && !(failed && stopAfterError); start += inFlight) {
			if (start > 0) await sleep(interval);
			const batch = Array.from({ length: Math.min(inFlight, count - start) }, (_, offset) => settle(start + offset));
			await Promise.all(batch);
		}
		return outcomes;
	}
	let next = 0;
	const worker = async () => {
		while (next < count && !(failed && stopAfterError)) await settle(next++);
	};
	await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
	return outcomes;
}

/**
 * The one loop over a node's input items: picks the operation, runs the items with Options → Batching
 * (Items per Batch in flight together), pairs every output item with its input item in input order,
 * and honours Continue On Fail in one place. Without Continue On Fail the run stops at the first failing
 * item once the items running beside it have finished (their requests were already sent).
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
	// Read once: n8n's getNode() deep-copies the node on every call.
	const node = this.getNode();
	if (!execute) {
		throw new NodeOperationError(node, `The operation ${quoteText(String(operation))} of ${quoteText(String(resource))} is not supported`);
	}
	const { batchSize, batchInterval } = readBatching(this);
	// As an AI Agent tool, n8n hands the model nothing of a thrown error (an empty tool result), so an
	// item error is output instead, as with Continue On Fail: the model reads it and can correct its call.
	// n8n runs a node used by an AI Agent under its tool variant, whose type name ends in "Tool" (eiam → eiamTool).
	const continueOnFail = this.continueOnFail() || node.type.endsWith('Tool');
	// n8n moves an item to the error output only when it carries its error (or when `error` is its only field).
	const toErrorOutput = node.onError === 'continueErrorOutput';

	// The operation's promise itself, with no async wrapper of our own: every item would pay for one.
	const runItem = (itemIndex: number) => execute.call(this, transport, itemIndex);

	const outcomes = await runWindowed(items.length, batchSize, batchInterval, !continueOnFail, runItem);
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (!outcome) break;
		if (!(outcome instanceof ItemFailure)) {
			const pairedItem = { item: itemIndex };
			if (Array.isArray(outcome)) for (const json of outcome) output.push({ json, pairedItem });
			else output.push({ json: outcome, pairedItem });
			continue;
		}
		const error = withItemIndex(this, outcome.error as Error, itemIndex);
		if (!continueOnFail) throw error;
		output.push(failedItem(error, itemIndex, toErrorOutput));
	}
	return [output];
}

/**
 * What a failed item becomes under Continue On Fail: its error's words, paired with its input item. On
 * "Continue (using error output)" it carries the error itself, by which n8n moves it to the error output
 * (n8n then keeps only `{ error }` in its json; the description stays on the error).
 */
export function failedItem(error: Error, itemIndex: number, toErrorOutput: boolean): INodeExecutionData {
	const description = (error as NodeOperationError).description;
	const json = { error: error.message, ...(description ? { description } : {}) };
	const pairedItem = { item: itemIndex };
	return toErrorOutput ? { json, pairedItem, error: error as NodeOperationError } : { json, pairedItem };
}
