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
		clientEventsPerSecond: 10,
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
