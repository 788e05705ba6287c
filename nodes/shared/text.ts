/**
 * Text that a message quotes (what a user typed, what a vendor said) cut to a size, with the size it
 * had. An item error travels far: to the editor, to an AI Agent, into n8n's database and every error
 * workflow. A refused 1 MB Web URL must not travel whole; its first characters say enough.
 */

/**
 * How many characters of a refused value a message quotes. Enough to recognise a URL, a date or an
 * expression's output; the rest is replaced by its size, e.g. `… (1,048,576 characters)`.
 */
export const QUOTED_INPUT_MAX_CHARS = 200;

/**
 * The most characters of vendor text (an error message, a description) a failure quotes, after the
 * run's secrets are removed. An item error reaches the editor, an AI Agent, n8n's database and every
 * error workflow: a 5 MB vendor message must not travel whole.
 */
export const VENDOR_TEXT_MAX_CHARS = 1_000;

/** Whether the UTF-16 code unit at `index` is the second half of a surrogate pair (an emoji's tail, say). */
function isPairTail(text: string, index: number): boolean {
	const unit = text.charCodeAt(index);
	const before = text.charCodeAt(index - 1);
	return unit >= 0xdc00 && unit <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}

/** Where the first `count` characters (code points, as validation counts them) end, in UTF-16 code units; -1 when the text has no more than `count`. */
function endOfCharacters(text: string, count: number): number {
	let characters = 0;
	for (let index = 0; index < text.length; index++) {
		if (isPairTail(text, index)) continue;
		if (characters === count) return index;
		characters++;
	}
	return -1;
}

/** Characters (code points) of a text, without building an array of them: the text may be megabytes. */
export function characterCount(text: string): number {
	let characters = 0;
	for (let index = 0; index < text.length; index++) if (!isPairTail(text, index)) characters++;
	return characters;
}

/** `… (1,048,576 characters)`: what replaces the cut part. */
function sizeNote(text: string): string {
	return `… (${characterCount(text).toLocaleString('en-US')} characters)`;
}

/**
 * The text when it has at most `maxChars` characters; otherwise its first `maxChars` characters (never
 * half of an emoji) followed by `… (N characters)`, N being the whole text's size. The result is at most
 * `maxChars` characters plus that note (some 30).
 */
export function boundText(text: string, maxChars: number): string {
	const end = endOfCharacters(text, Math.max(0, maxChars));
	return end === -1 ? text : `${text.slice(0, end)}${sizeNote(text)}`;
}

/**
 * A refused value as a message quotes it: in double quotes (JSON's escaping, so a line break shows as
 * \n), cut like boundText with the note outside the quotes: `"https://example.com/aaaa"… (1,048,576 characters)`.
 */
export function quoteText(text: string, maxChars: number = QUOTED_INPUT_MAX_CHARS): string {
	const end = endOfCharacters(text, Math.max(0, maxChars));
	return end === -1 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, end))}${sizeNote(text)}`;
}
