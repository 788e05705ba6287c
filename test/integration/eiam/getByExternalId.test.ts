// EIAM Get by External ID through n8n's engine.

import { eiamOperationBench, todo, TODOS } from './todos';

const eiam = eiamOperationBench();
const { createTodo, run } = eiam;

test('Get by External ID returns the to-do; the ID is percent-encoded in the path', async () => {
	await eiam.start('eiam', 'clientCredentials');
	const todoId = await createTodo();
	const { items, error } = await run({ operation: 'getByExternalId', externalId: 'crm/42' });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: todoId, external_id: 'crm/42', title: 'Sign the NDA' });
	expect(eiam.bench.emulator.requestsTo('GET', `${TODOS}/sources/crm%2F42`)).toHaveLength(1);
	expect((await run({ operation: 'getByExternalId', externalId: 'crm/43' })).error?.message).toBe('To-do not found: check the To-Do ID (item 0)');
});

test('Get by External ID finds a to-do created with spaces around its External ID: both send it as given', async () => {
	await eiam.start('eiam', 'clientCredentials');
	const { items: created } = await eiam.bench.run({ ...todo, operation: 'create', externalId: ' crm/42 ' });
	const { items, error } = await run({ operation: 'getByExternalId', externalId: ' crm/42 ' });
	expect(error).toBeUndefined();
	expect(items[0].json).toMatchObject({ id: created[0].json.todoId, external_id: ' crm/42 ' });
	expect(eiam.bench.emulator.requestsTo('GET', `${TODOS}/sources/%20crm%2F42%20`)).toHaveLength(1);
});
