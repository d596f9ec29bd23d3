import { BridgeError } from './errors';
import {
	createOutbox,
	createSendQueue,
	MAX_RETRY_AFTER_MS,
	MAX_RETRY_AFTER_WAITS,
	type OutboxItem,
	type OutboxOptions,
} from './outbox';

interface Item extends OutboxItem {
	text: string;
	uploadId?: string;
}

const flush = async () => {
	for ( let i = 0; i < 5; i++ ) {
		await new Promise( ( r ) => setTimeout( r, 0 ) );
	}
};

/** An outbox whose sends wait until the test settles them, in order. */
function setup( options: Partial< OutboxOptions< Item > > = {} ) {
	const sent: Item[] = [];
	const waiting: Array< {
		item: Item;
		resolve: () => void;
		reject: ( e: unknown ) => void;
	} > = [];
	let ids = 0;
	const outbox = createOutbox< Item >( {
		send: ( item ) =>
			new Promise( ( resolve, reject ) => {
				sent.push( item );
				waiting.push( { item, resolve, reject } );
			} ),
		clientId: () => 'id' + ++ids,
		now: () => new Date( '2026-01-01T00:00:00.000Z' ),
		...options,
	} );
	const settle = async ( outcome?: unknown ) => {
		await flush();
		const next = waiting.shift()!;
		if ( outcome === undefined ) {
			next.resolve();
		} else {
			next.reject( outcome );
		}
		await flush();
	};
	return { outbox, sent, settle };
}

describe( 'createOutbox', () => {
	it( 'shows an item at once and sends items one at a time, in order', async () => {
		const { outbox, sent, settle } = setup();
		const changes = jest.fn();
		outbox.subscribe( changes );
		const first = outbox.queue( { text: 'one' } );
		outbox.queue( { text: 'two' } );
		expect( first ).toEqual( {
			text: 'one',
			clientId: 'id1',
			createdAt: '2026-01-01T00:00:00.000Z',
			status: 'sending',
		} );
		expect( outbox.items.map( ( i ) => i.text ) ).toEqual( [
			'one',
			'two',
		] );
		expect( changes ).toHaveBeenCalledTimes( 2 );

		await flush();
		expect( sent.map( ( i ) => i.text ) ).toEqual( [ 'one' ] );
		await settle();
		expect( outbox.items.map( ( i ) => i.text ) ).toEqual( [ 'two' ] );
		expect( sent.map( ( i ) => i.text ) ).toEqual( [ 'one', 'two' ] );
		await settle();
		expect( outbox.items ).toEqual( [] );
	} );

	it( 'lets fields depend on the client id', () => {
		const { outbox } = setup();
		const item = outbox.queue( ( clientId ) => ( {
			text: 'for ' + clientId,
		} ) );
		expect( item.text ).toBe( 'for id1' );
	} );

	it( 'marks a retryable failure failed, and retries with the same client id and what was learnt', async () => {
		const sent: Array< [ string, string | undefined ] > = [];
		const outbox = createOutbox< Item >( {
			send: async ( item, update ) => {
				sent.push( [ item.clientId, item.uploadId ] );
				if ( ! item.uploadId ) {
					update( { uploadId: 'up1' } );
					throw new BridgeError( 0, 'network', 'Failed to fetch' );
				}
			},
			clientId: () => 'x1',
		} );
		outbox.queue( { text: 'hi' } );
		await outbox.idle();
		expect( outbox.items[ 0 ] ).toMatchObject( {
			status: 'failed',
			error: 'Failed to fetch',
			uploadId: 'up1',
		} );
		expect( outbox.retry( 'x1' ) ).toBe( true );
		expect( outbox.items[ 0 ].status ).toBe( 'sending' );
		expect( outbox.items[ 0 ].error ).toBeUndefined();
		expect( outbox.retry( 'x1' ) ).toBe( false ); // Already on its way.
		expect( outbox.retry( 'unknown' ) ).toBe( false );
		await outbox.idle();
		expect( outbox.items ).toEqual( [] );
		expect( sent ).toEqual( [
			[ 'x1', undefined ],
			[ 'x1', 'up1' ],
		] );
	} );

	it( 'waits out a 429’s Retry-After with the item still sending, then sends it again (same client id)', async () => {
		jest.useFakeTimers();
		try {
			const limited = ( ms: number ) =>
				new BridgeError(
					429,
					'rate_limited',
					'Too many messages.',
					undefined,
					ms
				);
			const sent: string[] = [];
			const outcomes: unknown[] = [ limited( 5000 ), limited( 2000 ) ];
			const outbox = createOutbox< Item >( {
				send: async ( item ) => {
					sent.push( `${ item.clientId }:${ item.text }` );
					const outcome = outcomes.shift();
					if ( outcome ) {
						throw outcome;
					}
				},
				clientId: ( () => {
					let n = 0;
					return () => 'c' + ++n;
				} )(),
			} );
			outbox.queue( { text: 'one' } );
			outbox.queue( { text: 'two' } );
			await jest.advanceTimersByTimeAsync( 4999 );
			expect( sent ).toEqual( [ 'c1:one' ] );
			expect( outbox.items.map( ( i ) => i.status ) ).toEqual( [
				'sending',
				'sending',
			] );
			await jest.advanceTimersByTimeAsync( 1 );
			expect( sent ).toEqual( [ 'c1:one', 'c1:one' ] );
			await jest.advanceTimersByTimeAsync( 1999 );
			expect( sent ).toEqual( [ 'c1:one', 'c1:one' ] );
			expect( outbox.items[ 0 ].status ).toBe( 'sending' );
			await jest.advanceTimersByTimeAsync( 1 );
			await outbox.idle();
			// Stored at last, and the next one went in its turn.
			expect( sent ).toEqual( [
				'c1:one',
				'c1:one',
				'c1:one',
				'c2:two',
			] );
			expect( outbox.items ).toEqual( [] );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'fails a rate-limited item when the wait asked is too long or keeps coming back', async () => {
		jest.useFakeTimers();
		try {
			let asked = MAX_RETRY_AFTER_MS + 1000;
			const send = jest.fn( async () => {
				throw new BridgeError(
					429,
					'rate_limited',
					'Slow down.',
					{},
					asked
				);
			} );
			const outbox = createOutbox< Item >( {
				send,
				clientId: () => 'a',
			} );
			outbox.queue( { text: 'one' } );
			await jest.advanceTimersByTimeAsync( 0 );
			expect( outbox.items[ 0 ] ).toMatchObject( {
				status: 'failed',
				error: 'Slow down.',
			} );
			expect( send ).toHaveBeenCalledTimes( 1 );

			asked = 1000;
			outbox.retry( 'a' );
			await jest.advanceTimersByTimeAsync( 1000 * MAX_RETRY_AFTER_WAITS );
			expect( outbox.items[ 0 ].status ).toBe( 'failed' );
			expect( send ).toHaveBeenCalledTimes( 2 + MAX_RETRY_AFTER_WAITS );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'sends every failed item again in queue order once the connection is back, never a rejected one', async () => {
		const { outbox, sent, settle } = setup();
		outbox.queue( { text: 'one' } );
		outbox.queue( { text: 'two' } );
		outbox.queue( { text: 'three' } );
		await settle( new BridgeError( 0, 'network', 'offline' ) );
		await settle( new BridgeError( 409, 'conflict', 'closed' ) );
		await settle( new BridgeError( 0, 'network', 'offline' ) );
		expect( outbox.items.map( ( i ) => i.status ) ).toEqual( [
			'failed',
			'rejected',
			'failed',
		] );

		expect( outbox.retryFailed() ).toBe( 2 );
		expect( outbox.items.map( ( i ) => i.status ) ).toEqual( [
			'sending',
			'rejected',
			'sending',
		] );
		await settle();
		await settle();
		expect( sent.map( ( i ) => i.clientId ) ).toEqual( [
			'id1',
			'id2',
			'id3',
			'id1',
			'id3',
		] );
		expect( outbox.items.map( ( i ) => i.text ) ).toEqual( [ 'two' ] );
		expect( outbox.retryFailed() ).toBe( 0 );
	} );

	it( 'marks a refusal rejected, which only discarding ends', async () => {
		const { outbox, settle } = setup();
		outbox.queue( { text: 'hi' } );
		await settle( new BridgeError( 409, 'conflict', 'Closed.' ) );
		expect( outbox.items[ 0 ] ).toMatchObject( {
			status: 'rejected',
			error: 'Closed.',
		} );
		expect( outbox.discard( 'id1' ) ).toBe( true );
		expect( outbox.items ).toEqual( [] );
		expect( outbox.discard( 'id1' ) ).toBe( false );
	} );

	it( 'does not discard an item being sent', () => {
		const { outbox } = setup();
		outbox.queue( { text: 'hi' } );
		expect( outbox.discard( 'id1' ) ).toBe( false );
		expect( outbox.items ).toHaveLength( 1 );
	} );

	it( 'lets the client decide a failure, including forgetting the item', async () => {
		const onFailure = jest.fn( ( e: unknown ): 'drop' | 'failed' | void =>
			( e as BridgeError ).status === 409 ? 'drop' : undefined
		);
		const onRemove = jest.fn();
		const { outbox, settle } = setup( { onFailure, onRemove } );
		outbox.queue( { text: 'stale' } );
		outbox.queue( { text: 'refused' } );
		await settle( new BridgeError( 409, 'conflict', 'Stale.' ) );
		expect( outbox.items.map( ( i ) => i.text ) ).toEqual( [ 'refused' ] );
		expect( onRemove ).toHaveBeenCalledWith(
			expect.objectContaining( { text: 'stale' } )
		);
		await settle( new BridgeError( 400, 'bad_request', 'No.' ) );
		expect( outbox.items[ 0 ].status ).toBe( 'rejected' ); // The default applies.
		expect( onFailure ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'never sends an item dropped before its turn, and ignores the outcome of one in flight', async () => {
		const onRemove = jest.fn();
		const { outbox, sent, settle } = setup( { onRemove } );
		outbox.queue( { text: 'in flight' } );
		outbox.queue( { text: 'waiting' } );
		outbox.queue( { text: 'kept' } );
		await flush();
		outbox.dropWhere( ( i ) => i.text !== 'kept' );
		expect( onRemove ).toHaveBeenCalledTimes( 2 );
		await settle( new BridgeError( 0, 'network', 'x' ) );
		expect( outbox.items.map( ( i ) => [ i.text, i.status ] ) ).toEqual( [
			[ 'kept', 'sending' ],
		] );
		await settle();
		expect( sent.map( ( i ) => i.text ) ).toEqual( [
			'in flight',
			'kept',
		] );
	} );

	it( 'tells when every queued item had its attempt, and forgets everything on dispose', async () => {
		const onRemove = jest.fn();
		const outbox = createOutbox< Item >( {
			send: async ( item ) => {
				if ( item.text === 'bad' ) {
					throw new BridgeError( 500, 'internal', 'Oops.' );
				}
			},
			onRemove,
		} );
		const listener = jest.fn();
		outbox.subscribe( listener );
		outbox.queue( { text: 'good' } );
		outbox.queue( { text: 'bad' } );
		await outbox.idle();
		expect( outbox.items.map( ( i ) => [ i.text, i.status ] ) ).toEqual( [
			[ 'bad', 'failed' ],
		] );
		listener.mockClear();
		outbox.dispose();
		expect( outbox.items ).toEqual( [] );
		expect( onRemove ).toHaveBeenCalledTimes( 2 );
		outbox.queue( { text: 'after' } );
		expect( listener ).toHaveBeenCalledTimes( 1 ); // The dispose itself, nothing after.
	} );

	it( 'replaces the list and the changed item on every change', async () => {
		const { outbox, settle } = setup();
		outbox.queue( { text: 'a' } );
		outbox.queue( { text: 'b' } );
		const before = outbox.items;
		await settle( new BridgeError( 503, 'x', 'x' ) );
		expect( outbox.items ).not.toBe( before );
		expect( outbox.items[ 0 ] ).not.toBe( before[ 0 ] );
		expect( outbox.items[ 1 ] ).toBe( before[ 1 ] );
	} );
} );

describe( 'createSendQueue', () => {
	it( 'tells its one onChange of every change, and is the same queue without listeners', async () => {
		const onChange = jest.fn();
		const sends = createSendQueue< Item >( {
			send: async ( item ) => {
				if ( item.text === 'bad' ) {
					throw new BridgeError( 409, 'conflict', 'Closed.' );
				}
			},
			clientId: () => 'q1',
			onChange,
		} );
		expect( sends ).not.toHaveProperty( 'subscribe' );
		expect( sends ).not.toHaveProperty( 'dispose' );
		sends.queue( { text: 'bad' } );
		expect( onChange ).toHaveBeenCalledTimes( 1 );
		await sends.idle();
		expect( sends.items[ 0 ] ).toMatchObject( {
			clientId: 'q1',
			status: 'rejected',
			error: 'Closed.',
		} );
		expect( onChange ).toHaveBeenCalledTimes( 2 );
		expect( sends.discard( 'q1' ) ).toBe( true );
		expect( sends.items ).toEqual( [] );
		expect( onChange ).toHaveBeenCalledTimes( 3 );
	} );
} );
