import { randomUUID } from 'node:crypto';

export type Vendor = 'aicc' | 'eiam';

interface IssuedToken {
	vendor: Vendor;
	expiresAt: number;
}

/** Access tokens both token endpoints hand out, with a lifetime tests can shorten or end at once. */
export class TokenStore {
	private readonly tokens = new Map<string, IssuedToken>();

	constructor(public lifetimeSeconds: number) {}

	issue(vendor: Vendor): { token: string; expiresIn: number } {
		const token = `${vendor}-${randomUUID()}`;
		this.tokens.set(token, { vendor, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
		return { token, expiresIn: this.lifetimeSeconds };
	}

	isValid(vendor: Vendor, token: string | undefined): boolean {
		const issued = token ? this.tokens.get(token) : undefined;
		return issued !== undefined && issued.vendor === vendor && issued.expiresAt > Date.now();
	}

	/** Ends one token now, as if its lifetime had run out. */
	expire(token: string): void {
		const issued = this.tokens.get(token);
		if (issued) issued.expiresAt = 0;
	}

	/** Ends every token of a vendor (or both) now, as if its lifetime had run out. */
	expireAll(vendor?: Vendor): void {
		for (const issued of this.tokens.values()) if (!vendor || issued.vendor === vendor) issued.expiresAt = 0;
	}
}
