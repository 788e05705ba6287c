/**
 * n8n's clock (and the emulator's, in the same process) faked for Date only, at `now`, moving only when a
 * test moves it: every timer stays real, so n8n-core's requests run as they do.
 */
export function fakeDateAt(now: Date | string): void {
	jest.useFakeTimers({
		now: new Date(now),
		doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
	});
}

/** Moves the faked clock on by `ms`. */
export const advanceDate = (ms: number): void => jest.setSystemTime(Date.now() + ms);
