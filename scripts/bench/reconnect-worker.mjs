/**
 * Visitors' pusher-js clients on one thread, as the widget makes them: client-core's options
 * (pusherOptions) and reconnect policy (keepConnected), compiled from client-core/src, each
 * client subscribed to its own conversation's private channel, authorised by the bridge's
 * /v1/realtime/auth with its visitor token. Posts { i, at } (absolute ms) on every
 * subscription success, so the bench sees each client subscribed, then subscribed again.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

// pusher-js's wss fallback (after 2 s without ws) names an IP as TLS server name: not news here.
process.noDeprecation = true;

const { root, coreDir, config, authUrl, clients, baseline } = workerData;
const require = createRequire( root + '/bridge-server/package.json' );
const Pusher = require( 'pusher-js' );
const { pusherOptions } = await import( coreDir + '/connection.mjs' );
const { keepConnected } = await import( coreDir + '/reconnect.mjs' );

const kept = clients.map( ( { i, token, channel } ) => {
	const authorize = async ( socketId, channelName ) => {
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
		if ( ! res.ok ) {
			throw new Error( `auth ${ res.status }` );
		}
		return res.json();
	};
	const pusher = new Pusher( config.key, pusherOptions( config, authorize ) );
	const ch = pusher.subscribe( channel );
	ch.bind( 'pusher:subscription_succeeded', () =>
		parentPort.postMessage( {
			i,
			at: performance.timeOrigin + performance.now(),
		} )
	);
	ch.bind( 'pusher:subscription_error', ( e ) =>
		parentPort.postMessage( { i, error: JSON.stringify( e ) } )
	);
	pusher.connection.bind( 'state_change', ( { current } ) =>
		parentPort.postMessage( { i, state: current } )
	);
	// No window or document here: the policy's delays and close codes only. The baseline
	// (BENCH_RECONNECT_BASELINE=1) leaves pusher-js to its own retries, for comparison.
	return baseline
		? { disconnect: () => pusher.disconnect() }
		: keepConnected( pusher, { window: null, document: null } );
} );

parentPort.on( 'message', ( m ) => {
	if ( m === 'stop' ) {
		kept.forEach( ( k ) => k.disconnect() );
		parentPort.close();
	}
} );
