/**
 * The one error a failed bridge call throws, in the widget and in the admin app alike,
 * and the rule for whether sending the same request again may help.
 */

/** A failed bridge call: the HTTP status (0: the bridge was not reached), the bridge's code and message. */
export class BridgeError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** `error.details` of the bridge's answer (e.g. a flow's issues on a 400), if any. */
		readonly details?: unknown,
		/** The answer's `Retry-After` in ms (a 429, a 503): how long to wait before trying again. */
		readonly retryAfterMs?: number
	) {
		super( message );
		this.name = 'BridgeError';
	}
}

/**
 * The HTTP status of a failed bridge call; 0 when it was not reached or `e` is no BridgeError.
 * @param e What a call threw.
 */
export const statusOf = ( e: unknown ): number =>
	e instanceof BridgeError ? e.status : 0;

/**
 * Worth sending again with the same client id: the bridge may not have seen the request
 * (not reached, timeout, overloaded) or may accept it later (rate limit). Anything that is
 * not a BridgeError (a bug, an aborted upload) counts as retryable.
 * @param e What a call threw.
 */
export function isRetryable( e: unknown ): boolean {
	if ( ! ( e instanceof BridgeError ) ) {
		return true;
	}
	const { status } = e;
	return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * How long the bridge asked to wait before this call is tried again (its `Retry-After`,
 * in ms); undefined when it did not say.
 * @param e What a call threw.
 */
export const retryAfterOf = ( e: unknown ): number | undefined =>
	e instanceof BridgeError ? e.retryAfterMs : undefined;

/**
 * `Retry-After` in ms: delay-seconds or an HTTP date; undefined when absent or unreadable.
 * @param value The header's value.
 * @param now   The time now in ms (for a date).
 */
export function parseRetryAfter(
	value: string | null | undefined,
	now: number = Date.now()
): number | undefined {
	const v = value?.trim();
	if ( ! v ) {
		return undefined;
	}
	if ( /^\d+$/.test( v ) ) {
		return Number( v ) * 1000;
	}
	// An HTTP date names its day and month ("Sat, 05 Dec 2026 10:00:30 GMT").
	const at = /[a-z]/i.test( v ) ? Date.parse( v ) : NaN;
	return Number.isNaN( at ) ? undefined : Math.max( 0, at - now );
}

/**
 * A message for any thrown value (the BridgeError's own, or the value as text).
 * @param e What a call threw.
 */
export const messageOf = ( e: unknown ): string =>
	e instanceof Error ? e.message : String( e );
