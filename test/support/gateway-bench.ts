/**
 * The emulator behind a hostile gateway whose `answer` may take any request over, with a stored record
 * to act on: what the hostile-vendor, wire, refusal, wrong-record and gateway-shape tests share. The servers started are
 * stopped by stopGatewayBenches() in the test file's afterEach.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startGateway, type HostileServer } from './hostile';
import { OWNER, taskCreate, todoCreate } from './fixtures';
import { startBench, type AuthMode, type Bench } from './emulator-bench';

export interface GatewayBench extends Bench {
	gateway: HostileServer;
}

const started: Array<{ stop(): Promise<void> }> = [];

export async function stopGatewayBenches(): Promise<void> {
	for (const server of started.splice(0)) await server.stop();
}

/** The emulator behind a gateway; the credential's Domain is the gateway. */
export async function gatewayBench(vendor: 'aicc' | 'eiam', mode: AuthMode = 'clientCredentials'): Promise<GatewayBench> {
	const bench = await startBench(vendor, mode);
	const gateway = await startGateway(bench.emulator.url);
	started.push(bench, gateway);
	bench.store.get(bench.credential.id as string).data.domain = gateway.url;
	return { ...bench, gateway };
}

export const NO_RETRIES = { maxRetries: 0, timeout: 5_000 };

/** Creates a to-do through the node (by the emulator, not the gateway's answer) and returns its ID. */
export async function storedTodo(bench: GatewayBench, externalId: string): Promise<string> {
	const { items, error } = await bench.run(todoCreate(externalId, NO_RETRIES));
	if (error) throw error;
	return items[0].json.todoId as string;
}

/** Creates a task through the node and returns its ID. */
export async function storedTask(bench: GatewayBench): Promise<string> {
	const { items, error } = await bench.run(taskCreate(NO_RETRIES));
	if (error) throw error;
	return items[0].json.taskId as string;
}

/** Every EIAM operation on a to-do, with its method and path as the gateway sees them. */
export function eiamOperations(todoId: string, externalId: string): Array<[string, INodeParameters, string]> {
	const body = todoCreate(externalId, NO_RETRIES);
	const byId = { mode: 'id', value: todoId };
	return [
		['Create', todoCreate(`${externalId}-new`, NO_RETRIES), 'POST /api/v2/tenant/todo/task'],
		['Get', { resource: 'todo', operation: 'get', todoId: byId, options: NO_RETRIES }, `GET /api/v2/tenant/todo/task/${todoId}`],
		['Get by External ID', { resource: 'todo', operation: 'getByExternalId', externalId, options: NO_RETRIES }, `GET /api/v2/tenant/todo/task/sources/${externalId}`],
		['Update', { ...body, operation: 'update', updateMode: 'allFields', todoId: byId }, `PUT /api/v2/tenant/todo/task/${todoId}`],
		['Mark as Done', { resource: 'todo', operation: 'markAsDone', todoId: byId, options: NO_RETRIES }, `PUT /api/v2/tenant/todo/task/${todoId}/todoStatus`],
		['Delete', { resource: 'todo', operation: 'delete', todoId: byId, options: NO_RETRIES }, `DELETE /api/v2/tenant/todo/task/${todoId}`],
	];
}

const TASKS = '/service/AICC__Case/1.0.0/openapi/task';

/** Every AICC operation, with its method and path as the gateway sees them. */
export function aiccOperations(taskId: string): Array<[string, INodeParameters, string]> {
	const task = { resource: 'task', taskId, options: NO_RETRIES };
	return [
		['Create', taskCreate(NO_RETRIES), `POST ${TASKS}`],
		['Get', { ...task, operation: 'get' }, `POST ${TASKS}/${taskId}`],
		['Get Many', { resource: 'task', operation: 'getAll', creatorId: OWNER, returnAll: true, filters: {}, options: NO_RETRIES }, `POST ${TASKS}/list`],
		['Update', { ...task, operation: 'update', updateFields: { title: 'Changed' } }, `POST ${TASKS}/modify`],
		['Transfer', { ...task, operation: 'transfer', ownerId: OWNER, creatorId: OWNER }, `POST ${TASKS}/transfer`],
		['Update Status', { ...task, operation: 'updateStatus', status: 'Completed', creatorId: OWNER }, `POST ${TASKS}/status/update`],
		['Process', { ...task, operation: 'process', creatorId: OWNER, title: 'Called', description: 'Called back', additionalFields: {} }, `POST ${TASKS}/process`],
	];
}
