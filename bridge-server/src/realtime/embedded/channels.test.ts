/**
 * The broadcast's cost per subscriber: one frame built per event and shared by every
 * socket, and one socket write per tick however many frames go to it.
 */
import { EventEmitter } from 'node:events';
import { ChannelRegistry, type Subscriber } from './channels';
import { Connection } from './connection';

it( 'serialises and frames an event once for all its subscribers, except the sender', () => {
	const registry = new ChannelRegistry();
	const frames = new Map< string, Buffer[] >();
	const stringify = jest.spyOn( JSON, 'stringify' );
	for ( const id of [ '1.1', '1.2', '1.3' ] ) {
		const sub: Subscriber = {
			socketId: id,
			sendFrame: ( f ) =>
				frames.set( id, [ ...( frames.get( id ) ?? [] ), f ] ),
		};
		registry.subscribe( 'news', sub );
	}
	stringify.mockClear();
	expect(
		registry.broadcast(
			'news',
			{ event: 'e', channel: 'news', data: '{}' },
			'1.3'
		)
	).toBe( 2 );
	expect( stringify ).toHaveBeenCalledTimes( 1 );
	stringify.mockRestore();
	expect( frames.get( '1.1' )![ 0 ] ).toBe( frames.get( '1.2' )![ 0 ] );
	expect( frames.has( '1.3' ) ).toBe( false );
} );

it( 'writes the frames of one tick to a socket between one cork and one uncork', async () => {
	const ws = Object.assign( new EventEmitter(), {
		readyState: 1,
		OPEN: 1,
		close: () => undefined,
	} );
	const calls: string[] = [];
	const socket = {
		cork: () => calls.push( 'cork' ),
		uncork: () => calls.push( 'uncork' ),
		write: () => calls.push( 'write' ) > 0,
	};
	const conn = new Connection( ws as any, socket, new ChannelRegistry(), {
		key: 'k',
		secret: 's',
		activityTimeout: 120,
		pongTimeout: 30,
		allowPublicChannels: false,
		maxSubscriptions: 100,
		counters: {
			refusedSubscriptions: 0,
			refusedClientEvents: 0,
			closedForRefusals: 0,
		},
	} );
	await new Promise( ( r ) => setImmediate( r ) );
	calls.length = 0;
	const frame = Buffer.from( 'x' );
	conn.sendFrame( frame );
	conn.sendFrame( frame );
	conn.sendFrame( frame );
	await new Promise( ( r ) => setImmediate( r ) );
	expect( calls ).toEqual( [ 'cork', 'write', 'write', 'write', 'uncork' ] );
	conn.close();
} );

describe( 'counts and prefix queries cost what they return, not every channel', () => {
	const sub = ( socketId: string ): Subscriber => ( {
		socketId,
		sendFrame: () => undefined,
	} );
	/** Map iteration, the way a walk over every channel would show. */
	const walks = () =>
		[ Symbol.iterator, 'keys', 'values', 'entries', 'forEach' ].map(
			( m ) => jest.spyOn( Map.prototype, m as any )
		);

	it( 'indexes occupied channels by prefix and keeps counts as they change', () => {
		const registry = new ChannelRegistry();
		for ( let i = 0; i < 1000; i++ ) {
			registry.subscribe(
				`private-visitor-other${ i }-v${ i }`,
				sub( `1.${ i }` )
			);
		}
		registry.subscribe( 'private-visitor-siteA-v-1', sub( '2.1' ) );
		registry.subscribe( 'private-visitor-siteA-v-1', sub( '2.2' ) );
		registry.subscribe( 'private-visitor-siteA-v-1', sub( '2.2' ) ); // again: no new subscription
		registry.subscribe( 'private-visitor-siteA-v_2', sub( '2.3' ) );
		registry.subscribe( 'presence-advisors-siteA', sub( '2.4' ), {
			userId: '7',
			info: null,
		} );

		const spies = walks();
		const online = registry.names( 'private-visitor-siteA-' );
		const counts = [ registry.size, registry.subscriptions ];
		const called = spies.filter( ( s ) => s.mock.calls.length > 0 ).length;
		spies.forEach( ( s ) => s.mockRestore() );
		expect( called ).toBe( 0 );
		expect( online.sort() ).toEqual( [
			'private-visitor-siteA-v-1',
			'private-visitor-siteA-v_2',
		] );
		expect( counts ).toEqual( [ 1003, 1004 ] );

		registry.unsubscribe( 'private-visitor-siteA-v-1', '2.1' );
		expect( registry.names( 'private-visitor-siteA-' ).sort() ).toEqual( [
			'private-visitor-siteA-v-1',
			'private-visitor-siteA-v_2',
		] );
		registry.unsubscribe( 'private-visitor-siteA-v-1', '2.2' );
		registry.unsubscribe( 'private-visitor-siteA-v-1', '2.2' ); // already gone
		expect( registry.names( 'private-visitor-siteA-' ) ).toEqual( [
			'private-visitor-siteA-v_2',
		] );
		expect( [ registry.size, registry.subscriptions ] ).toEqual( [
			1002, 1002,
		] );
		// Other prefixes still answer (by a walk): partial words, deeper prefixes.
		expect( registry.names( 'private-visitor-siteA' ) ).toEqual( [
			'private-visitor-siteA-v_2',
		] );
		expect( registry.names( 'presence-' ) ).toEqual( [
			'presence-advisors-siteA',
		] );
		expect( registry.names( 'private-visitor-other9-v' ) ).toEqual( [
			'private-visitor-other9-v9',
		] );
		registry.unsubscribe( 'private-visitor-siteA-v_2', '2.3' );
		expect( registry.names( 'private-visitor-siteA-' ) ).toEqual( [] );
	} );

	it( 'answers the health counts and who is online without walking the channels', () => {
		const { createEmbeddedRealtimeServer } = require( './server' );
		const server = createEmbeddedRealtimeServer( {
			appId: 'a',
			key: 'k',
			secret: 's',
			host: '127.0.0.1',
			port: 0,
		} );
		const spies = walks();
		const stats = server.stats();
		const online = server.local.occupied( 'private-visitor-siteA-' );
		const called = spies.filter( ( s ) => s.mock.calls.length > 0 ).length;
		spies.forEach( ( s ) => s.mockRestore() );
		expect( called ).toBe( 0 );
		expect( stats ).toMatchObject( {
			connections: 0,
			channels: 0,
			subscriptions: 0,
		} );
		expect( online ).toEqual( [] );
	} );
} );
