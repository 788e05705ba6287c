/**
 * What an answer holds, read the same way everywhere: its status class, its JSON object and fields, and
 * any JSON value turned into words a message can quote (bounding and redaction come after, where the
 * run's secrets are known).
 */

/** HTTP 2xx. */
export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/** True for a parsed JSON object body (not an array, not text such as an HTML page). */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** A field of an object body as text (see wordsOf), or undefined when the body has no such field. */
export function bodyField(body: unknown, key: string): string | undefined {
	if (!isJsonObject(body) || !(key in body)) return undefined;
	return wordsOf(body[key]);
}

/**
 * How many characters wordsOf gathers from an object or an array before it stops: far more than a message
 * quotes (VENDOR_TEXT_MAX_CHARS), so that the cut made after the secrets are removed decides what shows.
 */
const MAX_GATHERED_CHARS = 8_000;
/** Nesting wordsOf follows; deeper values show as "…". */
const MAX_DEPTH = 4;

/**
 * Vendor words from any JSON value: a text as it is, a number or a boolean as text, an object as its
 * `key: words` pairs (EIAM's `error_msg` may come as `{"zh_CN": …, "en_US": …}`), an array as its items'
 * words, each separated by "; ". Objects and arrays are gathered up to a bound, so that a huge one does
 * not become a huge text; undefined for null, undefined or nothing to say.
 */
export function wordsOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'object' || value === null) return undefined;
	const gathered = { parts: [] as string[], chars: 0 };
	gather(value, 0, gathered);
	const text = gathered.parts.join('');
	return text === '' ? undefined : text;
}

function gather(value: unknown, depth: number, into: { parts: string[]; chars: number }): void {
	const add = (text: string) => {
		into.parts.push(text);
		into.chars += text.length;
	};
	if (typeof value !== 'object' || value === null) {
		const text = wordsOf(value);
		if (text !== undefined) add(text);
		return;
	}
	if (depth >= MAX_DEPTH) return add('…');
	const entries: Array<[string | undefined, unknown]> = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
	let first = true;
	for (const [key, item] of entries) {
		if (item === null || item === undefined) continue;
		if (into.chars >= MAX_GATHERED_CHARS) return add('; …');
		if (!first) add('; ');
		first = false;
		if (key !== undefined) add(`${key}: `);
		const nested = typeof item === 'object';
		if (nested) add('(');
		gather(item, depth + 1, into);
		if (nested) add(')');
	}
}
