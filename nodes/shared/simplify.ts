import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The node version from which Simplify is offered, on by default. Version 1 nodes in existing
 * workflows keep the vendor's record, as they always output it.
 */
export const SIMPLIFY_VERSION = 2;

/** The Simplify toggle for the read operations, shown on nodes of SIMPLIFY_VERSION and later. */
export function simplifyField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: SIMPLIFY_VERSION } }] } },
	};
}

/** Whether an item asks for the simplified shape; nodes older than SIMPLIFY_VERSION never do. */
export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, false) === true;
}

/** A flat record of `fields` (output name → where it is read in the vendor's record), null where the vendor gave nothing. */
export function flatten(record: IDataObject, fields: Record<string, (record: IDataObject) => unknown>): IDataObject {
	const flat: IDataObject = {};
	for (const [name, read] of Object.entries(fields)) flat[name] = (read(record) ?? null) as IDataObject[string];
	return flat;
}
