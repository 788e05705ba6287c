// An OpenAI-compatible chat-completions server for tests (loopback, free port): the "model" follows a
// script. Each turn sees the request (the messages so far, the tools offered) and answers with tool
// calls or a final message; every request is recorded. Streaming requests get the same answer as
// server-sent events. Anything but POST /v1/chat/completions gets a 404 that says what it serves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: { type?: string; properties?: Record<string, unknown>; required?: string[] } };
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
}

/** What the model says on one turn: tool calls (name and arguments), or a final text. */
export type Turn = { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { content: string };

/** The script: called once per request, with the request and how many came before. */
export type Script = (request: ChatRequest, turn: number) => Turn;

export interface ScriptedModel {
	/** The base URL an OpenAI credential takes (…/v1). */
	url: string;
	requests: ChatRequest[];
	stop(): Promise<void>;
}

/** The text of a message, whatever shape its content has. */
export function messageText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	return (message.content ?? []).map((part) => part.text ?? '').join('');
}

function completion(turn: Turn, model: string, index: number) {
	const message =
		'content' in turn
			? { role: 'assistant', content: turn.content }
			: {
					role: 'assistant',
					content: null,
					tool_calls: turn.toolCalls.map((call, n) => ({ id: `call_${index}_${n}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })),
				};
	return {
		id: `chatcmpl-${index}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, finish_reason: 'content' in turn ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as a stream of chunks: the whole message in one delta, then the finish reason. */
function chunks(answer: ReturnType<typeof completion>): string {
	const { message, finish_reason } = answer.choices[0];
	const delta = { ...message, tool_calls: message.tool_calls?.map((call, index) => ({ index, ...call })) };
	const chunk = (choice: object) => `data: ${JSON.stringify({ id: answer.id, object: 'chat.completion.chunk', created: answer.created, model: answer.model, choices: [choice] })}\n\n`;
	return chunk({ index: 0, delta, finish_reason: null }) + chunk({ index: 0, delta: {}, finish_reason }) + 'data: [DONE]\n\n';
}

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const server: Server = createServer((incoming, response) => {
		const parts: Buffer[] = [];
		incoming.on('data', (part: Buffer) => parts.push(part));
		incoming.on('end', () => {
			if (incoming.method !== 'POST' || !incoming.url?.endsWith('/chat/completions')) {
				response.writeHead(404, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: `The scripted model serves POST /v1/chat/completions only, not ${incoming.method} ${incoming.url}` } }));
				return;
			}
			let request: ChatRequest;
			try {
				request = JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatRequest;
			} catch {
				response.writeHead(400, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: 'The request body is not JSON' } }));
				return;
			}
			requests.push(request);
			let answer: ReturnType<typeof completion>;
			try {
				answer = completion(script(request, requests.length - 1), request.model, requests.length);
			} catch (error) {
				response.writeHead(400, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: `Scripted model: ${(error as Error).message}` } }));
				return;
			}
			if (request.stream) {
				response.writeHead(200, { 'Content-Type': 'text/event-stream' });
				response.end(chunks(answer));
				return;
			}
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
