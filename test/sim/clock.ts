import { fakeDateAt } from '../support/clock';

/** n8n's clock (and AICC's, in the same process) faked for Date only: every timer stays real, so n8n-core's requests run as they do. */
export const START = new Date('2026-12-01T08:00:00Z');

export function fakeDateOnly(): void {
	fakeDateAt(START);
}

/** The trigger's warnings go to n8n's log, which in a test is the terminal: thousands of cases would bury a failing one. */
export function quietN8nLog(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require('@n8n/backend-common') as typeof import('@n8n/backend-common');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di') as typeof import('@n8n/di');
	const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, scoped: () => quiet };
	Container.set(Logger, quiet as unknown as InstanceType<typeof Logger>);
}
