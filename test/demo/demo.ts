// Shows both nodes working: starts the emulator, runs example workflows through n8n's execution engine
// (n8n-core's WorkflowExecute), prints what each node output, then stops everything.
import { startBench } from '../integration/setup';

function show(title: string, json: unknown): void {
	console.log(`\n▶ ${title}`);
	console.log(JSON.stringify(json, null, 2).replace(/^/gm, '  '));
}

async function main(): Promise<void> {
	const aicc = await startBench('aicc', 'clientCredentials');
	const eiam = await startBench('eiam', 'clientCredentials');
	try {
		console.log(`Emulator of both APIs on ${aicc.emulator.url} and ${eiam.emulator.url} (client-credentials login)`);

		const task = await aicc.run({
			resource: 'task',
			operation: 'create',
			title: 'Call back the customer about order 1042',
			ownerId: '10gg00000148QvgpaLAm',
			creatorId: '10gg00000148QvgpaLAm',
			additionalFields: { priority: 'High', dueDate: '2026-12-01T18:00:00', type: 'Case', relateId: 'c6m80000014iXKHqDw3c' },
		});
		show('Huawei AICC · Task · Create → output', task.error?.message ?? task.items.map((item) => item.json));
		show('  request AICC received', JSON.parse(aicc.emulator.requestsTo('POST', '/service/AICC__Case/1.0.0/openapi/task')[0].body));

		const todo = {
			resource: 'todo',
			userName: 'zhangsan',
			title: 'Approve the purchase request',
			content: 'PR-77: 3 laptops',
			messageType: 'TEXT',
			deadline: '2026-12-05T12:00:00',
			externalId: 'PR-77',
			webUrl: 'https://erp.example.com/pr/77',
			mobileUrl: 'https://m.erp.example.com/pr/77',
		};
		const created = await eiam.run({ ...todo, operation: 'create' });
		show('BCCastle EIAM · To-Do · Create → output', created.error?.message ?? created.items.map((item) => item.json));
		const todoId = created.items[0]?.json.todoId as string;
		const updated = await eiam.run({ ...todo, operation: 'update', todoId, title: 'Approve the purchase request (urgent)' });
		show('BCCastle EIAM · To-Do · Update → output', updated.error?.message ?? updated.items.map((item) => item.json));
		const got = await eiam.run({ resource: 'todo', operation: 'get', todoId });
		show('BCCastle EIAM · To-Do · Get → output', got.error?.message ?? got.items.map((item) => item.json));

		const failing = await eiam.run({ ...todo, operation: 'create', userName: 'nobody', externalId: 'PR-78' }, [{}], { continueOnFail: true });
		show('BCCastle EIAM · To-Do · Create for an unknown user (Continue On Fail) → output', failing.items.map((item) => item.json));

		const tokenRequests = aicc.count('POST', '/baas/auth/v1.0/oauth2/token') + eiam.count('POST', '/api/v2/tenant/token');
		console.log(`\nToken requests: ${tokenRequests} (one per credential; n8n stored and reused them)`);
	} finally {
		await aicc.stop();
		await eiam.stop();
	}
	process.exit(0);
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
