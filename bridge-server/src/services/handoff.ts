/**
 * Who gets a transferred conversation: advisors online (members of the site's presence
 * channel) and licensed. Online and licence checks run before the unit of work (they do
 * I/O that must not hold the conversation's transaction); only the round-robin cursor is
 * read and moved inside it.
 */
import {
	advisorsPresenceChannel,
	type PendingTransfer,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import type { Logger } from '../logger';
import type { RealtimeDriver } from '../realtime';
import type { LicencePolicy } from './licences';

/** WordPress user ids are numeric strings: order them as numbers, then as text. */
export const compareAdvisorIds = ( a: string, b: string ): number =>
	a.length - b.length || compareText( a, b );

/** Code-unit order (not locale order), as the ids are compared everywhere else. */
function compareText( a: string, b: string ): number {
	if ( a === b ) {
		return 0;
	}
	return a < b ? -1 : 1;
}

export interface Candidates {
	/** Licensed advisors online now, in rotation order. */
	online: string[];
	/** The transfer's named advisor when licensed (assign: 'advisor'). */
	named: string | null;
}

export class HandoffService {
	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly licences: LicencePolicy,
		private readonly log: Logger
	) {}

	async candidates(
		siteId: string,
		transfer: PendingTransfer
	): Promise< Candidates > {
		let ids: string[] = [];
		try {
			ids = await this.realtime.channelUsers(
				advisorsPresenceChannel( siteId )
			);
		} catch ( err ) {
			// Presence unknown: behave as if nobody were online, so the visitor gets the fallback.
			this.log.warn( 'presence lookup failed', {
				siteId,
				error: String( err ),
			} );
		}
		const online: string[] = [];
		for ( const id of [ ...new Set( ids ) ].sort( compareAdvisorIds ) ) {
			if ( await this.licences.isLicensed( siteId, id ) ) {
				online.push( id );
			}
		}
		const named =
			transfer.assign === 'advisor' &&
			transfer.advisorId &&
			( await this.licences.isLicensed( siteId, transfer.advisorId ) )
				? transfer.advisorId
				: null;
		return { online, named };
	}

	/**
	 * The advisor to assign, or the current one. `none` keeps the assignment;
	 * `round_robin` keeps a current assignee who is online (continuity after "back to
	 * chatbot"), else takes the next online advisor after the site's cursor.
	 */
	async choose(
		trx: Db,
		siteId: string,
		transfer: PendingTransfer,
		c: Candidates,
		current: string | null
	): Promise< string | null > {
		if ( transfer.assign === 'advisor' ) {
			return c.named ?? current;
		}
		if (
			transfer.assign === 'none' ||
			! c.online.length ||
			( current && c.online.includes( current ) )
		) {
			return current;
		}
		// Lock the site's cursor row (PostgreSQL) so two simultaneous transfers move it in turn.
		const now = nowIso();
		await trx( 'round_robin_cursors' )
			.insert( { site_id: siteId, last_advisor_id: '', updated_at: now } )
			.onConflict( 'site_id' )
			.ignore();
		await trx( 'round_robin_cursors' )
			.where( { site_id: siteId } )
			.update( { last_advisor_id: trx.ref( 'last_advisor_id' ) } );
		const last: string = (
			await trx( 'round_robin_cursors' )
				.where( { site_id: siteId } )
				.first()
		).last_advisor_id;
		const next =
			( last &&
				c.online.find(
					( id ) => compareAdvisorIds( id, last ) > 0
				) ) ||
			c.online[ 0 ];
		await trx( 'round_robin_cursors' )
			.where( { site_id: siteId } )
			.update( { last_advisor_id: next, updated_at: now } );
		return next;
	}
}
