import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsProperty } from '../shared/options';
import { optionsOf, STATUSES } from './actions/task/fields';
import { TASK_FILTER_OPTIONS } from './actions/task/getAll';
import { pollTasks } from './trigger/poll';

/** Timeout and retries as the action node has them; batching has no meaning for a poll. */
const pollOptions = { ...optionsProperty, options: optionsProperty.options?.filter((option) => option.name !== 'batching') };

export class AiccTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei AICC Trigger',
		name: 'aiccTrigger',
		icon: { light: 'file:aicc.svg', dark: 'file:aicc.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "newTask" ? "New Task" : "Task Reached " + $parameter["status"] }}',
		description: 'Starts the workflow when a Huawei Cloud AICC task is created or reaches a status',
		defaults: { name: 'Huawei AICC Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aiccApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'New Task', value: 'newTask', description: 'A task was created since the last poll' },
					{ name: 'Task Reached Status', value: 'taskReachedStatus', description: 'A task now has the chosen status, and did not have it at the last poll' },
				],
				default: 'newTask',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: optionsOf(STATUSES),
				default: 'Completed',
				displayOptions: { show: { event: ['taskReachedStatus'] } },
			},
			{
				displayName: 'Creator ID',
				name: 'creatorId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 10gg00000148QvgpaLAm',
				description: 'ID of the user asking; AICC requires it on every list call, at most 20 bytes',
			},
			{
				displayName: 'Created in the Last N Days',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'How far back, in days, Task Reached Status looks for tasks, and Fetch Test Event for the newest task. It bounds what each poll reads and what the trigger remembers.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				// The creation-time window is the trigger's own; Status is chosen by the event.
				options: TASK_FILTER_OPTIONS.filter((option) => !['createdAfter', 'createdBefore', 'status'].includes(option.name)),
			},
			pollOptions,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTasks.call(this);
	}
}
