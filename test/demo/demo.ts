// `npm run demo`: the package installed into a real n8n (cached after the first run), the example
// workflows run with the n8n CLI against the emulator, their results printed, everything stopped.
import { chosenTarget, startStack } from '../support/n8n/stack';

function show(title: string, items: unknown): void {
	console.log(`\n▶ ${title}`);
	console.log(JSON.stringify(items, null, 2).replace(/^/gm, '    '));
}

async function main(): Promise<void> {
	const target = chosenTarget();
	console.log(`Preparing n8n ${target.version} with n8n-nodes-aicc-eiam (the first run installs n8n: several minutes)…`);
	const stack = await startStack(target);
	try {
		console.log(`n8n ${target.version} is ready; the AICC and EIAM emulator listens on ${stack.emulator.url}.`);

		const task = await stack.n8n.execute('aiccExampleCreate1');
		show('Workflow "AICC: create a task" · Create Task', task.failure ?? task.nodes['Create Task']?.map((item) => item.json));

		const todo = await stack.n8n.execute('eiamExampleTodo01');
		for (const node of ['Create To-Do', 'Update To-Do', 'Get To-Do']) {
			show(`Workflow "EIAM: create, update and get a to-do" · ${node}`, todo.errors[node] ?? todo.nodes[node]?.map((item) => item.json));
		}
		if (todo.failure) show('The workflow failed', todo.failure);

		const tokenRequests = stack.emulator.requests.filter((entry) => entry.path.endsWith('/token')).length;
		console.log(`\nThe emulator saw ${stack.emulator.requests.length} requests, ${tokenRequests} of them token requests (n8n stores the token and reuses it).`);
		console.log('To click through the same setup in the editor: npm run demo:editor');
	} finally {
		await stack.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
