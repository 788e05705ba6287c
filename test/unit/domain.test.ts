import { toBaseUrl } from '../../nodes/shared/domain';

describe('toBaseUrl (the credential Domain)', () => {
	test('a trailing slash, a path, a query or a fragment is dropped', () => {
		expect(toBaseUrl('https://service.besclouds.com/')).toBe('https://service.besclouds.com');
		expect(toBaseUrl('https://service.besclouds.com/service/AICC__Case/1.0.0/openapi/task?x=1#y')).toBe(
			'https://service.besclouds.com',
		);
		expect(toBaseUrl('  https://tenant.bccastle.com:8443/api/v2 ')).toBe('https://tenant.bccastle.com:8443');
	});

	test('a bare host name means https', () => {
		expect(toBaseUrl('tenant.bccastle.com')).toBe('https://tenant.bccastle.com');
	});

	test('plain http is refused except on loopback', () => {
		expect(() => toBaseUrl('http://tenant.bccastle.com')).toThrow('must use https://');
		expect(toBaseUrl('http://127.0.0.1:8899/')).toBe('http://127.0.0.1:8899');
		expect(toBaseUrl('http://localhost:8899')).toBe('http://localhost:8899');
		expect(toBaseUrl('http://[::1]:8899')).toBe('http://[::1]:8899');
	});

	test('user info, empty and broken values are refused before any secret is sent', () => {
		expect(() => toBaseUrl('https://user:pw@tenant.bccastle.com')).toThrow('must not contain a user name or password');
		expect(() => toBaseUrl('')).toThrow('has no Domain');
		expect(() => toBaseUrl('https://')).toThrow('is not a valid URL');
		expect(() => toBaseUrl('ftp://tenant.bccastle.com')).toThrow('must use https://');
	});
});
