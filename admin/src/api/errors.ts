/**
 * Errors of the admin's calls: the core's BridgeError (one class for both clients, with
 * a message fit to show to the advisor) and the few questions components ask of it.
 */
import { __ } from '@wordpress/i18n';
import type { FlowIssue } from '@handoff-chat/contracts';
import { BridgeError } from '@handoff-chat/client-core/errors';

/** WordPress answers 503 with this code while the bridge settings are incomplete. */
export const NOT_CONFIGURED = 'handoff_chat_not_configured';

/** The one error class of a failed bridge call, shared with the widget (client-core). */
export { BridgeError };

/**
 * The field problems a 400 carries (`details: [{ path, message }]`, e.g. a flow's issues
 * from `PUT /v1/flows/:id` or `pages.prefixes.0` from `PATCH /v1/advisors/:id`); [] for
 * any other error.
 */
export function fieldIssuesOf( e: unknown ): FlowIssue[] {
	const details = e instanceof BridgeError ? e.details : null;
	if ( ! Array.isArray( details ) ) {
		return [];
	}
	return details
		.filter(
			( d ): d is FlowIssue =>
				!! d &&
				typeof d === 'object' &&
				typeof ( d as FlowIssue ).path === 'string' &&
				typeof ( d as FlowIssue ).message === 'string'
		)
		.map( ( d ) => ( { path: d.path, message: d.message } ) );
}

/** The flow problems a 400 from `PUT /v1/flows/:id` carries. */
export const flowIssuesOf = fieldIssuesOf;

export const isNotConfigured = ( e: unknown ): boolean =>
	e instanceof BridgeError && e.code === NOT_CONFIGURED;

/** WordPress refused the call (403): a missing capability, or a nonce it would not take. */
export const isForbidden = ( e: unknown ): boolean =>
	e instanceof BridgeError && e.status === 403;

/** A message to show for any thrown value. */
export function errorMessage( e: unknown ): string {
	if ( e instanceof Error && e.message ) {
		return e.message;
	}
	return __( 'Something went wrong. Please try again.', 'handoff-chat' );
}

interface WpRestError {
	code?: string;
	message?: string;
	data?: { status?: number };
}

/** What a refused or malformed `POST …/advisor-token` becomes (api-fetch rejects with the REST error body). */
export function tokenError( e: unknown ): BridgeError {
	const err = ( e ?? {} ) as WpRestError;
	const status = err.data?.status ?? 0;
	if ( err.code === NOT_CONFIGURED || status === 503 ) {
		return new BridgeError(
			503,
			NOT_CONFIGURED,
			err.message ||
				__( 'Handoff Chat is not configured yet.', 'handoff-chat' )
		);
	}
	return new BridgeError(
		status,
		err.code || 'token_error',
		err.message ||
			__(
				'WordPress did not issue a chat token. Reload the page and try again.',
				'handoff-chat'
			)
	);
}

/**
 * What a refused WordPress REST call becomes (api-fetch rejects with the REST error body,
 * `{ code, message, data: { status } }`): a BridgeError with WordPress's own message.
 */
export function restError( e: unknown ): BridgeError {
	if ( e instanceof BridgeError ) {
		return e;
	}
	const err = ( e ?? {} ) as WpRestError;
	return new BridgeError(
		err.data?.status ?? 0,
		err.code || 'rest_error',
		err.message ||
			__(
				'WordPress did not answer. Reload the page and try again.',
				'handoff-chat'
			)
	);
}
