// Headless Chromium (Debian's package) driven by playwright-core, as a user sees the editor.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page, type Response } from 'playwright-core';

import { ensureDebianPackage } from './apt';
import { OWNER } from './n8n';
import { ARTIFACTS_DIR } from './targets';

const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing. */
export async function ensureChromium(): Promise<void> {
	await ensureDebianPackage(CHROMIUM, 'chromium');
}

export async function launchBrowser(): Promise<Browser> {
	await ensureChromium();
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
}

export interface EditorSession {
	page: Page;
	/** Every response the page received, for icon checks. */
	responses: Response[];
	/** Console errors and page errors, for "Could not find property option" and similar. */
	errors: string[];
	screenshot(name: string): Promise<string>;
}

export async function openEditor(browser: Browser, baseUrl: string, label: string): Promise<EditorSession> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const responses: Response[] = [];
	const errors: string[] = [];
	page.on('response', (response) => responses.push(response));
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	page.on('pageerror', (error) => errors.push(error.message));
	const folder = join(ARTIFACTS_DIR, label);
	mkdirSync(folder, { recursive: true });

	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });

	return {
		page,
		responses,
		errors,
		screenshot: async (name) => {
			const file = join(folder, `${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
	};
}

/** Opens a workflow and one node's panel (double-click on the canvas node); returns the panel's text and its inputs' values (dropdowns show their choice as an input value). */
export async function openNodePanel(session: EditorSession, baseUrl: string, workflowId: string, nodeName: string): Promise<string> {
	const { page } = session;
	if (!page.url().includes(`/workflow/${workflowId}`)) {
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
	}
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"], [data-name="${nodeName}"]`).first();
	await node.waitFor({ state: 'visible', timeout: 60_000 });
	await node.dblclick();
	const panel = page.locator('[data-test-id="ndv"], .ndv-wrapper').first();
	await panel.waitFor({ state: 'visible', timeout: 30_000 });
	await page.waitForTimeout(1000);
	const values = await panel.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
	return `${await panel.innerText()}\n${values.join('\n')}`;
}

export async function closeNodePanel(session: EditorSession): Promise<void> {
	await session.page.keyboard.press('Escape');
	await session.page.waitForTimeout(500);
}
