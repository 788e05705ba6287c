// The approval page n8n serves at the to-do's detail URL, and the pages that answer its form. Every text
// on them (EIAM's title and content, the button labels, a person's comment) is escaped: none is markup.

/** What a page may show of a to-do. */
export interface PageTodo {
	title: string;
	content: string;
}

export interface ApprovalPageOptions {
	approveLabel: string;
	/** Undefined for Approve Only. */
	declineLabel?: string;
	askForComment: boolean;
}

/** The most characters of a comment the form accepts and the output keeps. */
export const COMMENT_MAX_CHARS = 2_000;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML character data or attribute value: no tag, entity or quote survives. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * Headers of every page: nothing runs on it and nothing loads from elsewhere (no script at all, styles
 * inline), it is not cached or indexed, and its address, which holds the signature, never leaves as a Referer.
 */
export const PAGE_HEADERS: Record<string, string> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'X-Robots-Tag': 'noindex, nofollow',
};

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f5f6f8;color:#1f2328;margin:0;padding:32px 16px}
main{max-width:560px;margin:0 auto;background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:24px}
h1{font-size:20px;margin:0 0 12px}
.content{white-space:pre-wrap;line-height:1.5;margin:0 0 20px}
label{display:block;font-size:14px;margin:0 0 6px}
textarea{width:100%;box-sizing:border-box;min-height:80px;font:inherit;margin:0 0 16px}
.buttons{display:flex;gap:12px}
button{font:inherit;font-size:16px;padding:10px 20px;border-radius:6px;border:1px solid #1a7f37;cursor:pointer}
.approve{background:#1a7f37;color:#fff}
.decline{background:#fff;color:#cf222e;border-color:#cf222e}
.note{color:#57606a;font-size:13px;margin:16px 0 0}`;

function document(title: string, body: string): string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/**
 * The page a GET shows: the to-do and a form that POSTs the decision back to this very address (a form
 * without an action goes to the page's own URL, query and signature included). Viewing it decides nothing.
 */
export function approvalPage(todo: PageTodo, options: ApprovalPageOptions): string {
	const comment = options.askForComment
		? `<label for="comment">Comment (optional)</label><textarea id="comment" name="comment" maxlength="${COMMENT_MAX_CHARS}"></textarea>`
		: '';
	const decline = options.declineLabel !== undefined ? `<button class="decline" type="submit" name="decision" value="decline">${escapeHtml(options.declineLabel)}</button>` : '';
	return document(
		todo.title,
		`<h1>${escapeHtml(todo.title)}</h1><p class="content">${escapeHtml(todo.content)}</p>` +
			`<form method="post">${comment}<div class="buttons"><button class="approve" type="submit" name="decision" value="approve">${escapeHtml(options.approveLabel)}</button>${decline}</div></form>` +
			'<p class="note">Your answer goes back to the workflow that asked, and the to-do is marked as done.</p>',
	);
}

/** A short page with a heading and a sentence: the answer recorded, already given, or a problem. */
export function messagePage(heading: string, sentence: string): string {
	return document(heading, `<h1>${escapeHtml(heading)}</h1><p class="content">${escapeHtml(sentence)}</p>`);
}
