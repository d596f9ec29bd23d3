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
	cursor: string | undefined,
	col = { updatedAt: 'c.updated_at', id: 'c.id' }
): Knex.QueryBuilder {
	if ( cursor ) {
		const [ updatedAt, id ] = decodeCursor( cursor );
		q.where( col.updatedAt, '<=', updatedAt ).andWhere( ( w ) =>
			w.where( col.updatedAt, '<', updatedAt ).orWhere( col.id, '<', id )
		);
	}
	return q.orderBy( [
		{ column: col.updatedAt, order: 'desc' },
		{ column: col.id, order: 'desc' },
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
	 * The advisor's conversations under `filter`, within their pages (the access policy), in
	 * one inbox list, keyset-ordered after the cursor. `unread` reads the advisor's own rows of
	 * `advisor_unread` (migration 20261205F): one index range, whatever they have read.
	 * Synchronous on purpose: a knex builder is thenable, so an async function would run it.
	 */
	private filtered(
		p: AdvisorPrincipal,
		input: { list: InboxList; filter: InboxFilter; cursor?: string },
		pages: PageRestriction
	): Knex.QueryBuilder {
		const { advisorId } = p;
		if ( input.filter === 'unread' ) {
			const q = this.db( 'advisor_unread as u' )
				.join( 'conversations as c', 'c.id', 'u.conversation_id' )
				.where( {
					'u.advisor_id': advisorId,
					'u.site_id': p.siteId,
					'u.inbox_list': input.list,
				} );
			restrictToPages( q, pages, 'u' );
			return afterCursor( q, input.cursor, {
				updatedAt: 'u.updated_at',
				id: 'u.conversation_id',
			} );
		}
		const q = this.db( 'conversations as c' ).where( {
			'c.site_id': p.siteId,
			'c.inbox_list': input.list,
		} );
		restrictToPages( q, pages );
		if ( input.filter === 'unassigned' ) {
			q.whereNull( 'c.assigned_advisor_id' );
		} else if ( input.filter === 'mine' ) {
			q.where( 'c.assigned_advisor_id', advisorId );
		}
		return afterCursor( q, input.cursor );
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
		const rows = await this.filtered( p, input, pages )
			.select( 'c.*' )
			.limit( input.limit + 1 );
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
	 * counters; for `unread`, the advisor's own `advisor_unread_totals` (the rows the list
	 * shows, counted by triggers), or for a restricted advisor a count of those rows on their
	 * pages (one index range, pages filtered inside the index).
	 */
	async counts(
		p: AdvisorPrincipal,
		filter: InboxFilter
	): Promise< InboxPage[ 'counts' ] > {
		const { pages } = await this.access.scope( p );
		let q: Knex.QueryBuilder;
		if ( filter === 'unread' && pages.mode === 'all' ) {
			q = this.db( 'advisor_unread_totals as k' )
				.where( { 'k.advisor_id': p.advisorId, 'k.site_id': p.siteId } )
				.select( { list: 'k.inbox_list', n: 'k.n' } );
		} else if ( filter === 'unread' ) {
			q = this.db( 'advisor_unread as u' )
				.where( { 'u.advisor_id': p.advisorId, 'u.site_id': p.siteId } )
				.select( { list: 'u.inbox_list' } )
				.count( { n: '*' } )
				.groupBy( 'u.inbox_list' );
			restrictToPages( q, pages, 'u' );
		} else {
			q = counters( this.db, p.siteId, pages )
				.select( { list: 'k.inbox_list' } )
				.sum( { n: 'k.total' } )
				.groupBy( 'k.inbox_list' );
			if ( filter === 'unassigned' ) {
				q.where( 'k.assignee', '' );
			} else if ( filter === 'mine' ) {
				q.where( 'k.assignee', p.advisorId );
			}
		}
		const rows = ( await q ) as Counted;
		const by = ( l: InboxList ) =>
			Number( rows.find( ( r ) => r.list === l )?.n ?? 0 );
		const bot = ( await this.access.seesBotList( p ) ) ? by( 'bot' ) : 0;
		return { live: by( 'live' ), closed: by( 'closed' ), bot };
	}

	/** The admin menu's count for this advisor: within their pages. */
	async summary( p: AdvisorPrincipal ): Promise< InboxSummary > {
		const { pages } = await this.access.scope( p );
		const countedAt = Date.now();
		return {
			toHandle: await toHandleCount( this.db, p.siteId, pages ),
			countedAt,
		};
	}
}
