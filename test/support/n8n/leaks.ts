// Looks for secrets in what n8n printed and stored (issue 6): CLI output, log files, every file of the
// user folder, and the database read through SQLite, since a long value is split across database pages
// and a search of the file's bytes alone could miss it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import type { N8nInstance } from './n8n';
import { run } from './run';

const MINUTE = 60_000;

export interface Secret {
	/** What it is, for the report (the value itself is shown only in a hit's context). */
	name: string;
	value: string;
}

/** One place searched: a file, a printed stream, a table. */
export interface Evidence {
	where: string;
	content: string | Buffer;
}

export interface Leak {
	secret: string;
	where: string;
	/** The text around the hit, so that a failure shows how it leaked. */
	context: string;
}

/** A short value would match by chance, and a search that can only pass by chance proves nothing. */
const MIN_SECRET_LENGTH = 12;

/** Every occurrence of every secret in every piece of evidence; searched as bytes, so a binary file is searched too. */
export function findLeaks(secrets: Secret[], evidence: Evidence[]): Leak[] {
	for (const { name, value } of secrets) {
		if (value.length < MIN_SECRET_LENGTH) throw new Error(`secret ${name} is shorter than ${MIN_SECRET_LENGTH} characters`);
	}
	const leaks: Leak[] = [];
	for (const { where, content } of evidence) {
		const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
		for (const { name, value } of secrets) {
			for (let at = bytes.indexOf(value); at >= 0; at = bytes.indexOf(value, at + 1)) {
				const context = bytes.subarray(Math.max(0, at - 80), at + value.length + 80).toString('latin1');
				leaks.push({ secret: name, where, context });
			}
		}
	}
	return leaks;
}

/** Every file below a folder, but the folders `skip` names (relative paths). */
export function filesUnder(root: string, skip: string[] = []): Evidence[] {
	const files: Evidence[] = [];
	const walk = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (skip.includes(relative(root, path))) continue;
			if (entry.isDirectory()) walk(path);
			else if (entry.isFile()) files.push({ where: path, content: readFileSync(path) });
		}
	};
	walk(root);
	return files;
}

/** Prints every value of every table, one per line, without escaping (a JSON dump would escape some characters). */
const DUMP_SCRIPT = `
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
const all = (sql) => new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
(async () => {
	for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table'")) {
		const rows = await all('SELECT * FROM "' + name + '"');
		process.stdout.write('== ' + name + ' (' + rows.length + ' rows)\\n');
		for (const row of rows) {
			for (const value of Object.values(row)) process.stdout.write((Buffer.isBuffer(value) ? value.toString('latin1') : String(value)) + '\\n');
		}
	}
	db.close();
})().catch((error) => { console.error(error); process.exit(1); });
`;

/**
 * The whole of n8n's SQLite database as text: executions and their data, workflows, credentials (stored
 * encrypted: a secret in clear text there is a leak too). Read with the sqlite3 module of n8n's own install.
 */
export async function databaseText(n8n: N8nInstance): Promise<string> {
	const database = join(n8n.userFolder, '.n8n', 'database.sqlite');
	const n8nPackage = dirname(dirname(n8n.install.n8nBin));
	const { stdout } = await run(n8n.install.nodeBin, ['-e', DUMP_SCRIPT, database], { cwd: n8nPackage, timeoutMs: MINUTE, check: true });
	return stdout;
}

/** The base64 of `clientId:clientSecret`, as EIAM's token request sends it in its Basic header. */
export function basicCredentials(clientId: string, clientSecret: string): string {
	return Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
}

/** Leaks in words, one a line, for a failing assertion's message. */
export function describeLeaks(leaks: Leak[]): string[] {
	return leaks.map((leak) => `${leak.secret} in ${leak.where}: …${leak.context.replace(/\s+/g, ' ')}…`);
}
