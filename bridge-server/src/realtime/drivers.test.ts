/**
 * The same driver tests against both ways the bridge publishes to the embedded server:
 * in process (the default) and through the `pusher` SDK over its signed HTTP API (the
 * driver hosted Pusher and soketi use), so the two cannot drift. Subscribers are real
 * pusher-js clients, authorised by the driver under test.
 */
import { createEmbeddedRealtimeServer } from './embedded/server';
import { createRealtime, type RealtimeConfig, type RealtimeDriver } from '.';
import { createPusherDriver } from './pusher-driver';

const PusherJs = require( 'pusher-js' );

const CONFIG: RealtimeConfig = {
	driver: 'embedded',
	appId: 'drivers-app',
	key: 'drivers-key',
	secret: 'drivers-secret-0123456789',
	host: '',
	port: 0,
	useTLS: false,
	cluster: 'mt1',
	publicHost: '127.0.0.1',
	publicPort: 0,
	publicTLS: false,
	bindHost: '127.0.0.1',
	// Publishing is what is tested here, on public channels too (refusals: embedded/server.test.ts).
	embeddedLimits: { allowPublicChannels: true },
};

interface Setup {
	driver: RealtimeDriver;
	port: number;
	close: () => Promise< void >;
}

const DRIVERS: Array<
	[ string, { terminates: boolean }, () => Promise< Setup > ]
> = [
	[
		'embedded, in process',
		{ terminates: true },
		async () => {
			const rt = await createRealtime( CONFIG );
			return {
				driver: rt.driver,
				port: rt.driver.clientConfig().wsPort,
				close: async () => {
					await rt.driver.close();
					await rt.embedded!.close();
				},
			};
		},
	],
	[
		'pusher SDK over HTTP to the embedded server',
		{ terminates: false },
		async () => {
			const server = createEmbeddedRealtimeServer( {
				...CONFIG,
				...CONFIG.embeddedLimits,
				host: '127.0.0.1',
			} );
			const { port } = await server.listen();
			const driver = createPusherDriver( {
				...CONFIG,
				driver: 'pusher',
				host: '127.0.0.1',
				port,
				publicPort: port,
			} );
			return {
				driver,
				port,
				close: async () => {
					await driver.close();
					await server.close();
				},
			};
		},
	],
];

describe.each( DRIVERS )( '%s', ( _name, expected, setUp ) => {
	let s: Setup;
	const clients: any[] = [];

	beforeAll( async () => {
		s = await setUp();
	} );
	afterAll( async () => {
		clients.forEach( ( c ) => c.disconnect() );
		await s.close();
	} );

	function client( presence?: { user_id: string } ) {
		const c = new PusherJs( CONFIG.key, {
			wsHost: '127.0.0.1',
			wsPort: s.port,
			forceTLS: false,
			enabledTransports: [ 'ws' ],
			cluster: 'mt1',
			disableStats: true,
			channelAuthorization: {
				customHandler: ( { socketId, channelName }: any, cb: any ) =>
					cb(
						null,
						s.driver.authorizeChannel(
							socketId,
							channelName,
							presence
						)
					),
			},
		} );
		clients.push( c );
		return c;
	}

	/** Subscribes and collects every event, in arrival order. */
	function listen( c: any, name: string ) {
		const events: Array< { event: string; data: any } > = [];
		return new Promise< { ch: any; events: typeof events } >(
			( resolve, reject ) => {
				const ch = c.subscribe( name );
				ch.bind_global( ( event: string, data: any ) => {
					if ( ! event.startsWith( 'pusher:' ) ) {
						events.push( { event, data } );
					}
				} );
				ch.bind( 'pusher:subscription_succeeded', () =>
					resolve( { ch, events } )
				);
				ch.bind( 'pusher:subscription_error', reject );
			}
		);
	}

	const arrived = (
		events: Array< { event: string } >,
		event: string,
		count = 1
	) =>
		new Promise< void >( ( resolve ) => {
			const check = () =>
				events.filter( ( e ) => e.event === event ).length >= count
					? resolve()
					: setImmediate( check );
			check();
		} );

	it( 'delivers triggers to several channels, public and private', async () => {
		const c = client();
		const [ pub, priv ] = await Promise.all( [
			listen( c, 'news' ),
			listen( c, 'private-room-1' ),
		] );
		await s.driver.trigger( [ 'news', 'private-room-1' ], 'hello', {
			n: 1,
			text: 'é ✓',
		} );
		await Promise.all( [
			arrived( pub.events, 'hello' ),
			arrived( priv.events, 'hello' ),
		] );
		expect( pub.events ).toEqual( [
			{ event: 'hello', data: { n: 1, text: 'é ✓' } },
		] );
		expect( priv.events ).toEqual( pub.events );
	} );

	it( 'publishes more than 100 channels and more than 10 batched events, in order', async () => {
		const c = client();
		const [ first, last ] = await Promise.all( [
			listen( c, 'wide-0' ),
			listen( c, 'wide-149' ),
		] );
		const wide = Array.from( { length: 150 }, ( _, i ) => `wide-${ i }` );
		await s.driver.trigger( wide, 'wide', {} );
		await s.driver.triggerBatch(
			Array.from( { length: 25 }, ( _, i ) => ( {
				channel: 'wide-0',
				name: 'step',
				data: { i },
			} ) )
		);
		await arrived( last.events, 'wide' );
		await arrived( first.events, 'step', 25 );
		expect(
			first.events
				.filter( ( e ) => e.event === 'step' )
				.map( ( e ) => e.data.i )
		).toEqual( Array.from( { length: 25 }, ( _, i ) => i ) );
	} );

	it( 'refuses what the HTTP API refuses, and a refused batch sends none of it', async () => {
		const c = client();
		const { events } = await listen( c, 'guarded' );
		const big = { s: 'x'.repeat( 10 * 1024 ) };
		await expect(
			s.driver.trigger( 'guarded', 'big', big )
		).rejects.toMatchObject( { status: 413 } );
		await expect(
			s.driver.triggerBatch( [
				{ channel: 'guarded', name: 'fine', data: {} },
				{ channel: 'guarded', name: 'big', data: big },
			] )
		).rejects.toMatchObject( { status: 413 } );
		await expect(
			s.driver.trigger( 'bad channel!', 'x', {} )
		).rejects.toThrow();
		await expect(
			s.driver.trigger( 'guarded', 'bad event!', {} )
		).rejects.toThrow();
		// Just under the limit passes (10 KB of data once serialised).
		await s.driver.trigger( 'guarded', 'fits', {
			s: 'x'.repeat( 10 * 1024 - 8 ),
		} );
		await arrived( events, 'fits' );
		expect( events.map( ( e ) => e.event ) ).toEqual( [ 'fits' ] );
	} );

	it( 'answers presence and occupancy queries', async () => {
		const anna = client( { user_id: '11' } );
		const ben = client( { user_id: '12' } );
		await listen( anna, 'presence-team' );
		await listen( ben, 'presence-team' );
		const visitor = client();
		await listen( visitor, 'private-visitor-s-1' );
		expect(
			( await s.driver.channelUsers( 'presence-team' ) ).sort()
		).toEqual( [ '11', '12' ] );
		expect( await s.driver.channelUsers( 'presence-nobody' ) ).toEqual(
			[]
		);
		await expect(
			s.driver.channelUsers( 'private-visitor-s-1' )
		).rejects.toMatchObject( { status: 400 } );
		expect( await s.driver.occupiedChannels( 'private-visitor-' ) ).toEqual(
			[ 'private-visitor-s-1' ]
		);
		visitor.disconnect();
		ben.disconnect();
		for (;;) {
			const users = await s.driver.channelUsers( 'presence-team' );
			const visitors =
				await s.driver.occupiedChannels( 'private-visitor-' );
			if ( users.length === 1 && visitors.length === 0 ) {
				expect( users ).toEqual( [ '11' ] );
				break;
			}
			await new Promise( ( r ) => setImmediate( r ) );
		}
	} );

	it( 'signs subscriptions as the pusher SDK does', () => {
		const sdk = new ( require( 'pusher' ) )( {
			appId: CONFIG.appId,
			key: CONFIG.key,
			secret: CONFIG.secret,
		} );
		const presence = { user_id: '5', user_info: { name: 'Zoé' } };
		expect(
			s.driver.authorizeChannel( '123.456', 'presence-x', presence )
		).toEqual( sdk.authorizeChannel( '123.456', 'presence-x', presence ) );
		expect( s.driver.authorizeChannel( '1.2', 'private-y' ) ).toEqual(
			sdk.authorizeChannel( '1.2', 'private-y' )
		);
		expect( () =>
			s.driver.authorizeChannel( 'not-a-socket', 'private-y' )
		).toThrow();
	} );

	it( 'closes sockets only where it can, reports health and the browsers’ settings', async () => {
		expect( await s.driver.ping() ).toBe( true );
		expect( s.driver.clientConfig() ).toMatchObject( {
			key: CONFIG.key,
			wsHost: '127.0.0.1',
			wsPort: s.port,
		} );
		const c = client();
		await listen( c, 'private-kick' );
		const socketId = c.connection.socket_id;
		const states: string[] = [];
		c.connection.bind( 'state_change', ( st: any ) =>
			states.push( st.current )
		);
		expect( s.driver.terminateSockets( [ socketId ] ) ).toBe(
			expected.terminates
		);
		if ( expected.terminates ) {
			// pusher-js reconnects with a new socket id and subscribes again.
			await new Promise< void >( ( resolve ) => {
				const check = () =>
					states.includes( 'connected' ) &&
					c.connection.socket_id !== socketId
						? resolve()
						: setTimeout( check, 10 );
				check();
			} );
			expect( states[ 0 ] ).not.toBe( 'connected' );
		}
	} );
} );
