import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, SEND_AND_WAIT_OPERATION, WAIT_INDEFINITELY } from 'n8n-workflow';

import type { ApprovalPageOptions } from '../../approval/page';
import { FieldError, checkRequiredText } from '../../../shared/validation';
import { failedItem, withItemIndex } from '../../../shared/router';
import { createEiamTransport } from '../../transport';
import { createOnce } from './create';
import { readExternalId, readTodoBody, todoBodyFields, userNameField } from './fields';

/** The operation's value is n8n's own: n8n checks a resume link's signature only for a node whose operation is this. */
export const OPERATION = SEND_AND_WAIT_OPERATION;

/** The signed resume URL's query parameter naming the to-do, by the External ID it was created with. */
export const TODO_QUERY_PARAMETER = 'todo';

const shown = { show: { resource: ['todo'], operation: [OPERATION] } };

/** The node fills in both detail URLs with the approval page's link; the Deadline may follow the wait limit. */
const filledByTheNode = ['webUrl', 'mobileUrl'];

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

export const description: INodeProperties[] = [
	{
		displayName:
			"The to-do's web and mobile URLs open an approval page that n8n serves at its WEBHOOK_URL. The person's browser must reach that address: localhost or 127.0.0.1 works only on n8n's own machine.",
		name: 'approvalNotice',
		type: 'notice',
		default: '',
		displayOptions: shown,
	},
	{ ...userNameField('create'), displayOptions: shown },
	...todoBodyFields('create')
		.filter((field) => !filledByTheNode.includes(field.name))
		.map((field) =>
			field.name === 'deadline'
				? {
						...field,
						required: false,
						displayOptions: shown,
						description: "When the to-do is due; empty: the wait's limit (Approval Options → Limit Wait Time). Sent as yyyy-MM-dd HH:mm:ss in the workflow's time zone.",
					}
				: { ...field, displayOptions: shown },
		),
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Approval Type',
				name: 'approvalType',
				type: 'options',
				options: [
					{ name: 'Approve Only', value: 'approveOnly' },
					{ name: 'Approve and Decline', value: 'approveAndDecline' },
				],
				default: 'approveAndDecline',
				description: 'Which buttons the page shows. Adding this option selects Approve and Decline, the buttons shown without it.',
			},
			{
				displayName: 'Approve Button Label',
				name: 'approveLabel',
				type: 'string',
				default: 'Approve',
			},
			{
				displayName: 'Ask for a Comment',
				name: 'askForComment',
				type: 'boolean',
				default: false,
				description: 'Whether the page offers a comment box; what the person writes comes out as comment',
			},
			{
				displayName: 'Decline Button Label',
				name: 'declineLabel',
				type: 'string',
				default: 'Decline',
				description: 'Shown with Approval Type Approve and Decline',
			},
			{
				displayName: 'Limit Wait Time',
				name: 'limitWaitTime',
				type: 'fixedCollection',
				default: { limit: {} },
				description: 'Stop waiting after a while: the workflow then goes on with the input items, as the Wait node does',
				options: [
					{
						displayName: 'Limit',
						name: 'limit',
						values: [
							{
								displayName: 'Limit Type',
								name: 'limitType',
								type: 'options',
								options: [
									{ name: 'After Time Interval', value: 'afterTimeInterval' },
									{ name: 'At Specified Time', value: 'atSpecifiedTime' },
								],
								default: 'afterTimeInterval',
							},
							{
								displayName: 'Amount',
								name: 'amount',
								type: 'number',
								typeOptions: { minValue: 1 },
								default: 1,
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Unit',
								name: 'unit',
								type: 'options',
								options: [
									{ name: 'Minutes', value: 'minutes' },
									{ name: 'Hours', value: 'hours' },
									{ name: 'Days', value: 'days' },
								],
								default: 'hours',
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Max Date and Time',
								name: 'maxDateAndTime',
								type: 'dateTime',
								default: '',
								displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
							},
						],
					},
				],
			},
		],
	},
];

/** The Approval Options the page and the decision need, read the same way by the run and by the webhook. */
export function pageOptionsOf(options: IDataObject): ApprovalPageOptions {
	const label = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback);
	return {
		approveLabel: label(options.approveLabel, 'Approve'),
		declineLabel: options.approvalType === 'approveOnly' ? undefined : label(options.declineLabel, 'Decline'),
		askForComment: options.askForComment === true,
	};
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** When waiting stops (Limit Wait Time), or undefined for no limit. */
export function waitLimitOf(options: IDataObject, timezone: string, now: Date): Date | undefined {
	const limit = ((options.limitWaitTime as IDataObject | undefined)?.limit ?? undefined) as IDataObject | undefined;
	if (!limit) return undefined;
	if (limit.limitType === 'atSpecifiedTime') {
		const value = limit.maxDateAndTime;
		const parsed = value instanceof Date ? DateTime.fromJSDate(value) : DateTime.isDateTime(value) ? value : DateTime.fromISO(String(value ?? '').trim(), { zone: timezone });
		if (!parsed.isValid) throw new FieldError(`Limit Wait Time → Max Date and Time must be a date and time, got "${String(value ?? '')}"`);
		if (parsed.toMillis() <= now.getTime()) throw new FieldError('Limit Wait Time → Max Date and Time is in the past');
		return parsed.toJSDate();
	}
	const amount = Number(limit.amount ?? 1);
	const unit = (limit.unit ?? 'hours') as keyof typeof UNIT_MS;
	if (!Number.isFinite(amount) || amount <= 0 || !(unit in UNIT_MS)) throw new FieldError('Limit Wait Time → Amount must be a number above 0');
	return new Date(now.getTime() + amount * UNIT_MS[unit]);
}

/** Warns in the run's output when the approval link points at this machine only. */
function hintWhenLocal(context: IExecuteFunctions, url: string): void {
	if (!LOCAL_HOSTS.test(new URL(url).hostname)) return;
	context.addExecutionHints({
		message: `The approval link (${new URL(url).origin}) points to n8n's own machine, so a person's browser elsewhere cannot open it. Set n8n's WEBHOOK_URL to an address they can reach.`,
		type: 'warning',
		location: 'outputPane',
	});
}

/**
 * Creates one to-do for the run's one input item, whose web and mobile URLs are the signed link of this
 * execution's approval page, then puts the execution to wait. A decision comes back through the node's
 * webhook (nodes/Eiam/approval/webhook.ts), whose output replaces this node's; when the limit passes
 * first, n8n resumes with these input items, as its Wait node does.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// n8n's AI-agent variants would wait inside an agent's tool call; see docs/approval.md#ai-agents.
	if (this.getNode().type.endsWith('Tool')) {
		throw new NodeOperationError(this.getNode(), 'Create and Wait for Approval cannot run as an AI Agent tool or human review step', {
			description: 'Use it in the workflow itself: a to-do can wait for days, and this package has not proven the AI-agent variants. See the README.',
		});
	}
	const itemIndex = 0;
	try {
		// One resume link per execution: a second item's to-do would share the first one's decision, or be dropped.
		if (items.length > 1) {
			throw new NodeOperationError(this.getNode(), `Create and Wait for Approval asks about one item per run, and ${items.length} items arrived`, {
				description: 'Put Loop Over Items (Batch Size 1) before this node, so that each item gets its own to-do and decision.',
			});
		}
		const options = this.getNodeParameter('approvalOptions', itemIndex, {}) as IDataObject;
		const timezone = this.getTimezone();
		const limit = waitLimitOf(options, timezone, new Date());
		const externalId = readExternalId(this.getNodeParameter('externalId', itemIndex, ''));
		// n8n 2.8 checks the signature only once asked to; later releases always do and dropped the call.
		const context = this as IExecuteFunctions & { setSignatureValidationRequired?: () => void };
		if (typeof context.setSignatureValidationRequired === 'function') context.setSignatureValidationRequired();
		const link = this.getSignedResumeUrl({ [TODO_QUERY_PARAMETER]: externalId });
		const deadline = this.getNodeParameter('deadline', itemIndex, '');
		if ((deadline === '' || deadline === undefined || deadline === null) && !limit) {
			throw new FieldError('Deadline is required when Limit Wait Time is not set: EIAM needs a due date for every to-do');
		}
		const fields: Record<string, unknown> = { webUrl: link, mobileUrl: link, deadline: deadline === '' ? limit : deadline };
		const body = {
			...readTodoBody((name) => (name in fields ? fields[name] : this.getNodeParameter(name, itemIndex, '')), timezone),
			user_name: checkRequiredText(this.getNodeParameter('userName', itemIndex, ''), { label: 'User Name' }).trim(),
		};
		await createOnce.call(this, createEiamTransport(this), body, itemIndex);
		hintWhenLocal(this, link);
		await this.putExecutionToWait(limit ?? WAIT_INDEFINITELY);
		return [items];
	} catch (error) {
		const failure = withItemIndex(this, error as Error, itemIndex);
		if (!this.continueOnFail()) throw failure;
		// Every input item fails alike (the run has one resume link), each paired with itself.
		const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
		return [items.map((_item, index) => failedItem(failure, index, toErrorOutput))];
	}
}
