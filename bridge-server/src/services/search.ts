/**
 * Search across a site's conversations: their messages (notes for licensed advisors only)
 * and their visitor's variables (licensed only, since names come from them). Substring
 * match, case-insensitive (LIKE on sqlite3, ILIKE on PostgreSQL) with the wildcards of the
 * query escaped, newest conversations first, keyset-paginated like the inbox.
 */
import type { SearchPage } from '@handoff-chat/contracts';
import type { Db } from '../db';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal, AdvisorViewService } from './advisor-view';
import { afterCursor, encodeCursor } from './inbox';
import { toMessage } from './mappers';

/** `%`, `_` and the escape character itself match literally. */
export const likePattern = ( q: string ) =>
	`%${ q.replace( /[\\%_]/g, ( c ) => '\\' + c ) }%`;

export class SearchService {
	constructor(
		private readonly db: Db,
		private readonly view: AdvisorViewService,
		private readonly access: AccessPolicy
	) {}

	private get like(): string {
		return this.db.client.config.client === 'pg' ? 'ILIKE' : 'LIKE';
	}

	async search(
		p: AdvisorPrincipal,
		input: { q: string; cursor?: string; limit: number }
	): Promise< SearchPage > {
		const licensed = await this.view.premium( p );
		const pattern = likePattern( input.q );
		const kinds = licensed
			? [ 'text', 'image', 'note' ]
			: [ 'text', 'image' ];
		const matching = ( db: Db ) =>
			db( 'messages as m' )
				.whereRaw( `m.text ${ this.like } ? ESCAPE '\\'`, [ pattern ] )
				.whereIn( 'm.kind', kinds );

		const q = this.db( 'conversations as c' ).where(
			'c.site_id',
			p.siteId
		);
		await this.access.limit( p, q );
		q.andWhere( ( w ) => {
			w.whereExists(
				matching( this.db )
					.select( this.db.raw( 1 ) )
					.whereRaw( 'm.conversation_id = c.id' )
			);
			if ( licensed ) {
				w.orWhereExists(
					this.db( 'visitor_variables as v' )
						.select( this.db.raw( 1 ) )
						.whereRaw(
							'v.site_id = c.site_id AND v.visitor_id = c.visitor_id'
						)
						.whereRaw( `v.value ${ this.like } ? ESCAPE '\\'`, [
							pattern,
						] )
				);
			}
		} )
			.select( 'c.*' )
			.limit( input.limit + 1 );
		const rows = await afterCursor( q, input.cursor );
		const page = rows.slice( 0, input.limit );
		const ids = page.map( ( r: any ) => r.id );

		// The latest matching message of each conversation on the page.
		const latest = ids.length
			? await matching( this.db )
					.whereIn( 'm.conversation_id', ids )
					.groupBy( 'm.conversation_id' )
					.select( 'm.conversation_id' )
					.max( { seq: 'm.seq' } )
			: [];
		const messages = latest.length
			? await this.db( 'messages' ).where( ( w ) => {
					for ( const l of latest as any[] ) {
						w.orWhere( {
							conversation_id: l.conversation_id,
							seq: l.seq,
						} );
					}
				} )
			: [];
		const byConversation = new Map(
			messages.map( ( r: any ) => [ r.conversation_id, toMessage( r ) ] )
		);
		const conversations = await this.view.views( p, page );
		const last = page[ page.length - 1 ];
		return {
			results: conversations.map( ( conversation ) => ( {
				conversation,
				message: byConversation.get( conversation.id ) ?? null,
			} ) ),
			nextCursor:
				rows.length > input.limit && last
					? encodeCursor( last.updated_at, last.id )
					: null,
		};
	}
}
