/**
 * The bench's database: N conversations and M messages written straight into the bridge's
 * own migrated sqlite file, cached under .cache/bench/ by the migrations' names.
 *
 * The rows are inserted into a database migrated up to SEED_AT (a shipped migration, so
 * its columns never change), then the remaining migrations run over them as they would on
 * an upgraded installation: a later migration that adds a counter, an index or a search
 * table and backfills it from existing rows gets real data to backfill.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The last migration whose columns the seed writes. Never change it to a newer one lightly. */
export const SEED_AT = '20261205C-add-last-message-kind';
/** Bump when the seeded data changes shape, to drop old caches. */
const SEED_VERSION = 3;

export const ADVISORS = [
	[ '1', 'Camille Martin' ],
	[ '2', 'Julien Bernard' ],
	[ '3', 'Sophie Dubois' ],
	[ '4', 'Nicolas Laurent' ],
	[ '5', 'Emily Carter' ],
	[ '6', 'Marc Lefèvre' ],
	[ '7', 'Inès Moreau' ],
	[ '8', 'James Walker' ],
];

const NAMES = [
	'Chloé',
	'Louis',
	'Emma',
	'Hugo',
	'Léa',
	'Gabriel',
	'Olivia',
	'Noah',
	'Sarah',
	'Thomas',
	'Manon',
	'Arthur',
];
const COMPANIES = [
	'Atelier Durand',
	'Boulangerie Petit',
	'Acme Ltd',
	'Studio Nord',
	'Garage Moreau',
	'Brightside Inc',
	'Pharmacie du Centre',
	'Hôtel Bellevue',
];
const PRODUCTS = [
	'canapé Oslo',
	'lampe Aurora',
	'chaise Bergen',
	'table Lyon',
	'tapis Kyoto',
	'Oslo sofa',
	'Aurora lamp',
	'Bergen chair',
];
const CITIES = [
	'Paris',
	'Lyon',
	'Marseille',
	'Bordeaux',
	'Lille',
	'Nantes',
	'Bruxelles',
	'Genève',
	'London',
	'Montréal',
];
const SIZES = [ 'S', 'M', 'L', 'XL', '42', '38' ];
const VISITOR_LINES = [
	"Bonjour, je n'ai pas reçu ma commande {order}.",
	'Quels sont les délais de livraison pour {city} ?',
	'Je voudrais un remboursement pour le {product}.',
	'Merci beaucoup pour votre aide !',
	'Est-ce que le {product} est disponible en taille {size} ?',
	'Ma facture {invoice} comporte une erreur, pouvez-vous la corriger ?',
	'Pouvez-vous me rappeler au {phone} ?',
	'Le colis est arrivé abîmé, que dois-je faire ?',
	"Hi, my order {order} hasn't arrived yet.",
	'How long does delivery to {city} take?',
	"I'd like a refund for the {product}.",
	'Thanks a lot for your help!',
	'Is the {product} available in size {size}?',
	'There is a mistake on invoice {invoice}.',
	'Can you call me back at {phone}?',
	'The parcel arrived damaged, what should I do?',
	"Je m'appelle {name}, de {company}.",
	'Do you ship to {city}? I run {company}.',
];
const ADVISOR_LINES = [
	'Bonjour {name}, je regarde votre commande {order} tout de suite.',
	"Votre colis part aujourd'hui de notre entrepôt de {city}.",
	'Je vous ai envoyé un bon de retour par e-mail.',
	'Le remboursement sera visible sous 5 jours ouvrés.',
	'La livraison est offerte dès 50 €.',
	"Hello {name}, I'm checking order {order} right now.",
	"Your refund has been processed, you'll see it within 5 days.",
	'The {product} is back in stock next week.',
	'I have corrected invoice {invoice}, sorry for the trouble.',
	'Anything else I can help you with?',
];
const NOTES = [
	'Client fidèle, proposer un geste commercial.',
	'VIP customer, escalate to logistics.',
	'Vérifier le stock du {product} à {city}.',
];
const PAGES = [
	[ 'https://shop.example/', 'Accueil' ],
	[ 'https://shop.example/produits/', 'Nos produits' ],
	[ 'https://shop.example/produits/canape-oslo/', 'Canapé Oslo' ],
	[ 'https://shop.example/livraison/', 'Livraison et retours' ],
	[ 'https://shop.example/contact/', 'Contact' ],
	[ 'https://shop.example/en/shipping/', 'Shipping' ],
	[ 'https://shop.example/?page_id=12', 'FAQ' ],
];
const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/**
 * What the inbox search measures: common words in both languages, a partial French word, a
 * product, one order number (each is unique: found once), a name, nothing.
 * @param order
 */
const searches = ( order ) => [
	'livraison',
	'refund',
	'rembours',
	'Aurora',
	order,
	'Chloé',
	'zzqxw',
];

/**
 * Same as pageKey() (contracts/src/advisors-pages.ts) at SEED_AT.
 * @param url
 */
function pageKey( url ) {
	const u = new URL( url );
	const p = u.pathname.endsWith( '/' ) ? u.pathname : u.pathname + '/';
	const post = [ 'page_id', 'p', 'post' ]
		.map( ( k ) => u.searchParams.get( k ) )
		.find( Boolean );
	return post ? `${ p }?post=${ post }` : p;
}

function mulberry32( a ) {
	return () => {
		a |= 0;
		a = ( a + 0x6d2b79f5 ) | 0;
		let t = Math.imul( a ^ ( a >>> 15 ), 1 | a );
		t = ( t + Math.imul( t ^ ( t >>> 7 ), 61 | t ) ) ^ t;
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}

/**
 * The cache file for these sizes and this list of migrations.
 * @param migrationNames
 * @param nConv
 * @param nMsg
 */
export function seedKey( migrationNames, nConv, nMsg ) {
	const h = createHash( 'sha256' )
		.update(
			JSON.stringify( { v: SEED_VERSION, migrationNames, nConv, nMsg } )
		)
		.digest( 'hex' )
		.slice( 0, 12 );
	return `seed-${ nConv }c-${ nMsg }m-${ h }`;
}

/**
 * Returns { file, meta } for a seeded, fully migrated database, seeding it when the cache has
 * none for the current migrations. `bridge` is the built bridge's require().
 * @param root0
 * @param root0.root
 * @param root0.require
 * @param root0.nConv
 * @param root0.nMsg
 * @param root0.log
 */
export async function seededDatabase( { root, require, nConv, nMsg, log } ) {
	const dist = ( p ) => require( path.join( root, 'bridge-server/dist', p ) );
	const { migrations } = dist( 'db/migrations/index.js' );
	const names = migrations.map( ( m ) => m.name );
	const dir = path.join( root, '.cache/bench' );
	mkdirSync( dir, { recursive: true } );
	const key = seedKey( names, nConv, nMsg );
	const file = path.join( dir, `${ key }.sqlite` );
	const metaFile = path.join( dir, `${ key }.json` );
	if ( existsSync( file ) && existsSync( metaFile ) ) {
		const meta = JSON.parse( readFileSync( metaFile, 'utf8' ) );
		log(
			`seeded database reused: ${ path.relative( root, file ) } (seeded in ${ meta.seedSeconds } s)`
		);
		return { file, meta: { ...meta, reused: true } };
	}
	const at = names.indexOf( SEED_AT );
	if ( at < 0 ) {
		throw new Error(
			`bench: migration ${ SEED_AT } is gone; update SEED_AT in scripts/bench/seed.mjs`
		);
	}
	const tmp = `${ file }.tmp-${ process.pid }`;
	rmSync( tmp, { force: true } );
	log(
		`seeding ${ nConv.toLocaleString( 'en' ) } conversations and ${ nMsg.toLocaleString( 'en' ) } messages (cached afterwards under .cache/bench/)…`
	);
	const t0 = performance.now();
	const { createDb, migrationSource } = dist( 'db/index.js' );

	// 1. The schema as of SEED_AT.
	let db = createDb( { client: 'sqlite3', connection: tmp } );
	const upTo = migrations.slice( 0, at + 1 );
	await db.migrate.latest( {
		migrationSource: {
			...migrationSource,
			getMigrations: async () => upTo,
		},
	} );
	await db.destroy();

	// 2. The rows, through node-sqlite3 prepared statements in large transactions.
	const meta = await insertRows( { require, file: tmp, nConv, nMsg } );
	const tInsert = performance.now();

	// 3. Every later migration runs over the data (backfills, new indexes).
	db = createDb( { client: 'sqlite3', connection: tmp } );
	await db.migrate.latest( { migrationSource } );
	// The migrations kept every row: a seed that lost some would measure a smaller inbox.
	const [ { c } ] = await db( 'conversations' ).count( { c: '*' } );
	const [ { m } ] = await db( 'messages' ).count( { m: '*' } );
	if ( Number( c ) !== nConv || Number( m ) !== nMsg ) {
		throw new Error(
			`bench: seeded ${ c } conversations and ${ m } messages instead of ${ nConv } and ${ nMsg }`
		);
	}
	await db.raw( 'PRAGMA wal_checkpoint(TRUNCATE)' );
	await db.raw( 'PRAGMA journal_mode = DELETE' );
	await db.destroy();
	const t1 = performance.now();
	meta.seedSeconds = Number( ( ( t1 - t0 ) / 1000 ).toFixed( 1 ) );
	meta.insertSeconds = Number( ( ( tInsert - t0 ) / 1000 ).toFixed( 1 ) );
	meta.laterMigrations = names.slice( at + 1 );
	meta.migrationSeconds = Number( ( ( t1 - tInsert ) / 1000 ).toFixed( 1 ) );
	renameSync( tmp, file );
	// Seeds of the same sizes for older migrations are of no further use (≈ 350 MB each).
	for ( const old of readdirSync( dir ) ) {
		if (
			old.startsWith( `seed-${ nConv }c-${ nMsg }m-` ) &&
			! old.startsWith( key ) &&
			! old.includes( '.tmp-' )
		) {
			rmSync( path.join( dir, old ), { force: true } );
		}
	}
	writeFileSync( metaFile, JSON.stringify( meta, null, 2 ) + '\n' );
	log(
		`seeded in ${ meta.seedSeconds } s (inserts ${ meta.insertSeconds } s, ${ meta.laterMigrations.length } later migration(s) ${ meta.migrationSeconds } s)`
	);
	return { file, meta: { ...meta, reused: false } };
}

async function insertRows( { require, file, nConv, nMsg } ) {
	const sqlite3 = require( 'sqlite3' );
	const conn = await new Promise( ( res, rej ) => {
		const c = new sqlite3.Database( file, ( err ) =>
			err ? rej( err ) : res( c )
		);
	} );
	const run = ( sql, params = [] ) =>
		new Promise( ( res, rej ) =>
			conn.run( sql, params, ( err ) => ( err ? rej( err ) : res() ) )
		);
	await run( 'PRAGMA journal_mode = OFF' );
	await run( 'PRAGMA synchronous = OFF' );
	await run( 'PRAGMA foreign_keys = OFF' );
	await run( 'PRAGMA cache_size = -200000' );

	/**
	 * A multi-row INSERT prepared once per table; rows are flushed `per` at a time.
	 * @param table
	 * @param columns
	 * @param per
	 */
	const inserter = ( table, columns, per ) => {
		const one = `(${ columns.map( () => '?' ).join( ',' ) })`;
		const stmt = conn.prepare(
			`INSERT INTO ${ table } (${ columns.join( ',' ) }) VALUES ${ Array( per ).fill( one ).join( ',' ) }`
		);
		let buf = [];
		let rows = 0;
		const pending = [];
		const flushWith = ( s, params ) =>
			pending.push(
				new Promise( ( res, rej ) =>
					s.run( params, ( err ) => ( err ? rej( err ) : res() ) )
				)
			);
		return {
			add( row ) {
				buf.push( ...row );
				if ( ++rows === per ) {
					flushWith( stmt, buf );
					buf = [];
					rows = 0;
				}
			},
			async drain() {
				if ( rows ) {
					const rest = conn.prepare(
						`INSERT INTO ${ table } (${ columns.join( ',' ) }) VALUES ${ Array( rows ).fill( one ).join( ',' ) }`
					);
					flushWith( rest, buf );
					buf = [];
					rows = 0;
					await Promise.all( pending.splice( 0 ) );
					rest.finalize();
				} else {
					await Promise.all( pending.splice( 0 ) );
				}
			},
			async wait() {
				await Promise.all( pending.splice( 0 ) );
			},
			finalize: () => stmt.finalize(),
		};
	};

	const rnd = mulberry32( 20261205 );
	const pick = ( xs ) => xs[ Math.floor( rnd() * xs.length ) ];
	const siteId = 'site_bench' + randomBytes( 4 ).toString( 'hex' );
	const secret = randomBytes( 32 ).toString( 'hex' );
	const now = Date.now();
	const iso = ( t ) => new Date( t ).toISOString();
	const created = iso( now - 91 * 86400e3 );
	await run( 'BEGIN' );
	await run(
		'INSERT INTO sites (id, name, url, secret, licence_quota, created_at) VALUES (?,?,?,?,?,?)',
		[ siteId, 'Bench shop', null, secret, ADVISORS.length + 2, created ]
	);
	// The demo flow, as the demo site gets it (sites:create --demo-flow).
	const { DEMO_FLOW } = require( '@handoff-chat/contracts' );
	await run(
		'INSERT INTO flows (site_id, id, name, mode, definition, created_at, updated_at) VALUES (?,?,?,?,?,?,?)',
		[
			siteId,
			DEMO_FLOW.id,
			DEMO_FLOW.name,
			DEMO_FLOW.mode,
			JSON.stringify( DEMO_FLOW ),
			created,
			created,
		]
	);
	for ( const [ id, name ] of ADVISORS ) {
		await run(
			'INSERT INTO advisors (site_id, id, name, avatar, last_seen_at, email, can_answer, licensed, licence_decided_at, show_bot, pages, capacity, tokens_valid_after, message_count, synced_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
			[
				siteId,
				id,
				name,
				null,
				iso( now - 3600e3 ),
				`advisor${ id }@shop.example`,
				1,
				1,
				created,
				1,
				null,
				null,
				0,
				0,
				created,
			]
		);
	}
	await run( 'COMMIT' );

	const visitors = inserter(
		'visitors',
		[
			'id',
			'site_id',
			'created_at',
			'last_seen_at',
			'user_agent',
			'sessions',
		],
		500
	);
	const variables = inserter(
		'visitor_variables',
		[ 'site_id', 'visitor_id', 'name', 'value', 'updated_at' ],
		500
	);
	const convCols = [
		'id',
		'site_id',
		'visitor_id',
		'state',
		'mode',
		'assigned_advisor_id',
		'last_seq',
		'last_message_at',
		'last_message_preview',
		'last_message_author_type',
		'page_url',
		'page_title',
		'created_at',
		'updated_at',
		'flow_id',
		'flow_state',
		'last_visitor_seq',
		'last_advisor_seq',
		'inbox_list',
		'visitor_last_read_seq',
		'page_key',
		'advisors_last_read_seq',
		'last_message_kind',
	];
	const conversations = inserter( 'conversations', convCols, 200 );
	const messages = inserter(
		'messages',
		[
			'id',
			'conversation_id',
			'seq',
			'client_id',
			'kind',
			'author_type',
			'author_id',
			'author_name',
			'text',
			'created_at',
			'meta',
		],
		400
	);
	const reads = inserter(
		'conversation_reads',
		[ 'conversation_id', 'advisor_id', 'last_read_seq' ],
		500
	);

	// Message counts: 1 to 40 per conversation, skewed short, summing to exactly nMsg.
	const counts = new Array( nConv );
	let total = 0;
	for ( let i = 0; i < nConv; i++ ) {
		counts[ i ] =
			1 + Math.floor( Math.pow( rnd(), 1.6 ) * 2 * ( nMsg / nConv ) );
		total += counts[ i ];
	}
	for ( let i = 0; total !== nMsg; i = ( i + 1 ) % nConv ) {
		if ( total < nMsg ) {
			counts[ i ]++;
			total++;
		} else if ( counts[ i ] > 1 ) {
			counts[ i ]--;
			total--;
		}
	}

	const span = 90 * 86400e3;
	let orders = 1;
	let msgNo = 0;
	let visitorNo = 0;
	let visitorId = null;
	const stateCounts = {};
	const samples = [];
	await run( 'BEGIN' );
	for ( let i = 0; i < nConv; i++ ) {
		const start = now - span + Math.floor( ( i / nConv ) * span );
		// One visitor in five comes back for a second conversation.
		if ( ! visitorId || rnd() > 0.2 ) {
			visitorId = `v_bench${ String( visitorNo++ ).padStart( 9, '0' ) }`;
			visitors.add( [
				visitorId,
				siteId,
				iso( start ),
				iso( start ),
				UA,
				1 + Math.floor( rnd() * 3 ),
			] );
			if ( rnd() < 0.6 ) {
				const name = pick( NAMES );
				variables.add( [
					siteId,
					visitorId,
					'PRENOM',
					name,
					iso( start ),
				] );
				variables.add( [
					siteId,
					visitorId,
					'SOCIETE',
					pick( COMPANIES ),
					iso( start ),
				] );
				if ( rnd() < 0.5 ) {
					variables.add( [
						siteId,
						visitorId,
						'EMAIL',
						`${ name
							.toLowerCase()
							.normalize( 'NFD' )
							.replace(
								/[^a-z]/g,
								''
							) }${ visitorNo }@mail.example`,
						iso( start ),
					] );
				}
			}
		}
		const r = rnd();
		const state =
			r < 0.55
				? 'closed'
				: r < 0.7
					? 'bot'
					: r < 0.82
						? 'waiting'
						: 'live';
		stateCounts[ state ] = ( stateCounts[ state ] ?? 0 ) + 1;
		const mode = state === 'bot' || rnd() < 0.5 ? 'bot' : 'live';
		const advisorPick = () =>
			rnd() < 0.3 ? ADVISORS[ 0 ] : pick( ADVISORS );
		let advisor = null;
		if (
			state === 'live' ||
			( state === 'closed' && rnd() < 0.85 ) ||
			( state === 'waiting' && rnd() < 0.4 )
		) {
			advisor = advisorPick();
		}
		const convId = `c_bench${ String( i ).padStart( 10, '0' ) }`;
		const [ pageUrl, pageTitle ] = pick( PAGES );
		const fill = ( line ) =>
			line
				.replace(
					'{order}',
					() => `CMD-${ String( orders++ ).padStart( 7, '0' ) }`
				)
				.replace(
					'{invoice}',
					`F2026-${ Math.floor( rnd() * 9e4 + 1e4 ) }`
				)
				.replace( '{city}', pick( CITIES ) )
				.replace( '{product}', pick( PRODUCTS ) )
				.replace( '{size}', pick( SIZES ) )
				.replace(
					'{phone}',
					`06 ${ Math.floor( rnd() * 90 + 10 ) } ${ Math.floor( rnd() * 90 + 10 ) } ${ Math.floor( rnd() * 90 + 10 ) } ${ Math.floor( rnd() * 90 + 10 ) }`
				)
				.replace( '{name}', pick( NAMES ) )
				.replace( '{company}', pick( COMPANIES ) );

		const n = counts[ i ];
		let t = start;
		let lastVisitor = 0;
		let lastAdvisor = 0;
		let preview = null;
		let previewAuthor = null;
		// Bot and waiting conversations have no advisor message; closed ones end with the "closed" event.
		const humanAnswers =
			advisor && ( state === 'live' || state === 'closed' );
		const endsWithVisitor =
			state === 'waiting' ||
			state === 'bot' ||
			( state === 'live' && rnd() < 0.5 );
		for ( let seq = 1; seq <= n; seq++ ) {
			t += 15e3 + Math.floor( rnd() * 90e3 );
			let kind = 'text';
			let author = 'visitor';
			let authorId = visitorId;
			let authorName = null;
			let text;
			let meta = null;
			const fromEnd = n - seq;
			if ( state === 'closed' && seq === n && n > 1 ) {
				kind = 'event';
				author = 'system';
				authorId = null;
				text = 'Conversation closed';
				meta = JSON.stringify( {
					event: 'closed',
					actor: advisor
						? { id: advisor[ 0 ], name: advisor[ 1 ] }
						: { id: '1', name: ADVISORS[ 0 ][ 1 ] },
				} );
			} else if ( mode === 'bot' && seq === 1 ) {
				author = 'bot';
				authorId = null;
				text = 'Bonjour ! 👋 / Hello! 👋';
			} else if (
				humanAnswers &&
				fromEnd % 2 === ( endsWithVisitor ? 1 : 0 )
			) {
				author = 'advisor';
				authorId = advisor[ 0 ];
				authorName = advisor[ 1 ];
				if ( rnd() < 0.04 ) {
					kind = 'note';
					text = fill( pick( NOTES ) );
				} else {
					text = fill( pick( ADVISOR_LINES ) );
				}
			} else if ( state === 'bot' && fromEnd % 2 === 1 ) {
				author = 'bot';
				authorId = null;
				text = 'Comment puis-je vous aider ? / How can I help you?';
			} else {
				text = fill( pick( VISITOR_LINES ) );
			}
			if ( kind === 'text' ) {
				preview = text.slice( 0, 140 );
				previewAuthor = author;
				if ( author === 'visitor' ) {
					lastVisitor = seq;
				} else if ( author === 'advisor' ) {
					lastAdvisor = seq;
				}
			}
			messages.add( [
				`m_bench${ String( msgNo++ ).padStart( 10, '0' ) }`,
				convId,
				seq,
				null,
				kind,
				author,
				authorId,
				authorName,
				text,
				iso( t ),
				meta,
			] );
		}
		// Advisors read everything of closed conversations and most live ones.
		let advisorsRead = 0;
		if ( advisor ) {
			const read =
				state === 'closed' || rnd() < 0.6
					? n
					: Math.max( lastAdvisor, 0 );
			reads.add( [ convId, advisor[ 0 ], read ] );
			advisorsRead = read;
		}
		if ( advisor?.[ 0 ] !== '1' && state !== 'bot' && rnd() < 0.2 ) {
			reads.add( [ convId, '1', n ] );
			advisorsRead = n;
		}
		const list =
			state === 'closed' ? 'closed' : state === 'bot' ? 'bot' : 'live';
		conversations.add( [
			convId,
			siteId,
			visitorId,
			state,
			mode,
			advisor?.[ 0 ] ?? null,
			n,
			iso( t ),
			preview,
			previewAuthor,
			pageUrl,
			pageTitle,
			iso( start ),
			iso( t ),
			mode === 'bot' ? 'demo' : null,
			null,
			lastVisitor,
			lastAdvisor,
			list,
			lastAdvisor || 0,
			pageKey( pageUrl ),
			advisorsRead,
			preview === null ? null : 'text',
		] );
		if ( n >= 20 && samples.length < 50 && rnd() < 0.05 ) {
			samples.push( convId );
		}
		if ( i % 5000 === 4999 ) {
			await Promise.all( [
				visitors.wait(),
				variables.wait(),
				conversations.wait(),
				messages.wait(),
				reads.wait(),
			] );
			if ( i % 50000 === 49999 ) {
				await run( 'COMMIT' );
				await run( 'BEGIN' );
			}
		}
	}
	for ( const x of [ visitors, variables, conversations, messages, reads ] ) {
		await x.drain();
		x.finalize();
	}
	await run( 'COMMIT' );
	await new Promise( ( res, rej ) =>
		conn.close( ( err ) => ( err ? rej( err ) : res() ) )
	);
	return {
		siteId,
		secret,
		conversations: nConv,
		messages: msgNo,
		visitors: visitorNo,
		states: stateCounts,
		advisors: ADVISORS.map( ( [ id, name ] ) => ( { id, name } ) ),
		samples,
		searches: searches(
			`CMD-${ String( Math.floor( orders / 2 ) ).padStart( 7, '0' ) }`
		),
	};
}
