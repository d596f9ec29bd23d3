/**
 * The advisors' lists: keyset-paginated on (updated_at, id) inside one inbox list
 * (conversations.inbox_list, indexed with the assignee), filtered, with a count per list,
 * plus the site's "to handle" count for the admin menu.
 */
import type { Knex } from 'knex';
import type {
	AdvisorInboxPage,
	InboxPage,
	InboxSummary,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { badRequest } from '../errors';
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

/** Waiting, plus live ones whose last human message is the visitor's. */
export async function toHandleCount(
	db: Db,
	siteId: string
): Promise< number > {
	const [ row ] = await db( 'conversations' )
		.where( { site_id: siteId, inbox_list: 'live' } )
		.andWhere( ( w ) =>
			w
				.where( 'state', 'waiting' )
				.orWhereRaw( 'last_visitor_seq > last_advisor_seq' )
		)
		.count( { n: '*' } );
	return Number( row?.n ?? 0 );
}

export class InboxService {
	constructor(
		private readonly db: Db,
		private readonly view: AdvisorViewService
	) {}

	private filtered(
		siteId: string,
		advisorId: string,
		filter: InboxFilter
	): Knex.QueryBuilder {
		const q = this.db( 'conversations as c' ).where( 'c.site_id', siteId );
		if ( filter === 'unassigned' ) {
			q.whereNull( 'c.assigned_advisor_id' );
		} else if ( filter === 'mine' ) {
			q.where( 'c.assigned_advisor_id', advisorId );
		} else if ( filter === 'unread' ) {
			// Unread for this advisor: the last human message is the visitor's and past what they read (bot replies do not count).
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
		const q = this.filtered( p.siteId, p.advisorId, input.filter )
			.where( 'c.inbox_list', input.list )
			.select( 'c.*' )
			.limit( input.limit + 1 );
		const rows = await afterCursor( q, input.cursor );
		const page = rows.slice( 0, input.limit );
		const last = page[ page.length - 1 ];
		const [ conversations, counts ] = await Promise.all( [
			this.view.views( p, page ),
			this.counts( p.siteId, p.advisorId, input.filter ),
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

	async counts(
		siteId: string,
		advisorId: string,
		filter: InboxFilter
	): Promise< InboxPage[ 'counts' ] > {
		const rows: Array< { list: string; n: number | string } > =
			await this.filtered( siteId, advisorId, filter )
				.select( { list: 'c.inbox_list' } )
				.count( { n: '*' } )
				.groupBy( 'c.inbox_list' );
		const by = ( l: InboxList ) =>
			Number( rows.find( ( r ) => r.list === l )?.n ?? 0 );
		return { live: by( 'live' ), closed: by( 'closed' ), bot: by( 'bot' ) };
	}

	async summary( siteId: string ): Promise< InboxSummary > {
		return { toHandle: await toHandleCount( this.db, siteId ) };
	}
}
