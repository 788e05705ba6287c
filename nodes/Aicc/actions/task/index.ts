import type { INodeProperties } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/router';
import * as create from './create';

export const operations: Record<string, OperationExecute> = {
	create: create.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [{ name: 'Create', value: 'create', action: 'Create a task', description: 'Create a task, optionally linked to a case' }],
		default: 'create',
	},
	...create.description,
];
