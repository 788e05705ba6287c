import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';

import { declaredCharset, decodeText, misreadingOf, parseBody, readAnswer, readBody } from '../../nodes/shared/reading';

const streamOf = (...chunks: Buffer[]) => Readable.from(chunks);

describe('the charset an answer declares', () => {
	test.each([
		['application/json; charset=GBK', 'gbk'],
		['application/json;charset="GB18030"', 'gb18030'],
		// AICC's pages show the header percent-encoded: both spellings are read (docs/aicc-api.md#conventions).
		['application/json%3Bcharset=UTF-8', 'utf-8'],
		['application/json', 'utf-8'],
		[undefined, 'utf-8'],
		[['text/plain; charset=big5'], 'big5'],
	])('%s → %s', (header, charset) => expect(declaredCharset(header)).toBe(charset));
});

describe('decoding', () => {
	test('GBK and GB18030 bytes become the Chinese text', () => {
		const bytes = Buffer.from([0xb4, 0xed, 0xce, 0xf3]);
		expect(decodeText(bytes, 'gbk')).toEqual({ text: '错误' });
		expect(decodeText(bytes, 'gb18030')).toEqual({ text: '错误' });
	});

	// Issue 25: framing alone makes an answer broken; bytes that do not decode are replaced, and the text is marked as a misreading.
	test('bytes that are not valid in the declared charset are replaced by U+FFFD, and the text marked as replaced', () => {
		expect(decodeText(Buffer.from([0x7b, 0xb4, 0xed, 0x7d]), 'utf-8')).toEqual({ text: '{\ufffd\ufffd}', misread: 'replaced' });
		expect(decodeText(Buffer.from([0x81, 0x20]), 'shift_jis')).toEqual({ text: expect.stringContaining('\ufffd'), misread: 'replaced' });
	});

	test('a charset Node.js does not know: plain ASCII reads the same in any; other bytes are read as UTF-8 (RFC 8259) and marked relabelled', () => {
		expect(decodeText(Buffer.from('{"t":"é"}'), 'x-klingon')).toEqual({ text: '{"t":"é"}', misread: 'relabelled' });
		expect(decodeText(Buffer.from('{}'), 'none')).toEqual({ text: '{}' });
		expect(decodeText(Buffer.alloc(0), 'none')).toEqual({ text: '' });
	});

	// A servlet container labels its answers ISO-8859-1 by default, whatever the bytes; JSON is UTF-8 (RFC 8259 §8.1).
	test('valid UTF-8 under an ISO-8859-1 label is read as UTF-8, and marked relabelled: shown right, never written back', () => {
		const bytes = Buffer.from('{"title":"待办标题"}');
		expect(decodeText(bytes, 'iso-8859-1')).toEqual({ text: '{"title":"待办标题"}', misread: 'relabelled' });
		expect(decodeText(Buffer.from('{"a":1}'), 'iso-8859-1')).toEqual({ text: '{"a":1}' });
		// Bytes that are not UTF-8 read as the label says, but any bytes decode under a single-byte label: doubtful, never written back.
		expect(decodeText(Buffer.from([0x22, 0xe9, 0x22]), 'iso-8859-1')).toEqual({ text: '"é"', misread: 'doubtful' });
	});

	// The reviewer's cases: a label the bytes fit but that cannot be trusted reads as the label says, marked doubtful.
	test('UTF-8 mislabelled GBK, and GBK mislabelled ISO-8859-1, are doubtful: shown as the label reads them, never written back', () => {
		const utf8 = Buffer.from('{"title":"待办"}');
		expect(decodeText(utf8, 'gbk')).toEqual({ text: new TextDecoder('gbk').decode(utf8), misread: 'doubtful' });
		const gbk = Buffer.from([0x22, 0xb4, 0xfd, 0xb0, 0xec, 0x22]);
		expect(decodeText(gbk, 'iso-8859-1')).toEqual({ text: new TextDecoder('latin1').decode(gbk), misread: 'doubtful' });
		expect(decodeText(gbk, 'gbk')).toEqual({ text: '"待办"' });
	});

	test("a UTF-8 byte order mark is dropped, as JSON.parse would choke on it, in a replaced text too", () => {
		expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'utf-8')).toEqual({ text: '{}' });
		expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xff, 0x7d]), 'utf-8')).toEqual({ text: '{\ufffd}', misread: 'replaced' });
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
		const body = await readAnswer(streamOf(bytes.subarray(0, 11), bytes.subarray(11)), { 'content-type': 'application/json' }, { success: true });
		expect(body).toEqual({ title: '错误' });
	});

	test('an answer over the limit stops being read there, and its stream is destroyed', async () => {
		const stream = Readable.from((function* () {
			for (let n = 0; n < 100; n++) yield Buffer.alloc(1024, 32);
		})());
		await expect(readAnswer(stream, {}, { success: true, limit: 10 * 1024 })).rejects.toThrow(/larger than 10,240 bytes; reading stopped there/);
		expect(stream.destroyed).toBe(true);
	});

	test('a corrupt gzip body is named as such', async () => {
		const gunzip = createGunzip();
		streamOf(Buffer.concat([gzipSync('{"a":1}').subarray(0, 10), Buffer.from('garbage garbage')])).pipe(gunzip);
		await expect(readAnswer(gunzip, {}, { success: true })).rejects.toThrow(/compressed body is corrupt/);
	});

	test('a body that breaks off says how much arrived', async () => {
		const stream = new Readable({ read() {} });
		stream.push(Buffer.from('{"a":'));
		setImmediate(() => stream.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
		await expect(readAnswer(stream, {}, { success: true })).rejects.toThrow('the answer broke off after 5 bytes, cut short or badly chunked');
	});

	test('a body that closes before its end with no error at all is broken off too, not left waiting', async () => {
		const stream = new Readable({ read() {} });
		stream.push(Buffer.from('{"a":'));
		setImmediate(() => stream.destroy());
		await expect(readAnswer(stream, {}, { success: true })).rejects.toThrow('the answer broke off after 5 bytes, cut short or badly chunked');
	});

	test("an answer that is not a success is read leniently, and one that breaks reads as empty: its status says what happened", async () => {
		const gbkPage = Buffer.from([0xb7, 0xc3, 0xce, 0xca]);
		expect(await readAnswer(streamOf(gbkPage), { 'content-type': 'text/html' }, { success: false })).toMatch(/\ufffd/);
		const cut = new Readable({ read() {} });
		cut.push(Buffer.from('{"error":'));
		setImmediate(() => cut.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
		expect(await readAnswer(cut, {}, { success: false })).toBe('');
	});

	test('a whole answer with a byte that does not decode is read, its body marked as a misreading; a faithful one is not marked', async () => {
		const read = await readBody(streamOf(Buffer.from('{"content":"a'), Buffer.from([0xff]), Buffer.from('b"}')), { 'content-type': 'application/json;charset=UTF-8' });
		expect(read).toEqual({ body: { content: 'a\ufffdb' } });
		expect(misreadingOf(read.body)).toBe('replaced');
		const faithful = await readBody(streamOf(Buffer.from('{"content":"ab"}')), {});
		expect(misreadingOf(faithful.body)).toBeUndefined();
	});

	test('a body n8n already read is taken as it is', async () => {
		expect(await readAnswer({ a: 1 }, {}, { success: true })).toEqual({ a: 1 });
		expect(await readAnswer(undefined, {}, { success: true })).toBe('');
	});
});
