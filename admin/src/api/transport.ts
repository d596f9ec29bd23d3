/**
 * The admin's transport: advisor tokens minted by WordPress (api-fetch, cookie +
 * nonce) and cached until shortly before they expire, and bridge calls carrying them.
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';
import type { ApiErrorBody } from '@handoff-chat/contracts';
import { BridgeError, tokenError } from './errors';

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

export interface Transport {
	/** The cached token, or a new one (`force`, or close to expiry); one request at a time. */
	getToken: ( force?: boolean ) => Promise< AdvisorToken >;
	/** One call with this token, no retry: the answer's JSON (undefined for 204), or a BridgeError. */
	callWith: < T >(
		token: AdvisorToken,
		path: string,
		init?: RequestInit
	) => Promise< T >;
	/** A call with the advisor token; one new token and one retry on a 401. */
	bridge: < T >( path: string, init?: RequestInit ) => Promise< T >;
}

export function createTransport( options: ApiOptions ): Transport {
	const doFetch =
		options.fetch ??
		( ( ...args: Parameters< typeof fetch > ) => fetch( ...args ) );
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

	async function send(
		token: AdvisorToken,
		path: string,
		init: RequestInit
	): Promise< Response > {
		const controller =
			typeof AbortController === 'function'
				? new AbortController()
				: null;
		const timer = controller
			? setTimeout( () => controller.abort(), REQUEST_TIMEOUT_MS )
			: null;
		try {
			return await doFetch( `${ token.bridgeUrl }${ path }`, {
				...init,
				signal: controller?.signal,
				headers: {
					...( init.headers as Record< string, string > | undefined ),
					Accept: 'application/json',
					// FormData sets its own multipart boundary.
					...( init.body && typeof init.body === 'string'
						? { 'Content-Type': 'application/json' }
						: {} ),
					Authorization: `Bearer ${ token.token }`,
				},
			} );
		} catch {
			throw new BridgeError(
				__(
					'The chat server cannot be reached. Check your connection and try again.',
					'handoff-chat'
				),
				0,
				'network'
			);
		} finally {
			if ( timer ) {
				clearTimeout( timer );
			}
		}
	}

	async function readError( res: Response ): Promise< BridgeError > {
		let body: Partial< ApiErrorBody > | null = null;
		try {
			body = ( await res.json() ) as Partial< ApiErrorBody >;
		} catch {
			// Not JSON (a proxy's error page): fall through to a generic message.
		}
		const err = body?.error;
		if ( err && typeof err.message === 'string' ) {
			return new BridgeError(
				err.message,
				res.status,
				String( err.code ?? 'error' ),
				err.details
			);
		}
		return new BridgeError(
			sprintf(
				/* translators: %d: HTTP status code, e.g. 502. */
				__(
					'The chat server answered with an error (%d).',
					'handoff-chat'
				),
				res.status
			),
			res.status,
			'http_error'
		);
	}

	async function read< T >( res: Response ): Promise< T > {
		if ( ! res.ok ) {
			throw await readError( res );
		}
		// 204 No Content (a delete): nothing to read.
		return ( res.status === 204 ? undefined : await res.json() ) as T;
	}

	return {
		getToken,

		async callWith< T >(
			token: AdvisorToken,
			path: string,
			init: RequestInit = {}
		) {
			return read< T >( await send( token, path, init ) );
		},

		async bridge< T >( path: string, init: RequestInit = {} ) {
			let token = await getToken();
			let res = await send( token, path, init );
			if ( res.status === 401 ) {
				token = await getToken( true );
				res = await send( token, path, init );
			}
			return read< T >( res );
		},
	};
}
