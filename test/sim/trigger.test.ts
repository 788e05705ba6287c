/**
 * The AICC Trigger over a generated life against a generated AICC (see trigger-life.ts for the model,
 * the invariant and the allowed losses). A failing case prints the command that replays it.
 */
import fc from 'fast-check';

import { parametersOf, timeoutOf } from './config';
import { START } from './clock';
import { caseArbitrary, commandsArbitrary, startLife } from './trigger-life';
import { useSimulatedVendor } from './vendor';
import { TRIGGER_FEATURES } from './known';

const sim = useSimulatedVendor();

test(
	'AICC Trigger: every matching task is emitted once or a poll fails loudly, and nothing that does not match is emitted',
	async () => {
		await fc.assert(
			fc.asyncProperty(caseArbitrary(TRIGGER_FEATURES), commandsArbitrary(TRIGGER_FEATURES), async (spec, commands) => {
				jest.setSystemTime(START);
				const life = startLife(sim.vendor, spec);
				await fc.asyncModelRun(() => ({ model: life, real: life }), commands);
				await life.settle();
			}),
			parametersOf('trigger', 'test/sim/trigger.test.ts'),
		);
	},
	timeoutOf('trigger'),
);
