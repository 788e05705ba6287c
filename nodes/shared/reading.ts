/**
 * One answer off the wire, read by us rather than by axios, by one rule for every path (API calls,
 * both token endpoints, the trigger, the picker): the framing alone decides whether an answer is
 * broken (cut, badly chunked, corrupt, oversized). Its bytes are then always decoded, bounded in size
 * after decompression; bytes that do not decode, or a charset label the bytes contradict, make the
 * text a misreading (see misreadingOf), which is shown but never written back.
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

/** The answer's framing broke after the request was written: cut, badly chunked, corrupt or oversized. */
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

/**
 * The body's bytes, at most `limit` of them once decompressed (past that the stream is destroyed and
 * nothing more is read), or why its framing broke. The listeners settle the promise themselves, with no
 * async wrapper, no result object to inspect afterwards and no rejection to catch: every request pays
 * for each of those.
 */
function collect(stream: BodyStream, limit: number): Promise<Buffer | BrokenAnswer> {
	const chunks: Buffer[] = [];
	let received = 0;
	let settled = false;
	// Events rather than `for await`: an async iterator costs a promise per chunk, which every request would pay.
	return new Promise((resolve) => {
		const broken = (why: string) => {
			settled = true;
			stream.destroy();
			resolve(new BrokenAnswer(why));
		};
		stream.on('data', (chunk: Buffer | string) => {
			// A stream destroyed for its size may still hand over what it had already inflated: nothing more is kept.
			if (settled) return;
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			received += buffer.length;
			// Destroying the stream stops the inflating behind it: nothing past the limit is read or kept.
			if (received > limit) broken(`the answer was larger than ${sizeOf(limit)}; reading stopped there`);
			else chunks.push(buffer);
		});
		stream.on('end', () => {
			if (settled) return;
			settled = true;
			resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
		});
		stream.on('error', (fault: unknown) => {
			if (!settled) broken(streamFault(fault, received));
		});
		// 'close' follows 'end' on every answer: only a close before the end is a fault, and only then is an Error built (it captures a stack).
		stream.on('close', () => {
			if (!settled) broken(streamFault(undefined, received));
		});
	});
}

/**
 * The charset a Content-Type declares, utf-8 when it names none. AICC's pages show the header with its
 * `;` percent-encoded (`application/json%3Bcharset=UTF-8`): both spellings are read.
 */
export function declaredCharset(contentType: unknown): string {
	const text = Array.isArray(contentType) ? contentType[0] : contentType;
	if (typeof text !== 'string') return 'utf-8';
	const match = CHARSET.exec(text);
	return match ? match[1].toLowerCase() : 'utf-8';
}

const CHARSET = /(?:;|%3B)\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * How a decoded text departs from the bytes that came: `replaced`, bytes that are not valid in the
 * charset became U+FFFD; `relabelled`, the bytes contradict the declared charset and were read as UTF-8.
 */
/**
 * How a read departs from a faithful one: bytes replaced by U+FFFD; UTF-8 read in spite of the label
 * (`relabelled`); or text the label decodes but cannot vouch for (`doubtful`): non-ASCII under a
 * single-byte label (any bytes decode there; neither vendor writes its Chinese text so), or bytes that
 * are valid UTF-8 as well as in the label (UTF-8 mislabelled GBK decodes, as other Chinese characters).
 */
export type Misreading = 'replaced' | 'relabelled' | 'doubtful';

export interface Decoded {
	text: string;
	misread?: Misreading;
}

/** Strict UTF-8; one decoder serves every answer, as decode() without `stream` keeps no state. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Strict decoders by label, null for a label Node.js does not know; a few labels only, as a server picks them. */
const decoders = new Map<string, InstanceType<typeof TextDecoder> | null>();
const MAX_DECODERS = 16;

function decoderFor(charset: string): InstanceType<typeof TextDecoder> | undefined {
	let decoder = decoders.get(charset);
	if (decoder === undefined) {
		try {
			decoder = new TextDecoder(charset, { fatal: true });
		} catch {
			decoder = null;
		}
		if (decoders.size < MAX_DECODERS) decoders.set(charset, decoder);
	}
	return decoder ?? undefined;
}

function strictly(decoder: InstanceType<typeof TextDecoder>, bytes: Buffer): string | undefined {
	try {
		return decoder.decode(bytes);
	} catch {
		return undefined;
	}
}

/** UTF-8, bytes that are not valid in it replaced by U+FFFD (and a byte order mark dropped, as TextDecoder does). */
function utf8(bytes: Buffer): Decoded {
	const text = strictly(UTF8, bytes);
	if (text !== undefined) return { text };
	const replaced = bytes.toString('utf8');
	return { text: replaced.charCodeAt(0) === 0xfeff ? replaced.slice(1) : replaced, misread: 'replaced' };
}

/**
 * The text of an answer's bytes. JSON is UTF-8 (RFC 8259 §8.1), and a label is often a server's default
 * rather than a statement about the bytes: a servlet container labels every answer ISO-8859-1 (which
 * TextDecoder reads as windows-1252), whatever its bytes. So UTF-8 bytes under such a label, or under a
 * label Node.js does not know, are read as UTF-8, and marked `relabelled`. Any other label is trusted
 * while the bytes are valid in it (GBK and UTF-8 share many byte sequences; only the label can tell).
 * Bytes that are valid in neither are replaced, never a reason to call the answer broken.
 */
export function decodeText(bytes: Buffer, charset: string): Decoded {
	if (charset === 'utf-8' || charset === 'utf8') return utf8(bytes);
	const decoder = decoderFor(charset);
	if (!decoder || decoder.encoding === 'utf-8' || decoder.encoding === 'windows-1252') {
		const read = utf8(bytes);
		if (decoder?.encoding === 'utf-8') return read;
		// All ASCII (the UTF-16 text as long as the bytes) reads the same under any of these labels.
		if (!read.misread) return read.text.length === bytes.length ? read : { text: read.text, misread: 'relabelled' };
		if (!decoder) return read;
		// Not UTF-8 under a single-byte label: decodable, as any bytes are there, but not to be trusted.
		return { text: decoder.decode(bytes), misread: 'doubtful' };
	}
	const text = strictly(decoder, bytes);
	if (text === undefined) return { text: new TextDecoder(decoder.encoding).decode(bytes), misread: 'replaced' };
	// Bytes valid in the label and as UTF-8 alike: only the label tells, and a mislabelled answer would read as other characters.
	return !isAscii(bytes) && strictly(UTF8, bytes) !== undefined ? { text, misread: 'doubtful' } : { text };
}

/** Bytes that read the same under every label a vendor would give. */
function isAscii(bytes: Buffer): boolean {
	for (const byte of bytes) if (byte > 0x7f) return false;
	return true;
}

/** JSON when the text parses, the text otherwise, '' for an empty body: what n8n's `json: true` hands a node. */
export function parseBody(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text.trim() === '' ? '' : text;
	}
}

/** The answers (parsed objects and arrays) whose text is a misreading, and how. */
const misreadings = new WeakMap<object, Misreading>();

/**
 * How the answer this value was parsed from departs from its bytes, or undefined when it was read
 * faithfully. A write built from a misread answer would write the misreading over the vendor's text.
 */
export function misreadingOf(value: unknown): Misreading | undefined {
	return typeof value === 'object' && value !== null ? misreadings.get(value) : undefined;
}

/** An answer's body, and why its framing broke when it did (its body is then ''). */
export interface ReadBody {
	body: unknown;
	broken?: string;
}

/** Reads, bounds, decodes and parses one answer's body stream. */
export async function readBody(stream: unknown, headers: Record<string, unknown> | undefined, limit = MAX_ANSWER_BYTES): Promise<ReadBody> {
	// n8n hands back a stream for `encoding: 'stream'`; a body already read (by an n8n that reads it itself) is taken as it is.
	if (!isReadable(stream)) return { body: stream ?? '' };
	const bytes = await collect(stream, limit);
	if (bytes instanceof BrokenAnswer) return { body: '', broken: bytes.message };
	const { text, misread } = decodeText(bytes, declaredCharset(headers?.['content-type']));
	const body = parseBody(text);
	if (misread && typeof body === 'object' && body !== null) misreadings.set(body, misread);
	return { body };
}

export interface ReadOptions {
	/** True for a success (2xx), whose body is the data: a body whose framing breaks throws BrokenAnswer; otherwise it reads as ''. */
	success: boolean;
	limit?: number;
}

/** readBody for a caller that wants the body alone (a success that breaks throws BrokenAnswer). */
export async function readAnswer(stream: unknown, headers: Record<string, unknown> | undefined, options: ReadOptions): Promise<unknown> {
	const { body, broken } = await readBody(stream, headers, options.limit);
	if (broken !== undefined && options.success) throw new BrokenAnswer(broken);
	return body;
}

function isReadable(value: unknown): value is BodyStream {
	return typeof value === 'object' && value !== null && typeof (value as BodyStream).pipe === 'function' && typeof (value as BodyStream).on === 'function';
}
