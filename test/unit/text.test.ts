import { boundText, characterCount, QUOTED_INPUT_MAX_CHARS, quoteText } from '../../nodes/shared/text';

describe('boundText: quoted text cut to a size, with the size it had', () => {
	test('a text within the size is returned as it is', () => {
		expect(boundText('', 10)).toBe('');
		expect(boundText('abc', 3)).toBe('abc');
		expect(boundText('https://example.com', 200)).toBe('https://example.com');
	});

	test('a longer text keeps its first characters and says how many it had, in English digit groups', () => {
		expect(boundText('abcdef', 3)).toBe('abc… (6 characters)');
		const megabyte = 'x'.repeat(1_048_576);
		expect(boundText(megabyte, 10)).toBe('xxxxxxxxxx… (1,048,576 characters)');
	});

	test('characters are counted as validation counts them (code points): an emoji is one, and never cut in half', () => {
		const emoji = '\u{1F600}';
		expect(characterCount(`${emoji}${emoji}a`)).toBe(3);
		expect(boundText(`${emoji}${emoji}${emoji}`, 3)).toBe(`${emoji}${emoji}${emoji}`);
		const cut = boundText(`${emoji}${emoji}${emoji}`, 2);
		expect(cut).toBe(`${emoji}${emoji}… (3 characters)`);
		// No lone surrogate is left at the cut.
		expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
	});

	test('a size of 0 (or less) keeps only the note', () => {
		expect(boundText('abc', 0)).toBe('… (3 characters)');
		expect(boundText('abc', -5)).toBe('… (3 characters)');
	});

	test('the result stays near the size, however long the text', () => {
		for (const length of [201, 10_000, 5_000_000]) {
			expect(boundText('y'.repeat(length), QUOTED_INPUT_MAX_CHARS).length).toBeLessThanOrEqual(QUOTED_INPUT_MAX_CHARS + 30);
		}
	});
});

describe('quoteText: a refused value in quotes, the note outside them', () => {
	test('a short value is quoted whole, escaped like JSON', () => {
		expect(quoteText('soon')).toBe('"soon"');
		expect(quoteText('a\nb')).toBe('"a\\nb"');
	});

	test(`a value over ${QUOTED_INPUT_MAX_CHARS} characters is cut, the note after the closing quote`, () => {
		const url = `https://example.com/${'a'.repeat(1_048_556)}`;
		const quoted = quoteText(url);
		expect(quoted).toBe(`"${url.slice(0, QUOTED_INPUT_MAX_CHARS)}"… (1,048,576 characters)`);
	});
});
