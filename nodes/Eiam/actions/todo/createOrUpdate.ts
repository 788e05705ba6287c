import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { createOnce, findByExternalId, hasVendorCode, readCreateBody } from './create';
import { differingField, todoBodyFields, userNameField, type TodoBody } from './fields';

export const description: INodeProperties[] = [userNameField('createOrUpdate'), ...todoBodyFields('createOrUpdate')];

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * Keyed by External ID: looks the to-do up (EIAM.md §6); creates it when EIAM holds none, with
 * Create's recovery of a lost answer; replaces it with every field (§4) when it differs; leaves it when
 * it already holds them. The output's `action` says which. The User Name is used only on create: the
 * stored to-do names its user by ID, and EIAM's update cannot reassign it.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = readCreateBody(this, itemIndex);
	const stored = await findByExternalId.call(this, transport, body.external_id, itemIndex);
	if (stored) return await updateIfDifferent(transport, stored, body, itemIndex);
	const created = await createOnce.call(this, transport, body, itemIndex).then(
		(output) => ({ output }),
		(error: unknown) => ({ error }),
	);
	if ('output' in created) return { ...created.output, action: 'created' satisfies Outcome };
	// Created by someone else between the look-up and the create: it is this item's to update.
	if (!hasVendorCode(created.error, 'TODOTASK.0002')) throw created.error;
	const raced = await findByExternalId.call(this, transport, body.external_id, itemIndex);
	if (!raced) throw created.error;
	return await updateIfDifferent(transport, raced, body, itemIndex);
}

async function updateIfDifferent(transport: VendorTransport, stored: IDataObject, body: TodoBody, itemIndex: number): Promise<IDataObject> {
	const todoId = String(stored.id);
	if (differingField(stored, body) === undefined) return { todoId, action: 'unchanged' satisfies Outcome };
	// EIAM's update takes every to-do field but the user, which it cannot change.
	const update: TodoBody = {
		title: body.title,
		content: body.content,
		message_type: body.message_type,
		ending_at: body.ending_at,
		external_id: body.external_id,
		detail_url: body.detail_url,
	};
	await transport.request({ method: 'PUT', path: todoPath(todoId), body: update, itemIndex, idempotent: true });
	return { todoId, action: 'updated' satisfies Outcome };
}
