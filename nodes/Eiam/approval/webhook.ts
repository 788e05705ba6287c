// The approval page's webhook: a GET shows the to-do and its buttons and decides nothing (mail and chat
// link previews fetch links); only the page's POST decides. n8n resumes a waiting execution once, yet
// simultaneous POSTs can each run webhook(); the first one here claims the decision, marks the to-do
// done, and resumes the workflow with it. The others answer with that same decision and resume nothing.
import type { IDataObject, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { expectObject } from '../../shared/answers';
import type { VendorTransport } from '../../shared/transport';
import { expectTodoId } from '../actions/todo/locate';
import { pageOptionsOf, TODO_QUERY_PARAMETER } from '../actions/todo/sendAndWait';
import { findByExternalId } from '../lookup';
import { eiamTransportWith, todoPath } from '../transport';
import { approvalPage, COMMENT_MAX_CHARS, messagePage, PAGE_HEADERS, type ApprovalPageOptions } from './page';

/**
 * The restart webhooks n8n calls at `{WEBHOOK_URL}/webhook-waiting/{execution}/{node ID}` while the
 * execution waits: GET for the page, POST for its form. A module constant, as n8n's own nodes keep theirs.
 */
export const APPROVAL_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
];

export type Decision = 'approve' | 'decline';

/** The node's output once a person decided. */
export interface ApprovalOutput extends IDataObject {
	approved: boolean;
	decision: Decision;
	comment?: string;
	respondedAt: string;
	todoId: string | null;
	externalId: string;
	todoMarkedDone: boolean;
	/** Why the to-do could not be marked as done; the decision stands all the same. */
	markDoneError?: string;
}

/**
 * Decisions claimed in this process, by resume address (execution and node). A POST that finds one
 * answers with it instead of deciding again. Kept after they settle, so that a POST arriving before n8n
 * has moved the execution on changes nothing; the oldest go once there are CLAIMS_KEPT.
 */
const claims = new Map<string, Promise<ApprovalOutput>>();
const CLAIMS_KEPT = 1_000;

function claim(key: string, decide: () => Promise<ApprovalOutput>): { first: boolean; outcome: Promise<ApprovalOutput> } {
	const known = claims.get(key);
	if (known) return { first: false, outcome: known };
	const outcome = decide();
	claims.set(key, outcome);
	if (claims.size > CLAIMS_KEPT) claims.delete(claims.keys().next().value as string);
	return { first: true, outcome };
}

/**
 * The EIAM transport for a webhook call, with the node's Options. The transport asks of its context what a
 * webhook context has too (the node, its credentials, n8n's authenticated request); no item is involved,
 * so its messages name none.
 */
const webhookTransport = (context: IWebhookFunctions) => eiamTransportWith(context, context.getNodeParameter('options', {}) as IDataObject);


function send(context: IWebhookFunctions, status: number, html: string): IWebhookResponseData {
	context.getResponseObject().status(status).set(PAGE_HEADERS).send(html);
	return { noWebhookResponse: true };
}

function readDecision(body: IDataObject, options: ApprovalPageOptions): { decision: Decision; comment?: string } | undefined {
	const decision = body.decision;
	if (decision !== 'approve' && !(decision === 'decline' && options.declineLabel !== undefined)) return undefined;
	const text = options.askForComment && typeof body.comment === 'string' ? body.comment.trim().slice(0, COMMENT_MAX_CHARS) : '';
	return { decision, ...(text ? { comment: text } : {}) };
}

/** The form's fields: n8n parses a urlencoded body in most releases; the raw body otherwise. */
function formFields(context: IWebhookFunctions): IDataObject {
	const body = context.getBodyData();
	if (body && typeof body === 'object' && 'decision' in body) return body;
	const raw = (context.getRequestObject() as { rawBody?: Buffer }).rawBody;
	return raw ? Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) : {};
}

/** PUT todoStatus {deal: true} (docs/eiam-api.md#mark-as-done-put-todotasktodo_idtodostatus); the answer must name this to-do. */
async function markDone(context: IWebhookFunctions, transport: VendorTransport, todoId: string): Promise<void> {
	const answer = await transport.request({ method: 'PUT', path: `${todoPath(todoId)}/todoStatus`, body: { deal: true }, itemIndex: 0, idempotent: true });
	const operation = 'EIAM Mark as Done';
	const response = expectObject(context, answer, { operation, expected: 'an object with todo_id', itemIndex: 0 });
	expectTodoId(context, response.todo_id, todoId, { operation, itemIndex: 0 });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Looks the to-do up by External ID and marks it done, unless EIAM already has it done; a failure is reported, not thrown. */
async function decide(context: IWebhookFunctions, externalId: string, chosen: { decision: Decision; comment?: string }): Promise<ApprovalOutput> {
	const output: ApprovalOutput = {
		approved: chosen.decision === 'approve',
		decision: chosen.decision,
		...(chosen.comment !== undefined ? { comment: chosen.comment } : {}),
		respondedAt: new Date().toISOString(),
		todoId: null,
		externalId,
		todoMarkedDone: false,
	};
	const transport = webhookTransport(context);
	try {
		const todo = await findByExternalId(context, transport, externalId, 0);
		if (!todo) return { ...output, markDoneError: `EIAM holds no to-do with External ID "${externalId}" any more` };
		output.todoId = String(todo.id);
		if (todo.deal !== true) await markDone(context, transport, output.todoId);
		return { ...output, todoMarkedDone: true };
	} catch (error) {
		return { ...output, markDoneError: messageOf(error) };
	}
}

const answered = (output: ApprovalOutput) => (output.approved ? 'Approved' : 'Declined');

/** The node's webhook(): the approval page (GET) and the decision (POST). */
export async function approvalWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = pageOptionsOf(this.getNodeParameter('approvalOptions', {}) as IDataObject);
	const externalId = (this.getQueryData() as IDataObject)[TODO_QUERY_PARAMETER];
	if (typeof externalId !== 'string' || externalId === '') {
		return send(this, 400, messagePage('Link incomplete', 'This approval link does not name its to-do. Open the to-do from your EIAM inbox again.'));
	}
	// The address without its query: one execution's one approval node.
	const key = new URL(request.originalUrl ?? request.url, 'http://n8n').pathname;

	if (request.method !== 'POST') {
		const settled = claims.get(key);
		if (settled) return send(this, 200, messagePage(`Already answered: ${answered(await settled)}`, 'This request has been answered. Nothing more to do.'));
		const todo = await findByExternalId(this, webhookTransport(this), externalId, 0).catch((error: unknown) => error as Error);
		if (todo instanceof Error) return send(this, 502, messagePage('EIAM did not answer', `The to-do could not be read from EIAM (${messageOf(todo)}). Try again in a moment.`));
		if (!todo) return send(this, 404, messagePage('To-do not found', 'EIAM no longer holds this to-do.'));
		return send(this, 200, approvalPage({ title: String(todo.title ?? ''), content: String(todo.content ?? '') }, options));
	}

	const chosen = readDecision(formFields(this), options);
	if (!chosen) return send(this, 400, messagePage('No decision', 'Choose one of the buttons on the approval page.'));
	const { first, outcome } = claim(key, async () => await decide(this, externalId, chosen));
	const output = await outcome;
	if (!first) return send(this, 200, messagePage(`Already answered: ${answered(output)}`, 'This request had been answered already; your answer changed nothing.'));
	send(this, 200, messagePage(`${answered(output)}. Thank you`, 'Your answer was recorded. You can close this page.'));
	return { noWebhookResponse: true, workflowData: [[{ json: output, pairedItem: { item: 0 } }]] };
}
