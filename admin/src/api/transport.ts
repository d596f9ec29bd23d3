/**
 * The admin's transport: advisor tokens minted by WordPress (api-fetch, cookie +
 * nonce) and cached until shortly before they expire, and bridge calls carrying them
 * over the client core's JSON transport (one BridgeError for both clients).
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';
import { BridgeError, statusOf } from '@handoff-chat/client-core/errors';
import {
	createTransport as createRequest,
	type RequestOptions,
} from '@handoff-chat/client-core/transport';
import { restError, tokenError } from './errors';
import { restUrl } from './site-rest';

/** Refresh tokens this long before they expire, so a request never carries a dying one. */
const TOKEN_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;
/**
 * The bridge refuses tokens issued up to the second after a revocation: a token minted in
 * that second is refused too, and one minted a second later is not.
 */
const REVOKED_RETRY_MS = 1_100;

export interface AdvisorToken {
	token: string;
	/** ISO 8601. */
	expiresAt: string;
	bridgeUrl: string;
	siteId: string;
}

export interface ApiOptions {
	tokenPath: string;
	/**
	 * Another site of the network: the absolute URL that mints its tokens (wins over
	 * tokenPath) and its absolute REST root, e.g. 'https://net.test/shop/wp-json' or
	 * 'https://net.test/shop/?rest_route=' (api-fetch's `path` is the current site's).
	 */
	tokenUrl?: string;
	restRoot?: string;
	/** Fallbacks from the initial state; the token response is authoritative. */
	bridgeUrl?: string;
	siteId?: string;
	/** Injected in tests. */
	fetch?: typeof fetch;
	apiFetch?: ( options: ApiFetchRequest ) => Promise< unknown >;
	now?: () => number;
	/** Waits before the last retry of a revoked token (injected in tests). */
	sleep?: ( ms: number ) => Promise< void >;
}

/** One call to WordPress's REST API through api-fetch (cookie + nonce). */
export interface WordPressRequest {
	path: string;
	method: string;
	data?: unknown;
}

/** What reaches api-fetch: a path on the current site, or another site's absolute URL (the nonce goes with both). */
export interface ApiFetchRequest {
	path?: string;
	url?: string;
	method: string;
	data?: unknown;
}

/** A bridge call's method, body (an object as JSON, or FormData) and extra headers. */
export type CallOptions = Omit< RequestOptions, 'token' >;

export interface Transport {
	/** The cached token, or a new one (`force`, or close to expiry); one request at a time. */
	getToken: ( force?: boolean ) => Promise< AdvisorToken >;
	/**
	 * Forgets the cached token (and any token being minted): the next call mints a new
	 * one. For when the advisor's rights changed (a licence granted or revoked).
	 */
	dropToken: () => void;
	/** One call with this token, no retry: the answer's JSON (null when empty), or a BridgeError. */
	callWith: < T >(
		token: AdvisorToken,
		path: string,
		options?: CallOptions
	) => Promise< T >;
	/**
	 * A call with the advisor token; on a 401, one new token and one retry, and when that
	 * one is refused as `revoked` too (minted in the second of the revocation), one more
	 * after a pause.
	 */
	bridge: < T >( path: string, options?: CallOptions ) => Promise< T >;
	/** WordPress's REST API (api-fetch); its errors become BridgeErrors with WordPress's message. */
	wordpress: < T >( request: WordPressRequest ) => Promise< T >;
	/** A GET whose answer is a file, not JSON (a transcript): its bytes, or a BridgeError. */
	file: ( path: string ) => Promise< Blob >;
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
	const { restRoot } = options;
	// On another site of the network, its absolute URL: api-fetch's paths are this site's.
	const located = ( { path, ...rest }: WordPressRequest ): ApiFetchRequest =>
		restRoot
			? { ...rest, url: restUrl( restRoot, path ) }
			: { path, ...rest };
	const now = options.now ?? Date.now;

	let cached: { value: AdvisorToken; refreshAt: number } | null = null;
	let pending: {
		promise: Promise< AdvisorToken >;
		generation: number;
	} | null = null;
	// Bumped by dropToken(): a token being minted before the drop is neither reused nor kept.
	let generation = 0;

	function getToken( force = false ): Promise< AdvisorToken > {
		if ( ! force && cached && now() < cached.refreshAt ) {
			return Promise.resolve( cached.value );
		}
		if ( pending && pending.generation === generation ) {
			return pending.promise;
		}
		const mine = generation;
		const promise = doApiFetch(
			options.tokenUrl
				? { url: options.tokenUrl, method: 'POST' }
				: located( { path: options.tokenPath, method: 'POST' } )
		)
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
					if ( mine === generation ) {
						cached = { value, refreshAt };
					}
					return value;
				},
				( e ) => {
					throw tokenError( e );
				}
			)
			.finally( () => {
				if ( pending?.promise === promise ) {
					pending = null;
				}
			} );
		pending = { promise, generation: mine };
		return promise;
	}

	function dropToken() {
		cached = null;
		generation++;
	}

	async function callWith< T >(
		token: AdvisorToken,
		path: string,
		call: CallOptions = {}
	): Promise< T > {
		try {
			const res = await request< T >( `${ token.bridgeUrl }${ path }`, {
				...call,
				token: token.token,
			} );
			return res.data;
		} catch ( e ) {
			// A refused token is never sent again, whoever called with it.
			if ( statusOf( e ) === 401 && cached?.value === token ) {
				cached = null;
			}
			throw e;
		}
	}

	const sleep =
		options.sleep ??
		( ( ms: number ) =>
			new Promise< void >( ( resolve ) => setTimeout( resolve, ms ) ) );

	async function file( path: string ): Promise< Blob > {
		const token = await getToken();
		let res: Response;
		try {
			res = await ( options.fetch ?? fetch )( token.bridgeUrl + path, {
				headers: { Authorization: `Bearer ${ token.token }` },
				credentials: 'omit',
				cache: 'no-store',
			} );
		} catch {
			throw new BridgeError( 0, 'network', describe( 0 ) );
		}
		if ( ! res.ok ) {
			const body = await res.json().catch( () => null );
			throw new BridgeError(
				res.status,
				body?.error?.code ?? `http_${ res.status }`,
				body?.error?.message ?? describe( res.status )
			);
		}
		return res.blob();
	}

	return {
		getToken,
		dropToken,
		callWith,
		file,

		async bridge< T >( path: string, call: CallOptions = {} ) {
			try {
				return await callWith< T >( await getToken(), path, call );
			} catch ( e ) {
				if ( statusOf( e ) !== 401 ) {
					throw e;
				}
			}
			try {
				return await callWith< T >( await getToken(), path, call );
			} catch ( e ) {
				if ( ! ( e instanceof BridgeError && e.code === 'revoked' ) ) {
					throw e;
				}
			}
			await sleep( REVOKED_RETRY_MS );
			return callWith< T >( await getToken(), path, call );
		},

		async wordpress< T >( req: WordPressRequest ) {
			try {
				return ( await doApiFetch( located( req ) ) ) as T;
			} catch ( e ) {
				throw restError( e );
			}
		},
	};
}
