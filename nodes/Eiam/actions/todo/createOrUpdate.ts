import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import type { VendorTransport } from '../../../shared/transport';
import { todoPath } from '../../transport';
import { findByExternalId, foundTodoId, hasVendorCode } from '../../lookup';
import { createOnce, readCreateBody } from './create';
import { differingField, probablyChanged, todoBodyFields, userNameField, type TodoBody } from './fields';
import { changedAnother, expectTodoId } from './locate';

export const description: INodeProperties[] = [userNameField('createOrUpdate'), ...todoBodyFields('createOrUpdate')];

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * Keyed by External ID: looks the to-do up (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id);
 * creates it when EIAM holds none, with Create's recovery of a lost answer; replaces it with every field
 * (docs/eiam-api.md#update-a-to-do-put-todotasktodo_id) when it differs; leaves it when it already holds them. The
 * output's `action` says which. The User Name is used only on create: the stored to-do names its user by ID, and
 * EIAM's update cannot reassign it.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	const body = readCreateBody(this, itemIndex);
	const stored = await findByExternalId(this, transport, body.external_id, itemIndex);
	if (stored) return await updateIfDifferent.call(this, transport, stored, body, itemIndex);
	const created = await createOnce.call(this, transport, body, itemIndex).then(
		(output) => ({ output }),
		(error: unknown) => ({ error }),
	);
	if ('output' in created) return { ...created.output, action: 'created' satisfies Outcome };
	// Created by someone else between the look-up and the create: it is this item's to update.
	if (!hasVendorCode(created.error, 'TODOTASK.0002')) throw created.error;
	const raced = await findByExternalId(this, transport, body.external_id, itemIndex);
	if (!raced) throw created.error;
	return await updateIfDifferent.call(this, transport, raced, body, itemIndex);
}

async function updateIfDifferent(this: IExecuteFunctions, transport: VendorTransport, stored: IDataObject, body: TodoBody, itemIndex: number): Promise<IDataObject> {
	const todoId = foundTodoId(this, stored, body.external_id, itemIndex);
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
	const answer = await transport.request({ method: 'PUT', path: todoPath(todoId), body: update, itemIndex, idempotent: true });
	const operation = 'EIAM Create or Update';
	const response = expectObject(this, answer, { operation, expected: 'an object (todo_id, or code and data)', itemIndex, advice: probablyChanged(todoId) });
	expectTodoId(this, response.todo_id, todoId, { operation, itemIndex, advice: changedAnother(todoId) });
	return { todoId, action: 'updated' satisfies Outcome };
}
