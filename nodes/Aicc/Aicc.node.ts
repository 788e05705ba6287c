import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsProperty } from '../shared/options';
import { routeItems } from '../shared/router';
import * as task from './actions/task';
import { searchTasks } from './methods/listSearch';
import { createAiccTransport } from './transport';

export class Aicc implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei AICC',
		name: 'aicc',
		icon: { light: 'file:aicc.svg', dark: 'file:aicc.dark.svg' },
		group: ['output'],
		// Version 2 offers Simplify, on by default; version 1 nodes keep the vendor's records.
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, find, update, hand over and close case tasks in Huawei Cloud AICC (Customer Engagement Center)',
		defaults: { name: 'Huawei AICC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aiccApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Task', value: 'task' }],
				default: 'task',
			},
			...task.description,
			optionsProperty,
		],
	};

	methods = { listSearch: { searchTasks } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems.call(this, { task: task.operations }, createAiccTransport(this));
	}
}
