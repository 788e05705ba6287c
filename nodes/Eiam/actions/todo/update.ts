import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { expectObject } from '../../../shared/answers';
import { itemError } from '../../../shared/failures';
import { misreadingOf, type Misreading } from '../../../shared/reading';
import type { VendorTransport } from '../../../shared/transport';
import { FieldError } from '../../../shared/validation';
import { todoPath } from '../../transport';
import type { FieldSource, TodoBody } from './fields';
import { parameterSource, probablyChanged, readTodoBody, readTodoLocator, shownFor, todoBodyFields, todoChangeOptions, todoIdField } from './fields';
import { readTodo } from './get';
import { changedAnother, expectTodoId, locateTodo } from './locate';

export const description: INodeProperties[] = [
	todoIdField('update'),
	{
		displayName: 'Update',
		name: 'updateMode',
		type: 'options',
		options: [
			{
				name: 'All Fields',
				value: 'allFields',
				description: 'Enter every field; the to-do is replaced with them (one request)',
			},
			{
				name: 'Only Fields That Change',
				value: 'changedFields',
				description: 'Read the to-do, apply the changes, write it back (two requests; a change made by someone else in between is overwritten)',
			},
		],
		default: 'allFields',
		description: "EIAM's update replaces every field of the to-do",
		displayOptions: shownFor('update'),
	},
	...todoBodyFields('update', { updateMode: ['allFields'] }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: shownFor('update', { updateMode: ['changedFields'] }),
		options: todoChangeOptions,
	},
];

/** The stored to-do's fields under the node's parameter names. */
function currentFields(stored: IDataObject): IDataObject {
	const detail = (stored.detail_url ?? {}) as IDataObject;
	return {
		title: stored.title,
		content: stored.content,
		messageType: stored.message_type,
		deadline: stored.ending_at,
		externalId: stored.external_id,
		webUrl: detail.web_url,
		mobileUrl: detail.mobile_url,
	};
}

/** The stored to-do (docs/eiam-api.md#get-a-to-do-get-todotasktodo_id) with the user's changes on top, under the node's parameter names. */
function mergedSource(current: IDataObject, changes: IDataObject): FieldSource {
	return (name) => (name in changes ? changes[name] : current[name]);
}

const LABELS: Record<string, string> = Object.fromEntries(todoBodyFields('update').map((field) => [field.name, field.displayName]));

/** Whether a field's text may not be what EIAM holds: a U+FFFD put in for bytes that did not decode, or any non-ASCII character read under a label the bytes contradicted. */
function mayBeMisread(value: unknown, misreading: Misreading): boolean {
	if (typeof value !== 'string') return false;
	// eslint-disable-next-line no-control-regex
	return misreading === 'replaced' ? value.includes('\ufffd') : /[^\x00-\x7f]/.test(value);
}

/**
 * A read that was not faithful (see reading.ts) is never written back: the fields this item would carry
 * over unchanged from it, and that may be misread, stop the item before anything is sent.
 */
function refuseMisreadWriteBack(context: IExecuteFunctions, stored: IDataObject, current: IDataObject, changes: IDataObject, itemIndex: number): void {
	const misreading = misreadingOf(stored);
	if (!misreading) return;
	const fields = Object.keys(current).filter((name) => !(name in changes) && mayBeMisread(current[name], misreading));
	if (fields.length === 0) return;
	const named = fields.map((name) => LABELS[name] ?? name).join(', ');
	const why = {
		replaced: "EIAM's answer held bytes that are not valid text, shown as U+FFFD (�)",
		relabelled: "EIAM's answer declared a character set its bytes contradict (UTF-8 bytes labelled otherwise), so its text was read as UTF-8",
		doubtful: "EIAM's answer declared a character set that its bytes fit but cannot be trusted for (non-ASCII text under a single-byte label, or bytes that are UTF-8 as well)",
	}[misreading];
	throw itemError(
		context.getNode(),
		`EIAM Update did not write: the to-do's ${named} could not be read faithfully`,
		itemIndex,
		`${why}. Writing it back could replace EIAM's own text with a misreading, so nothing was sent. Use Update: All Fields and enter every field, or add ${named} to Update Fields with the values to keep.`,
	);
}

/**
 * PUT /api/v2/tenant/todo/task/{todo_id} (docs/eiam-api.md#update-a-to-do-put-todotasktodo_id). The page's table
 * says the answer holds `todo_id`, its example shows `{"code":"0","data":true}`: both are taken as success. EIAM
 * needs every field, so "only fields that change" reads the to-do first and sends it back merged.
 */
export async function execute(this: IExecuteFunctions, transport: VendorTransport, itemIndex: number): Promise<IDataObject> {
	readTodoLocator(this, itemIndex);
	let body: TodoBody;
	let todoId: string;
	if (this.getNodeParameter('updateMode', itemIndex, 'allFields') === 'changedFields') {
		const changes = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		if (Object.keys(changes).length === 0) throw new FieldError('Update Fields is empty: add at least one field to change');
		const located = await locateTodo(this, transport, itemIndex);
		todoId = located.todoId;
		// By External ID the look-up has read the to-do already. A read of another to-do stops here: nothing is written.
		const stored = located.record ?? (await readTodo(this, transport, todoId, 'EIAM Update (reading the to-do)', itemIndex));
		const current = currentFields(stored);
		refuseMisreadWriteBack(this, stored, current, changes, itemIndex);
		body = readTodoBody(mergedSource(current, changes), this.getTimezone());
	} else {
		// Every field is checked before the look-up an External ID needs.
		body = readTodoBody(parameterSource(this, itemIndex), this.getTimezone());
		todoId = (await locateTodo(this, transport, itemIndex)).todoId;
	}
	const answer = await transport.request({ method: 'PUT', path: todoPath(todoId), body, itemIndex, idempotent: true });
	const operation = 'EIAM Update';
	const shape = { operation, expected: 'an object (todo_id, or code and data)', itemIndex, advice: probablyChanged(todoId) };
	expectTodoId(this, expectObject(this, answer, shape).todo_id, todoId, { operation, itemIndex, advice: changedAnother(todoId) });
	return { todoId, updated: true };
}
