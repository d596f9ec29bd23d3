/**
 * Errors of the admin's calls: one class for a failed call, with a message fit to
 * show to the advisor, and the few questions components ask of a thrown value.
 */
import { __ } from '@wordpress/i18n';
import type { FlowIssue } from '@handoff-chat/contracts';

/** WordPress answers 503 with this code while the bridge settings are incomplete. */
export const NOT_CONFIGURED = 'handoff_chat_not_configured';

/** A failed call, with a message fit to show to the advisor. */
export class BridgeError extends Error {
	readonly status: number;
	readonly code: string;
	/** `error.details` of the bridge's answer, e.g. a flow's `FlowIssue[]` on a 400. */
	readonly details: unknown;

	constructor(
		message: string,
		status: number,
		code: string,
		details?: unknown
	) {
		super( message );
		this.name = 'BridgeError';
		this.status = status;
		this.code = code;
		this.details = details;
	}
}

/** The flow problems a 400 from `PUT /v1/flows/:id` carries; [] for any other error. */
export function flowIssuesOf( e: unknown ): FlowIssue[] {
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

export const isNotConfigured = ( e: unknown ): boolean =>
	e instanceof BridgeError && e.code === NOT_CONFIGURED;

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
			err.message ||
				__( 'Handoff Chat is not configured yet.', 'handoff-chat' ),
			503,
			NOT_CONFIGURED
		);
	}
	return new BridgeError(
		err.message ||
			__(
				'WordPress did not issue a chat token. Reload the page and try again.',
				'handoff-chat'
			),
		status,
		err.code || 'token_error'
	);
}
