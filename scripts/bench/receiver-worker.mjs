/**
 * An advisor's pusher-js on its own thread, so the bench's senders never delay a receipt:
 * posts { clientId, at, seq, conversationId } (`at`: absolute ms, performance.timeOrigin +
 * now()) for each message-created on the advisor's inbox channel. `authUrl` may be a list:
 * channel authorisations then go to each in turn (bridges behind a load balancer, no
 * stickiness). `also`: more channels to hold (the advisors' presence channel: the advisor
 * online for routing); { ready } once every channel is subscribed.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { root, key, wsHost, wsPort, channel, authUrl, token, event, also } =
	workerData;
const authUrls = [ authUrl ].flat();
let auths = 0;
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
				const res = await fetch(
					authUrls[ auths++ % authUrls.length ],
					{
						method: 'POST',
						headers: {
							Authorization: `Bearer ${ token }`,
							'Content-Type': 'application/json',
						},
						body: JSON.stringify( {
							socket_id: socketId,
							channel_name: channelName,
						} ),
					}
				);
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
const names = [ channel, ...( also ?? [] ) ];
let subscribed = 0;
const [ ch ] = names.map( ( name ) => {
	const c = p.subscribe( name );
	c.bind( 'pusher:subscription_succeeded', () => {
		if ( ++subscribed === names.length ) {
			parentPort.postMessage( { ready: true } );
		}
	} );
	c.bind( 'pusher:subscription_error', ( e ) =>
		parentPort.postMessage( {
			error: `${ name }: ${ JSON.stringify( e ) }`,
		} )
	);
	return c;
} );
ch.bind( event, ( d ) => {
	const at = performance.timeOrigin + performance.now();
	const clientId = d?.message?.clientId;
	if ( clientId ) {
		parentPort.postMessage( {
			clientId,
			at,
			seq: d.message.seq,
			conversationId: d.message.conversationId,
		} );
	}
} );
parentPort.on( 'message', ( m ) => {
	if ( m === 'stop' ) {
		p.disconnect();
		parentPort.close();
	}
} );
