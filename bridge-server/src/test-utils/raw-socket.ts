/**
 * A bare Pusher-protocol WebSocket (no pusher-js): every text frame the realtime server
 * sends is kept as received, so tests can assert what reached a socket byte for byte.
 * Subscriptions are authorised through the bridge's /v1/realtime/auth like pusher-js does.
 */
import WebSocket from 'ws';
import type { Harness } from './harness';

export interface RawSocket {
	frames: string[];
	socketId: string;
	/** Resolves `ok`, or the HTTP status of a refused authorisation. */
	subscribe: ( channel: string ) => Promise< 'ok' | number >;
	/** Subscribes with the authorisation given (forged, or signed for another socket): `ok` or `refused`. */
	subscribeWith: (
		channel: string,
		auth: Record< string, unknown >
	) => Promise< 'ok' | 'refused' >;
	/** Frames written before this round trip have arrived when it resolves. */
	sync: () => Promise< void >;
	/** Resolves with the close code once the server closes the socket. */
	closed: Promise< number >;
	close: () => void;
}

export async function rawSocket(
	h: Harness,
	token: string
): Promise< RawSocket > {
	const cfg = h.ctx.realtime.clientConfig();
	const ws = new WebSocket(
		`ws://${ cfg.wsHost }:${ cfg.wsPort }/app/${ cfg.key }?protocol=7&client=raw&version=1`
	);
	const frames: string[] = [];
	const waiters: Array< ( frame: any ) => boolean > = [];
	ws.on( 'message', ( data ) => {
		const text = data.toString();
		frames.push( text );
		const frame = JSON.parse( text );
		for ( let i = waiters.length - 1; i >= 0; i-- ) {
			if ( waiters[ i ]( frame ) ) {
				waiters.splice( i, 1 );
			}
		}
	} );
	const next = ( match: ( frame: any ) => boolean ) =>
		new Promise< any >( ( resolve ) =>
			waiters.push( ( f ) => {
				if ( ! match( f ) ) {
					return false;
				}
				resolve( f );
				return true;
			} )
		);
	const closed = new Promise< number >( ( resolve ) =>
		ws.on( 'close', ( code ) => resolve( code ) )
	);
	const established = await next(
		( f ) => f.event === 'pusher:connection_established'
	);
	const socketId = JSON.parse( established.data ).socket_id as string;

	async function subscribe( channel: string ): Promise< 'ok' | number > {
		const res = await fetch( `${ h.url }/v1/realtime/auth`, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${ token }`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( {
				socket_id: socketId,
				channel_name: channel,
			} ),
		} );
		if ( res.status !== 200 ) {
			return res.status;
		}
		const auth = ( await res.json() ) as Record< string, unknown >;
		return ( await subscribeWith( channel, auth ) ) === 'ok' ? 'ok' : 403;
	}

	async function subscribeWith(
		channel: string,
		auth: Record< string, unknown >
	): Promise< 'ok' | 'refused' > {
		const done = next(
			( f ) =>
				f.channel === channel &&
				( f.event === 'pusher_internal:subscription_succeeded' ||
					f.event === 'pusher:subscription_error' )
		);
		ws.send(
			JSON.stringify( {
				event: 'pusher:subscribe',
				data: { channel, ...auth },
			} )
		);
		const f = await done;
		return f.event === 'pusher_internal:subscription_succeeded'
			? 'ok'
			: 'refused';
	}

	/**
	 * A round trip (ping → pong): frames the server wrote to this socket before it read the
	 * ping have arrived when it resolves. Use after `events.idle()` before reading `frames`.
	 */
	async function sync(): Promise< void > {
		const pong = next( ( f ) => f.event === 'pusher:pong' );
		ws.send( JSON.stringify( { event: 'pusher:ping', data: {} } ) );
		await pong;
	}

	return {
		frames,
		socketId,
		subscribe,
		subscribeWith,
		sync,
		closed,
		close: () => ws.close(),
	};
}
