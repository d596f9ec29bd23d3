/** The advisors' lists: keyset-paginated, filtered, with a count per list. */
import type { Knex } from 'knex';
import type { ConversationState, InboxPage } from '@handoff-chat/contracts';
import type { Db } from '../db';
import { badRequest } from '../errors';
import { toConversation } from './mappers';

export type InboxList = 'live' | 'closed' | 'bot';
export type InboxFilter = 'all' | 'unassigned' | 'unread' | 'mine';

const LIST_STATES: Record< InboxList, ConversationState[] > = {
	live: [ 'waiting', 'live' ],
	closed: [ 'closed' ],
	bot: [ 'bot' ],
};

const encodeCursor = ( updatedAt: string, id: string ) =>
	Buffer.from( JSON.stringify( [ updatedAt, id ] ) ).toString( 'base64url' );

function decodeCursor( cursor: string ): [ string, string ] {
	try {
		const v = JSON.parse( Buffer.from( cursor, 'base64url' ).toString( 'utf8' ) );
		if ( Array.isArray( v ) && v.length === 2 && v.every( ( x ) => typeof x === 'string' ) ) {
			return v as [ string, string ];
		}
	} catch {
		// fall through
	}
	throw badRequest( 'Invalid cursor.' );
}

export class InboxService {
	constructor( private readonly db: Db ) {}

	private filtered( siteId: string, advisorId: string, filter: InboxFilter ): Knex.QueryBuilder {
		const q = this.db( 'conversations as c' ).where( 'c.site_id', siteId );
		if ( filter === 'unassigned' ) {
			q.whereNull( 'c.assigned_advisor_id' );
		} else if ( filter === 'mine' ) {
			q.where( 'c.assigned_advisor_id', advisorId );
		} else if ( filter === 'unread' ) {
			// Unread for this advisor: the last human message is the visitor's and past what they read (bot replies do not count).
			q.leftJoin( 'conversation_reads as r', ( j ) =>
				j.on( 'r.conversation_id', '=', 'c.id' ).andOnVal( 'r.advisor_id', '=', advisorId )
			)
				.whereRaw( 'c.last_visitor_seq > c.last_advisor_seq' )
				.andWhereRaw( 'COALESCE(r.last_read_seq, 0) < c.last_visitor_seq' );
		}
		return q;
	}

	async list( input: {
		siteId: string;
		advisorId: string;
		list: InboxList;
		filter: InboxFilter;
		cursor?: string;
		limit: number;
	} ): Promise< InboxPage > {
		const q = this.filtered( input.siteId, input.advisorId, input.filter )
			.whereIn( 'c.state', LIST_STATES[ input.list ] )
			.select( 'c.*' )
			.orderBy( [
				{ column: 'c.updated_at', order: 'desc' },
				{ column: 'c.id', order: 'desc' },
			] )
			.limit( input.limit + 1 );
		if ( input.cursor ) {
			const [ updatedAt, id ] = decodeCursor( input.cursor );
			q.where( ( w ) =>
				w
					.where( 'c.updated_at', '<', updatedAt )
					.orWhere( ( w2 ) => w2.where( 'c.updated_at', '=', updatedAt ).andWhere( 'c.id', '<', id ) )
			);
		}
		const rows = await q;
		const page = rows.slice( 0, input.limit );
		const last = page[ page.length - 1 ];
		return {
			conversations: page.map( toConversation ),
			nextCursor: rows.length > input.limit && last ? encodeCursor( last.updated_at, last.id ) : null,
			counts: await this.counts( input.siteId, input.advisorId, input.filter ),
		};
	}

	async counts( siteId: string, advisorId: string, filter: InboxFilter ): Promise< InboxPage[ 'counts' ] > {
		const rows: Array< { state: ConversationState; n: number | string } > = await this.filtered(
			siteId,
			advisorId,
			filter
		)
			.select( 'c.state' )
			.count( { n: '*' } )
			.groupBy( 'c.state' );
		const by = ( s: ConversationState ) => Number( rows.find( ( r ) => r.state === s )?.n ?? 0 );
		return { live: by( 'waiting' ) + by( 'live' ), closed: by( 'closed' ), bot: by( 'bot' ) };
	}
}
