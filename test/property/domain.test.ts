// Issue 6, bad input: the credential Domain. Requests, and the token or secret with them, go to the normalised host or nowhere.
import fc from 'fast-check';

import { BASE_URL_EXPRESSION, REFUSED_DOMAIN_URL } from '../../credentials/shared';
import { toBaseUrl } from '../../nodes/shared/domain';
import { startBench } from '../support/emulator-bench';
import { PREFIX } from './engine';
import { runs } from './runs';

const RUNS = runs(1000);

const TOKEN_PATHS = ['/baas/auth/v1.0/oauth2/token', '/api/v2/tenant/token'];

const LOOPBACK_HOSTS = ['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '[::1]'];
/** Other spellings of 127.0.0.1: refused for plain http, as the Test button cannot decode them. */
const ODD_LOOPBACK_HOSTS = ['0x7f.1', '2130706433'];
const REMOTE_HOSTS = ['tenant.bccastle.com', 'service.besclouds.com', 'tenant.bccastle.com.', '中文.example', 'xn--fiq228c.example', '10.0.0.1'];

/** What users paste after the host: paths, queries, fragments, and "@" where it does not start a user name. */
const TAILS = ['', '/', '/api/v2', '/service/AICC__Case/1.0.0/openapi/task?x=1', '?x=1', '#frag', '/..', '/%2e%2e/x', '\\@evil.example', '#@evil.example', '?@evil.example', '/@evil.example'];

interface DomainParts {
	padding: string;
	scheme: string;
	userInfo: string;
	host: string;
	port: string;
	tail: string;
}

const domains: fc.Arbitrary<DomainParts> = fc.record({
	padding: fc.constantFrom('', ' ', '\t', '\n'),
	scheme: fc.constantFrom('https://', 'http://', 'HTTPS://', 'Http://', '', 'ftp://', 'ws://', 'javascript://'),
	// "a.example;" stands for a host typed before a stray "@": what precedes "@" is a user name to a URL parser.
	userInfo: fc.constantFrom('', '', '', 'user@', 'user:secret@', ':@', '@', 'a.example;@'),
	host: fc.constantFrom(...LOOPBACK_HOSTS, ...ODD_LOOPBACK_HOSTS, ...REMOTE_HOSTS),
	port: fc.constantFrom('', ':443', ':8443', ':80', ':0', ':65535'),
	tail: fc.constantFrom(...TAILS),
});

const text = (parts: DomainParts) => `${parts.padding}${parts.scheme}${parts.userInfo}${parts.host}${parts.port}${parts.tail}${parts.padding}`;

/** "@" with nothing before it names no user: refusing it and ignoring it are both safe. */
const EMPTY_USER_INFO = ['@', ':@'];

/** The README's rule: https (or no scheme, meaning https), plain http on loopback only, never a user name or password; the rest of the text dropped. */
function expectedBase(parts: DomainParts): string | undefined {
	const scheme = parts.scheme.toLowerCase() || 'https://';
	if (parts.userInfo !== '' && !EMPTY_USER_INFO.includes(parts.userInfo)) return undefined;
	if (scheme === 'http://' && !LOOPBACK_HOSTS.includes(parts.host)) return undefined;
	if (scheme !== 'https://' && scheme !== 'http://') return undefined;
	// The URL parser stands in for host normalisation only: case, punycode, IPv4 forms, default ports.
	return new URL(`${scheme}${parts.host}${parts.port}`).origin;
}

/** The Test button's base URL: the credential's expression, evaluated as n8n evaluates its JavaScript. */
const testButtonBase = new Function('$credentials', `return ${BASE_URL_EXPRESSION.slice(3, -2)}`) as (credentials: { domain: string }) => string;

function refusedOr(normalise: () => string): string {
	try {
		return normalise();
	} catch {
		return 'refused';
	}
}

test('toBaseUrl keeps scheme and host and drops the rest, or refuses: no https, user info, not a URL', () => {
	fc.assert(
		fc.property(domains, (parts) => {
			const expected = expectedBase(parts);
			if (expected === undefined) {
				expect(() => toBaseUrl(text(parts))).toThrow(/Domain/);
				return;
			}
			if (EMPTY_USER_INFO.includes(parts.userInfo)) {
				expect([expected, 'refused']).toContain(refusedOr(() => toBaseUrl(text(parts))));
				return;
			}
			expect(toBaseUrl(text(parts))).toBe(expected);
		}),
		{ numRuns: RUNS },
	);
});

test('no request the nodes build leaves the normalised host, whatever ID it carries; the Test button aims at the same host', () => {
	const anyDomain = fc.oneof(domains.map(text), fc.string(), fc.anything());
	fc.assert(
		fc.property(anyDomain, fc.string(), (domain, id) => {
			let base: string;
			try {
				base = toBaseUrl(domain);
			} catch (error) {
				// Refused: a plain Error the transport turns into an item error naming the Domain. The Test
				// button, which sends an Access Token as is, aims at a name that never resolves or at no URL.
				expect((error as Error).message).toMatch(/Domain/);
				if (typeof domain === 'string') {
					const testTarget = testButtonBase({ domain });
					expect(testTarget === REFUSED_DOMAIN_URL || !URL.canParse(testTarget)).toBe(true);
				}
				return;
			}
			expect(new URL(base).origin).toBe(base);
			expect(['https:', 'http:']).toContain(new URL(base).protocol);
			const segment = encodeURIComponent(id.replace(/[\ud800-\udfff]/g, ''));
			for (const path of [...TOKEN_PATHS, PREFIX.aicc, `${PREFIX.aicc}/${segment}`, `${PREFIX.eiam}/${segment}/todoStatus`]) {
				expect(new URL(`${base}${path}`).origin).toBe(base);
			}
			expect(new URL(testButtonBase({ domain: domain as string })).origin).toBe(base);
		}),
		{ numRuns: RUNS },
	);
});

/** Valid items for one create of each vendor; External IDs differ by item. */
const CREATE = {
	aicc: { resource: 'task', operation: 'create', title: 'Call back', ownerId: 'owner-1', creatorId: 'creator-1' },
	eiam: {
		resource: 'todo',
		operation: 'create',
		userName: 'zhangsan',
		title: 'Sign',
		content: 'Sign the NDA',
		messageType: 'TEXT',
		deadline: '2026-12-07 18:00:00',
		externalId: '={{ "domain-" + $itemIndex }}',
		webUrl: 'https://example.com/a',
		mobileUrl: 'https://example.com/b',
	},
};

test('through the engine: a Domain with a user name is refused before any request; one with a path, query or fragment only sends to documented paths', async () => {
	const cases = fc.record({
		vendor: fc.constantFrom('aicc' as const, 'eiam' as const),
		mode: fc.constantFrom('clientCredentials' as const, 'accessToken' as const),
		userInfo: fc.constantFrom('', 'user@', 'user:secret@', 'a.example;@'),
		tail: fc.constantFrom(...TAILS),
	});
	await fc.assert(
		fc.asyncProperty(cases, async ({ vendor, mode, userInfo, tail }) => {
			const bench = await startBench(vendor, mode);
			try {
				const credential = bench.store.get('cred-1');
				credential.data.domain = `http://${userInfo}127.0.0.1:${bench.emulator.port}${tail}`;
				const { items } = await bench.run(CREATE[vendor], [{}, {}], { continueOnFail: true });
				const targets = bench.emulator.requests.map((request) => request.target);
				if (userInfo !== '') {
					expect(items.map((item) => item.json.error)).toEqual([0, 1].map((index) => `The credential's Domain must not contain a user name or password (item ${index})`));
					expect(targets).toEqual([]);
					return;
				}
				expect(items.map((item) => item.json.error)).toEqual([undefined, undefined]);
				expect(targets.filter((target) => target !== PREFIX[vendor] && !TOKEN_PATHS.includes(target))).toEqual([]);
			} finally {
				await bench.stop();
			}
		}),
		{ numRuns: runs(10) },
	);
});
