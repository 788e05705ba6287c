import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FaultKind } from './faults';

/** One request as the emulator saw it, for tests to assert on. */
export interface RecordedRequest {
	method: string;
	path: string;
	/** The request target exactly as the client sent it (path and query, no dot segment resolved), for checks on how URLs are built. */
	target: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	status: number;
	response: unknown;
	/** Headers the answer set beyond Content-Type and Content-Length (an injected 429's Retry-After). */
	responseHeaders?: Record<string, string>;
	/** Date.now() when the request arrived. */
	receivedAt: number;
	/** The fault injected into this request (faults.ts), if any. */
	fault?: FaultKind;
	/** For vendor routes: the vendor handler ran and answered success, so a write was stored. */
	acted?: boolean;
}

export interface Reply {
	status: number;
	body?: unknown;
	/** Sent as is instead of body's JSON: the HTML and the cut JSON of injected faults are not JSON. */
	text?: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export interface ParsedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: string;
}

export async function readRequest(request: IncomingMessage): Promise<ParsedRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const url = new URL(request.url ?? '/', 'http://emulator.local');
	return {
		method: request.method ?? 'GET',
		path: url.pathname,
		query: url.searchParams,
		headers: request.headers,
		rawBody: Buffer.concat(chunks).toString('utf8'),
	};
}

export function sendReply(response: ServerResponse, reply: Reply): void {
	// A reply without a body (EIAM delete) still carries the JSON Content-Type, as documented.
	const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
	response.writeHead(reply.status, {
		'Content-Type': reply.contentType ?? 'application/json',
		'Content-Length': Buffer.byteLength(payload),
		...reply.headers,
	});
	response.end(payload);
}

/** JSON body as an object, or undefined when it is not a JSON object. */
export function jsonObject(rawBody: string): Record<string, unknown> | undefined {
	try {
		const parsed: unknown = JSON.parse(rawBody);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export function formBody(request: ParsedRequest): URLSearchParams {
	const form = new URLSearchParams(request.rawBody);
	// EIAM's SSO page sends the parameters in the query string of the POST
	// (docs/eiam-api.md#token-client-credentials).
	for (const [key, value] of request.query) if (!form.has(key)) form.set(key, value);
	return form;
}

export function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** `yyyy-MM-dd HH:mm:ss` (and `.SSS` with millis) in UTC: the vendors' time zone is not documented. */
export function formatDate(date: Date, millis = false): string {
	const text = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
	return millis ? `${text}.${pad(date.getUTCMilliseconds(), 3)}` : text;
}

/** True for a real calendar date-time written as `yyyy-MM-dd HH:mm:ss`. */
export function isVendorDateTime(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	// setUTCFullYear, as Date.UTC reads the years 0–99 as 1900–1999: 0099-12-31 is a date of the documented format.
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return (
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day &&
		hour < 24 &&
		minute < 60 &&
		second < 60
	);
}
