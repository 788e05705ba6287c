// The node panels read as n8n's own do: no title-cased unit ("(Ms)"; the unit goes in the description),
// placeholders that cannot pass for a filled-in value, and options that a collection adds with a preset
// value saying which value that is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { AiccApi } from '../../credentials/AiccApi.credentials';
import { EiamApi } from '../../credentials/EiamApi.credentials';
import { Aicc } from '../../nodes/Aicc/Aicc.node';
import { Eiam } from '../../nodes/Eiam/Eiam.node';

const ROOT = join(__dirname, '..', '..');

interface Found {
	where: string;
	property: INodeProperties;
	/** Inside a collection: shown only once the user adds it, with its default already chosen. */
	added: boolean;
}

/** Every parameter, with the ones nested in collections and fixed collections. */
function walk(properties: INodeProperties[], where: string, added = false): Found[] {
	return properties.flatMap((property) => {
		const path = `${where} → ${property.displayName}`;
		const own: Found = { where: path, property, added };
		const nested = (property.options ?? []).flatMap((option) => {
			if ('type' in option) return walk([option as INodeProperties], path, property.type === 'collection');
			if ('values' in option) return walk((option as INodePropertyCollection).values, `${path} → ${option.displayName}`, false);
			return [];
		});
		return [own, ...nested];
	});
}

const panels: Found[] = [
	...walk(new Aicc().description.properties, 'Huawei AICC'),
	...walk(new Eiam().description.properties, 'BCCastle EIAM'),
	...walk(new AiccApi().properties, 'AICC credential'),
	...walk(new EiamApi().properties, 'EIAM credential'),
];

/** Every text value in the example workflows users import (examples/*.json). */
function exampleValues(): Set<string> {
	const values = new Set<string>();
	const collect = (value: unknown): void => {
		if (typeof value === 'string') values.add(value);
		else if (value && typeof value === 'object') Object.values(value).forEach(collect);
	};
	for (const file of readdirSync(join(ROOT, 'examples')).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as { nodes: Array<{ parameters: unknown }> };
		for (const node of workflow.nodes) collect(node.parameters);
	}
	return values;
}

test('the walk sees the panels: options, filters and additional fields among them', () => {
	const names = panels.map(({ where }) => where);
	expect(names).toEqual(expect.arrayContaining(['Huawei AICC → Options → Timeout', 'Huawei AICC → Filters → Classification', 'BCCastle EIAM → Options → Batching → Batching → Batch Interval']));
	expect(panels.filter(({ property }) => property.placeholder).length).toBeGreaterThan(10);
});

test('no display name writes a unit title-cased ("Timeout (Ms)"); units are in the description, as the community scanner wants', () => {
	const titleCasedUnit = /\b(?:Ms|Sec|Secs|Min|Mins|Kb|Mb|Gb|Kib|Mib|Px)\b/;
	expect(panels.filter(({ property }) => titleCasedUnit.test(property.displayName)).map(({ where }) => where)).toEqual([]);
});

test("no placeholder equals a value of the example workflows, and IDs' placeholders use n8n's e.g. form", () => {
	const values = exampleValues();
	expect(values.size).toBeGreaterThan(10);
	const placeholders = panels.filter(({ property }) => property.type !== 'collection' && property.type !== 'fixedCollection' && property.placeholder);
	expect(placeholders.filter(({ property }) => values.has(String(property.placeholder))).map(({ where, property }) => `${where}: ${property.placeholder}`)).toEqual([]);
	expect(placeholders.filter(({ property }) => !String(property.placeholder).startsWith('e.g. ')).map(({ where, property }) => `${where}: ${property.placeholder}`)).toEqual([]);
});

test('an option a collection adds with a preset value says which value it picks', () => {
	const presetOptions = panels.filter(
		({ property, added }) => added && property.type === 'options' && property.default !== '' && (property.options as INodePropertyOptions[]).length > 1,
	);
	expect(presetOptions.map(({ where }) => where)).toEqual(expect.arrayContaining(['Huawei AICC → Filters → Status', 'Huawei AICC → Filters → Priority']));
	const unexplained = presetOptions.filter(({ property }) => {
		const preset = (property.options as INodePropertyOptions[]).find((option) => option.value === property.default);
		return !property.description?.includes(`selects ${preset?.name}`);
	});
	expect(unexplained.map(({ where }) => where)).toEqual([]);
});

test('"Todo", AICC\'s spelling of a task view, carries a hint that it is not a typo', () => {
	const classification = panels.find(({ where }) => where === 'Huawei AICC → Filters → Classification');
	const todo = (classification?.property.options as INodePropertyOptions[]).find((option) => option.value === 'Todo');
	expect(todo?.description).toMatch(/not a typo/);
});
