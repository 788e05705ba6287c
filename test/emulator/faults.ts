// Fault injection for tests and soak runs: per route, the next N matching requests or a seeded share of
// them fail the way real networks and gateways fail. server.ts asks take() for each vendor request.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

import type { Reply } from './http';
import type { Vendor } from './tokens';

export type FaultKind =
	| '429' // HTTP 429, JSON body like the vendor's throttling answer; Retry-After when the rule sets retryAfterSeconds
	| '500'
	| '502'
	| '503' // JSON error body; Retry-After when the rule sets retryAfterSeconds (a gateway's 503 may come after the backend acted: acted 'after')
	| 'reset' // destroy the socket without an answer (client sees ECONNRESET / socket hang up)
	| 'timeout' // never answer; hold the connection until the client gives up, or destroy it after holdMs (default 30000)
	| 'html' // HTTP 502 with Content-Type text/html and an HTML gateway error page
	| 'truncated-json' // HTTP 200, Content-Type application/json, the real answer's JSON cut in half
	| 'aicc-rescode' // AICC only: HTTP 200 with {"resCode":"<non-zero>","resMsg":"..."}
	| 'body' // HTTP 200 with the rule's `body` as JSON (null, an array, a text…): an answer of the wrong shape
	| 'token-expired'; // expire the token the request carries, then handle normally

/**
 * Only vendor routes are faulted (unknown paths answer 404, admin routes are never faulted). A rule matches
 * a request when its route does and one of its kinds applies (aicc-rescode to AICC task calls only,
 * token-expired to calls that carry a token); a rule that does not apply leaves its count untouched.
 */
export interface FaultRule {
	/** RegExp source matched against `${METHOD} ${path}`, e.g. '^POST /api/v2/tenant/todo/task$'. Absent: every vendor route (not admin routes; token endpoints included only when the regex names them: its source contains "token"). */
	route?: string;
	/** One kind, or several: each faulted request picks one at random (seeded). */
	kind: FaultKind | FaultKind[];
	/** Fault the next `count` matching requests. With share too: the seeded share, until count faults were injected. Neither: every matching request until cleared. */
	count?: number;
	/** Or fault this share (0..1) of matching requests, chosen with a seeded PRNG (deterministic for a seed). */
	share?: number;
	/** Default 1, so that a rule without one is reproducible too. */
	seed?: number;
	/** For 429 and 503: sent as Retry-After. */
	retryAfterSeconds?: number;
	/** For body: the JSON value answered with HTTP 200, whatever it is (null included). Required with that kind. */
	body?: unknown;
	/** For 500/502/503/reset/timeout/html/truncated-json/body: whether the emulator acts on the request (stores the task/to-do) before failing the answer. 'before' = not acted, 'after' = acted then the answer lost (a gateway's 503 can come after the backend stored), 'random' = seeded choice. Default 'before'. 429 and token-expired never act. */
	acted?: 'before' | 'after' | 'random';
	/** For timeout: the held connection is destroyed after this long (default 30000). */
	holdMs?: number;
}

/** The admin surface tests and the CLI use. */
export interface FaultControls {
	add(rule: FaultRule): void;
	clear(): void;
}

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', 'reset', 'timeout', 'html', 'truncated-json', 'aicc-rescode', 'token-expired', 'body'];

/** The kinds whose answer is lost after the vendor may have acted; the others answer before acting. */
const MAY_ACT: ReadonlySet<FaultKind> = new Set(['500', '502', '503', 'reset', 'timeout', 'html', 'truncated-json', 'body']);

const RULE_FIELDS = ['route', 'kind', 'count', 'share', 'seed', 'retryAfterSeconds', 'body', 'acted', 'holdMs'];
const DEFAULT_SEED = 1;
const DEFAULT_HOLD_MS = 30_000;

/** Where a vendor request goes, which decides the rules and kinds that may apply to it. */
export interface FaultRoute {
	vendor: Vendor;
	token: boolean;
}

/** What take() decided for one request. */
export interface Fault {
	kind: FaultKind;
	/** Run the vendor handler before failing the answer. */
	acted: boolean;
	retryAfterSeconds?: number;
	/** For body: the JSON value to answer. */
	body?: unknown;
	holdMs: number;
}

interface ActiveRule {
	rule: FaultRule;
	pattern?: RegExp;
	kinds: FaultKind[];
	/** Faults left for a count rule. */
	remaining?: number;
	/** Decides which matching requests a share rule faults. */
	select: () => number;
	/** Picks kind and acted; a stream of its own, so that the faulted set depends on the seed alone. */
	choose: () => number;
}

/** mulberry32: tiny and deterministic for a seed, which is all a fault schedule needs. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), state | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(message);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isKind = (value: unknown): value is FaultKind => FAULT_KINDS.includes(value as FaultKind);

function checkRoute(route: unknown, label: string): void {
	check(typeof route === 'string', `${label}.route must be a string (a RegExp source)`);
	try {
		new RegExp(route as string);
	} catch (error) {
		throw new Error(`${label}.route is not a valid RegExp: ${error.message}`);
	}
}

function checkKind(kind: unknown, label: string): void {
	check(kind !== undefined, `${label}.kind is required (one of ${FAULT_KINDS.join(', ')}, or an array of them)`);
	const kinds: unknown[] = Array.isArray(kind) ? kind : [kind];
	check(kinds.length > 0, `${label}.kind must not be an empty array`);
	for (const entry of kinds) check(isKind(entry), `${label}.kind ${JSON.stringify(entry)} is not a fault kind (one of ${FAULT_KINDS.join(', ')})`);
}

/** Throws an Error saying what is wrong with a rule: the admin endpoint answers it with 400. */
function checkRule(value: unknown, label: string): FaultRule {
	check(isObject(value), `${label} must be a JSON object`);
	const rule = value as Record<string, unknown>;
	const unknown = Object.keys(rule).filter((key) => !RULE_FIELDS.includes(key));
	check(unknown.length === 0, `${label} has unknown field(s) ${unknown.join(', ')}; the fields are ${RULE_FIELDS.join(', ')}`);
	if (rule.route !== undefined) checkRoute(rule.route, label);
	checkKind(rule.kind, label);
	const { count, share, seed, retryAfterSeconds, acted, holdMs } = rule;
	check(count === undefined || (Number.isInteger(count) && (count as number) >= 1), `${label}.count must be an integer ≥ 1`);
	check(share === undefined || (typeof share === 'number' && share >= 0 && share <= 1), `${label}.share must be a number from 0 to 1`);
	check(seed === undefined || Number.isInteger(seed), `${label}.seed must be an integer`);
	check(
		retryAfterSeconds === undefined || (Number.isInteger(retryAfterSeconds) && (retryAfterSeconds as number) >= 0),
		`${label}.retryAfterSeconds must be an integer ≥ 0 (Retry-After takes whole seconds)`,
	);
	const kinds: unknown[] = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
	check(!kinds.includes('body') || 'body' in rule, `${label}.body is required with kind body (any JSON value, null included)`);
	check(acted === undefined || ['before', 'after', 'random'].includes(acted as string), `${label}.acted must be before, after or random`);
	check(holdMs === undefined || (typeof holdMs === 'number' && Number.isFinite(holdMs) && holdMs >= 0), `${label}.holdMs must be a number of milliseconds ≥ 0`);
	return rule as unknown as FaultRule;
}

/** A FaultRule or an array of them, as the admin endpoint and EMULATOR_FAULTS take them; throws on the first bad rule. */
export function parseFaultRules(value: unknown): FaultRule[] {
	return Array.isArray(value) ? value.map((rule, index) => checkRule(rule, `rule ${index}`)) : [checkRule(value, 'rule')];
}

/** aicc-rescode needs an AICC task call; token-expired needs a call that carries a token. */
function applies(kind: FaultKind, route: FaultRoute): boolean {
	if (kind === 'aicc-rescode') return route.vendor === 'aicc' && !route.token;
	if (kind === 'token-expired') return !route.token;
	return true;
}

export class FaultInjector implements FaultControls {
	private rules: ActiveRule[] = [];
	private readonly holds = new Set<NodeJS.Timeout>();

	add(rule: FaultRule): void {
		checkRule(rule, 'rule');
		const seed = rule.seed ?? DEFAULT_SEED;
		this.rules.push({
			rule,
			pattern: rule.route === undefined ? undefined : new RegExp(rule.route),
			kinds: Array.isArray(rule.kind) ? [...rule.kind] : [rule.kind],
			remaining: rule.count,
			select: prng(seed),
			choose: prng(seed ^ 0x5bd1e995),
		});
	}

	clear(): void {
		this.rules = [];
	}

	/**
	 * The fault for one vendor request, or undefined. Rules are tried in the order added and the first that
	 * faults the request wins; a share rule that lets a request through leaves it to the rules after it.
	 */
	take(method: string, path: string, route: FaultRoute): Fault | undefined {
		const target = `${method} ${path}`;
		for (const [index, active] of this.rules.entries()) {
			const kinds = active.kinds.filter((kind) => applies(kind, route));
			if (kinds.length === 0 || !this.routeMatches(active, target, route)) continue;
			if (active.rule.share !== undefined && active.select() >= active.rule.share) continue;
			if (active.remaining !== undefined && --active.remaining === 0) this.rules.splice(index, 1);
			return this.decide(active, kinds);
		}
		return undefined;
	}

	/** Without a route a rule covers every vendor call but the token endpoints, which a soak run rarely means to break. */
	private routeMatches(active: ActiveRule, target: string, route: FaultRoute): boolean {
		if (!active.pattern) return !route.token;
		return active.pattern.test(target) && (!route.token || /token/i.test(active.pattern.source));
	}

	private decide(active: ActiveRule, kinds: FaultKind[]): Fault {
		const kind = kinds.length === 1 ? kinds[0] : kinds[Math.floor(active.choose() * kinds.length)];
		const when = active.rule.acted ?? 'before';
		const acted = MAY_ACT.has(kind) && (when === 'after' || (when === 'random' && active.choose() < 0.5));
		return { kind, acted, retryAfterSeconds: active.rule.retryAfterSeconds, body: active.rule.body, holdMs: active.rule.holdMs ?? DEFAULT_HOLD_MS };
	}

	/** 'timeout': no answer; the socket closes when the client gives up, or here after holdMs. */
	hold(response: ServerResponse, holdMs: number): void {
		const timer = setTimeout(() => response.socket?.destroy(), holdMs);
		this.holds.add(timer);
		response.once('close', () => {
			clearTimeout(timer);
			this.holds.delete(timer);
		});
	}

	/** For stop(): held connections must not keep the process or a test waiting. */
	releaseHolds(): void {
		for (const timer of this.holds) clearTimeout(timer);
		this.holds.clear();
	}
}

/** 'reset': a TCP RST rather than a clean close, so that clients see ECONNRESET as from a crashed peer. */
export function resetConnection(response: ServerResponse): void {
	response.socket?.resetAndDestroy();
}

/** The token a vendor call carries: AICC's access-token header, EIAM's Bearer. */
export function carriedToken(vendor: Vendor, headers: IncomingHttpHeaders): string | undefined {
	if (vendor === 'aicc') return typeof headers['access-token'] === 'string' ? headers['access-token'] : undefined;
	return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
}

/**
 * Neither vendor documents throttling. AICC sits behind Huawei Cloud's API gateway, whose throttling answer
 * is APIG.0308 (Huawei's FAQ pages); EIAM's is invented in the shape of its documented errors.
 */
const THROTTLED: Record<Vendor, Record<string, unknown>> = {
	aicc: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 second', request_id: 'emulator' },
	eiam: { error_code: 'COM.0429', error_msg: 'Too many requests, please try again later' },
};

const REASONS: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** Server errors in each vendor's error shape; neither documents one, the texts say the fault is injected. */
function serverError(vendor: Vendor, status: number): Reply {
	const message = `${REASONS[status]} (injected by the emulator)`;
	return { status, body: vendor === 'aicc' ? { resCode: String(status), resMsg: message } : { error: REASONS[status], error_description: message } };
}

const GATEWAY_PAGE =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * With acted 'before' there is no real answer to cut: the vendor's bare success envelope is cut instead
 * (EIAM's is its update example), so that the client still gets HTTP 200 and half a JSON text.
 */
const SUCCESS_ENVELOPE: Record<Vendor, Record<string, unknown>> = {
	aicc: { resCode: '0', resMsg: 'Success' },
	eiam: { code: '0', data: true, message: null },
};

function truncated(vendor: Vendor, real: Reply | undefined): Reply {
	const json = JSON.stringify(real?.body ?? SUCCESS_ENVELOPE[vendor]);
	return { status: 200, contentType: 'application/json', text: json.slice(0, Math.max(1, Math.floor(json.length / 2))) };
}

/** The kinds that answer with an HTTP status of their own. */
type AnsweringFault = Fault & { kind: '429' | '500' | '502' | '503' | 'html' | 'truncated-json' | 'body' };

export function answers(fault: Fault): fault is AnsweringFault {
	return ['429', '500', '502', '503', 'html', 'truncated-json', 'body'].includes(fault.kind);
}

const retryAfter = (fault: Fault) => (fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) });

/** The answer of an answering fault; real is the vendor's own answer when it acted. */
export function faultReply(fault: AnsweringFault, vendor: Vendor, real: Reply | undefined): Reply {
	switch (fault.kind) {
		case '429':
			return { status: 429, body: THROTTLED[vendor], headers: retryAfter(fault) };
		case 'body':
			// JSON.stringify, so that null is sent as the text null rather than as no body.
			return { status: 200, contentType: 'application/json', text: JSON.stringify(fault.body) ?? '' };
		case 'html':
			return { status: 502, contentType: 'text/html', text: GATEWAY_PAGE };
		case 'truncated-json':
			return truncated(vendor, real);
		case '503':
			return { ...serverError(vendor, 503), headers: retryAfter(fault) };
		case '500':
		case '502':
			return serverError(vendor, Number(fault.kind));
	}
}
