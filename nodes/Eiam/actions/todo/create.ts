import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UncertainOutcomeError, VendorApiError, type VendorTransport } from '../../../shared/transport';
import { checkRequiredText } from '../../../shared/validation';
import { externalIdPath, TODO_PATH } from '../../transport';
import { parameterSource, readTodoBody, shownFor, todoBodyFields } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description: 'User name (login name) of the EIAM user who gets the to-do',
		displayOptions: shownFor('create'),
	},
	...todoBodyFields('create'),
];

/** POST /api/v2/tenant/todo/task (EIAM.md §3). */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = {
		...readTodoBody(parameterSource(this, itemIndex), this.getTimezone()),
		user_name: checkRequiredText(this.getNodeParameter('userName', itemIndex, ''), { label: 'User Name' }).trim(),
	};
	return await sendCreate(transport, body, itemIndex).catch(async (error: unknown) => {
		if (!(error instanceof UncertainOutcomeError)) throw error;
		return await settleUncertainCreate.call(this, transport, body, itemIndex, error);
	});
}

type CreateBody = IDataObject & { external_id: string; title: string };

async function sendCreate(transport: VendorTransport, body: CreateBody, itemIndex: number): Promise<IDataObject> {
	const response = (await transport.request({ method: 'POST', path: TODO_PATH, body, itemIndex, idempotent: false })) as IDataObject;
	return { todoId: response.todo_id };
}

function hasVendorCode(error: unknown, code: string): boolean {
	return error instanceof VendorApiError && error.vendorCode === code;
}

/** The to-do stored under an External ID, or undefined when EIAM has none (TODOTASK.0001, as 400 or 402). */
async function findByExternalId(transport: VendorTransport, externalId: string, itemIndex: number): Promise<IDataObject | undefined> {
	const request = transport.request({ method: 'GET', path: externalIdPath(externalId), itemIndex, idempotent: true });
	return await (request as Promise<IDataObject>).catch((error: unknown) => {
		if (hasVendorCode(error, 'TODOTASK.0001')) return undefined;
		throw error;
	});
}

/**
 * The create's answer was lost, so EIAM may or may not hold the to-do. Its External ID is a natural
 * key: ask EIAM, return the to-do it holds, or send the create once more when it holds none. The
 * output's `recovery` says which happened.
 */
async function settleUncertainCreate(
	this: IExecuteFunctions,
	transport: VendorTransport,
	body: CreateBody,
	itemIndex: number,
	lost: UncertainOutcomeError,
): Promise<IDataObject> {
	const failure = lost.message.replace(/ \(item \d+\)$/, '');
	const uncertain = (why: string) =>
		new NodeOperationError(this.getNode(), `${failure}; the to-do may have been created (item ${itemIndex})`, {
			itemIndex,
			description: `${why} Look for External ID "${body.external_id}" with To-Do → Get by External ID before running this item again.`,
		});
	const existing = await findByExternalId(transport, body.external_id, itemIndex).catch(() => {
		throw uncertain('Checking whether EIAM holds the to-do failed too.');
	});
	if (existing) return foundExisting.call(this, existing, body, failure, itemIndex);
	const resent = await sendCreate(transport, body, itemIndex).then(
		(created) => ({ created }),
		(error: unknown) => ({ error }),
	);
	if ('created' in resent) {
		return { ...resent.created, recovery: `${failure}; EIAM held no to-do with this External ID, so it was created again` };
	}
	if (resent.error instanceof UncertainOutcomeError) throw uncertain('Sending the create again lost its answer too.');
	// TODOTASK.0002 now means the first create had been carried out after all.
	const stored = hasVendorCode(resent.error, 'TODOTASK.0002') ? await findByExternalId(transport, body.external_id, itemIndex) : undefined;
	if (!stored) throw resent.error;
	return foundExisting.call(this, stored, body, failure, itemIndex);
}

function foundExisting(this: IExecuteFunctions, existing: IDataObject, body: CreateBody, failure: string, itemIndex: number): IDataObject {
	if (existing.title !== body.title) {
		throw new NodeOperationError(this.getNode(), `A to-do with this External ID already exists (item ${itemIndex})`, {
			itemIndex,
			description: `${failure}. EIAM holds a to-do with External ID "${body.external_id}" whose Title differs from this item's, so it is not the one this item created.`,
		});
	}
	return { todoId: existing.id, recovery: `${failure}; EIAM already held this to-do, so it was not sent again` };
}
