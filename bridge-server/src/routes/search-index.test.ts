/**
 * GET /v1/search answered from its index (migration 20261205E): accents and case folded,
 * partial names, the index in step with every write, stable pages while messages arrive,
 * and a query plan that never scans messages.
 */
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { onPostgres } from '../test-utils/test-database';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();
let site: Site;
let anna: string;
let bob: string; // no licence

beforeAll( async () => {
	site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Index site',
	} );
	anna = await advisorToken( site, '21', { name: 'Anna' } );
	bob = await advisorToken( site, '22', { name: 'Bob', licensed: false } );
} );

const search = async ( q: string, extra = '', token = anna ) => {
	const res = await c.call(
		'GET',
		`/v1/search?q=${ encodeURIComponent( q ) }${ extra }`,
		{ token }
	);
	expect( res.status ).toBe( 200 );
	return res.body as {
		results: Array< {
			conversation: { id: string };
			message: { text: string } | null;
		} >;
		nextCursor: string | null;
	};
};
const found = async ( q: string, token = anna ) =>
	( await search( q, '', token ) ).results.map( ( r ) => r.conversation.id );

/** A visitor's conversation saying `says`, with variables set by an advisor. */
async function conversation(
	says: string[],
	variables?: Record< string, string | null >
) {
	const v = await c.visitor( site.id );
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	for ( const text of says ) {
		await c.say( v.token, id, text );
	}
	if ( variables ) {
		await putVariables( id, variables );
	}
	return { id, token: v.token, visitorId: v.visitorId as string };
}

const putVariables = async (
	id: string,
	variables: Record< string, string | null >
) =>
	expect(
		(
			await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
				token: anna,
				body: { variables },
			} )
		).status
	).toBe( 200 );

/**
 * Rows of an FTS table matching a phrase: what the index holds, whatever joins say. On
 * PostgreSQL the index is the table's own (pg_trgm on handoff_fold): the rows search can find.
 */
const indexed = async ( table: string, phrase: string ) => {
	if ( onPostgres() ) {
		const sql =
			table === 'messages_search'
				? `SELECT count(*) AS n FROM messages WHERE kind IN ('text', 'image', 'note') AND handoff_fold(text) LIKE handoff_fold(?)`
				: `SELECT count(*) AS n FROM visitor_variables WHERE handoff_fold(value) LIKE handoff_fold(?)`;
		return Number(
			( await h.ctx.db.raw( sql, [ `%${ phrase }%` ] ) ).rows[ 0 ].n
		);
	}
	return Number(
		(
			await h.ctx.db.raw(
				`SELECT count(*) AS n FROM ${ table } WHERE ${ table } MATCH ?`,
				[ `"${ phrase }"` ]
			)
		)[ 0 ].n
	);
};

it( 'folds accents and case beyond ASCII, and matches parts of names and emails', async () => {
	const etre = await conversation( [ 'Je voudrais être rappelé demain' ] );
	const eloise = await conversation( [ 'Bonjour' ], {
		PRENOM: 'Éloïse',
		NOM: 'Dupont-Lefèvre',
		EMAIL: 'eloise.dupont@exemple.fr',
	} );
	expect( await found( 'etre rappele' ) ).toEqual( [ etre.id ] );
	expect( await found( 'ÊTRE' ) ).toEqual( [ etre.id ] );
	expect( await found( 'ELOÏSE' ) ).toEqual( [ eloise.id ] );
	expect( await found( 'eloise' ) ).toEqual( [ eloise.id ] );
	expect( await found( 'lefevre' ) ).toEqual( [ eloise.id ] );
	expect( await found( 'pont@exem' ) ).toEqual( [ eloise.id ] );
	// Variables are premium: an unlicensed advisor finds the conversation by its messages only.
	expect( await found( 'eloise', bob ) ).toEqual( [] );
	expect( await found( 'etre rappele', bob ) ).toEqual( [ etre.id ] );
} );

it( 'keeps notes for licensed advisors, and events out of the index', async () => {
	const noted = await conversation( [ 'Juste une question' ] );
	await c.note( anna, noted.id, 'Client très exigeant' );
	expect(
		( await search( 'tres exigeant' ) ).results.map( ( r ) => [
			r.conversation.id,
			r.message?.text,
		] )
	).toEqual( [ [ noted.id, 'Client très exigeant' ] ] );
	expect( await found( 'tres exigeant', bob ) ).toEqual( [] );
	await c.patch( anna, noted.id, { type: 'close' } );
	expect( await indexed( 'messages_search', 'closed by' ) ).toBe( 0 );
} );

it( 'keeps the index in step with variable edits, deletions and erased conversations and visitors', async () => {
	const x = await conversation( [ 'Mon colis zygomatique' ], {
		EMAIL: 'avant@exemple.org',
	} );
	expect( await found( 'avant@exemple' ) ).toEqual( [ x.id ] );
	await putVariables( x.id, { EMAIL: 'apres@exemple.org' } );
	expect( await found( 'avant@exemple' ) ).toEqual( [] );
	expect( await found( 'apres@exemple' ) ).toEqual( [ x.id ] );
	// The bot writes variables through the same service, in its own unit of work.
	await h.ctx.services.variables.set(
		site.id,
		x.visitorId,
		'SOCIETE',
		'Zébulon SARL'
	);
	expect( await found( 'zebulon' ) ).toEqual( [ x.id ] );
	await putVariables( x.id, { EMAIL: null } );
	expect( await found( 'apres@exemple' ) ).toEqual( [] );
	expect( await indexed( 'visitor_variables_search', 'apres@' ) ).toBe( 0 );

	// Erasure (cascading deletes of a conversation, then of its visitor) empties the index.
	expect( await indexed( 'messages_search', 'zygomatique' ) ).toBe( 1 );
	await h.ctx.db( 'conversations' ).where( { id: x.id } ).delete();
	expect( await indexed( 'messages_search', 'zygomatique' ) ).toBe( 0 );
	expect( await indexed( 'visitor_variables_search', 'zebulon' ) ).toBe( 1 );
	await h.ctx.db( 'visitors' ).where( { id: x.visitorId } ).delete();
	expect( await indexed( 'visitor_variables_search', 'zebulon' ) ).toBe( 0 );
	expect( await found( 'zebulon' ) ).toEqual( [] );
} );

it( 'pages without duplicates or gaps while messages arrive: newest match first, as of the first page', async () => {
	const all: Array< Awaited< ReturnType< typeof conversation > > > = [];
	for ( let i = 0; i < 7; i++ ) {
		all.push( await conversation( [ `Mon parcelle numéro ${ i }` ] ) );
	}
	const [ a, b, cc, , , f ] = all;
	const pages: string[][] = [];
	let cursor: string | null = null;
	do {
		const page: Awaited< ReturnType< typeof search > > = await search(
			'parcelle',
			`&limit=3${
				cursor ? `&cursor=${ encodeURIComponent( cursor ) }` : ''
			}`
		);
		pages.push( page.results.map( ( r ) => r.conversation.id ) );
		cursor = page.nextCursor;
		if ( pages.length === 1 ) {
			// Not shown yet, shown already, and a new conversation: none moves.
			await c.say( b.token, b.id, 'Et ma parcelle ?' );
			await c.say( f.token, f.id, 'Toujours ma parcelle' );
			await conversation( [ 'Une autre parcelle' ] );
		}
		if ( pages.length === 2 ) {
			await c.say( a.token, a.id, 'parcelle !' );
			await c.say( cc.token, cc.id, 'parcelle ?' );
		}
	} while ( cursor );
	expect( pages ).toEqual( [
		[ all[ 6 ].id, all[ 5 ].id, all[ 4 ].id ],
		[ all[ 3 ].id, all[ 2 ].id, all[ 1 ].id ],
		[ all[ 0 ].id ],
	] );
	// A new search sees the newest matches first, each conversation once.
	const fresh = await found( 'parcelle' );
	expect( fresh.slice( 0, 3 ) ).toEqual( [ cc.id, a.id, fresh[ 2 ] ] );
	expect( new Set( fresh ).size ).toBe( fresh.length );
	expect( fresh ).toHaveLength( 8 );
} );

it( 'lists the visitors the query names first, then conversations by message, across pages', async () => {
	const named = await conversation( [ 'Rien à voir' ], {
		NOM: 'Quincampoix',
	} );
	const both = await conversation( [ 'Je suis Quincampoix aussi' ], {
		NOM: 'Quincampoix',
	} );
	// The named visitor comes back: a second conversation, after `both` was named.
	const again = ( await c.start( named.token, { mode: 'live' } ) ).body
		.conversation.id as string;
	const said = await conversation( [ 'Parlez à M. Quincampoix' ] );
	const ids: string[] = [];
	let cursor: string | null = null;
	do {
		const page: Awaited< ReturnType< typeof search > > = await search(
			'quincampoix',
			`&limit=1${
				cursor ? `&cursor=${ encodeURIComponent( cursor ) }` : ''
			}`
		);
		ids.push( ...page.results.map( ( r ) => r.conversation.id ) );
		cursor = page.nextCursor;
	} while ( cursor );
	// By visitor (newest named first), each visitor's newest conversation first.
	expect( ids ).toEqual( [ both.id, again, named.id, said.id ] );
} );

// sqlite3's FTS5 plans; PostgreSQL's pg_trgm plans: the test below.
( onPostgres() ? it.skip : it )(
	'answers from the FTS index, never scanning messages (EXPLAIN QUERY PLAN of every statement)',
	async () => {
		for ( let i = 0; i < 3; i++ ) {
			await conversation( [ `Plan de vol ${ i }` ], {
				VILLE: 'Planville',
			} );
		}
		const statements: Array< { sql: string; bindings: unknown[] } > = [];
		const listen = ( q: { sql: string; bindings: unknown[] } ) =>
			statements.push( q );
		h.ctx.readDb.on( 'query', listen );
		try {
			// Page 1 lists the named visitors, page 2 walks the messages and checks earlier pages.
			const first = await search( 'plan', '&limit=2' );
			await search(
				'plan',
				`&limit=2&cursor=${ encodeURIComponent( first.nextCursor! ) }`
			);
			const second = await search( 'plan de vol', '&limit=1' );
			await search(
				'plan de vol',
				`&limit=1&cursor=${ encodeURIComponent( second.nextCursor! ) }`
			);
		} finally {
			h.ctx.readDb.off( 'query', listen );
		}
		const plans: string[] = [];
		for ( const s of statements.filter( ( x ) =>
			/messages|visitor_variables/.test( x.sql )
		) ) {
			const rows = await h.ctx.db.raw(
				`EXPLAIN QUERY PLAN ${ s.sql }`,
				s.bindings as any
			);
			plans.push( rows.map( ( r: any ) => r.detail ).join( '\n' ) );
		}
		const all = plans.join( '\n' );
		expect( all ).toContain( 'SCAN f VIRTUAL TABLE INDEX' ); // messages_search
		expect( all ).toContain(
			'SCAN visitor_variables_search VIRTUAL TABLE INDEX'
		);
		expect( all ).not.toMatch( /SCAN (m|messages|v|visitor_variables)\b/ );
		// Nor walks all the site's conversations or variables to probe the index row by row.
		expect( all ).not.toMatch(
			/SEARCH c USING .*\(site_id=\?(\)| AND (?!visitor_id))/
		);
		expect( all ).not.toMatch( /SEARCH v USING .*\(site_id=\?\)/ );
	}
);

// PostgreSQL's equivalent: every search statement filters with the folded LIKE, and that form
// is one the pg_trgm indexes serve. Test tables are small (the planner rightly prefers other
// paths), so the probe prices sequential scans out on a statement where only those indexes fit.
( onPostgres() ? it : it.skip )(
	'searches with the folded LIKE that the pg_trgm indexes serve',
	async () => {
		for ( let i = 0; i < 3; i++ ) {
			await conversation( [ `Trajet de vol ${ i }` ], {
				VILLE: 'Trajetville',
			} );
		}
		const statements: string[] = [];
		const listen = ( q: { sql: string } ) => statements.push( q.sql );
		h.ctx.readDb.on( 'query', listen );
		try {
			const first = await search( 'trajet', '&limit=2' );
			await search(
				'trajet',
				`&limit=2&cursor=${ encodeURIComponent( first.nextCursor! ) }`
			);
		} finally {
			h.ctx.readDb.off( 'query', listen );
		}
		const matching = statements.filter( ( sql ) => / LIKE /i.test( sql ) );
		expect( matching.length ).toBeGreaterThan( 1 );
		for ( const sql of matching ) {
			expect( sql ).toMatch(
				/handoff_fold\((m\.text|v\.value)\) LIKE handoff_fold\(\$\d+\)/
			);
		}
		const plan = async ( table: string, column: string ) =>
			h.ctx.db.transaction( async ( trx ) => {
				await trx.raw( 'SET LOCAL enable_seqscan = off' );
				const r = await trx.raw(
					`EXPLAIN SELECT 1 FROM ${ table } WHERE handoff_fold(${ column }) LIKE handoff_fold(?)`,
					[ '%trajet%' ]
				);
				return r.rows
					.map( ( x: any ) => x[ 'QUERY PLAN' ] )
					.join( '\n' );
			} );
		expect( await plan( 'messages', 'text' ) ).toContain(
			'Bitmap Index Scan on messages_text_trgm'
		);
		expect( await plan( 'visitor_variables', 'value' ) ).toContain(
			'Bitmap Index Scan on visitor_variables_value_trgm'
		);
	}
);

it( 'bounds the index entries one request reads: a short page with a cursor, then the rest', async () => {
	const mine = await conversation( [ 'Un insecte xylophage' ] );
	// 9,000 newer matches on another site: more than one request reads (newer by rowid on
	// sqlite3, by (created_at, id) on PostgreSQL: stamped now, after `mine`).
	const noisy = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Noisy',
	} );
	const v = await c.visitor( noisy.id );
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id;
	await h.ctx.db.raw(
		`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 9000)
		INSERT INTO messages (id, conversation_id, seq, kind, author_type, text, created_at)
		SELECT 'noise' || i, ?, 1000 + i, 'text', 'visitor', 'xylophage ' || i, ? FROM k`,
		[ id, new Date().toISOString() ]
	);
	const first = await search( 'xylophage' );
	expect( first.results ).toEqual( [] );
	expect( first.nextCursor ).toEqual( expect.any( String ) );
	const second = await search(
		'xylophage',
		`&cursor=${ encodeURIComponent( first.nextCursor! ) }`
	);
	expect( second.results.map( ( r ) => r.conversation.id ) ).toEqual( [
		mine.id,
	] );
	expect( second.nextCursor ).toBeNull();
} );
