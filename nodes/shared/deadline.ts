/** The deadline passed before the work settled. */
export class DeadlineExpired extends Error {
	constructor(readonly ms: number) {
		super(`no answer within ${ms} ms`);
	}
}

/** The longest delay a Node.js timer takes (2^31 - 1 ms, some 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** A running piece of work's deadline: when it falls (performance.now() time), and what to do then; `expire` is cleared once the work settles. */
interface Pending {
	at: number;
	expire?: () => void;
}

/**
 * The deadlines of one length, in the order they fall (they are set in the order the work starts), and
 * one timer for the earliest of them rather than one per request: a timer, its AbortSignal and their
 * listeners were a tenth of our CPU per request. When the timer goes off, every deadline that has fallen
 * expires and the timer is set again for the next one still waiting; deadlines of work that settled are
 * dropped. The timer is AbortSignal.timeout's (see withDeadline); performance.now() is the clock, as it
 * is monotonic and tests that move the wall clock leave it alone.
 */
class DeadlineLine {
	private readonly pending: Pending[] = [];
	private armed = false;

	constructor(
		private readonly ms: number,
		private readonly onEmpty: () => void,
	) {}

	add(expire: () => void): Pending {
		const entry: Pending = { at: performance.now() + this.ms, expire };
		// Work mostly settles in the order it started: what settled at the front goes now, so the line stays as long as the work in flight.
		while (this.pending.length > 0 && this.pending[0].expire === undefined) this.pending.shift();
		this.pending.push(entry);
		if (!this.armed) this.arm(this.ms);
		return entry;
	}

	private arm(ms: number): void {
		this.armed = true;
		// A timer longer than Node.js allows would go off at once: the longest it allows is set, and set again when it goes off.
		AbortSignal.timeout(Math.min(ms, MAX_TIMER_MS)).addEventListener('abort', this.tick, { once: true });
	}

	private readonly tick = (): void => {
		this.armed = false;
		const now = performance.now();
		while (this.pending.length > 0) {
			const head = this.pending[0];
			if (head.expire !== undefined && head.at > now) {
				this.arm(Math.ceil(head.at - now));
				return;
			}
			this.pending.shift();
			const { expire } = head;
			head.expire = undefined;
			expire?.();
		}
		this.onEmpty();
	};
}

/** One line per deadline length in use (a node's Timeout, the token request's); a line goes once it holds none. */
const lines = new Map<number, DeadlineLine>();

function lineFor(ms: number): DeadlineLine {
	let line = lines.get(ms);
	if (!line) {
		line = new DeadlineLine(ms, () => lines.delete(ms));
		lines.set(ms, line);
	}
	return line;
}

/**
 * The work in flight under each cancel signal (an execution's), aborted together when it aborts: one
 * listener per signal for the whole run. An EventTarget listener added and removed for every request
 * cost 2.4 to 3.6 µs per request (measured alone on the bench machine), adding to and deleting from a
 * Set 0.3 to 1.
 */
const runningUnder = new WeakMap<AbortSignal, Set<AbortController>>();

function runningUnderCancel(cancel: AbortSignal): Set<AbortController> {
	let running = runningUnder.get(cancel);
	if (!running) {
		const controllers = new Set<AbortController>();
		cancel.addEventListener(
			'abort',
			() => {
				for (const controller of controllers) controller.abort();
				controllers.clear();
			},
			{ once: true },
		);
		runningUnder.set(cancel, controllers);
		running = controllers;
	}
	return running;
}

/**
 * Runs `work` with a signal that aborts `ms` after the start, and settles as soon as either does: with
 * the work's outcome, or with DeadlineExpired. Unlike axios's `timeout`, an idle timer that an answer
 * trickling a byte at a time never trips, this bounds the whole request, body and all. `cancel` (the
 * execution's cancel signal) aborts the work as well.
 *
 * The timer is AbortSignal.timeout's: community nodes may not call setTimeout, and n8n-workflow's
 * cancellable sleep is missing from some n8n releases. It does not keep the process alive, and it is
 * shared by the work of the same length in flight (see DeadlineLine): work that settled leaves only a
 * cleared entry, dropped when the line moves on. Not an async function: its wrapper would add a
 * promise and a turn of the microtask queue to every request.
 */
export function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal): Promise<T> {
	const controller = new AbortController();
	const running = cancel && runningUnderCancel(cancel);
	return new Promise<T>((resolve, reject) => {
		const deadline = lineFor(ms).add(() => {
			running?.delete(controller);
			controller.abort();
			reject(new DeadlineExpired(ms));
		});
		running?.add(controller);
		const settled = () => {
			deadline.expire = undefined;
			running?.delete(controller);
		};
		let working: Promise<T>;
		try {
			working = work(controller.signal);
		} catch (error) {
			working = Promise.reject(error);
		}
		working.then(
			(value) => {
				settled();
				resolve(value);
			},
			(error: unknown) => {
				settled();
				reject(error);
			},
		);
	});
}

/**
 * Where a request's deadline travels through n8n to the credential's own hooks. n8n-core replaces a
 * request's `abortSignal` with the execution's cancel signal before it calls the credential's
 * `authenticate`, and gives preAuthentication only the credential data, but it hands both hooks the
 * very objects the node passed in. A symbol-keyed, non-enumerable property rides on them without being
 * copied into the stored credential.
 */
const DEADLINE = Symbol.for('n8n-nodes-aicc-eiam.deadline');

export function attachDeadline<T extends object>(target: T, signal: AbortSignal): T {
	Object.defineProperty(target, DEADLINE, { value: signal, enumerable: false, configurable: true, writable: true });
	return target;
}

export function deadlineOf(target: object): AbortSignal | undefined {
	const signal = (target as Record<symbol, unknown>)[DEADLINE];
	return signal instanceof AbortSignal ? signal : undefined;
}
