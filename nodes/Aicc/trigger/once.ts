/**
 * What one n8n process can do so that a poll run twice, or two polls at once, emit no task twice.
 *
 * n8n keeps the trigger's state in the workflow's static data and saves it after the poll; a poll that
 * runs again from the same saved state (a retried scheduler task, a save that did not land) or at the
 * same time as another would emit the same tasks again. Within one process, polls of one trigger run
 * one after the other, and each remembers what it emitted, so that a later poll from older state does
 * not emit it again. Across processes only n8n's own scheduler can keep polls apart (docs/trigger.md#polls-memory-and-restarts says which).
 */

const running = new Map<string, Promise<unknown>>();

/** Runs `poll` after any poll of the same trigger still running in this process. */
export async function oneAtATime<T>(trigger: string, poll: () => Promise<T>): Promise<T> {
	const before = running.get(trigger) ?? Promise.resolve();
	const mine = before.catch(() => undefined).then(poll);
	running.set(trigger, mine);
	try {
		return await mine;
	} finally {
		if (running.get(trigger) === mine) running.delete(trigger);
	}
}

/** Triggers whose emitted tasks are remembered; the oldest is forgotten first past this many. */
const MAX_TRIGGERS = 1000;

/** Per trigger (and baseline): taskId → until when (n8n's clock, ms) it counts as emitted. */
const emitted = new Map<string, Map<string, number>>();

/** The tasks this process emitted for a trigger, still counted as emitted at `now`. */
export function emittedBefore(trigger: string, now: number): Map<string, number> {
	let tasks = emitted.get(trigger);
	if (!tasks) {
		if (emitted.size >= MAX_TRIGGERS) emitted.delete(emitted.keys().next().value as string);
		tasks = new Map();
		emitted.set(trigger, tasks);
	}
	for (const [taskId, until] of tasks) if (until <= now) tasks.delete(taskId);
	return tasks;
}
