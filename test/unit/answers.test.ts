import type { INode } from 'n8n-workflow';

import { expectSameRecord, type RecordCheck } from '../../nodes/shared/answers';
import { itemMessage } from '../../nodes/shared/failures';

const context = { getNode: () => ({ name: 'EIAM', type: 'eiam' }) as INode };
const check: RecordCheck = { vendor: 'EIAM', operation: 'EIAM Get', record: 'to-do', field: 'id', asked: 'T-1', itemIndex: 2, idShape: /^T-\d$/ };

const messageOf = (answered: unknown, overrides: Partial<RecordCheck> = {}) => {
	try {
		expectSameRecord(context, answered, { ...check, ...overrides });
		return undefined;
	} catch (error) {
		return itemMessage(error as Error, 2);
	}
};

describe('expectSameRecord: an answer about another record than the one asked for', () => {
	test('the same ID, or none (left out, null, empty), passes; a number is compared as its text', () => {
		for (const answered of ['T-1', undefined, null, '']) expect(messageOf(answered)).toBeUndefined();
		expect(messageOf(42, { asked: '42' })).toBeUndefined();
	});

	test('another ID of the vendor\'s shape is quoted; the case counts', () => {
		expect(messageOf('T-2')).toBe('EIAM Get answered about another to-do: id "T-2" instead of "T-1" (item 2)');
		expect(messageOf('t-1')).toBe('EIAM Get answered about another to-do: id "t-1" instead of "T-1" (the case differs) (item 2)');
	});

	test('other text, which may echo the request, is shown by its size; other values by their kind', () => {
		expect(messageOf('Bearer secret-token')).toBe('EIAM Get answered about another to-do: another id (19 characters) instead of "T-1" (item 2)');
		expect(messageOf({ id: 'T-1' })).toBe('EIAM Get answered about another to-do: another id (an object) instead of "T-1" (item 2)');
	});

	test('the description says nothing was written, unless the advice for a write says otherwise', () => {
		const description = (overrides: Partial<RecordCheck>): string | undefined => {
			try {
				expectSameRecord(context, 'T-2', { ...check, ...overrides });
				return undefined;
			} catch (error) {
				return (error as { description?: string }).description;
			}
		};
		expect(description({})).toMatch(/nothing was written/);
		expect(description({ advice: (other) => `changed ${other}?` })).toBe('changed "T-2"?');
		expect(description({ idShape: undefined, advice: (other) => `changed ${other ?? 'another'}?` })).toBe('changed another?');
	});
});
