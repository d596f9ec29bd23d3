/**
 * JSON over HTTP to the bridge, over an injected `fetch`: a bearer token (never cookies,
 * the bridge is another origin), a JSON or multipart body, a timeout, and every failure
 * turned into one BridgeError — the bridge's `{ error: { code, message } }` when it
 * answered, status 0 when it was not reached.
 */
import type { ApiErrorBody } from '@handoff-chat/contracts';
import { BridgeError, messageOf } from './errors';

/** The part of `fetch` the transport uses, so tests and fakes can stand in for it. */
export type FetchLike = (
	input: string,
	init: RequestInit
) => Promise< Response >;

export interface TransportOptions {
	/** Put before every path (trailing slashes dropped); leave empty to pass full URLs. */
	baseUrl?: string;
	/** Defaults to the global `fetch`, looked up at each call. */
	fetch?: FetchLike;
	/** Default time limit of a request in ms (15 s); 0 for none. */
	timeoutMs?: number;
	/**
	 * The message of a failure the bridge did not explain: not reached (status 0, `cause`
	 * is what fetch threw) or an answer without an error body (a proxy's page). Lets a
	 * client translate it; by default the cause's message or the HTTP status text.
	 */
	describe?: ( status: number, cause?: unknown ) => string;
}

export interface RequestOptions {
	/** GET without a body, POST with one, unless given. */
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Sent as `Authorization: Bearer <token>`. */
	token?: string | null;
	/** JSON-encoded, or sent as is when it is FormData (the browser writes the multipart boundary). */
	body?: unknown;
	headers?: Record< string, string >;
	/** This request's time limit in ms, instead of the transport's. */
	timeoutMs?: number;
	/** Aborts the request (a BridgeError with status 0 and code `aborted`). */
	signal?: AbortSignal;
}

/** A successful answer: its status (200 vs 201 tells a replayed send) and its JSON (null when empty). */
export interface BridgeResponse< T > {
	status: number;
	data: T;
}

/** One bridge call; rejects with a BridgeError. */
export type BridgeRequest = < T >(
	path: string,
	options?: RequestOptions
) => Promise< BridgeResponse< T > >;

const DEFAULT_TIMEOUT_MS = 15000;

/**
 * A request function bound to a bridge URL and a fetch implementation.
 * @param options Base URL, fetch, timeout and messages.
 */
export function createTransport(
	options: TransportOptions = {}
): BridgeRequest {
	const base = ( options.baseUrl ?? '' ).replace( /\/+$/, '' );
	const doFetch: FetchLike =
		options.fetch ?? ( ( input, init ) => fetch( input, init ) );

	return async < T >(
		path: string,
		{
			method,
			token,
			body,
			headers: extra,
			timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			signal,
		}: RequestOptions = {}
	): Promise< BridgeResponse< T > > => {
		const form =
			typeof FormData !== 'undefined' && body instanceof FormData;
		const headers: Record< string, string > = {
			...extra,
			Accept: 'application/json',
		};
		if ( body !== undefined && ! form ) {
			headers[ 'Content-Type' ] = 'application/json';
		}
		if ( token ) {
			headers.Authorization = 'Bearer ' + token;
		}

		const controller = new AbortController();
		let timedOut = false;
		const timer =
			timeoutMs > 0
				? setTimeout( () => {
						timedOut = true;
						controller.abort();
					}, timeoutMs )
				: null;
		const abort = () => controller.abort();
		signal?.addEventListener( 'abort', abort );

		let res: Response;
		try {
			if ( signal?.aborted ) {
				throw signal.reason;
			}
			res = await doFetch( base + path, {
				method: method ?? ( body === undefined ? 'GET' : 'POST' ),
				headers,
				body:
					form || body === undefined
						? ( body as FormData | undefined )
						: JSON.stringify( body ),
				credentials: 'omit',
				cache: 'no-store',
				signal: controller.signal,
			} );
		} catch ( e ) {
			let code = 'network';
			if ( timedOut ) {
				code = 'timeout';
			} else if ( signal?.aborted ) {
				code = 'aborted';
			}
			throw new BridgeError(
				0,
				code,
				options.describe?.( 0, e ) ?? messageOf( e )
			);
		} finally {
			if ( timer ) {
				clearTimeout( timer );
			}
			signal?.removeEventListener( 'abort', abort );
		}

		let data: unknown = null;
		try {
			data = await res.json();
		} catch {
			// No body (204) or not JSON (a proxy's error page): the status still speaks.
		}
		if ( ! res.ok ) {
			const err = ( data as Partial< ApiErrorBody > | null )?.error;
			throw new BridgeError(
				res.status,
				typeof err?.code === 'string' ? err.code : 'http_' + res.status,
				typeof err?.message === 'string'
					? err.message
					: ( options.describe?.( res.status ) ??
							( res.statusText || 'HTTP ' + res.status ) ),
				err?.details
			);
		}
		return { status: res.status, data: data as T };
	};
}
