/**
 * The admin's transport: advisor tokens minted by WordPress (api-fetch, cookie +
 * nonce) and cached until shortly before they expire, and bridge calls carrying them
 * over the client core's JSON transport (one BridgeError for both clients).
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';
import { statusOf } from '@handoff-chat/client-core/errors';
import {
	createTransport as createRequest,
	type RequestOptions,
} from '@handoff-chat/client-core/transport';
import { tokenError } from './errors';

/** Refresh tokens this long before they expire, so a request never carries a dying one. */
const TOKEN_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;

export interface AdvisorToken {
	token: string;
	/** ISO 8601. */
	expiresAt: string;
	bridgeUrl: string;
	siteId: string;
}

export interface ApiOptions {
	tokenPath: string;
	/** Fallbacks from the initial state; the token response is authoritative. */
	bridgeUrl?: string;
	siteId?: string;
	/** Injected in tests. */
	fetch?: typeof fetch;
	apiFetch?: ( options: {
		path: string;
		method: string;
	} ) => Promise< unknown >;
	now?: () => number;
}

/** A bridge call's method, body (an object as JSON, or FormData) and extra headers. */
export type CallOptions = Omit< RequestOptions, 'token' >;

export interface Transport {
	/** The cached token, or a new one (`force`, or close to expiry); one request at a time. */
	getToken: ( force?: boolean ) => Promise< AdvisorToken >;
	/** One call with this token, no retry: the answer's JSON (null when empty), or a BridgeError. */
	callWith: < T >(
		token: AdvisorToken,
		path: string,
		options?: CallOptions
	) => Promise< T >;
	/** A call with the advisor token; one new token and one retry on a 401. */
	bridge: < T >( path: string, options?: CallOptions ) => Promise< T >;
}

/** The message of a failure the bridge did not explain: not reached, or no error body. */
function describe( status: number ): string {
	return status === 0
		? __(
				'The chat server cannot be reached. Check your connection and try again.',
				'handoff-chat'
			)
		: sprintf(
				/* translators: %d: HTTP status code, e.g. 502. */
				__(
					'The chat server answered with an error (%d).',
					'handoff-chat'
				),
				status
			);
}

export function createTransport( options: ApiOptions ): Transport {
	const request = createRequest( {
		fetch: options.fetch,
		timeoutMs: REQUEST_TIMEOUT_MS,
		describe,
	} );
	const doApiFetch = options.apiFetch ?? ( ( o ) => apiFetch( o ) );
	const now = options.now ?? Date.now;

	let cached: { value: AdvisorToken; refreshAt: number } | null = null;
	let pending: Promise< AdvisorToken > | null = null;

	function getToken( force = false ): Promise< AdvisorToken > {
		if ( ! force && cached && now() < cached.refreshAt ) {
			return Promise.resolve( cached.value );
		}
		if ( pending ) {
			return pending;
		}
		pending = doApiFetch( { path: options.tokenPath, method: 'POST' } )
			.then(
				( raw ) => {
					const t = raw as Partial< AdvisorToken > | null;
					if ( ! t || typeof t.token !== 'string' || ! t.token ) {
						throw tokenError( null );
					}
					const value: AdvisorToken = {
						token: t.token,
						expiresAt: String( t.expiresAt ?? '' ),
						bridgeUrl: (
							t.bridgeUrl ||
							options.bridgeUrl ||
							''
						).replace( /\/+$/, '' ),
						siteId: t.siteId || options.siteId || '',
					};
					const expires = Date.parse( value.expiresAt );
					// Without a readable expiry, keep it briefly rather than asking on every call.
					const refreshAt = Number.isNaN( expires )
						? now() + 4 * 60_000
						: expires - TOKEN_MARGIN_MS;
					cached = { value, refreshAt };
					return value;
				},
				( e ) => {
					throw tokenError( e );
				}
			)
			.finally( () => {
				pending = null;
			} );
		return pending;
	}

	async function callWith< T >(
		token: AdvisorToken,
		path: string,
		call: CallOptions = {}
	): Promise< T > {
		const res = await request< T >( `${ token.bridgeUrl }${ path }`, {
			...call,
			token: token.token,
		} );
		return res.data;
	}

	return {
		getToken,
		callWith,

		async bridge< T >( path: string, call: CallOptions = {} ) {
			const token = await getToken();
			try {
				return await callWith< T >( token, path, call );
			} catch ( e ) {
				if ( statusOf( e ) !== 401 ) {
					throw e;
				}
			}
			return callWith< T >( await getToken( true ), path, call );
		},
	};
}
