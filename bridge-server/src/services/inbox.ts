/**
 * The advisors' lists: keyset-paginated on (updated_at, id) inside one inbox list
 * (conversations.inbox_list, indexed with the assignee), filtered, with a count per list,
 * plus the site's "to handle" count for the admin menu — both read from counters, never
 * recounted (migration 20261205D).
 */
import type { Knex } from 'knex';
import type {
	AdvisorInboxPage,
	InboxPage,
	InboxSummary,
	PageRestriction,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { badRequest } from '../errors';
import { restrictToPages, type AccessPolicy } from './access';
import type { AdvisorPrincipal, AdvisorViewService } from './advisor-view';

export type InboxList = 'live' | 'closed' | 'bot';
export type InboxFilter = 'all' | 'unassigned' | 'unread' | 'mine';

export const encodeCursor = ( updatedAt: string, id: string ) =>
	Buffer.from( JSON.stringify( [ updatedAt, id ] ) ).toString( 'base64url' );

export function decodeCursor( cursor: string ): [ string, string ] {
	try {
		const v = JSON.parse(
			Buffer.from( cursor, 'base64url' ).toString( 'utf8' )
		);
		if (
			Array.isArray( v ) &&
			v.length === 2 &&
			v.every( ( x ) => typeof x === 'string' )
		) {
			return v as [ string, string ];
		}
	} catch {
		// fall through
	}
	throw badRequest( 'Invalid cursor.' );
}

/**
 * Rows after the cursor in (updated_at desc, id desc) order. Written as a range on
 * updated_at first so both engines seek in the index instead of scanning from the top.
 */
export function afterCursor(
	q: Knex.QueryBuilder,
	cursor: string | undefined
): Knex.QueryBuilder {
	if ( cursor ) {
		const [ updatedAt, id ] = decodeCursor( cursor );
		q.where( 'c.updated_at', '<=', updatedAt ).andWhere( ( w ) =>
			w.where( 'c.updated_at', '<', updatedAt ).orWhere( 'c.id', '<', id )
		);
	}
	return q.orderBy( [
		{ column: 'c.updated_at', order: 'desc' },
		{ column: 'c.id', order: 'desc' },
	] );
}

/**
 * The site's counters (migration 20261205D: kept by triggers in the transaction of every
 * change) per inbox list and assignee: the site-wide totals, or, for an advisor restricted to
 * some pages, the per-page counts of their pages. Conversations without a page are stored
 * under '' and, like in restrictToPages, never match a restriction.
 */
function counters( db: Db, siteId: string, pages: PageRestriction ) {
	if ( pages.mode === 'all' ) {
		return db( 'inbox_totals as k' ).where( 'k.site_id', siteId );
	}
	const q = db( 'inbox_counts as k' )
		.where( 'k.site_id', siteId )
		.whereNot( 'k.page_key', '' );
	restrictToPages( q, pages, 'k' );
	return q;
}

/** Waiting, plus live ones whose last human message is the visitor's: a sum of counters. */
export async function toHandleCount(
	db: Db,
	siteId: string,
	pages: PageRestriction = { mode: 'all' }
): Promise< number > {
	const [ row ] = await counters( db, siteId, pages )
		.where( 'k.inbox_list', 'live' )
		.sum( { n: 'k.to_handle' } );
	return Number( row?.n ?? 0 );
}

type Counted = Array< { list: string; n: number | string } >;

export class InboxService {
	constructor(
		private readonly db: Db,
		private readonly view: AdvisorViewService,
		private readonly access: AccessPolicy
	) {}

	/**
	 * The advisor's conversations under `filter`, within their pages (the access policy).
	 * Synchronous on purpose: a knex builder is thenable, so an async function would run it.
	 */
	private filtered(
		p: AdvisorPrincipal,
		filter: InboxFilter,
		pages: PageRestriction
	): Knex.QueryBuilder {
		const advisorId = p.advisorId;
		const q = this.db( 'conversations as c' ).where(
			'c.site_id',
			p.siteId
		);
		restrictToPages( q, pages );
		if ( filter === 'unassigned' ) {
			q.whereNull( 'c.assigned_advisor_id' );
		} else if ( filter === 'mine' ) {
			q.where( 'c.assigned_advisor_id', advisorId );
		} else if ( filter === 'unread' ) {
			// Unread for this advisor: the last human message is the visitor's and past what they read (bot replies do not count).
			// The first condition is the partial index conversations_awaiting's: only those rows are visited.
			q.leftJoin( 'conversation_reads as r', ( j ) =>
				j
					.on( 'r.conversation_id', '=', 'c.id' )
					.andOnVal( 'r.advisor_id', '=', advisorId )
			)
				.whereRaw( 'c.last_visitor_seq > c.last_advisor_seq' )
				.andWhereRaw(
					'COALESCE(r.last_read_seq, 0) < c.last_visitor_seq'
				);
		}
		return q;
	}

	async list(
		p: AdvisorPrincipal,
		input: {
			list: InboxList;
			filter: InboxFilter;
			cursor?: string;
			limit: number;
		}
	): Promise< AdvisorInboxPage > {
		if (
			input.list === 'bot' &&
			! ( await this.access.seesBotList( p ) )
		) {
			return {
				conversations: [],
				nextCursor: null,
				counts: await this.counts( p, input.filter ),
			};
		}
		const { pages } = await this.access.scope( p );
		const q = this.filtered( p, input.filter, pages )
			.where( 'c.inbox_list', input.list )
			.select( 'c.*' )
			.limit( input.limit + 1 );
		const rows = await afterCursor( q, input.cursor );
		const page = rows.slice( 0, input.limit );
		const last = page[ page.length - 1 ];
		const [ conversations, counts ] = await Promise.all( [
			this.view.views( p, page ),
			this.counts( p, input.filter ),
		] );
		return {
			conversations,
			nextCursor:
				rows.length > input.limit && last
					? encodeCursor( last.updated_at, last.id )
					: null,
			counts,
		};
	}

	/**
	 * Per list, the conversations under `filter` within the advisor's pages: sums of the
	 * counters; `unread` is what awaits an answer minus what this advisor has read of it
	 * (their few `read_unanswered` rows, a partial index).
	 */
	async counts(
		p: AdvisorPrincipal,
		filter: InboxFilter
	): Promise< InboxPage[ 'counts' ] > {
		const { pages } = await this.access.scope( p );
		const q = counters( this.db, p.siteId, pages )
			.select( { list: 'k.inbox_list' } )
			.sum( { n: filter === 'unread' ? 'k.awaiting' : 'k.total' } )
			.groupBy( 'k.inbox_list' );
		if ( filter === 'unassigned' ) {
			q.where( 'k.assignee', '' );
		} else if ( filter === 'mine' ) {
			q.where( 'k.assignee', p.advisorId );
		}
		const [ rows, read ] = await Promise.all( [
			q as unknown as Promise< Counted >,
			filter === 'unread'
				? this.readUnanswered( p, pages )
				: Promise.resolve( [] ),
		] );
		const by = ( l: InboxList ) =>
			Number( rows.find( ( r ) => r.list === l )?.n ?? 0 ) -
			Number( read.find( ( r ) => r.list === l )?.n ?? 0 );
		const bot = ( await this.access.seesBotList( p ) ) ? by( 'bot' ) : 0;
		return { live: by( 'live' ), closed: by( 'closed' ), bot };
	}

	/** Conversations awaiting an answer that this advisor has read up to the visitor's last message, per list. */
	private readUnanswered(
		p: AdvisorPrincipal,
		pages: PageRestriction
	): Promise< Counted > {
		const q = this.db( 'conversation_reads as r' )
			.join( 'conversations as c', 'c.id', 'r.conversation_id' )
			.where( {
				'r.advisor_id': p.advisorId,
				'r.read_unanswered': 1,
				'c.site_id': p.siteId,
			} )
			.select( { list: 'c.inbox_list' } )
			.count( { n: '*' } )
			.groupBy( 'c.inbox_list' );
		restrictToPages( q, pages );
		return q as unknown as Promise< Counted >;
	}

	/** The admin menu's count for this advisor: within their pages. */
	async summary( p: AdvisorPrincipal ): Promise< InboxSummary > {
		const { pages } = await this.access.scope( p );
		return { toHandle: await toHandleCount( this.db, p.siteId, pages ) };
	}
}
