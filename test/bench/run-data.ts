// The run data of an `n8n execute`, read from the execution n8n saved in its SQLite database, so that a
// run of 50,000 items does not depend on what n8n manages to print to stdout before it exits (at that
// size its output was cut at 14.1 MB). n8n's own sqlite3 and flatted modules read it, as n8n stores it.
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { N8nInstance } from '../support/n8n/n8n';

/** What the benchmark needs of one node's run in one execution. */
export interface NodeRunFigures {
	executionId: string;
	status: string;
	/** Epoch milliseconds and duration of the node's execution, as n8n recorded them. */
	startTime: number;
	executionTime: number;
	items: number;
	itemErrors: number;
	/** The node's error when it failed. */
	error?: string;
}

interface StoredTaskData {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json?: { error?: unknown } }> | null> };
	error?: { message?: string };
}

interface SqliteDatabase {
	get(sql: string, params: unknown[], callback: (error: Error | null, row: Record<string, string> | undefined) => void): void;
	close(callback: (error: Error | null) => void): void;
}

/** The node's figures from run data as n8n stores it (flatted's text of the execution's data). */
export function nodeRunFromStoredData(parse: (text: string) => unknown, text: string, nodeName: string): Omit<NodeRunFigures, 'executionId' | 'status'> {
	const data = parse(text) as { resultData?: { runData?: Record<string, StoredTaskData[]>; error?: { message?: string } } };
	const task = data.resultData?.runData?.[nodeName]?.[0];
	if (!task) throw new Error(`the execution has no run of "${nodeName}"${data.resultData?.error?.message ? `: ${data.resultData.error.message}` : ''}`);
	const output = task.data?.main?.[0] ?? [];
	return {
		startTime: task.startTime,
		executionTime: task.executionTime,
		items: output.length,
		itemErrors: output.filter((item) => item.json?.error !== undefined).length,
		...(task.error ? { error: task.error.message ?? 'failed without a message' } : {}),
	};
}

/** The newest execution of a workflow in n8n's database, with the named node's figures. */
export async function readNodeRun(n8n: N8nInstance, workflowId: string, nodeName: string): Promise<NodeRunFigures> {
	const fromN8n = createRequire(n8n.install.n8nBin);
	const sqlite3 = fromN8n('sqlite3') as { Database: new (file: string, mode: number, callback: (error: Error | null) => void) => SqliteDatabase; OPEN_READONLY: number };
	const { parse } = fromN8n('flatted') as { parse: (text: string) => unknown };
	const database = await new Promise<SqliteDatabase>((resolve, reject) => {
		const opened: SqliteDatabase = new sqlite3.Database(join(n8n.userFolder, '.n8n', 'database.sqlite'), sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
	});
	try {
		const row = await new Promise<Record<string, string> | undefined>((resolve, reject) =>
			database.get(
				'SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id DESC LIMIT 1',
				[workflowId],
				(error, found) => (error ? reject(error) : resolve(found)),
			),
		);
		if (!row) throw new Error(`n8n saved no execution of workflow ${workflowId}`);
		return { executionId: String(row.id), status: row.status, ...nodeRunFromStoredData(parse, row.data, nodeName) };
	} finally {
		await new Promise<void>((resolve) => database.close(() => resolve()));
	}
}
