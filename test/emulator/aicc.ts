import { randomBytes } from 'node:crypto';

import { DateTime } from 'luxon';

import type { ParsedRequest, Reply } from './http';
import { formBody, isVendorDateTime, jsonObject } from './http';
import type { TokenStore } from './tokens';

export const TASK_PREFIX = '/service/AICC__Case/1.0.0/openapi/task';
export const TOKEN_PATH = '/baas/auth/v1.0/oauth2/token';

/**
 * AICC documents no failure body (docs/aicc-api.md#conventions): the emulator answers a rule it enforces with HTTP
 * 200 and this resCode, and a refused token with HTTP 401. Both are our assumptions, kept in one place.
 */
export const INVALID_PARAMETER_CODE = 'CASE.PARAM.INVALID';
export const TASK_NOT_FOUND_CODE = 'CASE.TASK.NOT_FOUND';
export const AUTH_FAILURE = { resCode: 'AUTH.TOKEN.INVALID', resMsg: 'access-token is invalid or expired' };
/** Invented as well (AICC documents no error codes: docs/aicc-api.md#conventions): the refusal of an overloaded AICC, for fault injection. */
export const SYSTEM_BUSY = { resCode: 'CASE.SYSTEM.BUSY', resMsg: 'The system is busy. Try again later.' };

export interface AiccOptions {
	clientId: string;
	clientSecret: string;
	language: 'en' | 'zh';
	/** Every example's header block shows Content-Type literally URL-encoded (docs/aicc-api.md#conventions). */
	literalContentType: boolean;
	/** The zone AICC writes its times in (createdDate, trace times); AICC does not document one. UTC by default. */
	timezone: string;
}

/** Path below the task prefix → handler; every one of them is a POST (docs/aicc-api.md#conventions). */
const OPERATIONS: Record<string, 'create' | 'list' | 'modify' | 'transfer' | 'updateStatus' | 'process'> = {
	'': 'create',
	'/list': 'list',
	'/modify': 'modify',
	'/transfer': 'transfer',
	'/status/update': 'updateStatus',
	'/process': 'process',
};

export const STATUSES = ['Completed', 'Pending', 'Processing'];
const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'];

/** One entry of a task's track (taskTrace); only creatorId is documented, the rest is ours. */
export interface TraceRecord {
	creatorId: string;
	action: 'create' | 'modify' | 'transfer' | 'status' | 'process';
	createdDate: string;
	detail?: Record<string, unknown>;
}

export interface TaskRecord {
	id: string;
	taskNo: string;
	title: string;
	description?: string;
	type?: string;
	relateId?: string;
	ownerId: string;
	contactId?: string;
	priority?: string;
	dueDate?: string;
	attachment?: string;
	creatorId: string;
	createdDate: string;
	closedDate?: string;
	status: string;
	trace: TraceRecord[];
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 20-character alphanumeric IDs like the examples' ccqG0000014iXvGKONQO. */
function newTaskId(): string {
	return [...randomBytes(20)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

const bytes = (value: unknown) => Buffer.byteLength(String(value), 'utf8');

export class AiccEmulator {
	readonly tasks = new Map<string, TaskRecord>();

	/** Makes the next task call answer HTTP 200 with this envelope, as AICC does for a business rule we cannot see. */
	refuseNext?: { resCode: string; resMsg: string };

	/** The emulator's clock, for creation and trace times; tests set it to place tasks at a window's edge. */
	clock: () => Date = () => new Date();

	/**
	 * Whether list rows carry `createdDate`. AICC's row table (docs/aicc-api.md#get-many-post-tasklist) is cut off
	 * after `priority`, so both readings are possible; details (docs/aicc-api.md#get-a-task-post-taskid) always
	 * carry it.
	 */
	listCreatedDate = true;

	/** AICC does not document its list order: the emulator lists in creation order (oldest first) unless told otherwise. */
	listOrder: 'oldestFirst' | 'newestFirst' = 'oldestFirst';

	/**
	 * A test's hand on each list answer before it goes out (the list call's body, and the page and count
	 * as the emulator would answer): to make pages contradict each other, or change tasks mid-listing.
	 */
	onListPage?: (body: Record<string, unknown>, answer: { taskList: Array<Record<string, unknown>>; count: number }) => void;

	/** The clock's time as AICC writes it: yyyy-MM-dd HH:mm:ss in its zone. */
	private now(): string {
		return DateTime.fromJSDate(this.clock()).setZone(this.options.timezone).toFormat('yyyy-MM-dd HH:mm:ss');
	}

	constructor(
		private readonly options: AiccOptions,
		private readonly tokens: TokenStore,
	) {}

	handles(path: string): boolean {
		return path === TOKEN_PATH || path === TASK_PREFIX || path.startsWith(`${TASK_PREFIX}/`);
	}

	handle(request: ParsedRequest): Reply {
		if (request.path === TOKEN_PATH) return this.token(request);
		if (!this.tokens.isValid('aicc', String(request.headers['access-token'] ?? ''))) {
			return { status: 401, body: AUTH_FAILURE };
		}
		if (this.refuseNext) {
			const refusal = this.refuseNext;
			this.refuseNext = undefined;
			return this.reply(refusal);
		}
		const rest = request.path.slice(TASK_PREFIX.length);
		const operation = OPERATIONS[rest];
		// Task details: most pages say POST, one Chinese page says GET
		// (docs/aicc-api.md#contradictions-and-the-reading-we-chose); both are accepted.
		if (!operation && /^\/[^/]+$/.test(rest) && (request.method === 'POST' || request.method === 'GET')) {
			const id = decodeURIComponent(rest.slice(1));
			const body = request.method === 'POST' ? jsonObject(request.rawBody) : undefined;
			if (request.method === 'POST' && !body) return this.invalid('the request body must be a JSON object');
			return this.details(id, body);
		}
		if (!operation) return { status: 404, body: { resCode: '404', resMsg: 'Not Found' } };
		if (request.method !== 'POST') return { status: 405, body: { resCode: '405', resMsg: 'Method Not Allowed' } };
		const body = jsonObject(request.rawBody);
		if (!body) return this.invalid('the request body must be a JSON object');
		return this[operation](body);
	}

	/** An AICC envelope as AICC sends it, HTTP 200 with its Content-Type; public for the injected resCode fault. */
	reply(body: Record<string, unknown>): Reply {
		return {
			status: 200,
			body,
			contentType: this.options.literalContentType ? 'application/json%3Bcharset=UTF-8' : 'application/json;charset=UTF-8',
		};
	}

	private success(result?: unknown): Reply {
		const resMsg = this.options.language === 'zh' ? '成功' : 'Success';
		return this.reply(result === undefined ? { resCode: '0', resMsg } : { resCode: '0', resMsg, result });
	}

	private invalid(reason: string): Reply {
		return this.reply({ resCode: INVALID_PARAMETER_CODE, resMsg: `Invalid parameter: ${reason}` });
	}

	/** Form-encoded grant_type=client_credentials, client_id, client_secret (docs/aicc-api.md#token-client-credentials). */
	private token(request: ParsedRequest): Reply {
		const form = formBody(request);
		if (request.method !== 'POST' || form.get('grant_type') !== 'client_credentials') {
			return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type must be client_credentials' } };
		}
		if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'client_id or client_secret is wrong' } };
		}
		const { token, expiresIn } = this.tokens.issue('aicc');
		return { status: 200, body: { access_token: token, expires_in: expiresIn, token_type: 'Bearer' } };
	}

	/** The rules of docs/aicc-api.md#create-a-task-post-task for an optional text field: a string within its byte limit. */
	private badText(info: Record<string, unknown>, key: string, maxBytes: number, required = false): string | undefined {
		const value = info[key];
		if (value === undefined || value === null || value === '') return required ? `${key} is required` : undefined;
		if (typeof value !== 'string') return `${key} must be a string`;
		if (bytes(value) > maxBytes) return `${key} exceeds ${maxBytes} bytes`;
		return undefined;
	}

	private create(body: Record<string, unknown>): Reply {
		const info = body.taskInfo;
		if (!info || typeof info !== 'object' || Array.isArray(info)) return this.invalid('taskInfo is required');
		const task = info as Record<string, unknown>;
		const problem = this.badTaskFields(task, true);
		if (problem) return this.invalid(problem);
		const id = newTaskId();
		const record: TaskRecord = {
			...(task as Partial<TaskRecord>),
			id,
			taskNo: String(this.tasks.size + 1).padStart(12, '0'),
			title: task.title as string,
			ownerId: task.ownerId as string,
			creatorId: task.creatorId as string,
			createdDate: this.now(),
			status: 'Pending',
			trace: [],
		};
		this.traced(record, record.creatorId, 'create');
		this.tasks.set(id, record);
		return this.success({ taskId: id });
	}

	/** The task field rules of create (docs/aicc-api.md#create-a-task-post-task) applied to the fields present; for modify (docs/aicc-api.md#update-a-task-post-taskmodify) every field is optional. */
	private badTaskFields(task: Record<string, unknown>, required: boolean): string | undefined {
		return (
			this.badText(task, 'title', 128, required) ??
			this.badText(task, 'ownerId', 20, required) ??
			this.badText(task, 'creatorId', 20, required) ??
			this.badText(task, 'description', 20000) ??
			this.badText(task, 'relateId', 20) ??
			this.badText(task, 'contactId', 20) ??
			this.badText(task, 'attachment', 255) ??
			(task.type !== undefined && task.type !== 'Case' ? 'type must be Case' : undefined) ??
			(task.type !== undefined && !task.relateId ? 'relateId is required when type is set' : undefined) ??
			(task.priority !== undefined && !PRIORITIES.includes(task.priority as string)
				? 'priority must be Critical, High, Medium or Low'
				: undefined) ??
			(task.dueDate !== undefined && !isVendorDateTime(task.dueDate) ? 'dueDate must be YYYY-MM-DD HH:mm:ss' : undefined)
		);
	}

	private notFound(id: unknown): Reply {
		return this.reply({ resCode: TASK_NOT_FOUND_CODE, resMsg: `Task ${String(id)} does not exist` });
	}

	/** The id is in the path and, for POST, in the body too; they must agree (docs/aicc-api.md#get-a-task-post-taskid). */
	private details(id: string, body: Record<string, unknown> | undefined): Reply {
		if (body && body.id !== undefined && body.id !== id) return this.invalid('id in the body differs from the path');
		const task = this.tasks.get(id);
		if (!task) return this.notFound(id);
		const { trace, ...info } = task;
		return this.success({
			taskInfo: { ...info, creatorName: `User ${task.creatorId}`, ownerName: `User ${task.ownerId}`, stayDate: null, closedDate: task.closedDate ?? null },
			taskTrace: trace,
			customerInfo: task.contactId ? { customerInfo: { id: task.contactId, customerName: 'Customer 1' } } : {},
			caseInfos: task.relateId ? [{ id: task.relateId, title: 'Related case', state: 'Processing' }] : [],
		});
	}

	private traced(task: TaskRecord, creatorId: unknown, action: TraceRecord['action'], detail?: Record<string, unknown>): void {
		task.trace.push({ creatorId: String(creatorId ?? task.creatorId), action, createdDate: this.now(), ...(detail ? { detail } : {}) });
	}

	/** taskInfo.id is mandatory, every other field optional; ownerId is not a field of this call (docs/aicc-api.md#update-a-task-post-taskmodify). */
	private modify(body: Record<string, unknown>): Reply {
		const info = body.taskInfo;
		if (!info || typeof info !== 'object' || Array.isArray(info)) return this.invalid('taskInfo is required');
		const changes = { ...(info as Record<string, unknown>) };
		const idProblem = this.badText(changes, 'id', 20, true);
		if (idProblem) return this.invalid(idProblem);
		if ('ownerId' in changes) return this.invalid('ownerId cannot be modified; use task/transfer');
		const problem = this.badTaskFields(changes, false);
		if (problem) return this.invalid(problem);
		const task = this.tasks.get(changes.id as string);
		if (!task) return this.notFound(changes.id);
		const { id: _id, creatorId, ...fields } = changes;
		Object.assign(task, fields);
		this.traced(task, creatorId, 'modify', fields);
		return this.success();
	}

	/** id, ownerId (the new assignee) and creatorId, all mandatory (docs/aicc-api.md#transfer-assign-a-task-post-tasktransfer). */
	private transfer(body: Record<string, unknown>): Reply {
		const problem = this.badText(body, 'id', 20, true) ?? this.badText(body, 'ownerId', 20, true) ?? this.badText(body, 'creatorId', 20, true);
		if (problem) return this.invalid(problem);
		const task = this.tasks.get(body.id as string);
		if (!task) return this.notFound(body.id);
		this.traced(task, body.creatorId, 'transfer', { from: task.ownerId, to: body.ownerId });
		task.ownerId = body.ownerId as string;
		return this.success();
	}

	/** Any status may follow any other ("non-strict", docs/aicc-api.md#conventions). */
	private updateStatus(body: Record<string, unknown>): Reply {
		const problem = this.badText(body, 'id', 20, true) ?? this.badText(body, 'creatorId', 20, true);
		if (problem) return this.invalid(problem);
		if (!STATUSES.includes(body.status as string)) return this.invalid('status must be Completed, Pending or Processing');
		const task = this.tasks.get(body.id as string);
		if (!task) return this.notFound(body.id);
		task.status = body.status as string;
		task.closedDate = task.status === 'Completed' ? this.now() : undefined;
		this.traced(task, body.creatorId, 'status', { status: task.status });
		return this.success();
	}

	/** taskId (not id), creatorId, processInfo {type "Iternal" (sic), title, description, attachment?} (docs/aicc-api.md#process-a-task-post-taskprocess). */
	private process(body: Record<string, unknown>): Reply {
		const problem = this.badText(body, 'taskId', 20, true) ?? this.badText(body, 'creatorId', 20, true);
		if (problem) return this.invalid(problem);
		const info = body.processInfo;
		if (!info || typeof info !== 'object' || Array.isArray(info)) return this.invalid('processInfo is required');
		const processInfo = info as Record<string, unknown>;
		if (processInfo.type !== 'Iternal') return this.invalid('processInfo.type must be Iternal');
		const infoProblem =
			this.badText(processInfo, 'title', 128, true) ?? this.badText(processInfo, 'description', 20000, true) ?? this.badText(processInfo, 'attachment', 255);
		if (infoProblem) return this.invalid(`processInfo.${infoProblem}`);
		const task = this.tasks.get(body.taskId as string);
		if (!task) return this.notFound(body.taskId);
		this.traced(task, body.creatorId, 'process', processInfo);
		return this.success();
	}

	/** The list filters of docs/aicc-api.md#get-many-post-tasklist. Classification semantics are not documented; ours are noted inline. */
	private matches(task: TaskRecord, filter: Record<string, unknown>): boolean {
		const creatorId = filter.creatorId as string;
		const classification: Record<string, () => boolean> = {
			Todo: () => task.ownerId === creatorId && task.status !== 'Completed', // open tasks the user handles
			Processed: () => task.trace.some((entry) => entry.action === 'process' && entry.creatorId === creatorId),
			Created: () => task.creatorId === creatorId,
		};
		return (
			(filter.title === undefined || task.title.toLowerCase().includes(String(filter.title).toLowerCase())) &&
			(filter.status === undefined || task.status === filter.status) &&
			(filter.priority === undefined || task.priority === filter.priority) &&
			(filter.ownerId === undefined || task.ownerId === filter.ownerId) &&
			(filter.type === undefined || task.type === filter.type) &&
			(filter.relateId === undefined || task.relateId === filter.relateId) &&
			(filter.contactId === undefined || task.contactId === filter.contactId) &&
			(filter.startTime === undefined || task.createdDate >= String(filter.startTime)) &&
			(filter.endTime === undefined || task.createdDate <= String(filter.endTime)) &&
			(filter.classification === undefined || (classification[filter.classification as string]?.() ?? false))
		);
	}

	/** start ≥ 0, limit 1–100 and creatorId are mandatory; count is the total of matches (docs/aicc-api.md#get-many-post-tasklist). */
	private list(body: Record<string, unknown>): Reply {
		const { start, limit } = body;
		if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return this.invalid('start must be an integer ≥ 0');
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
			return this.invalid('limit must be an integer from 1 to 100');
		}
		const problem =
			this.badText(body, 'creatorId', 20, true) ??
			this.badText(body, 'title', 128) ??
			(body.status !== undefined && !STATUSES.includes(body.status as string) ? 'status must be Completed, Pending or Processing' : undefined) ??
			(body.priority !== undefined && !PRIORITIES.includes(body.priority as string) ? 'priority must be Critical, High, Medium or Low' : undefined) ??
			(body.type !== undefined && body.type !== 'Case' ? 'type must be Case' : undefined) ??
			(body.type !== undefined && !body.relateId ? 'relateId must accompany type' : undefined) ??
			(body.classification !== undefined && !['Todo', 'Processed', 'Created'].includes(body.classification as string)
				? 'classification must be Todo, Processed or Created'
				: undefined) ??
			(body.startTime !== undefined && !isVendorDateTime(body.startTime) ? 'startTime must be YYYY-MM-DD HH:mm:ss' : undefined) ??
			(body.endTime !== undefined && !isVendorDateTime(body.endTime) ? 'endTime must be YYYY-MM-DD HH:mm:ss' : undefined);
		if (problem) return this.invalid(problem);
		const inOrder = [...this.tasks.values()];
		if (this.listOrder === 'newestFirst') inOrder.reverse();
		const matches = inOrder.filter((task) => this.matches(task, body));
		const page = matches.slice(start, start + limit).map((task) => ({
			taskId: task.id,
			taskNo: task.taskNo,
			title: task.title,
			ownerId: task.ownerId,
			priority: task.priority,
			status: task.status,
			...(this.listCreatedDate ? { createdDate: task.createdDate } : {}),
		}));
		const answer = { taskList: page as Array<Record<string, unknown>>, count: matches.length };
		this.onListPage?.(body, answer);
		return this.success(answer);
	}
}
