// What a user reads when a building block fails an item of a node's run: the router completes the message
// with the item (itemMessage), so tests of the blocks read their errors the same way.
import { itemMessage } from '../../nodes/shared/failures';

/** The message of `promise`'s failure as the router shows it for item `itemIndex`; a promise that succeeds fails the test. */
export async function failureShown(promise: Promise<unknown>, itemIndex: number): Promise<string> {
	const error = await promise.then(
		() => {
			throw new Error('expected a failure, and it succeeded');
		},
		(caught: unknown) => caught as Error,
	);
	return itemMessage(error, itemIndex);
}
