import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import { optionsProperty } from '../shared/options';
import { routeItems } from '../shared/router';
import * as todo from './actions/todo';
import * as sendAndWait from './actions/todo/sendAndWait';
import { APPROVAL_WEBHOOKS, approvalWebhook } from './approval/webhook';
import { createEiamTransport } from './transport';

export class Eiam implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BCCastle EIAM',
		name: 'eiam',
		icon: { light: 'file:eiam.svg', dark: 'file:eiam.dark.svg' },
		group: ['output'],
		// Version 2 offers Simplify, on by default; version 1 nodes keep the vendor's records.
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, read, complete and delete to-dos in Bamboo Cloud (BCCastle) IDaaS EIAM',
		defaults: { name: 'BCCastle EIAM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'eiamApi', required: true }],
		// Create and Wait for Approval's page and decision.
		webhooks: APPROVAL_WEBHOOKS,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'To-Do', value: 'todo' }],
				default: 'todo',
			},
			...todo.description,
			optionsProperty,
		],
	};

	webhook = approvalWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One to-do and one wait for the whole run, not one per item: handled outside the item loop.
		if (this.getNodeParameter('operation', 0) === SEND_AND_WAIT_OPERATION) return await sendAndWait.execute.call(this);
		return await routeItems.call(this, { todo: todo.operations }, createEiamTransport(this));
	}
}
