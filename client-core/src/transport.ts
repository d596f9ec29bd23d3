/**
 * JSON over HTTP to the bridge, over an injected `fetch`: a bearer token (never cookies,
 * the bridge is another origin), a JSON or multipart body, a timeout, and every failure
 * turned into one BridgeError — the bridge's `{ error: { code, message } }` (and its
 * `Retry-After`) when it answered, status 0 when it was not reached.
 */
import type { ApiErrorBody } from '@handoff-chat/contracts';
import { BridgeError, messageOf, parseRetryAfter } from './errors';

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
	 * is what fetch threw) or an answer without an error body (a proxy's page; `cause` is
	 * the status text). Lets a client translate it; by default the cause itself.
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
	/**
	 * The JSON body goes as `text/plain`: with no token either, the browser sends it cross-origin
	 * without a CORS preflight. Only for the bridge routes that read such bodies (docs/api.md).
	 */
	simple?: boolean;
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
	const fail = (
		status: number,
		code: string,
		cause: unknown,
		message?: unknown,
		details?: unknown,
		retryAfterMs?: number
	) =>
		new BridgeError(
			status,
			code,
			typeof message === 'string'
				? message
				: ( options.describe?.( status, cause ) ?? messageOf( cause ) ),
			details,
			retryAfterMs
		);

	return async < T >(
		path: string,
		{
			method,
			token,
			body,
			headers,
			simple = false,
			timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			signal,
		}: RequestOptions = {}
	): Promise< BridgeResponse< T > > => {
		const json = body !== undefined && ! ( body instanceof FormData );
		const controller = new AbortController();
		const abort = () => controller.abort();
		const timer = timeoutMs > 0 ? setTimeout( abort, timeoutMs ) : 0;
		signal?.addEventListener( 'abort', abort );
		let res: Response;
		try {
			if ( signal?.aborted ) {
				abort();
			}
			res = await ( options.fetch ?? fetch )( base + path, {
				method: method ?? ( body === undefined ? 'GET' : 'POST' ),
				headers: {
					...headers,
					Accept: 'application/json',
					// The browser writes a multipart body's type itself (with its boundary).
					...( json
						? {
								'Content-Type': simple
									? 'text/plain;charset=UTF-8'
									: 'application/json',
							}
						: {} ),
					...( token ? { Authorization: 'Bearer ' + token } : {} ),
				},
				body: json ? JSON.stringify( body ) : ( body as FormData ),
				credentials: 'omit',
				cache: 'no-store',
				signal: controller.signal,
			} );
		} catch ( e ) {
			let code = 'network';
			if ( controller.signal.aborted ) {
				code = signal?.aborted ? 'aborted' : 'timeout';
			}
			throw fail( 0, code, e );
		} finally {
			clearTimeout( timer );
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
			throw fail(
				res.status,
				typeof err?.code === 'string' ? err.code : 'http_' + res.status,
				res.statusText || 'HTTP ' + res.status,
				err?.message,
				err?.details,
				parseRetryAfter( res.headers?.get( 'Retry-After' ) )
			);
		}
		return { status: res.status, data: data as T };
	};
}
