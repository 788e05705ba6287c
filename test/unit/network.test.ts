import { failedBeforeSending, networkErrorCode, networkFailureText } from '../../nodes/shared/network';

describe('when a request failed: before it was written, or after', () => {
	test.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])('%s: nothing reached the vendor', (code) => {
		expect(failedBeforeSending(code)).toBe(true);
	});

	test.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'HPE_HEADER_OVERFLOW', 'HPE_INVALID_CHUNK_SIZE', 'ESOMETHINGNEW'])('%s: the request may have reached the vendor, its answer was lost', (code) => {
		expect(failedBeforeSending(code)).toBe(false);
	});
});

describe('the code of a network error, however n8n wrapped it', () => {
	test('from the error, its cause, or the messages n8n kept', () => {
		expect(networkErrorCode({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
		expect(networkErrorCode({ cause: { code: 'HPE_HEADER_OVERFLOW' } })).toBe('HPE_HEADER_OVERFLOW');
		expect(networkErrorCode({ message: 'x', messages: ['connect ECONNREFUSED 127.0.0.1:9'] })).toBe('ECONNREFUSED');
	});

	test("from the sentences n8n puts in place of Node.js's message", () => {
		expect(networkErrorCode({ message: 'The connection to the server was closed unexpectedly, perhaps it is offline.' })).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'Parse Error: Header overflow' })).toBe('HPE_HEADER_OVERFLOW');
		expect(networkErrorCode({ message: 'Parse Error: Invalid header value char' })).toBe('HPE_INVALID');
	});

	test('words for it, without the code, which n8n would replace by a sentence of its own', () => {
		expect(networkFailureText({ code: 'HPE_HEADER_OVERFLOW' })).toBe("the answer's headers were larger than Node.js reads (16 KiB)");
		expect(networkFailureText({ code: 'HPE_INVALID_CONSTANT' })).toBe("the answer's status line or headers could not be read");
		expect(networkFailureText({ code: 'ECONNREFUSED' })).toBe('the connection was refused');
		expect(networkFailureText({})).toBe('the request failed');
	});
});
