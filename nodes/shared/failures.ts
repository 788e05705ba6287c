/**
 * The words a user reads for each kind of failure on the request path, built from our own text and the
 * vendor's (already cleared of the run's secrets and cut to size by the caller). Nothing here sends.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RawResponse } from './classify';
import type { RetryBudget } from './retry';
import { quoteVendor, type SecretRedactor } from './secrets';
import { FieldError } from './validation';

/**
 * "(item 3)" ends the message of an error about one item of a node's run, and is added in one place: where
 * the router makes the message a user reads (itemMessage, through withItemIndex). Every message is written
 * without it, so a message quoted in another (a create's lost answer, the approval page) or reported again
 * for another item is used as it is. The errors about the item being run are marked here: a FieldError is
 * one by its kind, the others by aboutItem. A trigger's poll and the editor's picker have no items.
 */
const aboutItems = new WeakSet<Error>();

/** Marks `error` as about the item being run, so that the router names the item when it shows it. */
export function aboutItem<E extends Error>(error: E): E {
	aboutItems.add(error);
	return error;
}

/** An error of ours: about item `itemIndex` of a node's run, or, without one (a poll, a picker), about none. */
export function itemError(node: INode, message: string, itemIndex: number | undefined, description?: string): NodeOperationError {
	if (itemIndex === undefined) return new NodeOperationError(node, message, { description });
	return aboutItem(new NodeOperationError(node, message, { itemIndex, description }));
}

/** The message a user reads for `error` when it failed item `itemIndex`: named "(item N)" when it is about that item. */
export function itemMessage(error: Error, itemIndex: number): string {
	return error instanceof FieldError || aboutItems.has(error) ? `${error.message} (item ${itemIndex})` : error.message;
}

/** What the vendor said when a call failed, in words a user can act on, with the vendor's own text kept. */
export interface VendorFailure {
	message: string;
	description?: string;
	/** The vendor's own error code (EIAM error_code, AICC resCode, a gateway's APIG.*), when it gave one. */
	code?: string;
}

/** A failure's texts as a message may quote them: cleared of the secrets, then cut to size. */
export function clearedFailure(failure: VendorFailure, secrets: SecretRedactor): VendorFailure {
	return {
		message: quoteVendor(failure.message, secrets),
		...(failure.description === undefined ? {} : { description: quoteVendor(failure.description, secrets) }),
		...(failure.code === undefined ? {} : { code: quoteVendor(failure.code, secrets) }),
	};
}

// n8n tells its errors apart by `name` (which defaults to the class name), so the subclasses below keep their base's.

/**
 * A request that is not idempotent failed in a way that leaves open whether the vendor carried it out.
 * Operations with a natural key (EIAM's External ID) catch it to find out.
 */
export class UncertainOutcomeError extends NodeOperationError {
	override name = 'NodeOperationError';
}

/** The vendor refused a request; its own error code is kept for operations that act on it. */
export class VendorApiError extends NodeApiError {
	override name = 'NodeApiError';
	vendorCode?: string;
	/**
	 * Set when this answer came on a repeat attempt after an earlier attempt's answer was lost (the vendor
	 * may have acted on that one): why it was lost. A Delete's "not found" then means the first one deleted it.
	 */
	lostAnswer?: string;
}

/**
 * A request failed on the way for a reason that may pass; `message` says how. Either its answer was
 * lost (reset, cut, corrupt, time-out: the vendor may have acted) or it never went out (no token this
 * time: `notActed`). Never leaves the transport, which retries it or words it with gaveUp.
 */
export class PassingFailure extends NodeOperationError {
	notActed = false;
}

/** A fault that may pass, and whether the vendor said it did not act on the request. */
export interface TransientProblem {
	reason: string;
	notActed: boolean;
	retryAfterMs?: number;
}

/** What a request that gave up is, for its wording: whether it may be repeated, and what to check when it may have been carried out. */
export interface GiveUpContext {
	itemIndex: number;
	idempotent: boolean;
	uncertainAdvice?: string;
}

/**
 * The wording of one vendor's failures in one place the transport runs. In a node's run each error is about
 * its item (see itemMessage); a trigger's poll or the editor's picker has no items.
 */
export class FailureWords {
	constructor(
		readonly node: INode,
		readonly vendor: 'AICC' | 'EIAM',
		private readonly namesItems: boolean,
	) {}

	/** The options n8n keeps beside a message: the item, where there are items. */
	private where(itemIndex: number): { itemIndex?: number } {
		return this.namesItems ? { itemIndex } : {};
	}

	/** The error, about its item where there are items. */
	private about<E extends Error>(error: E): E {
		return this.namesItems ? aboutItem(error) : error;
	}

	operationError(message: string, itemIndex: number, description?: string): NodeOperationError {
		return itemError(this.node, message, this.namesItems ? itemIndex : undefined, description);
	}

	/** The same failure, reported for another item. */
	forItem(error: NodeOperationError, itemIndex: number): NodeOperationError {
		return this.operationError(error.message, itemIndex, error.description ?? undefined);
	}

	/** The vendor's refusal as an error: our message, the vendor's words in the description, its code kept. */
	refused(response: RawResponse, failure: VendorFailure, itemIndex: number, lostAnswer?: string): VendorApiError {
		const error = new VendorApiError(this.node, errorDetails(response, failure), {
			message: failure.message,
			description: failure.description,
			httpCode: String(response.statusCode),
			...this.where(itemIndex),
		});
		error.vendorCode = failure.code;
		error.lostAnswer = lostAnswer;
		return this.about(error);
	}

	/** The error for a request whose fault outlasted the retries, or that may have been carried out and must not be repeated. */
	gaveUp(problem: TransientProblem, request: GiveUpContext, budget: RetryBudget, response?: RawResponse, failure?: VendorFailure): Error {
		const { vendor } = this;
		const { itemIndex } = request;
		const tries = budget.retries === 0 ? '' : ` after ${budget.retries} ${budget.retries === 1 ? 'retry' : 'retries'} over ${(budget.waitedMs / 1000).toFixed(1)} s`;
		const vendorText = failure?.description;
		const details = errorDetails(response, failure);
		const options = { ...this.where(itemIndex), ...(response ? { httpCode: String(response.statusCode) } : {}) };
		if (problem.notActed) {
			const held = response?.statusCode === 429 ? `${vendor}'s rate limit held` : `${vendor} stayed unavailable`;
			return this.about(new NodeApiError(this.node, details, {
				...options,
				message: `${held} (${problem.reason}${tries})`,
				description: sentences(
					'The request was not carried out.',
					problem.retryAfterMs === undefined ? undefined : `${vendor} asked to wait ${Math.ceil(problem.retryAfterMs / 1000)} s (Retry-After).`,
					'Lower Items per Batch or add a Batch Interval, or raise Max Retries and Max Retry Wait under Options.',
					vendorText,
				),
			}));
		}
		if (request.idempotent) {
			return this.about(new NodeApiError(this.node, details, {
				...options,
				message: `${vendor} failed (${problem.reason}${tries})`,
				description: sentences('The request is safe to repeat: run the item again later, or raise Max Retries and Max Retry Wait under Options.', vendorText),
			}));
		}
		return this.about(
			new UncertainOutcomeError(this.node, `${vendor}'s answer was lost (${problem.reason})`, {
				...this.where(itemIndex),
				description: request.uncertainAdvice ?? `${vendor} may have carried out the request; check in ${vendor} before running this item again.`,
			}),
		);
	}

	/** Nothing reached the vendor: the connection was never made (DNS, refused, TLS). */
	unreachable(origin: string, text: string, itemIndex: number, code?: string): NodeOperationError {
		return this.operationError(
			`Could not reach ${this.vendor} at ${origin}: ${text}`,
			itemIndex,
			`Check the credential's Domain and your network.${code ? ` Network error: ${code}.` : ''}`,
		);
	}

	/** A 3xx: the request was not followed, and the message names where it would have gone. */
	redirected(target: string, statusCode: number, itemIndex: number): NodeOperationError {
		const { vendor } = this;
		return this.operationError(
			`${vendor} answered with a redirect to ${target}; the request was not followed`,
			itemIndex,
			`Neither vendor documents a redirect, and following one would send the credential elsewhere: check the credential's Domain (HTTP ${statusCode}), and any proxy between n8n and ${vendor}.`,
		);
	}

	rejectedAccessToken(itemIndex: number): NodeOperationError {
		return this.operationError(
			`${this.vendor} rejected the access token: it is expired or invalid`,
			itemIndex,
			'Paste a new Access Token into the credential, or switch the credential to Client Credentials so that n8n renews the token itself.',
		);
	}

	rejectedFreshToken(itemIndex: number, statusCode: number, vendorText?: string): NodeOperationError {
		return this.operationError(
			`${this.vendor} rejected a token it had just issued (HTTP ${statusCode})`,
			itemIndex,
			sentences(`Check that the ${this.vendor} application behind the Client ID is allowed to call this API.`, vendorText),
		);
	}
}

function sentences(...parts: Array<string | undefined>): string {
	return parts.filter(Boolean).join(' ');
}

/**
 * What NodeApiError keeps of the answer (n8n stores it in the run data): a few known fields, already
 * cleared of secrets, never the raw body, which may quote the request or nest beyond what n8n can copy.
 */
function errorDetails(response: RawResponse | undefined, failure: VendorFailure | undefined): JsonObject {
	if (!response) return {};
	return {
		statusCode: response.statusCode,
		...(failure?.code ? { code: failure.code } : {}),
		...(failure?.description ? { message: failure.description } : {}),
	};
}
