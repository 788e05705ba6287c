/**
 * One layer under the hostile vendor: how an answer is read off the wire, through n8n's real engine.
 * An answer that breaks after the request went out (cut, badly chunked, corrupt gzip, oversized headers)
 * is a lost answer, never "could not reach": reads are retried, an EIAM create is settled by its External
 * ID, an AICC create is reported as possibly created. Answers are bounded after decompression and decoded
 * by their declared charset. Token answers get the same care, and a token can never get stuck.
 */
import { createGzip, gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MAX_ANSWER_BYTES } from '../../../nodes/shared/reading';
import { VENDOR_TEXT_MAX_CHARS } from '../../../nodes/shared/transport';
import { pollTrigger } from '../../support/harness';
import { json, upstreamAnswer, type SeenRequest } from '../../support/hostile';
import { OWNER, taskCreate, TASKS, todoCreate, TODOS } from '../../support/fixtures';
import { gatewayBench, stopGatewayBenches, type GatewayBench } from '../../support/gateway-bench';
import { startBench, type Bench } from '../../support/emulator-bench';

const EIAM_TOKEN = '/api/v2/tenant/token';
const NO_RETRIES = { maxRetries: 0, timeout: 5_000 };
const ONE_RETRY = { maxRetries: 1, maxRetryWait: 5_000, timeout: 5_000 };

const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
	await stopGatewayBenches();
	for (const server of started.splice(0)) await server.stop();
});

const wireBench = gatewayBench;
type WireBench = GatewayBench;

/** Ways an answer breaks on the wire, each written on the raw socket after the status line. */
const BREAKS = {
	/** Content-Length promises more than is sent, then the connection closes. */
	cut: (response: ServerResponse, body: Buffer) => {
		response.socket?.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 500}\r\n\r\n`);
		response.socket?.end(body.subarray(0, Math.floor(body.length / 2)));
	},
	/** A chunk size that is not hexadecimal. */
	badChunk: (response: ServerResponse, body: Buffer) => {
		const half = body.subarray(0, Math.floor(body.length / 2));
		response.socket?.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${half.length.toString(16)}\r\n`);
		response.socket?.write(half);
		response.socket?.end('\r\nZZ\r\nnot a chunk\r\n');
	},
	/** Declared gzip, but not gzip. */
	badGzip: (response: ServerResponse, body: Buffer) => {
		response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
		response.end(Buffer.concat([gzipSync(body).subarray(0, 10), Buffer.from('this is not deflate data at all')]));
	},
	/** One header of 20 KB: more than Node.js reads (16 KiB). */
	hugeHeader: (response: ServerResponse, body: Buffer) => {
		response.writeHead(200, { 'Content-Type': 'application/json', 'X-Padding': 'a'.repeat(20_000) });
		response.end(body);
	},
	/** 3,000 headers. */
	manyHeaders: (response: ServerResponse, body: Buffer) => {
		const headers = Array.from({ length: 3_000 }, (_, n) => `X-H${n}: ${n}\r\n`).join('');
		response.socket?.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${headers}\r\n`);
		response.socket?.end(body);
	},
};
type Break = keyof typeof BREAKS;

/**
 * The gateway lets the first request matching `matches` reach the emulator (which acts on it), then
 * breaks its answer; later requests pass untouched.
 */
function breakFirstAnswer(bench: WireBench, how: Break, matches: (seen: SeenRequest) => boolean): void {
	let broken = false;
	bench.gateway.answer = async (seen, response) => {
		if (broken || !matches(seen)) return false;
		broken = true;
		const answer = await upstreamAnswer(bench.emulator.url, seen);
		BREAKS[how](response, answer.body);
		return true;
	};
}

async function createdTodo(bench: Bench, externalId: string, title?: string): Promise<string> {
	const { items, error } = await bench.run(todoCreate(externalId, NO_RETRIES, title ? { title } : {}));
	expect(error).toBeUndefined();
	return items[0].json.todoId as string;
}

const todoGet = (todoId: string, options: INodeParameters = ONE_RETRY): INodeParameters => ({ resource: 'todo', operation: 'get', todoId, options });
const isTodoRead = (seen: SeenRequest) => seen.method === 'GET' && seen.path.startsWith(`${TODOS}/`);

describe('an answer that breaks after the request went out is a lost answer, not an unreachable host', () => {
	test.each<Break>(['cut', 'badChunk', 'badGzip', 'hugeHeader', 'manyHeaders'])('EIAM Get whose first answer is %s is retried and succeeds', async (how) => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, `wire-get-${how}`);
		breakFirstAnswer(bench, how, isTodoRead);
		const { items, error } = await bench.run(todoGet(todoId));
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(todoId);
		expect(bench.gateway.seen.filter(isTodoRead)).toHaveLength(2);
	});

	test.each<Break>(['cut', 'badChunk', 'badGzip', 'hugeHeader'])('without retries, a %s answer names the cause and does not blame the Domain', async (how) => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, `wire-named-${how}`);
		breakFirstAnswer(bench, how, isTodoRead);
		const { error } = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(error?.message).toMatch(/^EIAM's answer was lost|^EIAM failed \(/);
		expect(error?.message).not.toMatch(/Could not reach/);
		expect(`${error?.message} ${error?.description}`).not.toMatch(/Check the credential's Domain/);
		const causes: Record<Break, RegExp> = {
			cut: /broke off after \d+ bytes/,
			badChunk: /broke off after \d+ bytes/,
			badGzip: /compressed body is corrupt/,
			hugeHeader: /headers were larger than Node\.js reads/,
			manyHeaders: /headers/,
		};
		expect(error?.message).toMatch(causes[how]);
	});

	test.each<Break>(['cut', 'badChunk', 'badGzip', 'hugeHeader'])('an EIAM create EIAM stored whose answer is %s is settled by its External ID: one to-do, its ID output', async (how) => {
		const bench = await wireBench('eiam');
		breakFirstAnswer(bench, how, (seen) => seen.method === 'POST' && seen.path === TODOS);
		const { items, error } = await bench.run(todoCreate(`wire-create-${how}`, ONE_RETRY));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TODOS)).toBe(1);
		const stored = await bench.run({ resource: 'todo', operation: 'getByExternalId', externalId: `wire-create-${how}`, options: NO_RETRIES });
		expect(items[0].json.todoId).toBe(stored.items[0].json.id);
	});

	test.each<Break>(['cut', 'badGzip'])('an AICC create whose answer is %s is reported as possibly created, never resent', async (how) => {
		const bench = await wireBench('aicc');
		breakFirstAnswer(bench, how, (seen) => seen.method === 'POST' && seen.path === TASKS);
		const { error } = await bench.run(taskCreate(ONE_RETRY));
		expect(bench.count('POST', TASKS)).toBe(1);
		expect(error?.message).toMatch(/^AICC's answer was lost \(HTTP 200: the answer/);
		expect(error?.description).toMatch(/may have been created|may have carried out/);
	});
});

describe('a request that never left is not reported as possibly carried out', () => {
	test('a connection closed during the TLS handshake: an AICC create "could not reach", not "may have been created"', async () => {
		const bench = await startBench('aicc', 'accessToken');
		started.push(bench);
		const sockets = new Set<Socket>();
		// Takes the ClientHello and closes: no TLS session, so no request was ever written.
		const tcp = createTcpServer((socket) => {
			sockets.add(socket);
			socket.once('data', () => socket.end());
		});
		await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
		started.push({ stop: () => new Promise<void>((resolve) => { for (const socket of sockets) socket.destroy(); tcp.close(() => resolve()); }) });
		bench.store.get(bench.credential.id as string).data.domain = `https://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
		const { error } = await bench.run(taskCreate(NO_RETRIES));
		expect(error?.message).toMatch(/^Could not reach AICC at https:\/\/127\.0\.0\.1:\d+: the TLS handshake failed \(item 0\)$/);
	});
});

describe('answers are bounded after decompression', () => {
	/** gzip of a to-do whose padding inflates to `size` bytes, made as a stream so that the test itself never holds it whole. */
	async function gzippedTodo(size: number): Promise<Buffer> {
		const gzip = createGzip({ level: 9 });
		const chunks: Buffer[] = [];
		gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
		const done = new Promise((resolve) => gzip.on('end', resolve));
		gzip.write('{"todo_id":"bomb","title":"t","pad":"');
		const block = Buffer.alloc(1024 * 1024, 'a');
		for (let written = 0; written < size; written += block.length) {
			if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
		}
		gzip.end('"}');
		await done;
		return Buffer.concat(chunks);
	}

	test('a 100 MB gzip bomb fails its item at 8 MiB without taking the process memory', async () => {
		const bench = await wireBench('eiam');
		const bomb = await gzippedTodo(100 * 1024 * 1024);
		expect(bomb.length).toBeLessThan(MAX_ANSWER_BYTES / 10);
		bench.gateway.answer = (seen, response) => {
			if (!isTodoRead(seen)) return false;
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
			response.end(bomb);
			return true;
		};
		global.gc?.();
		const before = process.memoryUsage().rss;
		const { error } = await bench.run(todoGet('bomb', NO_RETRIES));
		const grown = process.memoryUsage().rss - before;
		expect(error?.message).toMatch(/the answer was larger than 8 MiB \(8,388,608 bytes\); reading stopped there/);
		// Reading stops at 8 MiB; the whole answer would be 100 MB as bytes and twice that as a string.
		expect(grown).toBeLessThan(80 * 1024 * 1024);
	});
});

/** GBK bytes for a text, from Node.js's own GBK decoder turned around (Node.js has no GBK encoder). */
function gbk(text: string): Buffer {
	const table = gbkTable();
	const bytes: number[] = [];
	for (const char of text) {
		const code = char.codePointAt(0) as number;
		if (code < 0x80) bytes.push(code);
		else {
			const pair = table.get(char);
			if (!pair) throw new Error(`no GBK for ${char}`);
			bytes.push(...pair);
		}
	}
	return Buffer.from(bytes);
}
let gbkCache: Map<string, [number, number]> | undefined;
function gbkTable(): Map<string, [number, number]> {
	if (gbkCache) return gbkCache;
	const decoder = new TextDecoder('gbk');
	gbkCache = new Map();
	for (let lead = 0x81; lead <= 0xfe; lead++) {
		for (let trail = 0x40; trail <= 0xfe; trail++) {
			if (trail === 0x7f) continue;
			const char = decoder.decode(Buffer.from([lead, trail]));
			if (char.length >= 1 && char !== '\ufffd' && !gbkCache.has(char)) gbkCache.set(char, [lead, trail]);
		}
	}
	return gbkCache;
}

describe('answers are decoded by the charset they declare', () => {
	const CHINESE_TITLE = '审批合同：今天之内';

	/** The gateway re-encodes the emulator's answers to reads in GBK, declared as `contentType`. */
	function answerReadsInGbk(bench: WireBench, contentType: string, matches: (seen: SeenRequest) => boolean = isTodoRead): void {
		bench.gateway.answer = async (seen, response) => {
			if (!matches(seen)) return false;
			const answer = await upstreamAnswer(bench.emulator.url, seen);
			response.writeHead(answer.status, { 'Content-Type': contentType });
			response.end(gbk(answer.body.toString('utf8')));
			return true;
		};
	}

	test.each(['application/json; charset=GBK', 'application/json;charset=gb18030', 'application/json%3Bcharset=GBK'])('EIAM Get reads a title sent as %s', async (contentType) => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, 'wire-gbk-get', CHINESE_TITLE);
		answerReadsInGbk(bench, contentType);
		const { items, error } = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(error).toBeUndefined();
		expect(items[0].json.title).toBe(CHINESE_TITLE);
	});

	test("EIAM's own words in GBK reach the error's description as Chinese, not mojibake", async () => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = (seen, response) => {
			if (!isTodoRead(seen)) return false;
			response.writeHead(400, { 'Content-Type': 'application/json; charset=GBK' });
			response.end(gbk(JSON.stringify({ error_code: 'TODOTASK.0001', error_msg: '待办不存在' })));
			return true;
		};
		const { error } = await bench.run(todoGet('missing', NO_RETRIES));
		expect(error?.description).toBe('EIAM TODOTASK.0001: 待办不存在');
	});

	test('Update with Only Fields That Change keeps the stored Chinese title when the read comes in GBK', async () => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, 'wire-gbk-update', CHINESE_TITLE);
		answerReadsInGbk(bench, 'application/json; charset=GBK');
		const { error } = await bench.run({ resource: 'todo', operation: 'update', todoId, updateMode: 'changedFields', updateFields: { content: 'New content' }, options: NO_RETRIES });
		expect(error).toBeUndefined();
		const put = bench.gateway.seen.find((seen) => seen.method === 'PUT');
		expect((JSON.parse(put?.body ?? '{}') as IDataObject).title).toBe(CHINESE_TITLE);
	});

	// Issue 25: bytes that do not decode inside a whole answer are not a broken answer; they are shown as U+FFFD and never written back.
	test('a read whose bytes are not valid in its declared charset is read with U+FFFD, and Update writes nothing back, naming the field', async () => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, 'wire-bad-bytes', CHINESE_TITLE);
		// GBK bytes declared as UTF-8: decoding them puts U+FFFD in place of the title.
		answerReadsInGbk(bench, 'application/json; charset=utf-8');
		const read = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(read.error).toBeUndefined();
		expect(read.items[0].json.title).toMatch(/\ufffd/);
		const { error } = await bench.run({ resource: 'todo', operation: 'update', todoId, updateMode: 'changedFields', updateFields: { content: 'New content' }, options: NO_RETRIES });
		expect(error?.message).toBe("EIAM Update did not write: the to-do's Title could not be read faithfully (item 0)");
		expect(bench.gateway.seen.filter((seen) => seen.method === 'PUT')).toHaveLength(0);
	});

	test('an answer in a character set Node.js does not know is read as UTF-8 (RFC 8259), plain ASCII as it is', async () => {
		const bench = await wireBench('eiam');
		const todoId = await createdTodo(bench, 'wire-unknown-charset');
		bench.gateway.answer = (seen, response) => isTodoRead(seen) && json(response, 200, { id: todoId, title: '审批' }, { 'Content-Type': 'application/json; charset=x-klingon' });
		const { error, items } = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(error).toBeUndefined();
		expect(items[0].json.title).toBe('审批');
		bench.gateway.answer = (seen, response) => isTodoRead(seen) && json(response, 200, { id: todoId, title: 'plain' }, { 'Content-Type': 'application/json; charset=None' });
		const ascii = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(ascii.error).toBeUndefined();
		expect(ascii.items[0].json.title).toBe('plain');
	});

	test("a refusal whose page is not valid in its charset is still judged by its status: a stored token refused with 401 and a GBK page is renewed", async () => {
		const bench = await wireBench('eiam');
		await createdTodo(bench, 'wire-401-page');
		const stored = bench.store.get(bench.credential.id as string).data.sessionToken as string;
		bench.gateway.answer = (seen, response) => {
			if (seen.headers.authorization !== `Bearer ${stored}`) return false;
			response.writeHead(401, { 'Content-Type': 'text/html' });
			response.end(gbk('<html>访问被拒绝</html>'));
			return true;
		};
		const { error } = await bench.run(todoCreate('wire-401-page-2', NO_RETRIES));
		expect(error).toBeUndefined();
		expect(bench.store.get(bench.credential.id as string).data.sessionToken).not.toBe(stored);
	});

	test('an AICC create refused with 429 and an undecodable page is retried as not carried out, not reported as possibly created', async () => {
		const bench = await wireBench('aicc');
		let refused = false;
		bench.gateway.answer = (seen, response) => {
			if (refused || seen.method !== 'POST' || seen.path !== TASKS) return false;
			refused = true;
			response.writeHead(429, { 'Content-Type': 'text/html; charset=utf-8' });
			response.end(gbk('<html>请求过多</html>'));
			return true;
		};
		const { error } = await bench.run(taskCreate(ONE_RETRY));
		expect(error).toBeUndefined();
		expect(bench.count('POST', TASKS)).toBe(1);
	});
});

describe('tokens that cannot get stuck', () => {
	test.each<[string, unknown]>([
		['an array', ['a', 'b']],
		['true', true],
		['an empty text', ''],
		['an object', { value: 'x' }],
	])('a token endpoint answering 200 with access_token as %s fails before any API request and stores nothing', async (_name, token) => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = (seen, response) => seen.path === EIAM_TOKEN && json(response, 200, { access_token: token, expires_in: 7200 });
		const { error } = await bench.run(todoGet('any', NO_RETRIES));
		expect(error?.message).toMatch(/token endpoint answered with an access_token that is (an array|a boolean|empty|an object), not a token/);
		expect(bench.gateway.seen.filter((seen) => seen.path !== EIAM_TOKEN)).toHaveLength(0);
		expect(bench.store.get(bench.credential.id as string).data.sessionToken ?? '').toBe('');
	});

	test.each<Break>(['cut', 'badGzip', 'hugeHeader'])('a token answer that is %s is a passing failure of the token endpoint: asked again, then the request goes out once', async (how) => {
		const bench = await wireBench('eiam');
		breakFirstAnswer(bench, how, (seen) => seen.path === EIAM_TOKEN);
		const { error } = await bench.run(todoCreate(`token-${how}`, ONE_RETRY));
		expect(error).toBeUndefined();
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(2);
		expect(bench.count('POST', TODOS)).toBe(1);
	});

	test('50 items in flight, Max Retries 0, a token endpoint answering 429: one token request, every item shares its failure', async () => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = async (seen, response) => {
			if (seen.path !== EIAM_TOKEN) return false;
			// Held a moment, so that all 50 items wait on this one renewal when it fails, however loaded the machine.
			await new Promise((resolve) => setTimeout(resolve, 500));
			return json(response, 429, { error: 'too_many_requests' });
		};
		const items = Array.from({ length: 50 }, (_, n) => ({ key: `busy-${n}` }));
		const { items: output } = await bench.run(todoCreate('={{ $json.key }}', { maxRetries: 0, timeout: 2_000, batching: { batch: { batchSize: 50 } } }), items, { continueOnFail: true });
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(1);
		expect(output).toHaveLength(50);
		for (const item of output) expect(item.json.error).toMatch(/^EIAM stayed unavailable \(EIAM's token endpoint answered HTTP 429 instead of a token\) \(item \d+\)$/);
	});

	test("items that start after a failed renewal, within the token endpoint's Retry-After, share its failure instead of asking again", async () => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = (seen, response) => seen.path === EIAM_TOKEN && json(response, 429, { error: 'slow_down' }, { 'Retry-After': '30' });
		// One item at a time: each later item starts after the renewal before it has failed.
		const items = Array.from({ length: 5 }, (_, n) => ({ key: `later-${n}` }));
		const { items: output } = await bench.run(todoCreate('={{ $json.key }}', { maxRetries: 0, timeout: 2_000, batching: { batch: { batchSize: 1 } } }), items, { continueOnFail: true });
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(1);
		for (const item of output) expect(item.json.error).toMatch(/^EIAM stayed unavailable/);
	});

	test("a renewal's retry waits for the token endpoint's Retry-After", async () => {
		const bench = await wireBench('eiam');
		let asked = 0;
		bench.gateway.answer = (seen, response) => seen.path === EIAM_TOKEN && asked++ === 0 && json(response, 429, { error: 'slow_down' }, { 'Retry-After': '2' });
		const { error } = await bench.run(todoCreate('retry-after-token', { maxRetries: 1, maxRetryWait: 10_000, timeout: 5_000 }));
		expect(error).toBeUndefined();
		const [first, second] = bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN).map((seen) => seen.at);
		expect(second - first).toBeGreaterThanOrEqual(1_900);
	});

	test('a token the vendor starts refusing with 403 invalid_token is renewed, and the next run uses the new one', async () => {
		const bench = await wireBench('eiam');
		await createdTodo(bench, 'revoked-first');
		const revoked = bench.store.get(bench.credential.id as string).data.sessionToken as string;
		bench.gateway.answer = (seen, response) =>
			seen.headers.authorization === `Bearer ${revoked}` && json(response, 403, { error: 'invalid_token', error_description: 'Access token revoked' });
		const todoId = await createdTodo(bench, 'revoked-second');
		const renewed = bench.store.get(bench.credential.id as string).data.sessionToken as string;
		expect(renewed).not.toBe(revoked);
		const { error } = await bench.run(todoGet(todoId, NO_RETRIES));
		expect(error).toBeUndefined();
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(2);
	});

	test("a bare 403 renews a stored token once per run; when the fresh token is refused too, the vendor's words are reported and nothing more is renewed", async () => {
		const bench = await wireBench('eiam');
		await createdTodo(bench, 'forbidden-before');
		bench.gateway.answer = (seen, response) => seen.path !== EIAM_TOKEN && json(response, 403, { error_code: 'APP.0403', error_msg: 'Application lacks app_todo_msg' });
		const tokenRequestsBefore = bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN).length;
		const items = Array.from({ length: 5 }, (_, n) => ({ key: `forbidden-${n}` }));
		const { items: output } = await bench.run(todoCreate('={{ $json.key }}', { maxRetries: 0, timeout: 2_000, batching: { batch: { batchSize: 1 } } }), items, { continueOnFail: true });
		// One renewal tells a revoked token from a missing permission; the four items after it renew nothing.
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN).length - tokenRequestsBefore).toBe(1);
		expect(output).toHaveLength(5);
		for (const item of output) expect(JSON.stringify(item.json)).toMatch(/Application lacks app_todo_msg/);
	});
});

describe('a token the vendor never accepts is not renewed for every item', () => {
	test('every API call answered 401: one renewal for the run, every item shares its words', async () => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = (seen, response) => seen.path !== EIAM_TOKEN && json(response, 401, { error: 'unauthorized' });
		const items = Array.from({ length: 5 }, (_, n) => ({ key: `never-${n}` }));
		const { items: output } = await bench.run(todoCreate('={{ $json.key }}', { maxRetries: 0, timeout: 2_000, batching: { batch: { batchSize: 1 } } }), items, { continueOnFail: true });
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(1);
		expect(bench.gateway.seen.filter((seen) => seen.path === TODOS)).toHaveLength(1);
		for (const [n, item] of output.entries()) expect(item.json.error).toBe(`EIAM rejected a token it had just issued (HTTP 401) (item ${n})`);
	});

	test('a fresh token that worked and then expires mid-run is renewed again', async () => {
		const bench = await wireBench('eiam');
		let accepted = 0;
		let firstToken: string | undefined;
		bench.gateway.answer = (seen, response) => {
			if (seen.path === EIAM_TOKEN || seen.method !== 'POST') return false;
			firstToken ??= seen.headers.authorization;
			// The run's first token works for two creates, then EIAM says it expired.
			if (seen.headers.authorization === firstToken && accepted++ >= 2) return json(response, 400, { error: 'invalid_token', error_description: 'Access token expired' });
			return false;
		};
		const items = Array.from({ length: 4 }, (_, n) => ({ key: `expiring-${n}` }));
		const { items: output, error } = await bench.run(todoCreate('={{ $json.key }}', { maxRetries: 0, timeout: 2_000, batching: { batch: { batchSize: 1 } } }), items);
		expect(error).toBeUndefined();
		expect(output.map((item) => typeof item.json.todoId)).toEqual(['string', 'string', 'string', 'string']);
		expect(bench.gateway.seen.filter((seen) => seen.path === EIAM_TOKEN)).toHaveLength(2);
	});
});

describe('vendor text is bounded', () => {
	test("a 5 MB EIAM error message is cut to the documented size, keeping the size it had", async () => {
		const bench = await wireBench('eiam');
		const huge = 'e'.repeat(5 * 1024 * 1024);
		bench.gateway.answer = (seen, response) => isTodoRead(seen) && json(response, 400, { error_code: 'TODOTASK.0001', error_msg: huge });
		const { items } = await bench.run(todoGet('missing', NO_RETRIES), [{}], { continueOnFail: true });
		const text = JSON.stringify(items[0].json);
		expect(text.length).toBeLessThan(VENDOR_TEXT_MAX_CHARS * 3 + 2_000);
		expect(text).toMatch(/… \(5,242,\d{3} characters\)/);
	});
});

describe('token endpoint text is bounded too', () => {
	test("a token endpoint refusing with a 2 MB error_description is quoted cut, with its size", async () => {
		const bench = await wireBench('eiam');
		bench.gateway.answer = (seen, response) => seen.path === EIAM_TOKEN && json(response, 401, { error: 'invalid_client', error_description: 'x'.repeat(2 * 1024 * 1024) });
		const { items } = await bench.run(todoGet('any', NO_RETRIES), [{}], { continueOnFail: true });
		const text = JSON.stringify(items[0].json);
		expect(text.length).toBeLessThan(VENDOR_TEXT_MAX_CHARS + 2_000);
		expect(text).toMatch(/refused the Client ID or Client Secret \(HTTP 401: x+… \(2,097,152 characters\)\)/);
	});
});

describe('a trigger has no items to name', () => {
	test('an AICC Trigger poll that AICC fails reads "AICC failed (HTTP 500 …)" without "(item 0)"', async () => {
		const bench = await wireBench('aicc');
		bench.gateway.answer = (seen, response) => seen.path.startsWith(TASKS) && json(response, 500, { resCode: '1', resMsg: 'busy' });
		const poll = await pollTrigger(bench.store, { event: 'newTask', creatorId: OWNER, options: NO_RETRIES }, { aiccApi: bench.credential }).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(poll?.message).toMatch(/^AICC failed \(HTTP 500/);
		expect(poll?.message).not.toMatch(/\(item \d+\)/);
	});
});
