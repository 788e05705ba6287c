import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/router';
import * as create from './create';
import * as get from './get';
import * as getAll from './getAll';
import * as process from './process';
import * as transfer from './transfer';
import * as update from './update';
import * as updateStatus from './updateStatus';

export const operations: Record<string, OperationExecute> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
	update: update.execute,
	transfer: transfer.execute,
	updateStatus: updateStatus.execute,
	process: process.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a task', description: 'Create a task, optionally linked to a case' },
			{ name: 'Get', value: 'get', action: 'Get a task', description: 'Get a task with its track, customer and cases' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many tasks', description: 'List tasks matching filters' },
			{ name: 'Process', value: 'process', action: 'Process a task', description: 'Record a handling step on a task' },
			{ name: 'Transfer', value: 'transfer', action: 'Transfer a task', description: 'Hand a task over to another owner' },
			{ name: 'Update', value: 'update', action: 'Update a task', description: 'Change some fields of a task' },
			{ name: 'Update Status', value: 'updateStatus', action: 'Update the status of a task', description: 'Set a task to Pending, Processing or Completed' },
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...transfer.description,
	...updateStatus.description,
	...process.description,
];
