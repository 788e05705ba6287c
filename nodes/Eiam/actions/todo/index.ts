import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/router';
import * as create from './create';
import * as get from './get';
import * as update from './update';

export const operations: Record<string, OperationExecute> = {
	create: create.execute,
	update: update.execute,
	get: get.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['todo'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a to-do', description: 'Create a to-do for a user' },
			{ name: 'Get', value: 'get', action: 'Get a to-do', description: 'Get a to-do by its ID' },
			{ name: 'Update', value: 'update', action: 'Update a to-do', description: 'Replace every field of a to-do' },
		],
		default: 'create',
	},
	...create.description,
	...update.description,
	...get.description,
];
