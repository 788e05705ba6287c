/**
 * The simulated vendors: two tenants, each an HTTP server on 127.0.0.1 serving the emulator's AICC and
 * EIAM (test/emulator), started once per test file and given fresh vendors for every case. What fails
 * is a function of the case's seed and the request itself (method, path, body and how often that same
 * request came before), never of arrival order, so concurrent items meet the same faults on a replay.
 * A gate lets fc.scheduler decide the order in which requests in flight reach the vendor.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AiccEmulator, SYSTEM_BUSY, TOKEN_PATH as AICC_TOKEN_PATH } from '../emulator/aicc';
import { EiamEmulator, TOKEN_PATH as EIAM_TOKEN_PATH } from '../emulator/eiam';
import { answers, carriedToken, faultReply, resetConnection, type Fault, type FaultKind } from '../emulator/faults';
import { readRequest, sendReply, type ParsedRequest } from '../emulator/http';
import { DEMO_USERS } from '../emulator/server';
import { TokenStore, type Vendor } from '../emulator/tokens';
import { fakeDateOnly, quietN8nLog } from './clock';
import { chanceOf } from './config';

/** Client credentials per tenant: a credential moved to the other tenant carries that tenant's. */
export const TENANT_CLIENTS = [
	{ aicc: { clientId: 'aicc-tenant-a', clientSecret: 'aicc-secret-a' }, eiam: { clientId: 'eiam-tenant-a', clientSecret: 'eiam-secret-a' } },
	{ aicc: { clientId: 'aicc-tenant-b', clientSecret: 'aicc-secret-b' }, eiam: { clientId: 'eiam-tenant-b', clientSecret: 'eiam-secret-b' } },
] as const;

/** The faults one case's vendor injects. Kinds that may act (5xx, reset, cut JSON) act or not by the seed. */
export interface FaultPlan {
	seed: number;
	/** Share of API requests that fail. */
	rate: number;
	/** Share of token requests that fail (429, 5xx, reset). */
	tokenRate: number;
	kinds: FaultKind[];
}

export const NO_FAULTS: FaultPlan = { seed: 0, rate: 0, tokenRate: 0, kinds: [] };

/** Kinds whose answer is lost after the vendor may have acted (the emulator's list, which it does not export). */
const MAY_ACT: ReadonlySet<FaultKind> = new Set(['500', '502', '503', 'reset', 'html', 'truncated-json']);
const TOKEN_KINDS: FaultKind[] = ['429', '503', '500', 'reset'];

export class Tenant {
	aicc!: AiccEmulator;
	eiam!: EiamEmulator;
	tokens!: TokenStore;
	/** Requests served in the current case, and the faults injected, for a failing case's story. */
	served = 0;
	readonly injected: string[] = [];

	constructor(
		readonly index: 0 | 1,
		readonly url: string,
	) {}

	/** Fresh vendors: no tasks, no to-dos, no tokens. AICC stamps in `aiccZone`. */
	reset(aiccZone = 'UTC'): void {
		this.tokens = new TokenStore(1800);
		const clients = TENANT_CLIENTS[this.index];
		this.aicc = new AiccEmulator({ ...clients.aicc, language: 'en', literalContentType: true, timezone: aiccZone }, this.tokens);
		this.eiam = new EiamEmulator(
			{ ...clients.eiam, users: DEMO_USERS, language: 'en', notFoundStatus: 402, updateResponse: 'example', authRejectStatus: 400 },
			this.tokens,
		);
		this.served = 0;
		this.injected.length = 0;
	}
}

export class SimVendor {
	plan: FaultPlan = NO_FAULTS;
	/** Awaited before a request reaches the vendor: fc.scheduler's hand on the order of requests in flight. */
	gate?: (label: string) => Promise<void>;
	private readonly seen = new Map<string, number>();

	private constructor(
		readonly tenants: [Tenant, Tenant],
		private readonly servers: Server[],
	) {}

	static async start(): Promise<SimVendor> {
		const servers: Server[] = [];
		const tenants: Tenant[] = [];
		// The servers answer through the vendor made once both are listening.
		const ready: { vendor?: SimVendor } = {};
		for (const index of [0, 1] as const) {
			const server = createServer((incoming, response) => {
				ready.vendor?.serve(tenants[index], incoming, response).catch((error: Error) => {
					if (!response.headersSent) sendReply(response, { status: 500, body: { error: error.message } });
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			servers.push(server);
			tenants.push(new Tenant(index, `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
		}
		ready.vendor = new SimVendor(tenants as [Tenant, Tenant], servers);
		return ready.vendor;
	}

	/** A new case: fresh vendors in both tenants, this case's faults, no gate. */
	reset(plan: FaultPlan, zones: [string, string] = ['UTC', 'UTC']): void {
		this.plan = plan;
		this.gate = undefined;
		this.seen.clear();
		this.tenants[0].reset(zones[0]);
		this.tenants[1].reset(zones[1]);
	}

	async stop(): Promise<void> {
		for (const server of this.servers) {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	}

	/** The fault for one request, decided by the seed and the request alone. */
	private faultFor(tenant: Tenant, request: ParsedRequest, isToken: boolean): Fault | undefined {
		const { seed, rate, tokenRate, kinds } = this.plan;
		const share = isToken ? tokenRate : rate;
		if (share === 0) return undefined;
		const signature = `${tenant.index} ${request.method} ${request.path} ${isToken ? '' : request.rawBody}`;
		const nth = (this.seen.get(signature) ?? 0) + 1;
		this.seen.set(signature, nth);
		const key = `${signature} #${nth}`;
		if (chanceOf(seed, `fault ${key}`) >= share) return undefined;
		const usable = (isToken ? TOKEN_KINDS : kinds).filter((kind) => kind !== 'aicc-rescode' || request.path.startsWith('/service/'));
		if (usable.length === 0) return undefined;
		const kind = usable[Math.floor(chanceOf(seed, `kind ${key}`) * usable.length)];
		// 429 and half the 503s say Retry-After: 0, so that a retry costs no real time; the other 503s say nothing (a gateway's).
		const retryAfterSeconds = kind === '429' || (kind === '503' && chanceOf(seed, `after ${key}`) < 0.5) ? 0 : undefined;
		// A 503 with Retry-After says the vendor did not act (docs/options.md#retries): the nodes rely on it, so the vendor keeps it.
		const acted = MAY_ACT.has(kind) && retryAfterSeconds === undefined && chanceOf(seed, `acted ${key}`) < 0.5;
		return { kind, acted, retryAfterSeconds, holdMs: 0 };
	}

	private async serve(tenant: Tenant, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		const request = await readRequest(incoming);
		if (this.gate) await this.gate(`${tenant.index} ${request.method} ${request.path}`);
		tenant.served++;
		const vendorName: Vendor | undefined = tenant.aicc.handles(request.path) ? 'aicc' : tenant.eiam.handles(request.path) ? 'eiam' : undefined;
		if (!vendorName) return sendReply(response, { status: 404, body: { error: 'Not Found' } });
		const vendor = vendorName === 'aicc' ? tenant.aicc : tenant.eiam;
		const isToken = request.path === AICC_TOKEN_PATH || request.path === EIAM_TOKEN_PATH;
		const fault = this.faultFor(tenant, request, isToken);
		if (!fault) return sendReply(response, vendor.handle(request));
		tenant.injected.push(`${fault.kind}${fault.acted ? ' (acted)' : ''} ${request.method} ${request.path}`);
		if (fault.kind === 'token-expired') {
			const token = carriedToken(vendorName, request.headers);
			if (token) tenant.tokens.expire(token);
			return sendReply(response, vendor.handle(request));
		}
		const real = fault.acted ? vendor.handle(request) : undefined;
		if (fault.kind === 'reset' || fault.kind === 'timeout') return resetConnection(response);
		sendReply(response, answers(fault) ? faultReply(fault, vendorName, real) : tenant.aicc.reply(SYSTEM_BUSY));
	}
}

/**
 * The simulated vendor of one test file: started before its tests, with n8n's Date faked and n8n's log
 * quiet, and stopped after them. Its tests read it as `sim.vendor`.
 */
export function useSimulatedVendor(): { readonly vendor: SimVendor } {
	const sim: { vendor?: SimVendor } = {};
	beforeAll(async () => {
		sim.vendor = await SimVendor.start();
		fakeDateOnly();
		quietN8nLog();
	});
	afterAll(async () => {
		jest.useRealTimers();
		await sim.vendor?.stop();
	});
	return {
		get vendor(): SimVendor {
			if (!sim.vendor) throw new Error('the simulated vendor starts in beforeAll');
			return sim.vendor;
		},
	};
}
