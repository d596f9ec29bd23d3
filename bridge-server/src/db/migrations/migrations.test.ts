/** Migrations run forwards and backwards on sqlite3 with data in place, and nothing is lost. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateFlow } from '@handoff-chat/contracts';
import { createDb, migrationSource, type Db } from '..';

let dir: string;
let db: Db;

beforeAll( () => {
	dir = mkdtempSync( path.join( tmpdir(), 'handoff-migrations-' ) );
	db = createDb( {
		client: 'sqlite3',
		connection: path.join( dir, 'm.sqlite' ),
	} );
} );
afterAll( async () => {
	await db.destroy();
	rmSync( dir, { recursive: true, force: true } );
} );

const count = async ( table: string ) =>
	Number( ( await db( table ).count( { n: '*' } ) )[ 0 ].n );

it( 'adds bot flows over existing data, seeds the demo flow, and rolls back without losing messages', async () => {
	await db.migrate.up( { migrationSource } ); // core tables only
	const now = new Date().toISOString();
	await db( 'sites' ).insert( {
		id: 'site_old',
		name: 'Old',
		secret: 's',
		licence_quota: 5,
		created_at: now,
	} );
	await db( 'visitors' ).insert( {
		id: 'v1',
		site_id: 'site_old',
		created_at: now,
		last_seen_at: now,
	} );
	await db( 'conversations' ).insert( [
		{
			id: 'c1',
			site_id: 'site_old',
			visitor_id: 'v1',
			state: 'live',
			mode: 'live',
			last_seq: 3,
			created_at: now,
			updated_at: now,
		},
		{
			id: 'c2',
			site_id: 'site_old',
			visitor_id: 'v1',
			state: 'closed',
			mode: 'live',
			last_seq: 0,
			created_at: now,
			updated_at: now,
		},
		{
			id: 'c3',
			site_id: 'site_old',
			visitor_id: 'v1',
			state: 'bot',
			mode: 'bot',
			last_seq: 0,
			created_at: now,
			updated_at: now,
		},
	] );
	const msg = ( seq: number, author: string, kind = 'text' ) => ( {
		id: `m${ seq }`,
		conversation_id: 'c1',
		seq,
		kind,
		author_type: author,
		text: 'x',
		created_at: now,
	} );
	await db( 'messages' ).insert( [
		msg( 1, 'visitor' ),
		msg( 2, 'advisor' ),
		msg( 3, 'advisor', 'note' ),
	] );

	await db.migrate.up( { migrationSource } ); // bot flows
	expect(
		await db( 'conversations' )
			.where( { id: 'c1' } )
			.first( 'last_visitor_seq', 'last_advisor_seq', 'flow_id' )
	).toEqual( {
		last_visitor_seq: 1,
		last_advisor_seq: 2,
		flow_id: null,
	} );
	const seeded = await db( 'flows' ).where( { site_id: 'site_old' } );
	expect( seeded.map( ( f: any ) => f.id ) ).toEqual( [ 'demo' ] );
	// Its frozen copy still reads with today's flow schema (old sites keep a working bot).
	expect(
		validateFlow( JSON.parse( seeded[ 0 ].definition ) ).issues
	).toEqual( [] );

	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasTable( 'flows' ) ).toBe( false );
	expect( await db.schema.hasColumn( 'conversations', 'flow_state' ) ).toBe(
		false
	);
	// Rebuilding the conversations table in sqlite3 must not cascade into its messages.
	expect( await count( 'messages' ) ).toBe( 3 );

	await db.migrate.latest( { migrationSource } );
	expect( await db.schema.hasColumn( 'messages', 'meta' ) ).toBe( true );
} );

it( 'files existing conversations into their inbox list, and rolls the inbox state back without loss', async () => {
	expect(
		(
			await db( 'conversations' )
				.orderBy( 'id' )
				.select( 'id', 'inbox_list', 'visitor_last_read_seq' )
		).map( ( r: any ) => [ r.id, r.inbox_list, r.visitor_last_read_seq ] )
	).toEqual( [
		[ 'c1', 'live', 0 ],
		[ 'c2', 'closed', 0 ],
		[ 'c3', 'bot', 0 ],
	] );
	expect( await db( 'visitors' ).first( 'sessions', 'user_agent' ) ).toEqual(
		{ sessions: 1, user_agent: null }
	);
	for ( const table of [
		'advisors',
		'site_settings',
		'uploads',
		'notification_outbox',
	] ) {
		expect( await db.schema.hasTable( table ) ).toBe( true );
	}

	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	await db.migrate.down( { migrationSource } ); // inbox counters
	await db.migrate.down( { migrationSource } ); // last message kind
	await db.migrate.down( { migrationSource } ); // advisors' read seq
	await db.migrate.down( { migrationSource } ); // advisor licences
	await db.migrate.down( { migrationSource } ); // uploads and notifications
	await db.migrate.down( { migrationSource } ); // inbox state
	expect( await db.schema.hasTable( 'advisors' ) ).toBe( false );
	expect( await db.schema.hasTable( 'uploads' ) ).toBe( false );
	expect( await db.schema.hasColumn( 'conversations', 'inbox_list' ) ).toBe(
		false
	);
	expect( await db.schema.hasColumn( 'visitors', 'sessions' ) ).toBe( false );
	expect( await count( 'messages' ) ).toBe( 3 );
	expect( await count( 'conversations' ) ).toBe( 3 );
	expect( await count( 'visitors' ) ).toBe( 1 );

	await db.migrate.latest( { migrationSource } );
	expect(
		(
			await db( 'conversations' )
				.where( { id: 'c2' } )
				.first( 'inbox_list' )
		).inbox_list
	).toBe( 'closed' );
} );

it( 'licenses the advisors who worked before licences existed, up to the quota, and keys conversations by page', async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	await db.migrate.down( { migrationSource } ); // inbox counters
	await db.migrate.down( { migrationSource } ); // last message kind
	await db.migrate.down( { migrationSource } ); // advisors' read seq
	await db.migrate.down( { migrationSource } ); // advisor licences
	const now = new Date().toISOString();
	await db( 'sites' )
		.where( { id: 'site_old' } )
		.update( { licence_quota: 2 } );
	await db( 'advisors' ).insert(
		[ '2026-11-01', '2026-11-03', '2026-11-02' ].map( ( day, i ) => ( {
			site_id: 'site_old',
			id: String( i + 1 ),
			name: `A${ i + 1 }`,
			last_seen_at: `${ day }T10:00:00.000Z`,
		} ) )
	);
	await db( 'conversations' ).where( { id: 'c1' } ).update( {
		page_url: 'https://shop.example/Products?utm=x',
		updated_at: now,
	} );
	await db( 'conversations' ).where( { id: 'c2' } ).update( {
		page_url: 'https://shop.example/?page_id=12',
		updated_at: now,
	} );

	await db.migrate.up( { migrationSource } );
	const licensed = await db( 'advisors' )
		.where( { site_id: 'site_old', licensed: true } )
		.orderBy( 'id' )
		.pluck( 'id' );
	// The two seen last keep working; the third waits for a licence.
	expect( licensed ).toEqual( [ '2', '3' ] );
	expect(
		await db( 'conversations' ).orderBy( 'id' ).pluck( 'page_key' )
	).toEqual( [ '/Products/', '/?post=12', null ] );

	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasColumn( 'advisors', 'licensed' ) ).toBe( false );
	expect( await count( 'advisors' ) ).toBe( 3 );
	await db.migrate.latest( { migrationSource } );
} );

it( "fills each conversation's advisors' read seq from the advisors' read states, and rolls it back without loss", async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	await db.migrate.down( { migrationSource } ); // inbox counters
	await db.migrate.down( { migrationSource } ); // last message kind
	await db.migrate.down( { migrationSource } ); // advisors' read seq
	expect(
		await db.schema.hasColumn( 'conversations', 'advisors_last_read_seq' )
	).toBe( false );
	await db( 'conversation_reads' ).insert( [
		{ conversation_id: 'c1', advisor_id: '1', last_read_seq: 2 },
		{ conversation_id: 'c1', advisor_id: '2', last_read_seq: 3 },
		{ conversation_id: 'c2', advisor_id: '1', last_read_seq: 0 },
	] );

	await db.migrate.up( { migrationSource } );
	expect(
		await db( 'conversations' )
			.orderBy( 'id' )
			.pluck( 'advisors_last_read_seq' )
	).toEqual( [ 3, 0, 0 ] );

	await db.migrate.down( { migrationSource } );
	expect(
		await db.schema.hasColumn( 'conversations', 'advisors_last_read_seq' )
	).toBe( false );
	expect( await count( 'messages' ) ).toBe( 3 );
	expect( await count( 'conversation_reads' ) ).toBe( 3 );
	await db.migrate.latest( { migrationSource } );
} );

it( 'keeps the kindof the last message, turning the old "📷" preview into an image without caption', async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	await db.migrate.down( { migrationSource } ); // inbox counters
	await db.migrate.down( { migrationSource } ); // last message kind
	const previews = { c1: '📷', c2: 'A caption or a text', c3: null };
	for ( const [ id, preview ] of Object.entries( previews ) ) {
		await db( 'conversations' )
			.where( { id } )
			.update( { last_message_preview: preview } );
	}

	await db.migrate.up( { migrationSource } );
	expect(
		await db( 'conversations' )
			.orderBy( 'id' )
			.select( 'last_message_kind', 'last_message_preview' )
	).toEqual( [
		{ last_message_kind: 'image', last_message_preview: '' },
		{
			last_message_kind: 'text',
			last_message_preview: 'A caption or a text',
		},
		{ last_message_kind: null, last_message_preview: null },
	] );

	await db.migrate.down( { migrationSource } );
	expect(
		await db.schema.hasColumn( 'conversations', 'last_message_kind' )
	).toBe( false );
	expect(
		await db( 'conversations' )
			.orderBy( 'id' )
			.pluck( 'last_message_preview' )
	).toEqual( [ '📷', 'A caption or a text', null ] );
	expect( await count( 'messages' ) ).toBeGreaterThan( 0 );
	await db.migrate.latest( { migrationSource } );
} );

it( 'fills the inbox counters from the conversations in place, and rolls them back', async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	await db.migrate.down( { migrationSource } ); // inbox counters
	expect( await db.schema.hasTable( 'inbox_counts' ) ).toBe( false );
	expect( await db.schema.hasTable( 'inbox_totals' ) ).toBe( false );
	await db.migrate.up( { migrationSource } );
	const summed = ( table: string ) =>
		db( table )
			.groupBy( 'site_id', 'inbox_list' )
			.select( 'site_id', 'inbox_list' )
			.sum( { n: 'total' } )
			.orderBy( [ 'site_id', 'inbox_list' ] );
	const real = await db( 'conversations' )
		.groupBy( 'site_id', 'inbox_list' )
		.select( 'site_id', 'inbox_list' )
		.count( { n: '*' } )
		.orderBy( [ 'site_id', 'inbox_list' ] );
	expect( real.length ).toBeGreaterThan( 0 );
	const numbers = ( rows: any[] ) =>
		rows.map( ( r ) => ( { ...r, n: Number( r.n ) } ) );
	expect( numbers( await summed( 'inbox_counts' ) ) ).toEqual(
		numbers( real )
	);
	expect( numbers( await summed( 'inbox_totals' ) ) ).toEqual(
		numbers( real )
	);
	await db.migrate.down( { migrationSource } );
	expect(
		await db.schema.hasColumn( 'conversation_reads', 'read_unanswered' )
	).toBe( false );
	expect( await count( 'messages' ) ).toBeGreaterThan( 0 );
	await db.migrate.latest( { migrationSource } );
} );

it( 'indexes the existing messages and variables for search, keeps it in step, and rolls back to no index', async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	await db.migrate.down( { migrationSource } ); // search index
	const now = new Date().toISOString();
	await db( 'messages' ).insert( [
		{
			id: 'm10',
			conversation_id: 'c2',
			seq: 1,
			kind: 'text',
			author_type: 'visitor',
			text: 'Où est ma commande ?',
			created_at: now,
		},
		{
			id: 'm11',
			conversation_id: 'c2',
			seq: 2,
			kind: 'event',
			author_type: 'system',
			text: 'Commande fermée',
			created_at: now,
		},
	] );
	await db( 'visitor_variables' ).insert( {
		site_id: 'site_old',
		visitor_id: 'v1',
		name: 'NOM',
		value: 'Hélène Dupré',
		updated_at: now,
	} );
	const matches = async ( table: string, phrase: string ) =>
		(
			await db.raw(
				`SELECT rowid FROM ${ table } WHERE ${ table } MATCH ? ORDER BY rowid`,
				[ `"${ phrase }"` ]
			)
		).map( ( r: any ) => r.rowid );
	const rowidOf = async ( id: string ) =>
		( await db( 'messages' ).where( { id } ).first( 'rowid' ) ).rowid;

	await db.migrate.up( { migrationSource } );
	// Accents folded; events not indexed.
	expect( await matches( 'messages_search', 'commande' ) ).toEqual( [
		await rowidOf( 'm10' ),
	] );
	expect( await matches( 'messages_search', 'ou est' ) ).toHaveLength( 1 );
	expect(
		await matches( 'visitor_variables_search', 'helene' )
	).toHaveLength( 1 );
	// The triggers follow later writes.
	await db( 'visitor_variables' )
		.where( { visitor_id: 'v1', name: 'NOM' } )
		.update( { value: 'Hélène Martin' } );
	expect( await matches( 'visitor_variables_search', 'dupre' ) ).toEqual(
		[]
	);
	expect(
		await matches( 'visitor_variables_search', 'martin' )
	).toHaveLength( 1 );
	await db( 'messages' ).where( { id: 'm10' } ).delete();
	expect( await matches( 'messages_search', 'commande' ) ).toEqual( [] );

	await db.migrate.down( { migrationSource } );
	for ( const table of [ 'messages_search', 'visitor_variables_search' ] ) {
		expect( await db.schema.hasTable( table ) ).toBe( false );
	}
	expect(
		await db( 'sqlite_master' )
			.where( 'type', 'trigger' )
			.andWhere( 'name', 'like', '%search%' )
			.pluck( 'name' )
	).toEqual( [] );
	// Writes go on without the index.
	await db( 'visitor_variables' )
		.where( { visitor_id: 'v1', name: 'NOM' } )
		.delete();
	expect( await count( 'messages' ) ).toBe( 4 );
	await db.migrate.latest( { migrationSource } );
	expect( await matches( 'messages_search', 'fermee' ) ).toEqual( [] );
} );

it( 'stores each advisor’s unread conversations from what they read, keeps them in step, and rolls back', async () => {
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	await db.migrate.down( { migrationSource } ); // connect codes
	await db.migrate.down( { migrationSource } ); // advisor unread
	const site = await db( 'conversations' ).first( 'site_id' );
	const ids = await db( 'conversations' )
		.where( 'site_id', site.site_id )
		.orderBy( 'id' )
		.pluck( 'id' );
	expect( ids.length ).toBeGreaterThanOrEqual( 2 );
	const advisors = await db( 'advisors' )
		.where( 'site_id', site.site_id )
		.orderBy( 'id' )
		.pluck( 'id' );
	expect( advisors.length ).toBeGreaterThanOrEqual( 2 );
	// The first conversation awaits an answer (visitor at 5), read up to it by the first
	// advisor only; the second was answered.
	await db( 'conversations' )
		.where( 'id', ids[ 0 ] )
		.update( { last_visitor_seq: 5, last_advisor_seq: 2 } );
	await db( 'conversations' )
		.where( 'id', ids[ 1 ] )
		.update( { last_visitor_seq: 3, last_advisor_seq: 4 } );
	await db( 'conversation_reads' )
		.insert( {
			conversation_id: ids[ 0 ],
			advisor_id: advisors[ 0 ],
			last_read_seq: 5,
		} )
		.onConflict( [ 'conversation_id', 'advisor_id' ] )
		.merge();
	const unread = () =>
		db( 'advisor_unread' )
			.where( 'site_id', site.site_id )
			.orderBy( [ 'advisor_id', 'conversation_id' ] )
			.select( 'advisor_id', 'conversation_id' );

	// The per-advisor totals always equal a count of the rows.
	const totalsMatch = async () =>
		expect(
			(
				await db( 'advisor_unread_totals' )
					.where( 'n', '>', 0 )
					.orderBy( [ 'advisor_id', 'site_id', 'inbox_list' ] )
					.select( 'advisor_id', 'site_id', 'inbox_list', 'n' )
			).map( ( r: any ) => ( { ...r, n: Number( r.n ) } ) )
		).toEqual(
			(
				await db( 'advisor_unread' )
					.groupBy( 'advisor_id', 'site_id', 'inbox_list' )
					.orderBy( [ 'advisor_id', 'site_id', 'inbox_list' ] )
					.select( 'advisor_id', 'site_id', 'inbox_list' )
					.count( { n: '*' } )
			).map( ( r: any ) => ( { ...r, n: Number( r.n ) } ) )
		);

	await db.migrate.up( { migrationSource } );
	await totalsMatch();
	expect( await unread() ).toEqual(
		advisors.slice( 1 ).map( ( a: string ) => ( {
			advisor_id: a,
			conversation_id: ids[ 0 ],
		} ) )
	);
	// A new visitor message: unread for everyone again; a read removes the reader's row.
	await db( 'conversations' )
		.where( 'id', ids[ 0 ] )
		.update( { last_visitor_seq: 6 } );
	expect( ( await unread() ).map( ( r: any ) => r.advisor_id ) ).toEqual(
		advisors
	);
	await totalsMatch();
	await db( 'conversation_reads' )
		.where( { conversation_id: ids[ 0 ], advisor_id: advisors[ 0 ] } )
		.update( { last_read_seq: 6 } );
	expect( ( await unread() ).map( ( r: any ) => r.advisor_id ) ).toEqual(
		advisors.slice( 1 )
	);
	// Touched: the rows follow the conversation's list and updated_at; answered: gone.
	await db( 'conversations' ).where( 'id', ids[ 0 ] ).update( {
		inbox_list: 'closed',
		updated_at: '2030-01-01T00:00:00.000Z',
	} );
	expect(
		await db( 'advisor_unread' )
			.where( 'conversation_id', ids[ 0 ] )
			.distinct( 'inbox_list', 'updated_at' )
	).toEqual( [
		{ inbox_list: 'closed', updated_at: '2030-01-01T00:00:00.000Z' },
	] );
	await totalsMatch();
	// A new advisor gets what awaits; a removed one loses their rows.
	await db( 'advisors' ).insert( {
		site_id: site.site_id,
		id: 'new',
		name: 'New',
		last_seen_at: new Date().toISOString(),
	} );
	expect(
		await db( 'advisor_unread' )
			.where( 'advisor_id', 'new' )
			.pluck( 'conversation_id' )
	).toEqual( [ ids[ 0 ] ] );
	await db( 'advisors' )
		.where( { site_id: site.site_id, id: 'new' } )
		.delete();
	expect( await db( 'advisor_unread' ).where( 'advisor_id', 'new' ) ).toEqual(
		[]
	);
	await db( 'conversations' )
		.where( 'id', ids[ 0 ] )
		.update( { last_advisor_seq: 7 } );
	expect( await unread() ).toEqual( [] );
	await totalsMatch();

	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasTable( 'advisor_unread' ) ).toBe( false );
	await db( 'conversations' )
		.where( 'id', ids[ 0 ] )
		.update( { last_visitor_seq: 8 } );
	await db.migrate.latest( { migrationSource } );
} );

it( 'adds the connection codes and the secret grace, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } ); // retention
	await db.migrate.down( { migrationSource } ); // rate-limit hits
	expect( await db.schema.hasTable( 'connect_codes' ) ).toBe( true );
	expect( await db.schema.hasTable( 'site_secret_grace' ) ).toBe( true );
	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasTable( 'connect_codes' ) ).toBe( false );
	expect( await db.schema.hasTable( 'site_secret_grace' ) ).toBe( false );
	expect( await db.schema.hasTable( 'sites' ) ).toBe( true );
	await db.migrate.latest( { migrationSource } );
} );

it( 'adds the shared rate-limit counters, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // retention
	await db( 'rate_limit_hits' ).insert( {
		key: 'messages:site_x:visitor:v1',
		hits: 2,
		reset_at: Date.now() + 60_000,
	} );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasTable( 'rate_limit_hits' ) ).toBe( false );
	expect( await db.schema.hasTable( 'connect_codes' ) ).toBe( true );
	await db.migrate.latest( { migrationSource } );
	expect( await count( 'rate_limit_hits' ) ).toBe( 0 );
} );

it( 'adds the integrations tables, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	for ( const table of [
		'webhook_endpoints',
		'webhook_outbox',
		'webhook_attempts',
		'api_keys',
	] ) {
		expect( await db.schema.hasTable( table ) ).toBe( true );
	}
	await db.migrate.down( { migrationSource } );
	for ( const table of [
		'webhook_endpoints',
		'webhook_outbox',
		'webhook_attempts',
		'api_keys',
	] ) {
		expect( await db.schema.hasTable( table ) ).toBe( false );
	}
	expect( await db.schema.hasColumn( 'conversations', 'rating_score' ) ).toBe(
		true
	);
	await db.migrate.latest( { migrationSource } );
} );

it( 'adds the conversation ratings, indexed by site and time, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	expect( await db.schema.hasColumn( 'conversations', 'rating_score' ) ).toBe(
		true
	);
	// Reports read ratings by site and time.
	const indexes = async () =>
		(
			await db.raw(
				"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversations'"
			)
		).map( ( r: { name: string } ) => r.name );
	expect( await indexes() ).toContain( 'conversations_site_rated_at' );
	await db.migrate.down( { migrationSource } );
	expect( await indexes() ).not.toContain( 'conversations_site_rated_at' );
	for ( const column of [ 'rating_score', 'rating_comment', 'rated_at' ] ) {
		expect( await db.schema.hasColumn( 'conversations', column ) ).toBe(
			false
		);
	}
	expect( await db.schema.hasTable( 'rate_limit_hits' ) ).toBe( true );
	await db.migrate.latest( { migrationSource } );
	expect( await db.schema.hasColumn( 'conversations', 'rated_at' ) ).toBe(
		true
	);
} );

it( 'adds the retention setting, and rolls it back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	await db.migrate.down( { migrationSource } ); // integrations
	await db.migrate.down( { migrationSource } ); // conversation ratings
	await db( 'sites' ).insert( {
		id: 'site_r',
		name: 'R',
		secret: 's',
		created_at: '2026-01-01T00:00:00.000Z',
	} );
	await db( 'site_settings' ).insert( {
		site_id: 'site_r',
		pseudonym_template: '',
		canned_responses: '[]',
		retention_days: 30,
		updated_at: '2026-01-01T00:00:00.000Z',
	} );
	await db.migrate.down( { migrationSource } );
	expect(
		await db.schema.hasColumn( 'site_settings', 'retention_days' )
	).toBe( false );
	// The rebuilt table keeps its rows.
	expect(
		await db( 'site_settings' ).where( { site_id: 'site_r' } ).first()
	).toEqual( expect.objectContaining( { pseudonym_template: '' } ) );
	await db.migrate.latest( { migrationSource } );
	expect(
		( await db( 'site_settings' ).where( { site_id: 'site_r' } ).first() )
			.retention_days
	).toBeNull();
} );

it( 'keys known customers by WordPress user per site, records used identities, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	const now = new Date().toISOString();
	await db( 'sites' ).insert( {
		id: 'site_m',
		name: 'M',
		secret: 's',
		created_at: now,
	} );
	await db( 'visitors' ).insert(
		[ 'v_m1', 'v_m2' ].map( ( id ) => ( {
			id,
			site_id: 'site_m',
			created_at: now,
			last_seen_at: now,
		} ) )
	);
	const customer = ( wpUserId: string, visitorId: string ) => ( {
		site_id: 'site_m',
		wp_user_id: wpUserId,
		visitor_id: visitorId,
		created_at: now,
	} );
	await db( 'known_customers' ).insert( customer( '7', 'v_m1' ) );
	// One visitor per user, one user per visitor.
	await expect(
		db( 'known_customers' ).insert( customer( '7', 'v_m2' ) )
	).rejects.toThrow();
	await expect(
		db( 'known_customers' ).insert( customer( '8', 'v_m1' ) )
	).rejects.toThrow();
	const jti = { site_id: 'site_m', jti: 'j1', expires_at: now };
	await db( 'identity_jtis' ).insert( jti );
	await expect( db( 'identity_jtis' ).insert( jti ) ).rejects.toThrow();
	// Erasing the visitor forgets the mapping.
	await db( 'visitors' ).where( 'id', 'v_m1' ).delete();
	expect( await count( 'known_customers' ) ).toBe( 0 );

	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } ); // opening hours
	await db.migrate.down( { migrationSource } ); // known customers
	expect( await db.schema.hasTable( 'identity_jtis' ) ).toBe( false );
	expect( await db.schema.hasTable( 'known_customers' ) ).toBe( false );
	expect(
		await db( 'visitors' ).where( 'site_id', 'site_m' ).pluck( 'id' )
	).toEqual( [ 'v_m2' ] );
	await db.migrate.latest( { migrationSource } );
} );

it( 'fills report milestones from the messages already stored, indexes them, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	const at = ( m: number ) =>
		new Date( Date.UTC( 2026, 0, 5, 10, m ) ).toISOString();
	await db( 'sites' ).insert( {
		id: 'site_o',
		name: 'O',
		secret: 's',
		created_at: at( 0 ),
	} );
	await db( 'visitors' ).insert( {
		id: 'v_o',
		site_id: 'site_o',
		created_at: at( 0 ),
		last_seen_at: at( 0 ),
	} );
	const conversation = (
		id: string,
		fields: Record< string, unknown >
	) => ( {
		id,
		site_id: 'site_o',
		visitor_id: 'v_o',
		state: 'closed',
		inbox_list: 'closed',
		mode: 'bot',
		last_seq: 0,
		created_at: at( 0 ),
		updated_at: at( 30 ),
		...fields,
	} );
	await db( 'conversations' ).insert( [
		conversation( 'c_o1', { assigned_advisor_id: 'a', rating_score: 4 } ),
		conversation( 'c_o2', { state: 'bot', inbox_list: 'bot' } ),
	] );
	const message = (
		seq: number,
		minute: number,
		fields: Record< string, unknown >
	) => ( {
		id: `m_o1_${ seq }`,
		conversation_id: 'c_o1',
		seq,
		kind: 'text',
		author_type: 'visitor',
		text: 'x',
		created_at: at( minute ),
		...fields,
	} );
	const event = ( meta: Record< string, unknown > ) => ( {
		kind: 'event',
		author_type: 'system',
		meta: JSON.stringify( meta ),
	} );
	await db( 'messages' ).insert( [
		message( 1, 1, {} ),
		// An advisor's note before the transfer is no response.
		message( 2, 2, {
			kind: 'note',
			author_type: 'advisor',
			author_id: 'a',
		} ),
		message( 3, 3, event( { event: 'transferred', stepId: 't' } ) ),
		message( 4, 7, { author_type: 'advisor', author_id: 'a' } ),
		message( 5, 9, { author_type: 'advisor', author_id: 'b' } ),
		message( 6, 12, event( { event: 'closed' } ) ),
		message( 7, 14, event( { event: 'reopened' } ) ),
		message( 8, 20, event( { event: 'closed' } ) ),
	] );

	await db.migrate.latest( { migrationSource } );
	const milestones = async ( id: string ) =>
		db( 'conversations' )
			.where( { id } )
			.first(
				'escalated_at',
				'first_response_at',
				'first_response_advisor_id',
				'closed_at',
				'rating_advisor_id'
			);
	expect( await milestones( 'c_o1' ) ).toEqual( {
		escalated_at: at( 3 ),
		first_response_at: at( 7 ),
		first_response_advisor_id: 'a',
		closed_at: at( 12 ),
		rating_advisor_id: 'a',
	} );
	expect( await milestones( 'c_o2' ) ).toEqual( {
		escalated_at: null,
		first_response_at: null,
		first_response_advisor_id: null,
		closed_at: null,
		rating_advisor_id: null,
	} );
	const indexes = (
		await db.raw(
			"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('conversations_site_created', 'messages_advisor_visible') ORDER BY name"
		)
	).map( ( r: { name: string } ) => r.name );
	expect( indexes ).toEqual( [
		'conversations_site_created',
		'messages_advisor_visible',
	] );

	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } );
	for ( const column of [
		'escalated_at',
		'first_response_at',
		'first_response_advisor_id',
		'closed_at',
		'rating_advisor_id',
	] ) {
		expect( await db.schema.hasColumn( 'conversations', column ) ).toBe(
			false
		);
	}
	// Nothing else lost: the rows, their messages, the search triggers on conversations.
	expect( await count( 'messages' ) ).toBeGreaterThanOrEqual( 8 );
	expect(
		await db( 'conversations' )
			.where( 'site_id', 'site_o' )
			.orderBy( 'id' )
			.pluck( 'id' )
	).toEqual( [ 'c_o1', 'c_o2' ] );
	await db.migrate.latest( { migrationSource } );
} );

it( 'adds the opening hours, the away switch and reply by email, and rolls them back', async () => {
	await db.migrate.latest( { migrationSource } );
	const now = new Date().toISOString();
	await db( 'sites' ).insert( {
		id: 'site_n',
		name: 'N',
		secret: 's',
		created_at: now,
	} );
	await db( 'visitors' ).insert( {
		id: 'v_n1',
		site_id: 'site_n',
		created_at: now,
		last_seen_at: now,
	} );
	await db( 'conversations' ).insert( {
		id: 'c_n1',
		site_id: 'site_n',
		visitor_id: 'v_n1',
		state: 'waiting',
		mode: 'live',
		created_at: now,
		updated_at: now,
		reply_email: 'lea@example.fr',
		locale: 'fr_FR',
	} );
	await db( 'advisors' ).insert( {
		site_id: 'site_n',
		id: '3',
		name: 'Ana',
		last_seen_at: now,
	} );
	expect(
		Boolean(
			( await db( 'advisors' ).where( 'site_id', 'site_n' ).first() ).away
		)
	).toBe( false );
	await db( 'site_settings' ).insert( {
		site_id: 'site_n',
		pseudonym_template: '',
		canned_responses: '[]',
		updated_at: now,
		hours: '{"enabled":true}',
	} );

	await db.migrate.down( { migrationSource } ); // variable email index
	await db.migrate.down( { migrationSource } ); // report milestones
	await db.migrate.down( { migrationSource } );
	expect( await db.schema.hasColumn( 'conversations', 'reply_email' ) ).toBe(
		false
	);
	expect( await db.schema.hasColumn( 'conversations', 'locale' ) ).toBe(
		false
	);
	expect( await db.schema.hasColumn( 'advisors', 'away' ) ).toBe( false );
	expect( await db.schema.hasColumn( 'site_settings', 'hours' ) ).toBe(
		false
	);
	// Nothing else is lost.
	expect(
		await db( 'conversations' ).where( 'id', 'c_n1' ).first()
	).toMatchObject( { state: 'waiting' } );
	await db.migrate.latest( { migrationSource } );
	expect(
		await db( 'conversations' ).where( 'id', 'c_n1' ).first()
	).toMatchObject( { reply_email: null, locale: null } );
} );

it( 'indexes variables by their folded value for privacy lookups, and rolls it back', async () => {
	await db.migrate.latest( { migrationSource } );
	const indexes = async () =>
		(
			await db.raw(
				"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'visitor_variables'"
			)
		).map( ( r: any ) => r.name );
	expect( await indexes() ).toContain( 'visitor_variables_folded_value' );
	await db.migrate.down( { migrationSource } );
	expect( await indexes() ).not.toContain( 'visitor_variables_folded_value' );
	await db.migrate.latest( { migrationSource } );
} );
