import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';

import { BrokenAnswer, declaredCharset, decodeText, parseBody, readAnswer } from '../../nodes/shared/reading';

const streamOf = (...chunks: Buffer[]) => Readable.from(chunks);

describe('the charset an answer declares', () => {
	test.each([
		['application/json; charset=GBK', 'gbk'],
		['application/json;charset="GB18030"', 'gb18030'],
		// AICC's pages show the header percent-encoded: both spellings are read (AICC.md §1).
		['application/json%3Bcharset=UTF-8', 'utf-8'],
		['application/json', 'utf-8'],
		[undefined, 'utf-8'],
		[['text/plain; charset=big5'], 'big5'],
	])('%s → %s', (header, charset) => expect(declaredCharset(header)).toBe(charset));
});

describe('decoding', () => {
	test('GBK and GB18030 bytes become the Chinese text', () => {
		const bytes = Buffer.from([0xb4, 0xed, 0xce, 0xf3]);
		expect(decodeText(bytes, 'gbk')).toBe('错误');
		expect(decodeText(bytes, 'gb18030')).toBe('错误');
	});

	test('bytes that are not valid in the declared charset are refused, never replaced by U+FFFD', () => {
		expect(() => decodeText(Buffer.from([0xb4, 0xed]), 'utf-8')).toThrow(new BrokenAnswer('the answer is not valid UTF-8 text'));
	});

	test('a charset Node.js does not know is named', () => {
		expect(() => decodeText(Buffer.from('{}'), 'x-klingon')).toThrow(/character set that cannot be decoded \(x-klingon\)/);
	});

	test("a UTF-8 byte order mark is dropped, as JSON.parse would choke on it", () => {
		expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'utf-8')).toBe('{}');
	});
});

describe('parsing', () => {
	test('JSON is parsed, other text kept as text, an empty body is ""', () => {
		expect(parseBody('{"a":1}')).toEqual({ a: 1 });
		expect(parseBody('<html>')).toBe('<html>');
		expect(parseBody('  ')).toBe('');
		expect(parseBody('null')).toBeNull();
	});
});

describe('reading a body stream', () => {
	test('chunks are joined before decoding, so a character split between two chunks survives', async () => {
		const bytes = Buffer.from('{"title":"错误"}');
		const body = await readAnswer(streamOf(bytes.subarray(0, 11), bytes.subarray(11)), { 'content-type': 'application/json' });
		expect(body).toEqual({ title: '错误' });
	});

	test('an answer over the limit stops being read there, and its stream is destroyed', async () => {
		const stream = Readable.from((function* () {
			for (let n = 0; n < 100; n++) yield Buffer.alloc(1024, 32);
		})());
		await expect(readAnswer(stream, {}, 10 * 1024)).rejects.toThrow(/larger than 10,240 bytes; reading stopped there/);
		expect(stream.destroyed).toBe(true);
	});

	test('a corrupt gzip body is named as such', async () => {
		const gunzip = createGunzip();
		streamOf(Buffer.concat([gzipSync('{"a":1}').subarray(0, 10), Buffer.from('garbage garbage')])).pipe(gunzip);
		await expect(readAnswer(gunzip, {})).rejects.toThrow(/compressed body is corrupt/);
	});

	test('a body that breaks off says how much arrived', async () => {
		const stream = new Readable({ read() {} });
		stream.push(Buffer.from('{"a":'));
		setImmediate(() => stream.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
		await expect(readAnswer(stream, {})).rejects.toThrow('the answer broke off after 5 bytes, cut short or badly chunked');
	});

	test('a body n8n already read is taken as it is', async () => {
		expect(await readAnswer({ a: 1 }, {})).toEqual({ a: 1 });
		expect(await readAnswer(undefined, {})).toBe('');
	});
});
