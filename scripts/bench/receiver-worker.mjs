/**
 * An advisor's pusher-js on its own thread, so the bench's senders never delay a receipt:
 * posts { clientId, at } (absolute ms, performance.timeOrigin + now()) for each
 * message-created on the advisor's inbox channel.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { root, key, wsHost, wsPort, channel, authUrl, token, event } =
	workerData;
const require = createRequire( root + '/bridge-server/package.json' );
const Pusher = require( 'pusher-js' );

const p = new Pusher( key, {
	wsHost,
	wsPort,
	forceTLS: false,
	enabledTransports: [ 'ws' ],
	cluster: 'mt1',
	disableStats: true,
	channelAuthorization: {
		customHandler: async ( { socketId, channelName }, cb ) => {
			try {
				const res = await fetch( authUrl, {
					method: 'POST',
					headers: {
						Authorization: `Bearer ${ token }`,
						'Content-Type': 'application/json',
					},
					body: JSON.stringify( {
						socket_id: socketId,
						channel_name: channelName,
					} ),
				} );
				cb(
					res.ok ? null : new Error( `auth ${ res.status }` ),
					res.ok ? await res.json() : null
				);
			} catch ( err ) {
				cb( err, null );
			}
		},
	},
} );
const ch = p.subscribe( channel );
ch.bind( 'pusher:subscription_succeeded', () =>
	parentPort.postMessage( { ready: true } )
);
ch.bind( 'pusher:subscription_error', ( e ) =>
	parentPort.postMessage( { error: JSON.stringify( e ) } )
);
ch.bind( event, ( d ) => {
	const at = performance.timeOrigin + performance.now();
	const clientId = d?.message?.clientId;
	if ( clientId ) {
		parentPort.postMessage( { clientId, at } );
	}
} );
parentPort.on( 'message', ( m ) => {
	if ( m === 'stop' ) {
		p.disconnect();
		parentPort.close();
	}
} );
