/**
 * Search across a site's conversations, answered from indexes, never a scan of messages
 * (migration 20261205E: FTS5 trigram on sqlite3, pg_trgm on PostgreSQL — untested there).
 *
 * What matches: the query (≥ 3 characters: trigrams) as a literal substring, case- and
 * accent-insensitive on sqlite3 ("etre" finds "Être"), in message texts of kinds `text`,
 * `image` (captions) and, for licensed advisors, `note`; and, licensed only, in the
 * visitor's variables (names, emails…). Site, page restrictions and licence apply as
 * everywhere else (AccessPolicy).
 *
 * Order (rank, then recency), one row per conversation: 1. the conversations of visitors
 * whose variables match (the people searched for), visitor by visitor, newest matching
 * variable first, each visitor's newest conversation first; 2. the others by their newest
 * matching message, each with that message.
 *
 * How: each step walks its index newest first, CHUNK entries per statement, filters them
 * (site, pages, kinds) and stops when the page is full; a request reads at most BUDGET
 * entries (then a short page, with a cursor). Candidates are checked against earlier pages
 * and step 1 with index probes on those candidates only. The cursor pins both indexes as
 * they were at the first page (snapshots of the highest positions), so messages arriving
 * while the advisor pages neither shift nor repeat results; they appear on the next search.
 */
import { LIMITS, type SearchPage } from '@handoff-chat/contracts';
import type { Knex } from 'knex';
import type { Db } from '../db';
import { badRequest } from '../errors';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal, AdvisorViewService } from './advisor-view';
import { toMessage } from './mappers';

/**
 * A message's place in newest-first order: its rowid on sqlite3 (insertion order, which
 * the FTS index is keyed on), (created_at, id) on PostgreSQL.
 */
type Pos = number | [ string, string ];

/**
 * Where the previous page stopped, within the snapshots `s` (messages) and `sv` (variables):
 * in step 1 after a visitor (their newest matching variable's position) and one of their
 * conversations (created_at, id), or in step 2 at a message position (included: shown).
 */
type AfterVisitor = [ Pos, string, string, string ];
type Cursor =
	{ s: Pos; sv: Pos; v: AfterVisitor } | { s: Pos; sv: Pos; m: Pos };

/** Index entries read per statement while walking an index newest first. */
const CHUNK = 256;
/** Index entries one request reads at most; a page may come back short, with a cursor. */
const BUDGET = 8192;

const encodeCursor = ( c: Cursor ) =>
	Buffer.from( JSON.stringify( c ) ).toString( 'base64url' );

const isPair = ( v: unknown ): v is [ string, string ] =>
	Array.isArray( v ) &&
	v.length === 2 &&
	v.every( ( x ) => typeof x === 'string' );

function decodeCursor( raw: string, pg: boolean ): Cursor {
	const isPos = ( v: unknown ) =>
		pg ? isPair( v ) : Number.isSafeInteger( v ) && ( v as number ) >= 0;
	const isAfterVisitor = ( v: unknown ) =>
		Array.isArray( v ) &&
		v.length === 4 &&
		isPos( v[ 0 ] ) &&
		v.slice( 1 ).every( ( x ) => typeof x === 'string' );
	try {
		const c = JSON.parse(
			Buffer.from( raw, 'base64url' ).toString( 'utf8' )
		);
		if (
			c &&
			isPos( c.s ) &&
			isPos( c.sv ) &&
			( 'v' in c ? isAfterVisitor( c.v ) : isPos( c.m ) ) &&
			Object.keys( c ).length === 3
		) {
			return c as Cursor;
		}
	} catch {
		// fall through
	}
	throw badRequest( 'Invalid cursor.' );
}

/** The query as one FTS5 phrase: a literal substring, quotes doubled. */
export const ftsPhrase = ( q: string ) => `"${ q.replace( /"/g, '""' ) }"`;

/** `%`, `_` and the escape character itself match literally (PostgreSQL's LIKE). */
export const likePattern = ( q: string ) =>
	`%${ q.replace( /[\\%_]/g, ( c ) => '\\' + c ) }%`;

interface Hit {
	pos: Pos;
	conversationId: string;
	visitorId: string;
}

export class SearchService {
	constructor(
		private readonly db: Db,
		private readonly view: AdvisorViewService,
		private readonly access: AccessPolicy
	) {}

	private get pg(): boolean {
		return this.db.client.config.client === 'pg';
	}

	async search(
		p: AdvisorPrincipal,
		input: { q: string; cursor?: string; limit: number }
	): Promise< SearchPage > {
		if ( [ ...input.q ].length < LIMITS.searchQueryMin ) {
			// The route's schema refuses it first; trigrams need 3 characters.
			throw badRequest(
				`q must be at least ${ LIMITS.searchQueryMin } characters`
			);
		}
		const cursor = input.cursor
			? decodeCursor( input.cursor, this.pg )
			: null;
		const licensed = await this.view.premium( p );
		const [ snapshot, variablesSnapshot ] = cursor
			? [ cursor.s, cursor.sv ]
			: await Promise.all( [
					this.snapshot( 'messages' ),
					this.snapshot( 'visitor_variables' ),
				] );
		const ctx: Ctx = {
			p,
			q: input.q,
			licensed,
			kinds: licensed ? [ 'text', 'image', 'note' ] : [ 'text', 'image' ],
			snapshot,
			variablesSnapshot,
		};
		const cursorOf = ( at: { v: AfterVisitor } | { m: Pos } ): Cursor =>
			( {
				s: snapshot,
				sv: variablesSnapshot,
				...at,
			} ) as Cursor;

		// 1. Conversations of the visitors the query names (licensed: variables are premium).
		let rows: any[] = [];
		if ( licensed && ( ! cursor || 'v' in cursor ) ) {
			const named = await this.byVisitors(
				ctx,
				cursor && 'v' in cursor ? cursor.v : null,
				input.limit
			);
			rows = named.rows;
			if ( named.next ) {
				return this.page(
					ctx,
					rows,
					new Map(),
					cursorOf( { v: named.next } )
				);
			}
		}

		// 2. Then conversations by their newest matching message.
		const found = await this.byMessages(
			ctx,
			cursor && 'm' in cursor ? cursor.m : null,
			input.limit - rows.length
		);
		const messageRows = found.hits.length
			? await this.db( 'conversations as c' ).whereIn(
					'c.id',
					found.hits.map( ( h ) => h.conversationId )
				)
			: [];
		const byId = new Map( messageRows.map( ( r: any ) => [ r.id, r ] ) );
		const messages = await this.messagesAt( found.hits );
		return this.page(
			ctx,
			[
				...rows,
				...found.hits.map( ( h ) => byId.get( h.conversationId ) ),
			].filter( Boolean ),
			messages,
			found.next === null ? null : cursorOf( { m: found.next } )
		);
	}

	private async page(
		ctx: Ctx,
		rows: any[],
		messages: Map< string, any >,
		next: Cursor | null
	): Promise< SearchPage > {
		const conversations = await this.view.views( ctx.p, rows );
		return {
			results: conversations.map( ( conversation ) => {
				const m = messages.get( conversation.id );
				return { conversation, message: m ? toMessage( m ) : null };
			} ),
			nextCursor: next ? encodeCursor( next ) : null,
		};
	}

	/** The newest position in `table` now: later rows stay out of this search's pages. */
	private async snapshot(
		table: 'messages' | 'visitor_variables'
	): Promise< Pos > {
		if ( this.pg ) {
			return [ new Date().toISOString(), '\uffff' ];
		}
		const row = await this.db( table ).max( { n: 'rowid' } ).first();
		return Number( row?.n ?? 0 );
	}

	/**
	 * Step 1: conversations of the visitors whose variables match, visitor by visitor
	 * (newest matching variable first; ties and a visitor's other variables deduplicated),
	 * each visitor's newest conversation first. Walks the variables' index like
	 * `byMessages` walks the messages'. `next` is set when more remain.
	 */
	private async byVisitors(
		ctx: Ctx,
		from: [ Pos, string, string, string ] | null,
		n: number
	): Promise< {
		rows: any[];
		next: [ Pos, string, string, string ] | null;
	} > {
		const rows: any[] = [];
		let lastPos: Pos | null = null;
		/** Adds a visitor's conversations; true when the page is full and one more exists. */
		const add = ( pos: Pos, convs: any[] ) => {
			for ( const c of convs ) {
				if ( rows.length === n ) {
					return true;
				}
				rows.push( c );
				lastPos = pos;
			}
			return false;
		};
		const full = () => {
			const last = rows[ rows.length - 1 ];
			return {
				rows,
				next: [
					lastPos!,
					last.visitor_id,
					last.created_at,
					last.id,
				] as [ Pos, string, string, string ],
			};
		};
		const seen = new Set< string >();
		if ( from ) {
			// The rest of the visitor the previous page stopped in.
			seen.add( from[ 1 ] );
			const rest = await this.conversationsOf(
				ctx,
				[ from[ 1 ] ],
				[ from[ 2 ], from[ 3 ] ]
			);
			if ( add( from[ 0 ], rest.get( from[ 1 ] ) ?? [] ) ) {
				return full();
			}
		}
		let below = from?.[ 0 ] ?? null;
		let read = 0;
		for (;;) {
			const chunk = await this.variableHits( ctx, below );
			read += chunk.read;
			const fresh: typeof chunk.hits = [];
			for ( const h of chunk.hits ) {
				if ( ! seen.has( h.visitorId ) ) {
					seen.add( h.visitorId );
					fresh.push( h );
				}
			}
			while ( fresh.length ) {
				const batch = fresh.splice(
					0,
					Math.max( 1, n + 1 - rows.length )
				);
				const earlier = from
					? await this.namedVisitors(
							ctx,
							batch.map( ( h ) => h.visitorId ),
							from[ 0 ]
						)
					: new Set< string >();
				const ok = batch.filter(
					( h ) => ! earlier.has( h.visitorId )
				);
				const convs = await this.conversationsOf(
					ctx,
					ok.map( ( h ) => h.visitorId ),
					null
				);
				for ( const h of ok ) {
					if ( add( h.pos, convs.get( h.visitorId ) ?? [] ) ) {
						return full();
					}
				}
			}
			if ( chunk.last === null ) {
				return { rows, next: null };
			}
			below = chunk.last;
			if ( read >= BUDGET ) {
				// Bounded work per request: on from after that visitor (all theirs listed).
				return { rows, next: [ below, '', '', '' ] };
			}
		}
	}

	/**
	 * The next CHUNK matching variables (any site: the index reads exactly that many), newest
	 * first, before `below`, within the snapshot; `hits` are this site's. `last` is the
	 * oldest position read, null when the index has no more.
	 */
	private async variableHits(
		ctx: Ctx,
		below: Pos | null
	): Promise< {
		hits: Array< { pos: Pos; visitorId: string } >;
		read: number;
		last: Pos | null;
	} > {
		if ( this.pg ) {
			// pg_trgm's index on handoff_fold(value) serves the LIKE; the site filter is inline.
			const q = this.db( 'visitor_variables as v' )
				.where( 'v.site_id', ctx.p.siteId )
				.whereRaw(
					`handoff_fold(v.value) LIKE handoff_fold(?) ESCAPE '\\'`,
					[ likePattern( ctx.q ) ]
				)
				.where(
					'v.updated_at',
					'<=',
					( ctx.variablesSnapshot as string[] )[ 0 ]
				)
				.orderBy( [
					{ column: 'v.updated_at', order: 'desc' },
					{ column: 'v.visitor_id', order: 'desc' },
				] )
				.limit( CHUNK )
				.select( 'v.updated_at', 'v.visitor_id' );
			if ( below ) {
				q.whereRaw(
					'(v.updated_at, v.visitor_id) < (?, ?)',
					below as any
				);
			}
			const hits = ( await q ).map( ( r: any ) => ( {
				pos: [ r.updated_at, r.visitor_id ] as [ string, string ],
				visitorId: r.visitor_id,
			} ) );
			return {
				hits,
				read: hits.length,
				last: hits.length < CHUNK ? null : hits[ hits.length - 1 ].pos,
			};
		}
		const index = this.db( 'visitor_variables_search' )
			.whereRaw( 'visitor_variables_search MATCH ?', [
				ftsPhrase( ctx.q ),
			] )
			.where( 'rowid', '<=', ctx.variablesSnapshot as number )
			.orderBy( 'rowid', 'desc' )
			.limit( CHUNK );
		if ( below !== null ) {
			index.where( 'rowid', '<', below as number );
		}
		const positions: number[] = ( await index.select( 'rowid' ) ).map(
			( r: any ) => Number( r.rowid )
		);
		const ofSite = positions.length
			? await this.db( 'visitor_variables as v' )
					.whereIn( 'v.rowid', positions )
					// Unary + keeps sqlite from walking the site's variables by their index.
					.whereRaw( '+v.site_id = ?', [ ctx.p.siteId ] )
					.select( 'v.rowid as pos', 'v.visitor_id' )
			: [];
		const visitorAt = new Map(
			ofSite.map( ( r: any ) => [ Number( r.pos ), r.visitor_id ] )
		);
		return {
			hits: positions
				.filter( ( pos ) => visitorAt.has( pos ) )
				.map( ( pos ) => ( { pos, visitorId: visitorAt.get( pos ) } ) ),
			read: positions.length,
			last:
				positions.length < CHUNK
					? null
					: positions[ positions.length - 1 ],
		};
	}

	/** These visitors' conversations the advisor may see, newest first, by visitor. */
	private async conversationsOf(
		ctx: Ctx,
		visitorIds: string[],
		after: [ string, string ] | null
	): Promise< Map< string, any[] > > {
		const out = new Map< string, any[] >();
		if ( ! visitorIds.length ) {
			return out;
		}
		const q = this.db( 'conversations as c' )
			.where( 'c.site_id', ctx.p.siteId )
			.whereIn( 'c.visitor_id', visitorIds );
		await this.access.limit( ctx.p, q );
		if ( after ) {
			q.where( 'c.created_at', '<=', after[ 0 ] ).andWhere( ( w ) =>
				w
					.where( 'c.created_at', '<', after[ 0 ] )
					.orWhere( 'c.id', '<', after[ 1 ] )
			);
		}
		const rows = await q
			.orderBy( [
				{ column: 'c.created_at', order: 'desc' },
				{ column: 'c.id', order: 'desc' },
			] )
			.select( 'c.*' );
		for ( const r of rows ) {
			out.set( r.visitor_id, [
				...( out.get( r.visitor_id ) ?? [] ),
				r,
			] );
		}
		return out;
	}

	/**
	 * Matching messages the advisor may see, joined to their conversation (site, pages,
	 * kinds), within the snapshot.
	 */
	private async allowedHits(
		ctx: Ctx,
		build: ( q: Knex.QueryBuilder ) => void,
		/** Matches already read from the index: just filter these, newest first. */
		positions?: Pos[]
	): Promise< Hit[] > {
		const pg = this.pg;
		let q: Knex.QueryBuilder;
		if ( positions ) {
			q = pg
				? this.db( 'messages as m' ).whereIn(
						'm.id',
						positions.map(
							( p ) => ( p as [ string, string ] )[ 1 ]
						)
					)
				: this.db( 'messages as m' ).whereIn(
						'm.rowid',
						positions as number[]
					);
		} else {
			q = pg
				? this.db( 'messages as m' ).whereRaw(
						`handoff_fold(m.text) LIKE handoff_fold(?) ESCAPE '\\'`,
						[ likePattern( ctx.q ) ]
					)
				: this.db( 'messages_search as f' )
						.join( 'messages as m', 'm.rowid', 'f.rowid' )
						.whereRaw( 'messages_search MATCH ?', [
							ftsPhrase( ctx.q ),
						] )
						.where( 'f.rowid', '<=', ctx.snapshot as number );
			if ( pg ) {
				q.where(
					'm.created_at',
					'<=',
					( ctx.snapshot as string[] )[ 0 ]
				);
			}
		}
		// sqlite3: CROSS JOIN keeps conversations inner (it would otherwise walk the site's);
		// PostgreSQL has no CROSS JOIN … ON and plans the inner join itself.
		q[ pg ? 'join' : 'crossJoin' ](
			'conversations as c',
			'c.id',
			'm.conversation_id'
		)
			.where( 'c.site_id', ctx.p.siteId )
			.whereIn( 'm.kind', ctx.kinds )
			.select( 'm.conversation_id', 'c.visitor_id' );
		await this.access.limit( ctx.p, q );
		q.select( pg ? [ 'm.created_at', 'm.id' ] : [ 'm.rowid as pos' ] );
		build( q );
		const hits: Hit[] = ( await q ).map( ( r: any ) => ( {
			pos: pg ? [ r.created_at, r.id ] : Number( r.pos ),
			conversationId: r.conversation_id,
			visitorId: r.visitor_id,
		} ) );
		if ( positions ) {
			const order = new Map(
				positions.map( ( p, i ) => [ JSON.stringify( p ), i ] )
			);
			hits.sort(
				( a, b ) =>
					order.get( JSON.stringify( a.pos ) )! -
					order.get( JSON.stringify( b.pos ) )!
			);
		}
		return hits;
	}

	/** The next CHUNK matching message positions (any site, any kind) before `below`. */
	private async messageIndexChunk(
		ctx: Ctx,
		below: Pos | null
	): Promise< Pos[] > {
		if ( this.pg ) {
			const q = this.db( 'messages as m' )
				.whereRaw(
					`handoff_fold(m.text) LIKE handoff_fold(?) ESCAPE '\\'`,
					[ likePattern( ctx.q ) ]
				)
				.where(
					'm.created_at',
					'<=',
					( ctx.snapshot as string[] )[ 0 ]
				)
				.limit( CHUNK )
				.select( 'm.created_at', 'm.id' );
			if ( below !== null ) {
				this.before( q, below );
			}
			this.newestFirst( q );
			return ( await q ).map(
				( r: any ) => [ r.created_at, r.id ] as [ string, string ]
			);
		}
		const q = this.db( 'messages_search as f' )
			.whereRaw( 'messages_search MATCH ?', [ ftsPhrase( ctx.q ) ] )
			.where( 'f.rowid', '<=', ctx.snapshot as number )
			.limit( CHUNK )
			.select( 'f.rowid' );
		if ( below !== null ) {
			this.before( q, below );
		}
		this.newestFirst( q );
		return ( await q ).map( ( r: any ) => Number( r.rowid ) );
	}

	/** A position before which every message of the snapshot lies. */
	private top( ctx: Ctx ): Pos {
		return Array.isArray( ctx.snapshot )
			? [ ctx.snapshot[ 0 ], '\uffff' ]
			: ctx.snapshot + 1;
	}

	/** Restricts `q` to positions strictly before (older than) `pos`. */
	private before( q: Knex.QueryBuilder, pos: Pos ): void {
		if ( Array.isArray( pos ) ) {
			q.whereRaw( '(m.created_at, m.id) < (?, ?)', pos );
		} else {
			q.where( 'f.rowid', '<', pos );
		}
	}

	/** Newest first. */
	private newestFirst( q: Knex.QueryBuilder ): void {
		q.orderBy(
			this.pg
				? [
						{ column: 'm.created_at', order: 'desc' },
						{ column: 'm.id', order: 'desc' },
					]
				: [ { column: 'f.rowid', order: 'desc' } ]
		);
	}

	/**
	 * Up to `n` conversations by their newest matching message, walking the index newest
	 * first from the cursor `from` (exclusive). Skipped: conversations of the visitors of
	 * step 1 (listed there), and those with a matching message at or after `from` (their
	 * newest match placed them on an earlier page). Candidates are checked a few at a time,
	 * as many as the page still needs. `next` is where the following page starts (null: no
	 * more).
	 */
	private async byMessages(
		ctx: Ctx,
		from: Pos | null,
		n: number
	): Promise< { hits: Hit[]; next: Pos | null } > {
		const hits: Hit[] = [];
		const seen = new Set< string >();
		let below = from;
		let read = 0;
		for (;;) {
			// The index alone first (exactly CHUNK entries read), then the visible ones of those.
			const positions = await this.messageIndexChunk( ctx, below );
			read += positions.length;
			const chunk = positions.length
				? await this.allowedHits( ctx, () => undefined, positions )
				: [];
			// Each conversation at its newest match in the chunk, in order.
			const fresh: Hit[] = [];
			for ( const h of chunk ) {
				if ( ! seen.has( h.conversationId ) ) {
					seen.add( h.conversationId );
					fresh.push( h );
				}
			}
			while ( fresh.length ) {
				const batch = fresh.splice( 0, n + 1 - hits.length );
				const skip = await this.listedElsewhere( ctx, batch, from );
				for ( const h of batch ) {
					if ( skip.has( h.conversationId ) ) {
						continue;
					}
					if ( hits.length === n ) {
						// One more exists: the page ends at the last one taken.
						return {
							hits,
							next: n
								? hits[ n - 1 ].pos
								: ( from ?? this.top( ctx ) ),
						};
					}
					hits.push( h );
				}
			}
			if ( positions.length < CHUNK ) {
				return { hits, next: null };
			}
			below = positions[ positions.length - 1 ];
			if ( read >= BUDGET ) {
				// Bounded work per request: the rest comes with the cursor.
				return { hits, next: below };
			}
		}
	}

	/** Of these hits, the conversations listed by step 1 or on an earlier page. */
	private async listedElsewhere(
		ctx: Ctx,
		batch: Hit[],
		from: Pos | null
	): Promise< Set< string > > {
		const [ named, earlier ] = await Promise.all( [
			ctx.licensed
				? this.namedVisitors(
						ctx,
						batch.map( ( h ) => h.visitorId )
					)
				: new Set< string >(),
			from === null
				? new Set< string >()
				: this.shownBefore(
						ctx,
						batch.map( ( h ) => h.conversationId ),
						from
					),
		] );
		return new Set(
			batch
				.filter(
					( h ) =>
						named.has( h.visitorId ) ||
						earlier.has( h.conversationId )
				)
				.map( ( h ) => h.conversationId )
		);
	}

	/**
	 * Of these visitors, those whose variables match within the snapshot (at or after
	 * `from` when given): a few index probes each.
	 */
	private async namedVisitors(
		ctx: Ctx,
		visitorIds: string[],
		from: Pos | null = null
	): Promise< Set< string > > {
		const q = this.db( 'visitor_variables as v' )
			.where( 'v.site_id', ctx.p.siteId )
			.whereIn( 'v.visitor_id', [ ...new Set( visitorIds ) ] )
			.distinct( 'v.visitor_id' );
		if ( this.pg ) {
			q.whereRaw(
				`handoff_fold(v.value) LIKE handoff_fold(?) ESCAPE '\\'`,
				[ likePattern( ctx.q ) ]
			).where(
				'v.updated_at',
				'<=',
				( ctx.variablesSnapshot as string[] )[ 0 ]
			);
			if ( from ) {
				q.whereRaw(
					'(v.updated_at, v.visitor_id) >= (?, ?)',
					from as any
				);
			}
		} else {
			// CROSS JOIN fixes the order: these visitors' variables, each probed in the index.
			q.crossJoin(
				'visitor_variables_search as vs',
				'vs.rowid',
				'v.rowid'
			)
				.whereRaw( 'visitor_variables_search MATCH ?', [
					ftsPhrase( ctx.q ),
				] )
				.where( 'v.rowid', '<=', ctx.variablesSnapshot as number );
			if ( from !== null ) {
				q.where( 'v.rowid', '>=', from as number );
			}
		}
		return new Set( ( await q ).map( ( r: any ) => r.visitor_id ) );
	}

	/** Of `ids`, the conversations with a visible matching message at or after `from`. */
	private async shownBefore(
		ctx: Ctx,
		ids: string[],
		from: Pos
	): Promise< Set< string > > {
		const rows = await this.allowedHits( ctx, ( q ) => {
			q.whereIn( 'm.conversation_id', ids );
			if ( Array.isArray( from ) ) {
				q.whereRaw( '(m.created_at, m.id) >= (?, ?)', from );
			} else {
				// On both sides of the join: either may drive (index range or conversations).
				q.where( 'f.rowid', '>=', from ).where( 'm.rowid', '>=', from );
			}
		} );
		return new Set( rows.map( ( h ) => h.conversationId ) );
	}

	/** The message rows of these hits, by conversation. */
	private async messagesAt( hits: Hit[] ): Promise< Map< string, any > > {
		if ( ! hits.length ) {
			return new Map();
		}
		const rows = this.pg
			? await this.db( 'messages as m' ).whereIn(
					'm.id',
					hits.map( ( h ) => ( h.pos as [ string, string ] )[ 1 ] )
				)
			: await this.db( 'messages as m' ).whereIn(
					'm.rowid',
					hits.map( ( h ) => h.pos as number )
				);
		return new Map( rows.map( ( r: any ) => [ r.conversation_id, r ] ) );
	}
}

interface Ctx {
	p: AdvisorPrincipal;
	q: string;
	licensed: boolean;
	kinds: string[];
	/** The newest message position (`Cursor.s`). */
	snapshot: Pos;
	/** The newest visitor variable position (`Cursor.sv`). */
	variablesSnapshot: Pos;
}
