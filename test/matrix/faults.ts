/**
 * How each column of the matrix is made on the wire: the hostile gateway takes over the row's own API
 * request (or the token endpoint) and answers as the fault class does, or the emulator's list hook
 * makes AICC's pages lie. Every body carries a marker, so that the words check can find it.
 */
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import type { SeenRequest } from '../support/hostile';
import { json } from '../support/hostile';
import type { FaultMeta, Shape } from './catalogue';
import type { Ctx, RowRun } from './rows';
import { TOKEN_PATHS, upstreamAnswer, type World } from './world';

/** The words every refusal of the matrix carries, for the words check to find. */
export const MARK = 'MatrixMark7';

export interface FaultRun {
	/** Sets the fault up for the cell's run. */
	install(world: World, row: RowRun, ctx: Ctx): void;
	/** What a failure must say: the marker, or the cause in our words. */
	words: RegExp;
	/** The fault stays for the next run (a gateway that keeps reporting an expired token its own way). */
	stays?: boolean;
}

type Strike = (seen: SeenRequest, response: ServerResponse) => boolean | Promise<boolean>;

/** The gateway strikes requests the fault targets; `once` lets later ones pass. */
function strike(world: World, row: RowRun, ctx: Ctx, meta: FaultMeta, answer: Strike, once = false): void {
	let struck = false;
	world.bench.gateway.answer = async (seen, response) => {
		const targeted = meta.target === 'token' ? seen.path === TOKEN_PATHS[world.vendor] : row.isTarget(seen, ctx);
		if (!targeted || (once && struck)) return false;
		struck = true;
		return await answer(seen, response);
	};
}

/** Ways an answer breaks on the wire, written on the raw socket. */
function cut(response: ServerResponse, body: Buffer): true {
	response.socket?.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 500}\r\n\r\n`);
	response.socket?.end(body.subarray(0, Math.floor(body.length / 2)));
	return true;
}
function badChunk(response: ServerResponse, body: Buffer): true {
	const half = body.subarray(0, Math.floor(body.length / 2));
	response.socket?.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${half.length.toString(16)}\r\n`);
	response.socket?.write(half);
	response.socket?.end('\r\nZZ\r\nnot a chunk\r\n');
	return true;
}

/** GBK bytes of a text, from Node.js's GBK decoder turned around (Node.js has no GBK encoder). */
let gbkTable: Map<string, [number, number]> | undefined;
function gbk(text: string): Buffer {
	if (!gbkTable) {
		gbkTable = new Map();
		const decoder = new TextDecoder('gbk');
		for (let lead = 0x81; lead <= 0xfe; lead++) {
			for (let trail = 0x40; trail <= 0xfe; trail++) {
				if (trail === 0x7f) continue;
				const char = decoder.decode(Buffer.from([lead, trail]));
				if (char !== '\ufffd' && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
			}
		}
	}
	const bytes: number[] = [];
	for (const char of text) {
		const code = char.codePointAt(0) as number;
		if (code < 0x80) bytes.push(code);
		else bytes.push(...(gbkTable.get(char) ?? [0x3f]));
	}
	return Buffer.from(bytes);
}

/** The emulator's answer, re-sent with other headers or bytes. */
function relay(world: World, make: (body: Buffer, status: number) => { headers: Record<string, string>; body: Buffer }): Strike {
	return async (seen, response) => {
		const answer = await upstreamAnswer(world, seen);
		const { headers, body } = make(answer.body, answer.status);
		response.writeHead(answer.status, headers);
		response.end(body);
		return true;
	};
}

/** One byte of the cell's spoilable text made invalid UTF-8, the framing whole. */
function spoil(body: Buffer, texts: string[]): Buffer {
	for (const text of texts) {
		const at = body.indexOf(Buffer.from(text, 'utf8'));
		if (at < 0) continue;
		const spoiled = Buffer.from(body);
		// The lead byte of its first (Chinese) character: that character no longer decodes, every other byte does.
		spoiled[at] = 0xff;
		return spoiled;
	}
	return body;
}

/** A refusal's body in each shape: the gateway's, a problem, a page, text, or the vendor's own. */
function refusal(world: World, shape: Shape, target: 'api' | 'token', status: number): { status: number; body: string; type: string } {
	const at200 = status === 200;
	switch (shape) {
		case 'apig': {
			const code = target === 'token' && !at200 ? 'APIG.0101' : 'APIG.0201';
			return { status, type: 'application/json', body: JSON.stringify({ error_code: code, error_msg: `${MARK} refused by the gateway`, request_id: 'b3f1c0de' }) };
		}
		case 'problem':
			return { status, type: 'application/problem+json', body: JSON.stringify({ type: 'https://waf.example.com/probs/blocked', title: 'Forbidden', status: 403, detail: `${MARK} blocked by policy` }) };
		case 'html':
			return { status, type: 'text/html', body: `<html><head><title>${MARK}</title></head><body>Access denied</body></html>` };
		case 'text':
			return { status, type: 'text/plain', body: `${MARK}: access denied` };
		case 'vendor':
			if (target === 'token') return { status, type: 'application/json', body: JSON.stringify({ error: 'invalid_client', error_description: `${MARK} Bad client credentials` }) };
			return world.vendor === 'eiam'
				? { status, type: 'application/json', body: JSON.stringify({ error_code: 'TODOTASK.0013', error_msg: `${MARK} 待办标题不符合校验规则` }) }
				: { status, type: 'application/json', body: JSON.stringify({ resCode: 'CASE.REFUSED', resMsg: `${MARK} 任务被拒绝` }) };
	}
}

/** The status a refusal of each shape comes with when not 200. */
const ERROR_STATUS: Record<Shape, { api: number; token: number }> = {
	apig: { api: 400, token: 404 },
	problem: { api: 403, token: 403 },
	html: { api: 403, token: 403 },
	text: { api: 400, token: 400 },
	vendor: { api: 400, token: 401 },
};

/** What a failure must say for a refusal of each shape: its words, or for pages and text that the Domain answered unlike the API. */
const SHAPE_WORDS: Record<Shape, RegExp> = { apig: new RegExp(MARK), problem: new RegExp(MARK), html: /Domain/, text: /Domain/, vendor: new RegExp(MARK) };

function refusalFault(meta: FaultMeta, shape: Shape, status: '200' | '4xx'): FaultRun {
	const target = meta.target;
	return {
		words: SHAPE_WORDS[shape],
		install: (world, row, ctx) => {
			const answer = refusal(world, shape, target, status === '200' ? 200 : ERROR_STATUS[shape][target]);
			strike(world, row, ctx, meta, (_seen, response) => {
				response.writeHead(answer.status, { 'Content-Type': answer.type });
				response.end(answer.body);
				return true;
			});
		},
	};
}

/** The list hook: pages of the cell's list that lie. */
type PageLie = (body: Record<string, unknown>, answer: { taskList: Array<Record<string, unknown>>; count: number }, world: World) => void;

function foreignRows(world: World, count: number): Array<Record<string, unknown>> {
	return [...world.bench.emulator.aicc.tasks.values()]
		.filter((task) => task.creatorId === 'mxForeignCreator0001')
		.slice(0, count)
		.map((task) => ({ taskId: task.id, taskNo: task.taskNo, title: task.title, ownerId: task.ownerId, status: task.status, createdDate: task.createdDate }));
}

const LIES: Record<string, PageLie> = {
	// A page one row longer than asked, padded with tasks of another creator.
	'list.limit': (body, answer, world) => {
		const limit = Number(body.limit);
		answer.taskList.push(...foreignRows(world, limit + 1 - answer.taskList.length));
	},
	// Rows whose own fields contradict the filters asked that AICC matches exactly (another status, stamped
	// long before the window). Their title holds the text asked: AICC matches titles fuzzily, so a title
	// alone could not tell a row that contradicts the filter from one AICC counts as a match.
	'list.filter': (body, answer) => {
		const status = body.status === 'Pending' ? 'Completed' : 'Pending';
		for (let n = 0; n < 2; n++) answer.taskList.push({ taskId: `mxFilterIgnored${n}abcd`.slice(0, 20), taskNo: '999999999990', title: `${String(body.title)} not asked`, ownerId: 'x', status, createdDate: '2001-01-01 00:00:00' });
		answer.count += 2;
	},
	// Past the first page, half the page repeats the first page and the tasks it displaces are never listed; count unchanged.
	'list.unstable': (body, answer, world) => {
		if (Number(body.start) === 0) return;
		const first = [...world.bench.emulator.aicc.tasks.values()].filter((task) => task.title.includes(String(body.title)) && task.status === (body.status ?? task.status)).slice(0, Math.ceil(answer.taskList.length / 2));
		answer.taskList.splice(0, first.length, ...first.map((task) => ({ taskId: task.id, taskNo: task.taskNo, title: task.title, ownerId: task.ownerId, status: task.status, createdDate: task.createdDate })));
	},
	// Later pages count differently from the first.
	'list.contradict': (body, answer) => {
		if (Number(body.start) > 0) answer.count += 7;
	},
	// count says five more tasks than any page lists.
	'list.count': (_body, answer) => {
		answer.count += 5;
	},
};

function listFault(id: string): FaultRun {
	return {
		words: /./,
		install: (world, _row, ctx) => {
			world.bench.emulator.aicc.onListPage = (body, answer) => {
				if (body.title === ctx.tag) LIES[id](body, answer, world);
			};
		},
	};
}

/** The vendor's error with its words in another form: an object of languages, an array, or a megabyte. */
function errorAs(form: 'object' | 'array' | 'huge'): FaultRun {
	const words = form === 'object' ? { zh_CN: `${MARK} 参数错误`, en_US: `${MARK} Parameter error` } : form === 'array' ? [`${MARK} first`, 'second'] : `${MARK} ${'x'.repeat(1_000_000)}`;
	return {
		words: new RegExp(MARK),
		install: (world, row, ctx) =>
			strike(world, row, ctx, { target: 'api' } as FaultMeta, (_seen, response) =>
				world.vendor === 'eiam' ? json(response, 400, { error_code: 'COM.0601', error_msg: words }) : json(response, 200, { resCode: 'CASE.REFUSED', resMsg: words }),
			),
	};
}

function tokenRefused(status: number): FaultRun {
	return {
		words: /./,
		stays: true,
		install: (world, row, ctx) => {
			// The credential holds a token the vendor no longer takes; the gateway reports that in its own way.
			const { token } = world.bench.emulator.tokens.issue(world.vendor);
			world.bench.emulator.tokens.expire(token);
			world.resetCredential({ sessionToken: token });
			world.bench.gateway.answer = (seen, response) => {
				if (!row.isTarget(seen, ctx)) return false;
				const carried = world.vendor === 'eiam' ? /^Bearer (.+)$/.exec(String(seen.headers.authorization ?? ''))?.[1] : String(seen.headers['access-token'] ?? '');
				if (world.bench.emulator.tokens.isValid(world.vendor, carried)) return false;
				return world.vendor === 'eiam'
					? json(response, status, { error: 'invalid_token', error_description: `${MARK} Invalid access` })
					: json(response, status, { resCode: '401', resMsg: `${MARK} access-token is invalid or expired` });
			};
		},
	};
}

/** The request sent on for the world's other record: its IDs in place of the cell's. */
function aboutOther(world: World, ctx: Ctx, seen: SeenRequest): { path: string; body: string } {
	const swap = (text: string) => {
		let swapped = text;
		if (ctx.id) swapped = swapped.split(ctx.id).join(world.other.id);
		if (world.other.externalId) swapped = swapped.split(ctx.externalId).join(world.other.externalId);
		return swapped;
	};
	return { path: swap(seen.path), body: swap(seen.body) };
}

function echo(target: 'api' | 'token'): FaultRun {
	return {
		words: new RegExp(MARK),
		install: (world, row, ctx) =>
			strike(world, row, ctx, { target } as FaultMeta, (seen, response) => {
				const said = `${MARK} request was ${JSON.stringify(seen.headers)} ${seen.body}`;
				if (target === 'token') return json(response, 401, { error: 'invalid_client', error_description: said });
				return world.vendor === 'eiam' ? json(response, 400, { error_code: 'COM.0601', error_msg: said }) : json(response, 200, { resCode: 'CASE.REFUSED', resMsg: said });
			}),
	};
}

function redirect(target: 'api' | 'token', status: number): FaultRun {
	return {
		words: /redirect/,
		install: (world, row, ctx) =>
			strike(world, row, ctx, { target } as FaultMeta, (seen, response) => json(response, status, '', { Location: `${world.recorder.url}/steal${seen.path}` })),
	};
}

// Just over the 8 MiB a node reads of an answer (docs/errors.md#sizes).
const OVERSIZED = 8 * 1024 * 1024 + 64 * 1024;

export function faultRun(meta: FaultMeta): FaultRun {
	const [group, kind, status] = meta.id.split('.');
	if (group === 'refusal' || group === 'tokenEndpoint') return refusalFault(meta, kind as Shape, status as '200' | '4xx');
	if (group === 'list') return listFault(meta.id);
	if (group === 'errorAs') return errorAs(kind as 'object' | 'array' | 'huge');
	if (group === 'tokenRefused') return tokenRefused(Number(kind));
	switch (meta.id) {
		case 'wire.cut':
			return { words: /lost|broke off/, install: (world, row, ctx) => strike(world, row, ctx, meta, async (seen, response) => cut(response, (await upstreamAnswer(world, seen)).body), true) };
		case 'wire.chunk':
			return { words: /lost|broke off/, install: (world, row, ctx) => strike(world, row, ctx, meta, async (seen, response) => badChunk(response, (await upstreamAnswer(world, seen)).body), true) };
		case 'wire.gzip':
			return { words: /./, install: (world, row, ctx) => strike(world, row, ctx, meta, relay(world, (body) => ({ headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'gzip' }, body: gzipSync(body) }))) };
		case 'wire.brotli':
			return { words: /./, install: (world, row, ctx) => strike(world, row, ctx, meta, relay(world, (body) => ({ headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'br' }, body: brotliCompressSync(body) }))) };
		case 'wire.oversized':
			return {
				words: /8 MiB/,
				install: (world, row, ctx) =>
					strike(world, row, ctx, meta, relay(world, (body) => {
						const text = body.toString('utf8').trim();
						const padded = text.startsWith('{') ? `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"pad":"${'a'.repeat(OVERSIZED)}"}` : `{"pad":"${'a'.repeat(OVERSIZED)}"}`;
						return { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(padded) };
					})),
			};
		case 'charset.true':
			return { words: /./, install: (world, row, ctx) => strike(world, row, ctx, meta, relay(world, (body) => ({ headers: { 'Content-Type': 'application/json; charset=GBK' }, body: gbk(body.toString('utf8')) }))) };
		case 'charset.false':
			return { words: /./, install: (world, row, ctx) => strike(world, row, ctx, meta, relay(world, (body) => ({ headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: spoil(body, [ctx.spoilable, ctx.title]) }))) };
		case 'charset.lying':
			return { words: /./, install: (world, row, ctx) => strike(world, row, ctx, meta, relay(world, (body) => ({ headers: { 'Content-Type': 'application/json; charset=ISO-8859-1' }, body }))) };
		case 'other.record':
			return {
				words: /another/,
				install: (world, row, ctx) =>
					strike(world, row, ctx, meta, async (seen, response) => {
						const answer = await upstreamAnswer(world, seen, aboutOther(world, ctx, seen));
						response.writeHead(answer.status, { 'Content-Type': String(answer.headers['content-type'] ?? 'application/json') });
						response.end(answer.body);
						return true;
					}),
			};
		case 'redirect.api':
			return redirect('api', 302);
		case 'redirect.token':
			return redirect('token', 307);
		case 'echo.api':
			return echo('api');
		case 'echo.token':
			return echo('token');
		default:
			throw new Error(`no fault ${meta.id}`);
	}
}
