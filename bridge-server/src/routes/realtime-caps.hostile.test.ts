/**
 * The embedded realtime server at its connection cap, inside a running bridge: new sockets
 * are closed with 4100 and logged, the sockets already open keep receiving, and the HTTP
 * API (health, a send) answers as usual: the two have separate budgets.
 */
import WebSocket from 'ws';
import { conversationChannel } from '@handoff-chat/contracts';
import { waitFor } from '../test-utils/harness';
import { rawSocket } from '../test-utils/raw-socket';
import { setUpBridge } from '../test-utils/set-up-bridge';

const warn = jest.fn();
const bridge = setUpBridge(
	{ REALTIME_MAX_CONNECTIONS: '2', REALTIME_MAX_CONNECTIONS_PER_IP: '2' },
	{ log: { info: () => undefined, warn, error: () => undefined } }
);

it( 'refuses a realtime connection over the cap with 4100, logs it, and the HTTP API keeps answering', async () => {
	const { h, c } = bridge;
	const v = await c.visitor();
	const started = await c.start( v.token );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id as string;
	const channel = conversationChannel( h.site.id, id );

	const first = await rawSocket( h, v.token );
	expect( await first.subscribe( channel ) ).toBe( 'ok' );
	const second = await rawSocket( h, v.token );

	const cfg = h.ctx.realtime.clientConfig();
	const third = new WebSocket(
		`ws://${ cfg.wsHost }:${ cfg.wsPort }/app/${ cfg.key }?protocol=7`
	);
	const closed = await new Promise< [ number, string ] >( ( r ) =>
		third.on( 'close', ( code, reason ) => r( [ code, String( reason ) ] ) )
	);
	expect( closed ).toEqual( [ 4100, 'Over capacity' ] );
	expect( warn ).toHaveBeenCalledWith( 'realtime connection refused', {
		cause: 'total',
		ip: '127.0.0.1',
		limit: 2,
	} );

	const health = await c.call( 'GET', '/healthz' );
	expect( health.status ).toBe( 200 );
	expect( health.body.status ).toBe( 'ok' );
	expect( health.body.metrics.realtime ).toMatchObject( {
		connections: 2,
		channels: 1,
		subscriptions: 1,
		refusedConnections: { total: 1, perIp: 0, dropped: 0 },
		limits: { connections: 2, connectionsPerIp: 2 },
	} );

	// A send answers, and its event still reaches the socket that was already open.
	const sent = await c.say( v.token, id, 'Still there?' );
	expect( sent.status ).toBe( 201 );
	await waitFor(
		() =>
			first.frames.some( ( f ) => {
				const frame = JSON.parse( f );
				return (
					frame.event === 'message-created' &&
					JSON.parse( frame.data ).message.text === 'Still there?'
				);
			} ),
		3000,
		'message-created on the open socket'
	);
	first.close();
	second.close();
} );
