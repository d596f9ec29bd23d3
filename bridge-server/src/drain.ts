/**
 * The HTTP side of a graceful stop (SIGTERM/SIGINT, server.ts). At the signal the listener
 * closes (new connections are refused), idle keep-alive sockets are closed, and every
 * response still to be written — the requests in flight, and those that arrive on an open
 * keep-alive connection after the signal — is answered with `Connection: close`, so each
 * client's next request goes to a new connection (the next process). The requests in flight
 * finish and their answers are written; after `timeoutMs` whatever is left is cut, and the
 * log names it. Requests that arrive during the drain are answered rather than refused:
 * they are already on the wire, and an answer costs the client no retry.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { redactedUrl, type Logger } from './logger';

interface InFlight {
	req: IncomingMessage;
	res: ServerResponse;
	start: number;
}

export interface DrainResult {
	durationMs: number;
	/** Requests in flight when the drain started. */
	inFlight: number;
	/** Requests that arrived on open keep-alive connections during the drain (answered, then closed). */
	arrived: number;
	/** Requests still unanswered at the timeout, whose connections were cut. */
	cut: number;
}

export class HttpDrain {
	private readonly inFlight = new Set< InFlight >();
	private draining = false;
	private arrived = 0;
	private settled: ( () => void ) | null = null;

	constructor(
		private readonly server: Server,
		private readonly log: Logger,
		private readonly now: () => number = Date.now
	) {
		// Before the app's own listener, so every request is counted from its first byte.
		server.prependListener( 'request', ( req, res ) =>
			this.track( req, res )
		);
	}

	get requestsInFlight(): number {
		return this.inFlight.size;
	}

	private track( req: IncomingMessage, res: ServerResponse ) {
		const entry: InFlight = { req, res, start: this.now() };
		this.inFlight.add( entry );
		if ( this.draining ) {
			this.arrived++;
			res.setHeader( 'Connection', 'close' );
		}
		res.once( 'close', () => {
			this.inFlight.delete( entry );
			if ( this.draining ) {
				// An answer whose keep-alive headers left before the signal leaves an idle socket.
				setImmediate( () => this.server.closeIdleConnections() );
				if ( ! this.inFlight.size ) {
					this.settled?.();
				}
			}
		} );
	}

	/**
	 * Stops accepting, lets what is in flight finish (at most `timeoutMs`), then closes every
	 * connection. `beforeClose` runs once the answers are written: sockets upgraded from this
	 * server (the realtime WebSocket on a shared port) are its owner's to close, and the
	 * server's close waits for them.
	 */
	async drain(
		timeoutMs: number,
		signal: string,
		beforeClose?: () => Promise< void >
	): Promise< DrainResult > {
		const start = this.now();
		this.draining = true;
		const inFlight = this.inFlight.size;
		this.log.info( 'drain started', { signal, inFlight, timeoutMs } );
		for ( const { res } of this.inFlight ) {
			if ( ! res.headersSent ) {
				res.setHeader( 'Connection', 'close' );
			}
		}
		const closed = new Promise< void >( ( resolve ) =>
			this.server.close( () => resolve() )
		);
		this.server.closeIdleConnections();
		let timer: NodeJS.Timeout | undefined;
		const answered = new Promise< boolean >( ( resolve ) => {
			this.settled = () => resolve( true );
			if ( ! this.inFlight.size ) {
				resolve( true );
			}
			timer = setTimeout( () => resolve( false ), timeoutMs );
		} );
		const inTime = await answered;
		clearTimeout( timer );
		let cut = 0;
		if ( ! inTime ) {
			const now = this.now();
			const requests = [ ...this.inFlight ].map( ( f ) => ( {
				reqId: f.req.id,
				method: f.req.method,
				url: redactedUrl( f.req.url ?? '' ),
				ms: now - f.start,
			} ) );
			cut = requests.length;
			this.log.warn( 'drain timed out: cutting requests', {
				cut,
				requests,
			} );
		}
		// Every answer is written: what is left are sockets between requests (or cut ones).
		this.server.closeAllConnections();
		await beforeClose?.();
		await closed;
		const result: DrainResult = {
			durationMs: this.now() - start,
			inFlight,
			arrived: this.arrived,
			cut,
		};
		this.log.info( 'drain finished', { signal, ...result } );
		return result;
	}
}

/** Whether `err` is a request stream's "the client went away" (Node's `aborted`, body-parser's). */
const isAbort = ( err: unknown ) => {
	const e = err as { code?: string; type?: string; message?: string };
	return (
		e?.type === 'request.aborted' ||
		e?.code === 'ECONNABORTED' ||
		( e?.code === 'ECONNRESET' && e?.message === 'aborted' )
	);
};

/**
 * No work for a client that is gone: a request whose connection closed while it waited
 * (for its body, or behind other requests) is dropped here, before any handler runs.
 */
export const skipVanished: RequestHandler = ( req, res, next ) => {
	if ( req.socket.destroyed || res.destroyed ) {
		return;
	}
	next();
};

/**
 * An error from a request whose client went away (its body cut, its socket closed) is no
 * bridge error: logged as such, and nothing is written to the closed socket.
 * @param log Where the aborted request is noted.
 */
export function clientGoneErrors( log: Logger ): ErrorRequestHandler {
	return ( err, req, res, next ) => {
		if ( isAbort( err ) && ( req.socket.destroyed || res.destroyed ) ) {
			log.info( 'request aborted by its client', {
				reqId: req.id,
				method: req.method,
				path: req.path,
			} );
			return;
		}
		next( err );
	};
}
