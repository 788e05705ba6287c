/**
 * Checks of one parameter value against a documented rule. They throw FieldError, which the router
 * turns into an n8n error naming the item; keeping them free of n8n makes them easy to test alone.
 */
import { parseUrl } from './domain';
import { quoteText } from './text';

export class FieldError extends Error {
	readonly isFieldError = true;
}

export type LengthUnit = 'bytes' | 'characters';

export interface TextRule {
	/** The field's name as the user sees it in the node panel. */
	label: string;
	required?: boolean;
	maxLength?: number;
	/** AICC documents lengths in bytes (UTF-8); EIAM does not say, so its limits count characters. */
	unit?: LengthUnit;
}

export function lengthOf(text: string, unit: LengthUnit): number {
	return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
}

/** Numbers and booleans from expressions are accepted as their text; objects and arrays are refused. */
function asText(value: unknown, label: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	throw new FieldError(`${label} must be text, got ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}`);
}

/**
 * Whether a text may be longer than `maxLength` in `unit`, from its UTF-16 length alone: a character is at
 * least one UTF-16 unit, and a UTF-16 unit at most three bytes of UTF-8. Most texts are well within their
 * limit, and are not counted.
 */
function mayExceed(text: string, maxLength: number, unit: LengthUnit): boolean {
	return unit === 'bytes' ? text.length * 3 > maxLength : text.length > maxLength;
}

function checkTextAs(value: unknown, rule: TextRule, required: boolean): string | undefined {
	const text = asText(value, rule.label);
	if (text === undefined || text.trim() === '') {
		if (required) throw new FieldError(`${rule.label} is required and must not be empty`);
		return undefined;
	}
	// U+FFFD stands for bytes a read could not decode: text holding it (a misread answer passed on by an
	// expression) would write the misreading over the vendor's own text.
	if (text.includes('\ufffd')) {
		throw new FieldError(`${rule.label} holds U+FFFD (\ufffd), the mark of bytes a read could not decode: enter the text itself, not a misread copy`);
	}
	const unit = rule.unit ?? 'characters';
	if (rule.maxLength !== undefined && mayExceed(text, rule.maxLength, unit)) {
		const length = lengthOf(text, unit);
		if (length > rule.maxLength) {
			const unitText = unit === 'bytes' ? 'bytes (UTF-8)' : 'characters';
			throw new FieldError(`${rule.label} must be at most ${rule.maxLength} ${unitText}, got ${length}`);
		}
	}
	return text;
}

/** Returns the text, or undefined when an optional field is left empty. */
export function checkText(value: unknown, rule: TextRule): string | undefined {
	return checkTextAs(value, rule, rule.required === true);
}

export function checkRequiredText(value: unknown, rule: TextRule): string {
	return checkTextAs(value, rule, true) as string;
}

export function checkOption<T extends string>(
	value: unknown,
	label: string,
	allowed: readonly T[],
	required = false,
): T | undefined {
	if (value === undefined || value === null || value === '') {
		if (required) throw new FieldError(`${label} is required: choose one of ${allowed.join(', ')}`);
		return undefined;
	}
	if (allowed.includes(value as T)) return value as T;
	// Case and surrounding spaces are forgiven ("high", " Markdown"): expressions and AI Agents write enums loosely.
	const match = typeof value === 'string' ? allowed.find((option) => option.toLowerCase() === value.trim().toLowerCase()) : undefined;
	if (match !== undefined) return match;
	throw new FieldError(`${label} must be one of ${allowed.join(', ')}, got ${shownValue(value)}`);
}

/**
 * A refused value as a message shows it: text quoted (its first QUOTED_INPUT_MAX_CHARS characters and
 * its size when longer), a number as it is, anything else by its kind, never its contents.
 */
export function shownValue(value: unknown): string {
	if (typeof value === 'string') return quoteText(value);
	if (typeof value === 'number') return String(value);
	if (value === null || value === undefined) return 'nothing';
	if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
	return `a ${typeof value}`;
}

/** A whole number of at least `min`, from a number field or an expression (numeric text counts). */
export function checkWholeNumber(value: unknown, label: string, min: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number === 'number' && Number.isInteger(number) && number >= min) return number;
	throw new FieldError(`${label} must be a whole number of at least ${min}, got ${shownValue(value)}`);
}

/** For IDs that go into a URL path: required, trimmed. The transport percent-encodes them as one segment. */
export function checkId(value: unknown, rule: TextRule): string {
	return checkRequiredText(value, rule).trim();
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * For text that becomes one URL path segment. Percent-encoding keeps "/", "?" and "#" inside the
 * segment, but URL parsers resolve "." and ".." into another path, even with the dots percent-encoded,
 * and half of a UTF-16 surrogate pair (text cut in the middle of an emoji) has no UTF-8 to encode.
 */
export function checkPathSegment(text: string, label: string): string {
	if (text === '.' || text === '..') throw new FieldError(`${label} must not be "${text}": a URL path cannot hold it as an ID`);
	if (LONE_SURROGATE.test(text)) throw new FieldError(`${label} holds half of an emoji or other character (a lone UTF-16 surrogate) and cannot be sent`);
	return text;
}

/**
 * The last URL accepted for each field: a bulk run usually sends the same links with every item, and
 * parsing a URL costs. Bounded by the fields that use checkUrl (their labels are constants).
 */
const acceptedUrls = new Map<string, string>();

/** http(s) URL check for the EIAM detail links, which users click from the to-do list. */
export function checkUrl(value: unknown, rule: TextRule): string {
	const text = checkRequiredText(value, rule);
	if (acceptedUrls.get(rule.label) === text) return text;
	const url = parseUrl(text);
	if (!url) {
		throw new FieldError(`${rule.label} must be a full URL starting with http:// or https://, got ${quoteText(text)}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FieldError(`${rule.label} must start with http:// or https://, got ${quoteText(text)}`);
	}
	acceptedUrls.set(rule.label, text);
	return text;
}
