/**
 * The publish queue, against a driver whose calls finish out of order (as concurrent
 * HTTP calls to hosted Pusher may): each channel still receives its events in order,
 * a failure is only logged, and idle() waits for everything.
 */
import {
	conversationChannel,
	inboxChannel,
	type Conversation,
	type Message,
} from '@handoff-chat/contracts';
import type { RealtimeDriver, RealtimeEvent } from '../realtime';
import { waitFor } from '../test-utils/harness';
import { EventsService } from './events';

/** Records what each channel received, in delivery order; every call takes a random time. */
function slowDriver( fail?: ( events: RealtimeEvent[] ) => boolean ) {
	const received = new Map< string, Array< { name: string; data: any } > >();
	const inFlight = new Map< string, number >();
	let overlapped = false;
	const deliver = async ( events: RealtimeEvent[] ) => {
		const channels = [ ...new Set( events.map( ( e ) => e.channel ) ) ];
		channels.forEach( ( ch ) => {
			overlapped ||= ( inFlight.get( ch ) ?? 0 ) > 0;
			inFlight.set( ch, ( inFlight.get( ch ) ?? 0 ) + 1 );
		} );
		await new Promise( ( r ) => setTimeout( r, Math.random() * 5 ) );
		channels.forEach( ( ch ) =>
			inFlight.set( ch, inFlight.get( ch )! - 1 )
		);
		if ( fail?.( events ) ) {
			throw new Error( 'realtime API answered 500' );
		}
		for ( const e of events ) {
			received.set( e.channel, [
				...( received.get( e.channel ) ?? [] ),
				{ name: e.name, data: e.data },
			] );
		}
	};
	const driver = {
		trigger: ( channels: string | string[], name: string, data: unknown ) =>
			deliver(
				( Array.isArray( channels ) ? channels : [ channels ] ).map(
					( channel ) => ( { channel, name, data } )
				)
			),
		triggerBatch: deliver,
	} as unknown as RealtimeDriver;
	return { driver, received, overlapped: () => overlapped };
}

const log = () => ( { info: jest.fn(), warn: jest.fn(), error: jest.fn() } );
const conversation = ( siteId: string, id: string ) =>
	( { id, siteId } ) as Conversation;
const message = ( seq: number ) =>
	( { id: `m${ seq }`, seq, kind: 'text' } ) as Message;

it( 'keeps each channel in seq order, with one call at a time per channel', async () => {
	const { driver, received, overlapped } = slowDriver();
	const events = new EventsService( driver, log() );
	const c = conversation( 's1', 'c1' );
	const other = conversation( 's2', 'c2' );
	for ( let seq = 1; seq <= 40; seq++ ) {
		events.messageCreated( c, message( seq ) );
		events.conversationUpdated( { ...c, lastSeq: seq } );
		events.messageCreated( other, message( seq ) );
		if ( seq % 7 === 0 ) {
			// Let some calls start while more is queued.
			await new Promise( ( r ) => setTimeout( r, 2 ) );
		}
	}
	await events.idle();
	const seqs = ( channel: string ) =>
		received
			.get( channel )!
			.filter( ( e ) => e.name === 'message-created' )
			.map( ( e ) => e.data.message.seq );
	const inOrder = Array.from( { length: 40 }, ( _, i ) => i + 1 );
	expect( seqs( conversationChannel( 's1', 'c1' ) ) ).toEqual( inOrder );
	expect( seqs( inboxChannel( 's1' ) ) ).toEqual( inOrder );
	expect( seqs( inboxChannel( 's2' ) ) ).toEqual( inOrder );
	// Whole states: one still waiting gives way to a newer one, and the last one always goes.
	const updates = received
		.get( inboxChannel( 's1' ) )!
		.filter( ( e ) => e.name === 'conversation-updated' )
		.map( ( e ) => e.data.conversation.lastSeq );
	expect( updates ).toEqual( [ ...updates ].sort( ( a, b ) => a - b ) );
	expect( updates.at( -1 ) ).toBe( 40 );
	expect( updates.length ).toBeLessThan( 40 );
	expect( overlapped() ).toBe( false );
} );

it( 'logs a failed call and goes on with the next events', async () => {
	const { driver, received } = slowDriver( ( batch ) =>
		batch.some( ( e ) => e.data && ( e.data as any ).message?.seq === 1 )
	);
	const logger = log();
	const events = new EventsService( driver, logger );
	const c = conversation( 's1', 'c1' );
	events.messageCreated( c, message( 1 ) );
	await events.idle();
	events.messageCreated( c, message( 2 ) );
	await events.idle();
	expect( logger.warn ).toHaveBeenCalledWith(
		'realtime trigger failed',
		expect.objectContaining( { channel: inboxChannel( 's1' ) } )
	);
	expect(
		received.get( inboxChannel( 's1' ) )!.map( ( e ) => e.data.message.seq )
	).toEqual( [ 2 ] );
} );

it( 'recounts the inbox summary once per burst and publishes the final count', async () => {
	const { driver, received } = slowDriver();
	const events = new EventsService( driver, log() );
	let toHandle = 0;
	const count = jest.fn( async () => toHandle );
	for ( let i = 0; i < 20; i++ ) {
		toHandle++;
		events.refreshInboxSummary( 's1', count );
	}
	await events.idle();
	expect( count ).toHaveBeenCalledTimes( 1 );
	// A change during the recount costs exactly one more recount, after it.
	let release!: () => void;
	const gate = new Promise< void >( ( r ) => ( release = r ) );
	const slowCount = jest.fn( async () => {
		const n = toHandle;
		await gate;
		return n;
	} );
	events.refreshInboxSummary( 's1', slowCount );
	// The recount has started (its delay is over): waited for, not slept through.
	await waitFor( () => slowCount.mock.calls.length > 0, 10_000, 'recount' );
	toHandle = 42;
	events.refreshInboxSummary( 's1', slowCount );
	events.refreshInboxSummary( 's1', slowCount );
	release();
	await events.idle();
	expect( slowCount ).toHaveBeenCalledTimes( 2 );
	const summaries = received
		.get( inboxChannel( 's1' ) )!
		.map( ( e ) => e.data.toHandle );
	expect( summaries[ 0 ] ).toBe( 20 );
	expect( summaries.at( -1 ) ).toBe( 42 );
} );

/** Records each event when the driver is called (publishing then involves promises only, no timers). */
function callRecorder() {
	const received = new Map< string, Array< { name: string; data: any } > >();
	const deliver = async ( events: RealtimeEvent[] ) =>
		events.forEach( ( e ) =>
			received.set( e.channel, [
				...( received.get( e.channel ) ?? [] ),
				{ name: e.name, data: e.data },
			] )
		);
	const driver = {
		trigger: ( channel: string, name: string, data: unknown ) =>
			deliver( [ { channel, name, data } ] ),
		triggerBatch: deliver,
	} as unknown as RealtimeDriver;
	return { driver, received };
}

it( 'holds what a request publishes until its response is written, without reordering a channel', async () => {
	const { driver, received } = callRecorder();
	const events = new EventsService( driver, log() );
	const c = conversation( 's1', 'c1' );
	const other = conversation( 's2', 'c2' );
	const first = events.hold();
	const second = events.hold();
	// Two requests of one conversation: seq 1, then seq 2; a third, unheld, elsewhere.
	first.run( () => events.messageCreated( c, message( 1 ) ) );
	second.run( () => events.messageCreated( c, message( 2 ) ) );
	events.messageCreated( other, message( 1 ) );
	const seqs = ( channel: string ) =>
		( received.get( channel ) ?? [] ).map( ( e ) => e.data.message.seq );
	// The later request answers first: its event still waits behind the earlier one.
	second.release();
	// Once the loop comes round, whatever promises could move has moved.
	await new Promise( ( r ) => setImmediate( r ) );
	expect( seqs( conversationChannel( 's1', 'c1' ) ) ).toEqual( [] );
	expect( seqs( inboxChannel( 's1' ) ) ).toEqual( [] );
	// Nothing held on another channel waits.
	expect( seqs( conversationChannel( 's2', 'c2' ) ) ).toEqual( [ 1 ] );
	first.release();
	await events.idle();
	expect( seqs( conversationChannel( 's1', 'c1' ) ) ).toEqual( [ 1, 2 ] );
	expect( seqs( inboxChannel( 's1' ) ) ).toEqual( [ 1, 2 ] );
} );

it( 'publishes after a failed or aborted request too (its changes were committed)', async () => {
	const { driver, received } = slowDriver();
	const events = new EventsService( driver, log() );
	const hold = events.hold();
	await hold
		.run( async () => {
			events.messageCreated( conversation( 's1', 'c1' ), message( 1 ) );
			throw new Error( 'the request failed after its commit' );
		} )
		.catch( () => undefined );
	// app.ts releases on 'close' as well as 'finish': the connection is gone.
	hold.release();
	await events.idle();
	expect(
		received
			.get( conversationChannel( 's1', 'c1' ) )!
			.map( ( e ) => e.data.message.seq )
	).toEqual( [ 1 ] );
} );
