import { checkId, checkOption, checkPathSegment, checkText, checkUrl, checkWholeNumber, FieldError } from '../../nodes/shared/validation';
import { QUOTED_INPUT_MAX_CHARS } from '../../nodes/shared/text';

describe('checkText', () => {
	const title = { label: 'Title', maxLength: 100, required: true };

	test('an empty or blank required field is refused, naming the field', () => {
		for (const empty of ['', '   ', undefined, null]) {
			expect(() => checkText(empty, title)).toThrow('Title is required and must not be empty');
		}
	});

	test('an optional field left empty is simply not sent', () => {
		expect(checkText('', { label: 'Description' })).toBeUndefined();
	});

	test('EIAM limits count characters: 100 emoji or CJK characters fit a 100-character title, 101 do not', () => {
		expect(checkText('😀'.repeat(100), title)).toHaveLength(200);
		expect(checkText('中'.repeat(100), title)).toBe('中'.repeat(100));
		expect(() => checkText('中'.repeat(101), title)).toThrow('Title must be at most 100 characters, got 101');
	});

	test('AICC limits count UTF-8 bytes: 42 Chinese characters (126 bytes) fit 128 bytes, 43 (129 bytes) do not', () => {
		const aiccTitle = { label: 'Title', maxLength: 128, unit: 'bytes' as const };
		expect(checkText('中'.repeat(42), aiccTitle)).toBe('中'.repeat(42));
		expect(() => checkText('中'.repeat(43), aiccTitle)).toThrow('Title must be at most 128 bytes (UTF-8), got 129');
		expect(checkText('a'.repeat(128), aiccTitle)).toHaveLength(128);
	});

	test('a text is refused exactly when its count in the unit passes the limit, whatever it mixes (ASCII, 2- and 3-byte characters, emoji)', () => {
		const pieces = ['a', 'é', '中', '😀'];
		for (let seed = 0; seed < 2_000; seed++) {
			const text = Array.from({ length: 1 + (seed % 40) }, (_, index) => pieces[(seed * 7 + index * (seed % 5)) % 4]).join('');
			for (const unit of ['characters', 'bytes'] as const) {
				const length = unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
				for (const maxLength of [length - 1, length, length + 1]) {
					const check = () => checkText(text, { label: 'Title', maxLength, unit });
					if (length > maxLength) expect(check).toThrow(`got ${length}`);
					else expect(check()).toBe(text);
				}
			}
		}
	});

	test('numbers from expressions are taken as text, objects and arrays are refused', () => {
		expect(checkText(42, title)).toBe('42');
		expect(() => checkText({ a: 1 }, title)).toThrow('Title must be text, got a object');
		expect(() => checkText([1], title)).toThrow('Title must be text, got an array');
	});

	test('failures are FieldErrors, which the router turns into item errors', () => {
		expect(() => checkText('', title)).toThrow(FieldError);
	});
});

// A read that could not decode some bytes shows U+FFFD; an expression passing that text on would write the misreading back.
test('a text holding U+FFFD is refused, naming the field, before it can be written over the vendor\'s text', () => {
	expect(() => checkText('Call the \ufffd back', { label: 'Content' })).toThrow(
		new FieldError('Content holds U+FFFD (\ufffd), the mark of bytes a read could not decode: enter the text itself, not a misread copy'),
	);
	expect(checkText('Call the 客户 back', { label: 'Content' })).toBe('Call the 客户 back');
});

describe('checkOption', () => {
	test('accepts a documented value and refuses others with the allowed list', () => {
		expect(checkOption('MARKDOWN', 'Message Type', ['TEXT', 'MARKDOWN'])).toBe('MARKDOWN');
		expect(() => checkOption('HTML', 'Message Type', ['TEXT', 'MARKDOWN'])).toThrow(
			'Message Type must be one of TEXT, MARKDOWN, got "HTML"',
		);
		expect(() => checkOption('', 'Message Type', ['TEXT', 'MARKDOWN'], true)).toThrow('Message Type is required');
		expect(checkOption('', 'Priority', ['Low'])).toBeUndefined();
	});

	test('forgives case and surrounding spaces, as an expression or an AI Agent writes them, and sends the documented value', () => {
		expect(checkOption('high', 'Priority', ['Critical', 'High'])).toBe('High');
		expect(checkOption(' markdown ', 'Message Type', ['TEXT', 'MARKDOWN'])).toBe('MARKDOWN');
		expect(() => checkOption('hi', 'Priority', ['Critical', 'High'])).toThrow('Priority must be one of Critical, High, got "hi"');
	});
});

describe('checkId and checkUrl', () => {
	test('IDs are trimmed and required', () => {
		expect(checkId('  abc ', { label: 'To-Do ID' })).toBe('abc');
		expect(() => checkId(' ', { label: 'To-Do ID' })).toThrow('To-Do ID is required');
	});

	test('detail URLs must be http(s) URLs', () => {
		expect(checkUrl('https://example.com/a?b=1', { label: 'Web URL' })).toBe('https://example.com/a?b=1');
		expect(() => checkUrl('example.com', { label: 'Web URL' })).toThrow('Web URL must be a full URL');
		expect(() => checkUrl('javascript:alert(1)', { label: 'Web URL' })).toThrow('Web URL must start with http:// or https://');
	});
});

// Both found by the property tests of issue 6 (test/property).
describe('checkPathSegment', () => {
	test('"." and ".." are refused: URL parsers resolve them, so GET todo/task/.. would read todo/', () => {
		expect(() => checkPathSegment('..', 'To-Do ID')).toThrow('To-Do ID must not be "..": a URL path cannot hold it as an ID');
		expect(() => checkPathSegment('.', 'Task ID')).toThrow('Task ID must not be "."');
	});

	test('half of a surrogate pair is refused (encodeURIComponent would throw "URI malformed"); a whole emoji is kept', () => {
		expect(() => checkPathSegment('a\ud83d', 'To-Do ID')).toThrow('To-Do ID holds half of an emoji or other character');
		expect(() => checkPathSegment('\ude00b', 'To-Do ID')).toThrow(FieldError);
		expect(checkPathSegment('a😀', 'To-Do ID')).toBe('a😀');
	});

	test('other URL specials are kept: percent-encoding holds them inside the segment', () => {
		for (const id of ['...', 'a/../b', '%2e%2e', '?x', '#y', '%']) expect(checkPathSegment(id, 'To-Do ID')).toBe(id);
	});
});

describe('checkWholeNumber', () => {
	test('a whole number from the minimum, also as numeric text from an expression', () => {
		expect(checkWholeNumber(1, 'Limit', 1)).toBe(1);
		expect(checkWholeNumber(' 7 ', 'Limit', 1)).toBe(7);
	});

	test('a fraction is refused rather than sent as a page size AICC refuses; other types are shown by kind', () => {
		expect(() => checkWholeNumber(2.5, 'Limit', 1)).toThrow('Limit must be a whole number of at least 1, got 2.5');
		expect(() => checkWholeNumber(0, 'Limit', 1)).toThrow('got 0');
		expect(() => checkWholeNumber('five', 'Limit', 1)).toThrow('got "five"');
		expect(() => checkWholeNumber([5], 'Limit', 1)).toThrow('got an array');
		expect(() => checkWholeNumber({ limit: 5 }, 'Limit', 1)).toThrow('got an object');
		expect(() => checkWholeNumber(null, 'Limit', 1)).toThrow('got nothing');
		expect(() => checkWholeNumber(true, 'Limit', 1)).toThrow('got a boolean');
	});
});

describe('refused values are quoted cut to QUOTED_INPUT_MAX_CHARS characters, with their size', () => {
	const long = `ftp://${'a'.repeat(9_994)}`;
	const cut = `${JSON.stringify(long.slice(0, QUOTED_INPUT_MAX_CHARS))}… (10,000 characters)`;

	test('checkUrl, checkOption and checkWholeNumber', () => {
		expect(() => checkUrl(long, { label: 'Web URL' })).toThrow(`Web URL must start with http:// or https://, got ${cut}`);
		expect(() => checkOption(long, 'Message Type', ['TEXT', 'MARKDOWN'])).toThrow(`Message Type must be one of TEXT, MARKDOWN, got ${cut}`);
		expect(() => checkWholeNumber(long, 'Limit', 1)).toThrow(`Limit must be a whole number of at least 1, got ${cut}`);
	});

	test('an option refused as an object or array is named by its kind, never its contents', () => {
		expect(() => checkOption({ secret: 'x'.repeat(1_000) }, 'Status', ['Pending'])).toThrow(/got an object$/);
		expect(() => checkOption(['TEXT'], 'Message Type', ['TEXT'])).toThrow(/got an array$/);
	});
});
