/** The deadline passed before the work settled. */
export class DeadlineExpired extends Error {
	constructor(readonly ms: number) {
		super(`no answer within ${ms} ms`);
	}
}

/**
 * Runs `work` with a signal that aborts `ms` after the start, and settles as soon as either does: with
 * the work's outcome, or with DeadlineExpired. Unlike axios's `timeout`, an idle timer that an answer
 * trickling a byte at a time never trips, this bounds the whole request, body and all. `cancel` (the
 * execution's cancel signal) aborts the work as well.
 *
 * The timer is AbortSignal.timeout's: community nodes may not call setTimeout, and n8n-workflow's
 * cancellable sleep is missing from some n8n releases. It does not keep the process alive, and once
 * the work has settled nothing listens to it any more.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal): Promise<T> {
	const controller = new AbortController();
	const timer = AbortSignal.timeout(ms);
	let expire!: (reason: Error) => void;
	const expiry = new Promise<never>((_resolve, reject) => (expire = reject));
	const onTimeout = () => {
		controller.abort();
		expire(new DeadlineExpired(ms));
	};
	const onCancel = () => controller.abort();
	timer.addEventListener('abort', onTimeout, { once: true });
	cancel?.addEventListener('abort', onCancel, { once: true });
	try {
		return await Promise.race([work(controller.signal), expiry]);
	} finally {
		timer.removeEventListener('abort', onTimeout);
		cancel?.removeEventListener('abort', onCancel);
	}
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
