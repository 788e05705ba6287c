import { basicValue, isHeaderSafeToken, REDACTED, SecretRedactor } from '../../nodes/shared/secrets';
import { redirectTarget } from '../../nodes/shared/network';

describe('SecretRedactor', () => {
	test('removes a secret as sent, percent-encoded and form-encoded, and the Basic value built from it', () => {
		const secret = 'p@ss word/+x';
		const redactor = new SecretRedactor().add(secret).addBasic('client', secret);
		const echoed = [secret, encodeURIComponent(secret), 'p%40ss+word%2F%2Bx', basicValue('client', secret)].join(' | ');
		expect(redactor.redact(`echo ${echoed}`)).toBe(`echo ${[REDACTED, REDACTED, REDACTED, REDACTED].join(' | ')}`);
	});

	test('a token inside a longer secret leaves no tail of the longer one', () => {
		const redactor = new SecretRedactor().add('abcd', 'xxabcdyy');
		expect(redactor.redact('xxabcdyy and abcd')).toBe(`${REDACTED} and ${REDACTED}`);
	});

	test('leaves text alone when it holds no secret, and ignores empty, short and non-string values', () => {
		const redactor = new SecretRedactor().add('', 'ab', undefined, 42, null);
		expect(redactor.redact('ab cd 42')).toBe('ab cd 42');
		expect(redactor.redact(undefined)).toBeUndefined();
	});
});

describe('isHeaderSafeToken', () => {
	test.each(['abc', 'eyJhbGciOi.J9-_~+/=', '!~'])('accepts visible ASCII: %j', (token) => expect(isHeaderSafeToken(token)).toBe(true));
	test.each(['', 'a b', 'a\r\nX: 1', 'a\tb', 'tök', 'a\u0000'])('refuses %j', (token) => expect(isHeaderSafeToken(token)).toBe(false));
});

describe('redirectTarget', () => {
	test('names the origin of an absolute or relative Location, never its path', () => {
		expect(redirectTarget({ location: 'https://other.example/steal?token=1' }, 'https://tenant.example/api')).toBe('https://other.example');
		expect(redirectTarget({ location: '/login' }, 'https://tenant.example/api')).toBe('https://tenant.example');
	});

	test('says so when there is no usable Location', () => {
		expect(redirectTarget({}, 'https://tenant.example/api')).toBe('no Location');
		expect(redirectTarget({ location: 'http://[' }, 'https://tenant.example/api')).toBe('an address that is not a URL');
	});
});
