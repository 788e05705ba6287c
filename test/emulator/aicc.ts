import { randomBytes } from 'node:crypto';

import type { ParsedRequest, Reply } from './http';
import { formatDate, formBody, isVendorDateTime, jsonObject } from './http';
import type { TokenStore } from './tokens';

export const TASK_PREFIX = '/service/AICC__Case/1.0.0/openapi/task';
const TOKEN_PATH = '/baas/auth/v1.0/oauth2/token';

/**
 * AICC documents no failure body (AICC.md §10): the emulator answers a rule it enforces with HTTP 200
 * and this resCode, and a refused token with HTTP 401. Both are our assumptions, kept in one place.
 */
export const INVALID_PARAMETER_CODE = 'CASE.PARAM.INVALID';
export const AUTH_FAILURE = { resCode: 'AUTH.TOKEN.INVALID', resMsg: 'access-token is invalid or expired' };

export interface AiccOptions {
	clientId: string;
	clientSecret: string;
	language: 'en' | 'zh';
	/** Every example's header block shows Content-Type literally URL-encoded (AICC.md §1). */
	literalContentType: boolean;
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
	status: string;
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
		if (request.method !== 'POST') return { status: 405, body: { resCode: 'METHOD', resMsg: 'Method Not Allowed' } };
		const body = jsonObject(request.rawBody);
		if (!body) return this.invalid('the request body must be a JSON object');
		const rest = request.path.slice(TASK_PREFIX.length);
		if (rest === '') return this.create(body);
		if (rest === '/list') return this.list(body);
		return { status: 404, body: { resCode: '404', resMsg: 'Not Found' } };
	}

	private reply(body: Record<string, unknown>): Reply {
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

	/** AICC.md §2: form-encoded grant_type=client_credentials, client_id, client_secret. */
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

	/** The rules of AICC.md §3 for an optional text field: a string within its byte limit. */
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
		const problem =
			this.badText(task, 'title', 128, true) ??
			this.badText(task, 'ownerId', 20, true) ??
			this.badText(task, 'creatorId', 20, true) ??
			this.badText(task, 'description', 20000) ??
			this.badText(task, 'relateId', 20) ??
			this.badText(task, 'contactId', 20) ??
			this.badText(task, 'attachment', 255) ??
			(task.type !== undefined && task.type !== 'Case' ? 'type must be Case' : undefined) ??
			(task.type !== undefined && !task.relateId ? 'relateId is required when type is set' : undefined) ??
			(task.priority !== undefined && !['Critical', 'High', 'Medium', 'Low'].includes(task.priority as string)
				? 'priority must be Critical, High, Medium or Low'
				: undefined) ??
			(task.dueDate !== undefined && !isVendorDateTime(task.dueDate) ? 'dueDate must be YYYY-MM-DD HH:mm:ss' : undefined);
		if (problem) return this.invalid(problem);
		const id = newTaskId();
		const record: TaskRecord = {
			...(task as Partial<TaskRecord>),
			id,
			taskNo: String(this.tasks.size + 1).padStart(12, '0'),
			title: task.title as string,
			ownerId: task.ownerId as string,
			creatorId: task.creatorId as string,
			createdDate: formatDate(new Date()),
			status: 'Pending',
		};
		this.tasks.set(id, record);
		return this.success({ taskId: id });
	}

	/** AICC.md §4: start ≥ 0, limit 1–100 and creatorId are mandatory; count is the total of matches. */
	private list(body: Record<string, unknown>): Reply {
		const { start, limit } = body;
		if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return this.invalid('start must be an integer ≥ 0');
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
			return this.invalid('limit must be an integer from 1 to 100');
		}
		const creatorProblem = this.badText(body, 'creatorId', 20, true);
		if (creatorProblem) return this.invalid(creatorProblem);
		const matches = [...this.tasks.values()];
		const page = matches.slice(start, start + limit).map((task) => ({
			taskId: task.id,
			taskNo: task.taskNo,
			title: task.title,
			ownerId: task.ownerId,
			priority: task.priority,
		}));
		return this.success({ taskList: page, count: matches.length });
	}
}
