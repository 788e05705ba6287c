/**
 * AICC Get Many against a generated AICC (see get-many-case.ts for the model and the invariant). A
 * failing case prints the command that replays it.
 */
import fc from 'fast-check';

import { parametersOf, timeoutOf } from './config';
import { caseArbitrary, runGetManyCase } from './get-many-case';
import { useSimulatedVendor } from './vendor';

const sim = useSimulatedVendor();

test(
	'AICC Get Many: the output is exactly the matching tasks (or as many as the Limit asks), or the item fails loudly',
	async () => {
		await fc.assert(
			fc.asyncProperty(caseArbitrary, async (spec) => await runGetManyCase(sim.vendor, spec)),
			parametersOf('getMany', 'test/sim/get-many.test.ts'),
		);
	},
	timeoutOf('getMany'),
);
