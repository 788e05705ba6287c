// The parts of n8n's REST API the editor uses that the suite needs: owner setup, login, credential test.
import { OWNER, type N8nUser } from './n8n';

export class N8nRest {
	private cookie = '';

	constructor(private readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}), 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed as T };
	}

	/** Sets up the instance owner (first start) and logs in; n8n answers with its auth cookie. */
	async setUpOwner(user: N8nUser = OWNER): Promise<void> {
		const setup = await this.request('POST', '/rest/owner/setup', user);
		if (setup.status !== 200) throw new Error(`owner setup failed: HTTP ${setup.status} ${JSON.stringify(setup.body)}`);
		await this.login(user);
	}

	async login(user: N8nUser = OWNER): Promise<void> {
		// n8n 2.x names the field emailOrLdapLoginId; older releases took email.
		const login = await this.request('POST', '/rest/login', { emailOrLdapLoginId: user.email, email: user.email, password: user.password });
		if (login.status !== 200) throw new Error(`login failed: HTTP ${login.status} ${JSON.stringify(login.body)}`);
	}

	/** What the credential modal's Test button calls. */
	async testCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<{ status: string; message: string }> {
		const { status, body } = await this.request<{ data: { status: string; message: string } }>('POST', '/rest/credentials/test', { credentials: credential });
		if (status !== 200) throw new Error(`credential test failed: HTTP ${status} ${JSON.stringify(body)}`);
		return body.data;
	}
}
