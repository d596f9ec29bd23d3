/**
 * Rate-limit counters in the database (rate-limit-store.ts), on sqlite3 and (bridge-pg)
 * PostgreSQL: two bridges on one database count one client's hits together, so a limit holds
 * across processes instead of multiplying by their number.
 */
import { DatabaseRateLimits } from './rate-limit-store';
import { createLogger } from './logger';
import { newClientId } from './test-utils/chat';
import { client, startTwoBridges, type Harness } from './test-utils/harness';

const open: Harness[] = [];
afterEach( async () => {
	// The second bridge keeps the first one's data: close it first.
	for ( const h of open.splice( 0 ).reverse() ) {
		await h.close();
	}
} );

async function twoBridges( env: Record< string, string > ) {
	const both = await startTwoBridges( env );
	open.push( ...both );
	return both;
}

it( 'counts one key together across stores on one database, per limit, window by window', async () => {
	const [ a ] = await twoBridges( {} );
	let now = 1_000_000;
	const clock = () => now;
	const log = createLogger();
	// Two processes' stores of the same limit, and another limit.
	const first = new DatabaseRateLimits( a.ctx.db, log, clock ).store(
		'messages'
	);
	const second = new DatabaseRateLimits( a.ctx.db, log, clock ).store(
		'messages'
	);
	const other = new DatabaseRateLimits( a.ctx.db, log, clock ).store(
		'actions'
	);
	for ( const s of [ first, second, other ] ) {
		s.init?.( { windowMs: 60_000 } as any );
	}
	const hits = async ( s: typeof first, key = 'site_x:visitor:v1' ) =>
		( await s.increment( key ) ).totalHits;

	expect( await hits( first ) ).toBe( 1 );
	expect( await hits( second ) ).toBe( 2 );
	expect( await hits( first ) ).toBe( 3 );
	expect( await hits( other ) ).toBe( 1 );
	expect( await hits( second, 'site_x:visitor:v2' ) ).toBe( 1 );
	expect( await first.get?.( 'site_x:visitor:v1' ) ).toEqual( {
		totalHits: 3,
		resetTime: new Date( 1_000_000 + 60_000 ),
	} );
	await second.decrement( 'site_x:visitor:v1' );
	expect( await hits( first ) ).toBe( 3 );

	// The window runs from the key's first hit; once it ends the count starts again.
	now += 59_999;
	expect( await hits( second ) ).toBe( 4 );
	now += 1;
	expect( await hits( first ) ).toBe( 1 );
	expect(
		( await first.increment( 'site_x:visitor:v1' ) ).resetTime
	).toEqual( new Date( now + 60_000 ) );

	// Keys longer than the column are stored as a digest, still one count per key.
	const long = 'x'.repeat( 500 );
	expect( await hits( first, long ) ).toBe( 1 );
	expect( await hits( second, long ) ).toBe( 2 );
	expect( await hits( first, long + 'y' ) ).toBe( 1 );

	await first.resetKey( long );
	expect( await first.get?.( long ) ).toBeUndefined();

	// The sweep deletes ended windows only.
	now += 60_000;
	expect( await hits( other, 'fresh' ) ).toBe( 1 );
	const sweeper = new DatabaseRateLimits( a.ctx.db, log, clock );
	expect( await sweeper.sweep() ).toBeGreaterThan( 0 );
	expect(
		( await a.ctx.db( 'rate_limit_hits' ).pluck( 'key' ) ).sort()
	).toEqual( [ 'actions:fresh' ] );
} );

/**
 * Two bridges on one database with `env`, a visitor and a live conversation, and a send of
 * "hello" through whichever bridge is given (as a load balancer without stickiness would).
 */
async function liveChatOnTwoBridges( env: Record< string, string > ) {
	const [ a, b ] = await twoBridges( env );
	const [ onA, onB ] = [ client( a.url ), client( b.url ) ];
	const visitor = (
		await onA( 'POST', `/v1/sites/${ a.site.id }/visitors`, { body: {} } )
	).body as { token: string };
	const id = (
		await onB( 'POST', '/v1/conversations', {
			token: visitor.token,
			body: { mode: 'live' },
		} )
	).body.conversation.id as string;
	const send = ( call: typeof onA ) =>
		call( 'POST', `/v1/conversations/${ id }/messages`, {
			token: visitor.token,
			body: { clientId: newClientId(), text: 'hello' },
		} );
	return { a, id, onA, onB, send };
}

it( 'holds a per-caller limit across two bridges on one database (RATE_LIMIT_STORE=database)', async () => {
	const { a, id, onA, onB, send } = await liveChatOnTwoBridges( {
		RATE_LIMIT_STORE: 'database',
		RATE_LIMIT_MESSAGES_PER_MINUTE: '3',
	} );
	// A load balancer without sticky sessions: each request to the other process.
	const statuses = [];
	for ( const call of [ onA, onB, onA, onB, onA ] ) {
		statuses.push( ( await send( call ) ).status );
	}
	expect( statuses ).toEqual( [ 201, 201, 201, 429, 429 ] );
	// Refused sends stored nothing.
	expect(
		Number(
			(
				await a.ctx
					.db( 'messages' )
					.where( { conversation_id: id, author_type: 'visitor' } )
					.count( { n: '*' } )
			)[ 0 ].n
		)
	).toBe( 3 );
} );

it( 'keeps counting per process in memory when asked to (the default on sqlite3)', async () => {
	const { a, onA, onB, send } = await liveChatOnTwoBridges( {
		RATE_LIMIT_STORE: 'memory',
		RATE_LIMIT_MESSAGES_PER_MINUTE: '1',
	} );
	// Each process its own count: one send each.
	expect( ( await send( onA ) ).status ).toBe( 201 );
	expect( ( await send( onB ) ).status ).toBe( 201 );
	expect( ( await send( onA ) ).status ).toBe( 429 );
	expect(
		Number(
			( await a.ctx.db( 'rate_limit_hits' ).count( { n: '*' } ) )[ 0 ].n
		)
	).toBe( 0 );
} );
