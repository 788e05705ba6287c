/**
 * The failing cases the simulation found, each shrunk by fast-check and kept here as the case itself
 * (not a seed, which would name another case once the generators change). They fail until nodes/ is
 * fixed; their generators are left out of the simulation meanwhile (known.ts). Each is run by the same
 * code as the simulation, and checked by the same invariant.
 */
import { START } from './clock';
import { runGetManyCase, type GetManyCase } from './get-many-case';
import { ChangeSettings, ChangeStatus, CreateTasks, MoveCredential, Poll, Reactivate, Restart, startLife, type Command, type TriggerCase } from './trigger-life';
import { useSimulatedVendor } from './vendor';

const sim = useSimulatedVendor();

const quietCase: TriggerCase = {
	seed: 1,
	zones: ['UTC', 'UTC'],
	workflowZone: 'UTC',
	skews: [0, 0],
	newestFirst: [false, false],
	faultRate: 0,
	tokenFaultRate: 0,
	kinds: ['429'],
	lieRate: 0,
	lies: [],
	maxRetries: 0,
	maxRetryWait: 0,
	initial: [[], []],
	settings: { event: 'newTask', status: 'Completed', creator: 0 },
};
const ordinary = (owner: 0 | 1 = 0, priority: 0 | 1 = 0) => ({ owner, priority, stamp: 'ordinary' as const, offset: 0 });

async function live(spec: TriggerCase, commands: Command[]): Promise<void> {
	jest.setSystemTime(START);
	const life = startLife(sim.vendor, spec);
	for (const command of commands) await command.run(life, life);
	await life.settle();
}

describe('AICC Trigger', () => {
	test('one task stamped a day ahead hides every later task from New Task (the window follows the newest stamp)', async () => {
		await live(quietCase, [new CreateTasks(1, false, [{ ...ordinary(), stamp: 'ahead', offset: 0 }]), new Reactivate(2), new CreateTasks(1, false, [ordinary()])]);
	});

	// npm run chaos, CHAOS_SEED=1264146219: the baseline's only two tasks are both stamped a day ahead. Nothing
	// yet tells them from AICC's clock in a zone a day ahead, so they set the mark (BASELINE_OF_OUTLIERS, docs/trigger.md#where-the-guarantee-ends).
	test('a baseline whose only two stamps are a day ahead: the later ordinary task is an allowed loss the model names, not a failure', async () => {
		const ahead = { ...ordinary(), stamp: 'ahead' as const };
		await live({ ...quietCase, initial: [[ahead, ahead], []] }, [new Reactivate(2), new CreateTasks(1, false, [ordinary()])]);
	});

	test("a credential moved to another tenant: New Task emits that tenant's old tasks (the memory is not the tenant's)", async () => {
		await live({ ...quietCase, initial: [[], [ordinary()]] }, [new Poll(1, 1), new MoveCredential(), new Reactivate(2)]);
	});

	test("a credential moved to another tenant: Task Reached Status emits that tenant's tasks that had the status all along", async () => {
		const spec: TriggerCase = { ...quietCase, initial: [[], [ordinary()]], settings: { event: 'taskReachedStatus', status: 'Completed', creator: 0 } };
		await live(spec, [new ChangeStatus([0], 'Completed'), new Poll(1, 1), new MoveCredential(), new Poll(1, 1)]);
	});

	test('a list that ignores a filter: the trigger emits tasks whose rows show they do not match', async () => {
		const spec: TriggerCase = { ...quietCase, seed: 1269470161, kinds: ['truncated-json'], lieRate: 0.3, lies: ['ignoreFilter'] };
		await live(spec, [
			new Restart(),
			new ChangeSettings({ event: 'newTask', status: 'Completed', creator: 0, owner: 0, priority: 0 }),
			new CreateTasks(1, false, [ordinary(0, 1), ordinary(0, 0)]),
			new Reactivate(2),
			new Poll(1, 1),
			new Restart(),
			new Poll(1, 1),
		]);
	});

	test('a baseline whose first page is empty while count says 1 remembers nothing: a later poll emits a task from before it', async () => {
		const spec: TriggerCase = { ...quietCase, kinds: ['token-expired'], lieRate: 0.3, lies: ['empty'], initial: [[ordinary()], []] };
		await live(spec, [
			new Reactivate(5),
			new Poll(100, 1),
			new CreateTasks(50, false, [ordinary(1, 1), ordinary(0, 1), ordinary(1, 1), ordinary(1, 1), ordinary(0, 1), ordinary(0, 1)]),
			new Poll(28, 1),
			new ChangeSettings({ event: 'newTask', status: 'Completed', creator: 0, owner: 1, priority: 1 }),
			new Poll(26, 1),
			new ChangeSettings({ event: 'newTask', status: 'Processing', creator: 1, owner: 0, priority: 0 }),
			new Reactivate(27),
			new Poll(27, 1),
		]);
	});
});

describe('AICC Get Many', () => {
	const getManyCase: GetManyCase = {
		seed: 25,
		zone: 'UTC',
		newestFirst: false,
		tasks: [[ordinary(), 'Completed']],
		filters: {},
		returnAll: false,
		limit: 1,
		faultRate: 0,
		kinds: ['429'],
		lieRate: 0.2,
		lies: [],
		maxRetries: 0,
		maxRetryWait: 0,
	};

	test('a list that ignores a filter is output as it came: a task of another priority', async () => {
		await runGetManyCase(sim.vendor, { ...getManyCase, filters: { priority: 1 }, lies: ['ignoreFilter'] });
	});

	test('an empty first page while count says 1 is output as no tasks, as a success', async () => {
		await runGetManyCase(sim.vendor, { ...getManyCase, seed: 86390158, lies: ['empty'] });
	});
});
