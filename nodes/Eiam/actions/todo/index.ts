import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/router';
import * as create from './create';
import * as createOrUpdate from './createOrUpdate';
import * as deleteTodo from './delete';
import * as get from './get';
import * as getByExternalId from './getByExternalId';
import * as markAsDone from './markAsDone';
import * as sendAndWait from './sendAndWait';
import * as update from './update';

export const operations: Record<string, OperationExecute> = {
	create: create.execute,
	createOrUpdate: createOrUpdate.execute,
	update: update.execute,
	get: get.execute,
	getByExternalId: getByExternalId.execute,
	delete: deleteTodo.execute,
	markAsDone: markAsDone.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['todo'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a todo', description: 'Create a to-do for a user' },
			{
				name: 'Create and Wait for Approval',
				value: sendAndWait.OPERATION,
				action: 'Create a todo and wait for approval',
				description: "Create a to-do whose link opens an approval page, and wait for the person's decision",
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				action: 'Create or update a todo',
				description: 'Create a to-do, or update the one with the same External ID',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a todo', description: 'Delete a to-do by its ID' },
			{ name: 'Get', value: 'get', action: 'Get a todo', description: 'Get a to-do by its ID' },
			{ name: 'Get by External ID', value: 'getByExternalId', action: 'Get a todo by external ID', description: "Get a to-do by your system's ID for it" },
			{ name: 'Mark as Done', value: 'markAsDone', action: 'Mark a todo as done', description: 'Mark a to-do as processed' },
			{ name: 'Update', value: 'update', action: 'Update a todo', description: 'Change a to-do' },
		],
		default: 'create',
	},
	...create.description,
	...createOrUpdate.description,
	...update.description,
	...get.description,
	...getByExternalId.description,
	...deleteTodo.description,
	...markAsDone.description,
	...sendAndWait.description,
];
