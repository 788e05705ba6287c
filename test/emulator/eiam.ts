import { randomBytes } from 'node:crypto';

import type { ParsedRequest, Reply } from './http';
import { formatDate, formBody, isVendorDateTime, jsonObject, pad } from './http';
import type { TokenStore } from './tokens';

/** Error messages in the page languages; USER.0001 has no documented Chinese text (docs/eiam-api.md#error-codes). */
const MESSAGES: Record<string, { en: string; zh: string }> = {
	'COM.0601': { en: 'Parameter error, missing parameter or incorrect parameter type', zh: '参数错误,缺少参数或者参数类型不正确' },
	'USER.0001': { en: 'User does not exist', zh: 'User does not exist' },
	'TODOTASK.0001': { en: 'Todo does not exist', zh: '待办不存在' },
	'TODOTASK.0002': { en: 'Todo already exists', zh: '待办已存在' },
	'TODOTASK.0004': { en: 'Todo title cannot be empty', zh: '待办标题不能为空' },
	'TODOTASK.0005': { en: 'Todo content cannot be empty', zh: '待办内容不能为空' },
	'TODOTASK.0006': { en: 'Todo message type cannot be empty', zh: '待办消息类型不能为空' },
	'TODOTASK.0007': { en: 'External todo ID cannot be empty', zh: '外部待办ID不能为空' },
	'TODOTASK.0008': { en: 'The deadline cannot be empty', zh: '截止时间不能为空' },
	'TODOTASK.0009': { en: 'Detail URL cannot be empty', zh: '详情URL不能为空' },
	'TODOTASK.0010': { en: 'Web URL cannot be empty', zh: '网页版URL不能为空' },
	'TODOTASK.0011': { en: 'Mobile URL cannot be empty', zh: '移动端URL不能为空' },
	'TODOTASK.0013': { en: 'Todo title does not meet verification rules', zh: '待办标题不符合校验规则' },
	'TODOTASK.0014': { en: 'Todo content does not meet verification rules', zh: '待办内容不符合校验规则' },
	'TODOTASK.0015': { en: 'Todo message type does not meet verification rules', zh: '待办消息类型不符合校验规则' },
	'TODOTASK.0016': { en: 'The external todo ID does not meet the verification rules', zh: '外部待办ID不符合校验规则' },
};

export interface EiamOptions {
	clientId: string;
	clientSecret: string;
	/** User names that exist in the tenant; create answers USER.0001 for any other. */
	users: string[];
	language: 'en' | 'zh';
	/** TODOTASK.0001 is 402 in the get/delete/status tables and 400 in every example (docs/eiam-api.md#contradictions-and-the-reading-we-chose). */
	notFoundStatus: 400 | 402;
	/** Update answers `{todo_id}` by its table or `{"code":"0","data":true,"message":null}` by its example (docs/eiam-api.md#contradictions-and-the-reading-we-chose). */
	updateResponse: 'example' | 'table';
	/** EIAM documents 400 invalid_token for an expired or invalid token; 401 lets tests walk the other path. */
	authRejectStatus: 400 | 401;
}

export interface TodoRecord {
	id: string;
	source_id: string;
	source_type: 'APP';
	title: string;
	content: string;
	message_type: string;
	external_id: string;
	detail_url: { web_url: string; mobile_url: string };
	user_id: string;
	deal: boolean;
	dealt_at: string | null;
	ending_at: string;
	created_at: string;
	updated_at: string;
}

const SOURCE_ID = '20220119111936362-77E4-C4A94DFC6';
const TODO_PREFIX = '/api/v2/tenant/todo/task';
export const TOKEN_PATH = '/api/v2/tenant/token';

/** IDs shaped like the examples: yyyyMMddHHmmssSSS-XXXX-XXXXXXXXX (docs/eiam-api.md#conventions). */
function newId(now: Date): string {
	const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}${pad(now.getUTCMilliseconds(), 3)}`;
	const hex = randomBytes(7).toString('hex').toUpperCase();
	return `${stamp}-${hex.slice(0, 4)}-${hex.slice(4, 13)}`;
}

export class EiamEmulator {
	readonly todos = new Map<string, TodoRecord>();
	/** external_id → to-do ID, so that the uniqueness check stays cheap with many to-dos. */
	private readonly byExternalId = new Map<string, string>();
	private readonly userIds = new Map<string, string>();

	constructor(
		private readonly options: EiamOptions,
		private readonly tokens: TokenStore,
	) {
		for (const user of options.users) this.userIds.set(user, newId(new Date()));
	}

	handles(path: string): boolean {
		return path === TOKEN_PATH || path === TODO_PREFIX || path.startsWith(`${TODO_PREFIX}/`);
	}

	handle(request: ParsedRequest): Reply {
		if (request.path === TOKEN_PATH) return this.token(request);
		const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (!this.tokens.isValid('eiam', bearer)) {
			return { status: this.options.authRejectStatus, body: { error: 'invalid_token', error_description: 'Invalid access' } };
		}
		// Content-Type is mandatory on every to-do call, GET and DELETE included (docs/eiam-api.md#conventions).
		if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
			return this.error('COM.0601');
		}
		const rest = request.path.slice(TODO_PREFIX.length);
		if (rest === '' && request.method === 'POST') return this.create(request.rawBody);
		const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
		if (segments.length === 2 && segments[0] === 'sources' && request.method === 'GET') return this.getByExternalId(segments[1]);
		if (segments.length === 1 && request.method === 'GET') return this.get(segments[0]);
		if (segments.length === 1 && request.method === 'PUT') return this.update(segments[0], request.rawBody);
		if (segments.length === 1 && request.method === 'DELETE') return this.remove(segments[0]);
		if (segments.length === 2 && segments[1] === 'todoStatus' && request.method === 'PUT') return this.setStatus(segments[0], request.rawBody);
		return { status: 404, body: { error: 'Not Found', path: request.path } };
	}

	private error(code: string, status = 400): Reply {
		return { status, body: { error_code: code, error_msg: MESSAGES[code][this.options.language] } };
	}

	/** Basic client authentication, or client_id/client_secret as form fields or query parameters (docs/eiam-api.md#token-client-credentials). */
	private token(request: ParsedRequest): Reply {
		if (request.method !== 'POST') return { status: 405, body: { error: 'method_not_allowed' } };
		const form = formBody(request);
		let clientId = form.get('client_id');
		let clientSecret = form.get('client_secret');
		const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (basic) {
			const decoded = Buffer.from(basic, 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			clientId = decoded.slice(0, colon);
			clientSecret = decoded.slice(colon + 1);
		}
		if (form.get('grant_type') !== 'client_credentials') {
			return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' } };
		}
		if (clientId !== this.options.clientId || clientSecret !== this.options.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
		}
		const { token, expiresIn } = this.tokens.issue('eiam');
		return {
			status: 200,
			body: { access_token: token, token_type: 'bearer', expires_in: expiresIn - 1, scope: 'all', id_token: 'eyJraWMSIs.eyJQwWVzQOrwNYo.ELddR0yVUQXgupYWNtS' },
		};
	}

	/**
	 * The body rules shared by create and update (docs/eiam-api.md#create-a-to-do-post-todotask,
	 * docs/eiam-api.md#update-a-to-do-put-todotasktodo_id, docs/eiam-api.md#error-codes). Lengths count
	 * characters: EIAM does not say bytes or characters. Returns an error code, or undefined when the body is
	 * valid.
	 */
	private invalidBody(body: Record<string, unknown>, operation: 'create' | 'update'): string | undefined {
		const isString = (value: unknown) => typeof value === 'string';
		const empty = (value: unknown) => value === undefined || value === null || value === '';
		const tooLong = (value: unknown, max: number) => [...String(value)].length > max;
		const fields: Array<[unknown, string]> = [
			[body.title, 'TODOTASK.0004'],
			[body.content, 'TODOTASK.0005'],
			[body.message_type, 'TODOTASK.0006'],
			[body.external_id, 'TODOTASK.0007'],
			[body.ending_at, 'TODOTASK.0008'],
		];
		for (const [value, code] of fields) {
			if (empty(value)) return code;
			if (!isString(value)) return 'COM.0601';
		}
		if (String(body.title).trim() === '') return 'TODOTASK.0004';
		if (String(body.content).trim() === '') return 'TODOTASK.0005';
		const detail = body.detail_url;
		if (empty(detail)) return 'TODOTASK.0009';
		if (typeof detail !== 'object' || Array.isArray(detail)) return 'COM.0601';
		const { web_url: webUrl, mobile_url: mobileUrl } = detail as Record<string, unknown>;
		if (empty(webUrl)) return 'TODOTASK.0010';
		if (empty(mobileUrl)) return 'TODOTASK.0011';
		if (!isString(webUrl) || !isString(mobileUrl)) return 'COM.0601';
		if (tooLong(body.title, 100)) return 'TODOTASK.0013';
		if (tooLong(body.content, 1024)) return 'TODOTASK.0014';
		// TODOTASK.0015 is listed for update only; on create a wrong type is a parameter error.
		if (body.message_type !== 'TEXT' && body.message_type !== 'MARKDOWN') {
			return operation === 'update' ? 'TODOTASK.0015' : 'COM.0601';
		}
		if (tooLong(body.external_id, 255)) return 'TODOTASK.0016';
		if (!isVendorDateTime(body.ending_at)) return 'COM.0601';
		return undefined;
	}

	private findByExternalId(externalId: unknown): TodoRecord | undefined {
		const id = typeof externalId === 'string' ? this.byExternalId.get(externalId) : undefined;
		return id === undefined ? undefined : this.todos.get(id);
	}

	private create(rawBody: string): Reply {
		const body = jsonObject(rawBody);
		if (!body) return this.error('COM.0601');
		const invalid = this.invalidBody(body, 'create');
		if (invalid) return this.error(invalid);
		if (typeof body.user_name !== 'string' || body.user_name === '') return this.error('COM.0601');
		const userId = this.userIds.get(body.user_name);
		if (!userId) return this.error('USER.0001');
		// "Todo already exists": the key is not documented; external_id is the natural one.
		if (this.findByExternalId(body.external_id)) return this.error('TODOTASK.0002');
		const now = new Date();
		const detail = body.detail_url as { web_url: string; mobile_url: string };
		const todo: TodoRecord = {
			id: newId(now),
			source_id: SOURCE_ID,
			source_type: 'APP',
			title: body.title as string,
			content: body.content as string,
			message_type: body.message_type as string,
			external_id: body.external_id as string,
			detail_url: { web_url: detail.web_url, mobile_url: detail.mobile_url },
			user_id: userId,
			deal: false,
			dealt_at: null,
			ending_at: body.ending_at as string,
			created_at: formatDate(now, true),
			updated_at: formatDate(now, true),
		};
		this.todos.set(todo.id, todo);
		this.byExternalId.set(todo.external_id, todo.id);
		return { status: 200, body: { todo_id: todo.id } };
	}

	private update(todoId: string, rawBody: string): Reply {
		const todo = this.todos.get(todoId);
		// The update table gives 400 for TODOTASK.0001 (docs/eiam-api.md#contradictions-and-the-reading-we-chose).
		if (!todo) return this.error('TODOTASK.0001', 400);
		const body = jsonObject(rawBody);
		if (!body) return this.error('COM.0601');
		const invalid = this.invalidBody(body, 'update');
		if (invalid) return this.error(invalid);
		// external_id "cannot be changed" (docs/eiam-api.md#update-a-to-do-put-todotasktodo_id): another to-do's
		// ID is a duplicate, any other change breaks the rule.
		if (body.external_id !== todo.external_id) {
			return this.error(this.findByExternalId(body.external_id) ? 'TODOTASK.0002' : 'TODOTASK.0016');
		}
		const detail = body.detail_url as { web_url: string; mobile_url: string };
		Object.assign(todo, {
			title: body.title,
			content: body.content,
			message_type: body.message_type,
			ending_at: body.ending_at,
			detail_url: { web_url: detail.web_url, mobile_url: detail.mobile_url },
			updated_at: formatDate(new Date(), true),
		});
		return {
			status: 200,
			body: this.options.updateResponse === 'table' ? { todo_id: todo.id } : { code: '0', data: true, message: null },
		};
	}

	/** The same record as get (docs/eiam-api.md#get-by-external-id-get-todotasksourcesexternal_id); only 400 examples exist for its TODOTASK.0001 (docs/eiam-api.md#contradictions-and-the-reading-we-chose), the configured status is used. */
	private getByExternalId(externalId: string): Reply {
		const todo = this.findByExternalId(externalId);
		if (!todo) return this.error('TODOTASK.0001', this.options.notFoundStatus);
		return { status: 200, body: todo };
	}

	/** HTTP 200 with Content-Type application/json and no body (docs/eiam-api.md#delete-a-to-do-delete-todotasktodo_id). */
	private remove(todoId: string): Reply {
		const todo = this.todos.get(todoId);
		if (!todo) return this.error('TODOTASK.0001', this.options.notFoundStatus);
		this.todos.delete(todoId);
		this.byExternalId.delete(todo.external_id);
		return { status: 200 };
	}

	/** {"deal": boolean}; answers {todo_id}. Setting dealt_at is our reading (not documented): docs/eiam-api.md#mark-as-done-put-todotasktodo_idtodostatus. */
	private setStatus(todoId: string, rawBody: string): Reply {
		const todo = this.todos.get(todoId);
		if (!todo) return this.error('TODOTASK.0001', this.options.notFoundStatus);
		const body = jsonObject(rawBody);
		if (!body || typeof body.deal !== 'boolean') return this.error('COM.0601');
		const now = formatDate(new Date(), true);
		Object.assign(todo, { deal: body.deal, dealt_at: body.deal ? now : null, updated_at: now });
		return { status: 200, body: { todo_id: todo.id } };
	}

	private get(todoId: string): Reply {
		const todo = this.todos.get(todoId);
		if (!todo) return this.error('TODOTASK.0001', this.options.notFoundStatus);
		return { status: 200, body: todo };
	}
}
