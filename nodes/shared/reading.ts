/**
 * One answer off the wire, read by us rather than by axios: bounded in size after decompression,
 * decoded by the charset it declares, and, when it breaks on the way, reported as a broken answer (the
 * request had gone out, so the vendor may have acted) rather than as a host that could not be reached.
 */
/** What n8n hands back for `encoding: 'stream'`: Node.js's readable body (a type of our own: community nodes may not import node:stream). */
interface BodyStream {
	pipe: unknown;
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: unknown) => void): unknown;
	destroy(): void;
}

/**
 * The most an answer may hold once decompressed: 8 MiB. The largest documented answer, an AICC page of
 * 100 tasks, is a few hundred kilobytes; a gzip bomb or a runaway gateway stops here, before it can take
 * the n8n process's memory.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The answer broke after the request was written: cut, badly chunked, corrupt, oversized or undecodable. */
export class BrokenAnswer extends Error {
	override name = 'BrokenAnswer';
}

const bytes = (count: number) => `${count.toLocaleString('en-US')} bytes`;
const MIB = 1024 * 1024;
/** 8 MiB (8,388,608 bytes); a limit under a mebibyte in bytes alone. */
const sizeOf = (limit: number) => (limit >= MIB ? `${(limit / MIB).toLocaleString('en-US')} MiB (${bytes(limit)})` : bytes(limit));

/**
 * Why the body stream failed, in words. zlib names a corrupt compressed body; Node.js ends a body cut
 * short of its Content-Length, or badly chunked, as "aborted". Network codes stay out of the words: n8n
 * replaces a message holding one (ECONNRESET…) with a generic sentence of its own.
 */
function streamFault(error: unknown, received: number): string {
	const code = (error as { code?: unknown })?.code;
	if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_BROTLI'))) {
		return `the answer's compressed body is corrupt (after ${bytes(received)} decompressed)`;
	}
	return `the answer broke off after ${bytes(received)}, cut short or badly chunked`;
}

/** The body's bytes, at most `limit` of them once decompressed; past that the stream is destroyed and nothing more is read. */
async function collect(stream: BodyStream, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let received = 0;
	// Events rather than `for await`: an async iterator costs a promise per chunk, which every request would pay.
	const ended = await new Promise<{ fault?: unknown; oversized?: true }>((resolve) => {
		stream.on('data', (chunk: Buffer | string) => {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			received += buffer.length;
			if (received > limit) {
				// Destroying the stream stops the inflating behind it: nothing past the limit is read or kept.
				stream.destroy();
				resolve({ oversized: true });
				return;
			}
			chunks.push(buffer);
		});
		stream.on('end', () => resolve({}));
		stream.on('error', (fault: unknown) => resolve({ fault }));
		stream.on('close', () => resolve({ fault: new Error('closed before its end') }));
	});
	if (ended.oversized) throw new BrokenAnswer(`the answer was larger than ${sizeOf(limit)}; reading stopped there`);
	if (ended.fault !== undefined) {
		stream.destroy();
		throw new BrokenAnswer(streamFault(ended.fault, received));
	}
	return Buffer.concat(chunks, received);
}

/**
 * The charset a Content-Type declares, utf-8 when it names none. AICC's pages show the header with its
 * `;` percent-encoded (`application/json%3Bcharset=UTF-8`): both spellings are read.
 */
export function declaredCharset(contentType: unknown): string {
	const text = Array.isArray(contentType) ? contentType[0] : contentType;
	if (typeof text !== 'string') return 'utf-8';
	const match = /(?:;|%3B)\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(text);
	return match ? match[1].toLowerCase() : 'utf-8';
}

/** A strict decoder for the label, or undefined when Node.js does not know the label. */
function decoderFor(charset: string): InstanceType<typeof TextDecoder> | undefined {
	try {
		return new TextDecoder(charset, { fatal: true });
	} catch {
		return undefined;
	}
}

/** The text, or undefined when the bytes are not valid in the decoder's charset. */
function strictlyDecoded(decoder: InstanceType<typeof TextDecoder>, body: Buffer): string | undefined {
	try {
		return decoder.decode(body);
	} catch {
		return undefined;
	}
}

/** The text in its declared charset; a label Node.js does not know, or bytes that are not valid in it, make the answer unreadable. */
export function decodeText(body: Buffer, charset: string): string {
	const decoder = decoderFor(charset);
	if (!decoder) throw new BrokenAnswer(`the answer declares a character set that cannot be decoded (${charset.slice(0, 40)})`);
	const text = strictlyDecoded(decoder, body);
	// A replacement character written back (Update reads before it writes) would overwrite the vendor's own text.
	if (text === undefined) throw new BrokenAnswer(`the answer is not valid ${decoder.encoding.toUpperCase()} text`);
	return text;
}

/** JSON when the text parses, the text otherwise, '' for an empty body: what n8n's `json: true` hands a node. */
export function parseBody(text: string): unknown {
	if (text.trim() === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Reads, bounds, decodes and parses one answer's body stream; throws BrokenAnswer when it cannot. */
export async function readAnswer(stream: unknown, headers: Record<string, unknown> | undefined, limit = MAX_ANSWER_BYTES): Promise<unknown> {
	// n8n hands back a stream for `encoding: 'stream'`; a body already read (by an n8n that reads it itself) is taken as it is.
	if (!isReadable(stream)) return stream ?? '';
	const body = await collect(stream, limit);
	return parseBody(decodeText(body, declaredCharset(headers?.['content-type'])));
}

function isReadable(value: unknown): value is BodyStream {
	return typeof value === 'object' && value !== null && typeof (value as BodyStream).pipe === 'function' && typeof (value as BodyStream).on === 'function';
}
