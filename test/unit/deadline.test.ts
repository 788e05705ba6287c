import { attachDeadline, DeadlineExpired, deadlineOf, withDeadline } from '../../nodes/shared/deadline';

const wait = async (ms: number, signal?: AbortSignal) =>
	await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => resolve('done'), ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		});
	});

describe('withDeadline', () => {
	test('gives the work its outcome when it settles in time', async () => {
		await expect(withDeadline(500, async () => await wait(10))).resolves.toBe('done');
		await expect(withDeadline(500, async () => Promise.reject(new Error('own failure')))).rejects.toThrow('own failure');
	});

	test('rejects with DeadlineExpired at the deadline and aborts the work', async () => {
		let signal: AbortSignal | undefined;
		const started = Date.now();
		const outcome = withDeadline(100, async (deadline) => {
			signal = deadline;
			return await wait(5_000, deadline);
		});
		await expect(outcome).rejects.toBeInstanceOf(DeadlineExpired);
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(signal?.aborted).toBe(true);
	});

	test('deadlines of one length share a timer, yet each falls its own time after its start, never earlier', async () => {
		// The first settles at once; the others wait past their deadlines, started a few milliseconds apart.
		await withDeadline(80, async () => 'quick');
		const outcomes = [];
		for (let index = 0; index < 4; index++) {
			const started = performance.now();
			outcomes.push(
				withDeadline(80, async (deadline) => await wait(5_000, deadline)).then(
					() => 'settled',
					(error: unknown) => (error instanceof DeadlineExpired ? performance.now() - started : 'other'),
				),
			);
			await wait(15);
		}
		const waited = await Promise.all(outcomes);
		for (const elapsed of waited) expect(elapsed).toBeGreaterThanOrEqual(80);
	});

	test('a cancelled execution aborts the work too', async () => {
		const cancel = new AbortController();
		const outcome = withDeadline(5_000, async (deadline) => await wait(5_000, deadline), cancel.signal);
		cancel.abort();
		await expect(outcome).rejects.toThrow('aborted');
	});
});

test('a deadline attached to an object is found there, and is neither enumerable nor copied by a spread', () => {
	const signal = new AbortController().signal;
	const data = attachDeadline({ token: '' }, signal);
	expect(deadlineOf(data)).toBe(signal);
	expect(Object.keys(data)).toEqual(['token']);
	expect(JSON.stringify(data)).toBe('{"token":""}');
	expect(deadlineOf({ ...data })).toBeUndefined();
});

test('one cancel signal aborts all the work in flight under it, and leaves work that settled before alone', async () => {
	const cancel = new AbortController();
	const signals: AbortSignal[] = [];
	const run = async (ms: number) =>
		await withDeadline(
			5_000,
			async (deadline) => {
				signals.push(deadline);
				return await wait(ms, deadline);
			},
			cancel.signal,
		);
	const quick = await run(1);
	const running = [1, 2, 3].map(async () => await run(5_000));
	cancel.abort();
	for (const outcome of running) await expect(outcome).rejects.toThrow('aborted');
	expect(quick).toBe('done');
	expect(signals.map((signal) => signal.aborted)).toEqual([false, true, true, true]);
});
