/**
 * N plain WebSocket subscribers speaking the Pusher protocol on one public channel, on their
 * own thread: counts the frames of `event` they receive (pusher-js would make the receivers,
 * not the server, the limit). Posts { ready } once all are subscribed, then { count, last }
 * whenever asked ('report'), `last` being the absolute time of the latest receipt.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { root, url, channel, event, subscribers } = workerData;
const require = createRequire( root + '/bridge-server/package.json' );
const WebSocket = require( 'ws' );

let count = 0;
let last = 0;
let ready = 0;
const sockets = [];
const needle = `"event":"${ event }"`;
for ( let i = 0; i < subscribers; i++ ) {
	const ws = new WebSocket( url, { perMessageDeflate: false } );
	sockets.push( ws );
	ws.on( 'message', ( data ) => {
		const s = data.toString();
		if ( s.includes( needle ) ) {
			count++;
			last = performance.timeOrigin + performance.now();
		} else if ( s.includes( 'pusher:connection_established' ) ) {
			ws.send(
				JSON.stringify( {
					event: 'pusher:subscribe',
					data: { channel },
				} )
			);
		} else if ( s.includes( 'subscription_succeeded' ) ) {
			if ( ++ready === subscribers ) {
				parentPort.postMessage( { ready: true } );
			}
		} else if ( s.includes( 'pusher:ping' ) ) {
			ws.send( JSON.stringify( { event: 'pusher:pong', data: {} } ) );
		}
	} );
	ws.on( 'error', ( err ) =>
		parentPort.postMessage( { error: String( err ) } )
	);
}
parentPort.on( 'message', ( m ) => {
	if ( m === 'report' ) {
		parentPort.postMessage( { count, last } );
	} else if ( m === 'stop' ) {
		sockets.forEach( ( ws ) => ws.terminate() );
		parentPort.close();
	}
} );
