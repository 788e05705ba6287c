/** What the AICC operation files share: a fresh emulator bench per test, what AICC was sent, and a task operation run through n8n's engine. */
import type { INodeParameters } from 'n8n-workflow';

import { startBench, type Bench } from '../../support/emulator-bench';
import { TASKS } from '../../support/fixtures';

export function aiccOperationBench() {
	const current = {} as { bench: Bench };
	beforeEach(async () => {
		current.bench = await startBench('aicc', 'clientCredentials');
	});
	afterEach(async () => current.bench.stop());
	return {
		/** This test's bench. */
		get bench(): Bench {
			return current.bench;
		},
		/** The bodies POSTed to a path below task/ (e.g. '/transfer'), in order. */
		sent: (path: string) => current.bench.emulator.requestsTo('POST', `${TASKS}${path}`).map((entry) => JSON.parse(entry.body)),
		/** A task operation run through n8n's engine. */
		task: (parameters: INodeParameters) => current.bench.run({ resource: 'task', ...parameters }),
	};
}
