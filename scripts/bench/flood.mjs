/**
 * The bench's hostile clients (issue 12): raw WebSockets that flood the bridge's realtime
 * server with subscriptions it must refuse (public channels; private ones with forged
 * signatures), and connections past its per-address cap. Loopback only, bounded in count.
 * They run on a worker thread (`inWorker`), so building and sending 200,000 frames does not
 * hold the bench's own thread, which times /healthz and the sends meanwhile.
 */
import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * Runs `subscribeFlood` or `connectionFlood` (by `kind`) on a worker thread; resolves with
 * its result. Connections a connection flood opened are closed before the worker ends.
 * @param {'subscribe'|'connections'} kind
 * @param {object} args  the function's options, without WebSocket
 * @param {string} requireFrom  a package.json path whose node_modules hold `ws`
 */
export function inWorker( kind, args, requireFrom ) {
	return new Promise( ( resolve, reject ) => {
		const worker = new Worker( new URL( import.meta.url ), {
			workerData: { kind, args, requireFrom },
		} );
		worker.once( 'message', resolve );
		worker.once( 'error', reject );
	} );
}

if ( ! isMainThread && workerData?.kind ) {
	const WebSocket = createRequire( workerData.requireFrom )( 'ws' );
	const { kind, args } = workerData;
	if ( kind === 'subscribe' ) {
		parentPort.postMessage( await subscribeFlood( { ...args, WebSocket } ) );
	} else {
		const { accepted, codes, close } = await connectionFlood( {
			...args,
			WebSocket,
		} );
		close();
		parentPort.postMessage( { accepted, codes } );
	}
	process.exit( 0 );
}

/**
 * Opens `sockets` raw connections and sends `frames` subscribe frames on each, half public,
 * half private with a forged auth; resolves once every frame was answered or the socket
 * closed. Returns what came back.
 * @param {Object}   o
 * @param {string}   o.url       ws://host:port/app/key?protocol=7…
 * @param {Function} o.WebSocket the `ws` package's class
 * @param {number}   o.sockets
 * @param {number}   o.frames
 */
export async function subscribeFlood( { url, WebSocket, sockets, frames } ) {
	const out = { sent: 0, refused: 0, subscribed: 0, closed: 0 };
	await Promise.all(
		Array.from(
			{ length: sockets },
			( _, s ) =>
				new Promise( ( resolve ) => {
					const ws = new WebSocket( url );
					let answered = 0;
					ws.on( 'error', () => {} );
					ws.on( 'close', () => {
						out.closed++;
						resolve();
					} );
					ws.on( 'message', ( data ) => {
						const f = JSON.parse( String( data ) );
						if ( f.event === 'pusher:connection_established' ) {
							const socketId = JSON.parse( f.data ).socket_id;
							for ( let i = 0; i < frames; i++ ) {
								const channel =
									i % 2
										? `flood-${ s }-${ i }`
										: `private-flood-${ s }-${ i }`;
								ws.send(
									JSON.stringify( {
										event: 'pusher:subscribe',
										data: {
											channel,
											...( i % 2
												? {}
												: {
														auth: `handoff-bench-key:${ socketId }${ i }`,
													} ),
										},
									} )
								);
								out.sent++;
							}
							return;
						}
						if (
							f.event === 'pusher:error' ||
							f.event === 'pusher:subscription_error'
						) {
							out.refused++;
							answered++;
						} else if (
							f.event === 'pusher_internal:subscription_succeeded'
						) {
							out.subscribed++;
							answered++;
						}
						if ( answered >= frames ) {
							ws.close();
						}
					} );
				} )
		)
	);
	return out;
}

/**
 * Opens `n` connections from this one address and keeps them until all are settled: accepted
 * (connection_established) or closed by the server. Returns the counts and the close codes.
 * @param {Object}   o
 * @param {string}   o.url
 * @param {Function} o.WebSocket
 * @param {number}   o.n
 */
export async function connectionFlood( { url, WebSocket, n } ) {
	const open = [];
	const codes = {};
	let accepted = 0;
	await Promise.all(
		Array.from(
			{ length: n },
			() =>
				new Promise( ( resolve ) => {
					const ws = new WebSocket( url );
					ws.on( 'error', () => {} );
					ws.on( 'message', ( data ) => {
						if (
							JSON.parse( String( data ) ).event ===
							'pusher:connection_established'
						) {
							accepted++;
							open.push( ws );
							resolve();
						}
					} );
					ws.on( 'close', ( code ) => {
						codes[ code ] = ( codes[ code ] ?? 0 ) + 1;
						resolve();
					} );
				} )
		)
	);
	return {
		accepted,
		codes,
		close: () => open.forEach( ( ws ) => ws.terminate() ),
	};
}
