/**
 * Who gets a transferred conversation: advisors online (members of the site's presence
 * channel), not away, licensed, allowed on the conversation's page and under their capacity
 * — and nobody outside the site's opening hours. These checks run before the unit of work
 * (they do I/O that must not hold the conversation's transaction); only the round-robin
 * cursor is read and moved inside it. The same reading answers the widget's availability.
 */
import {
	advisorsPresenceChannel,
	isOpenAt,
	nextOpeningAt,
	pageAllowed,
	type Availability,
	type OpeningHours,
	type PendingTransfer,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import type { Logger } from '../logger';
import type { RealtimeDriver } from '../realtime';
import { parsePages, scopeOf } from './advisors';

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
	/** Advisors online, licensed, allowed on the page and under capacity, in rotation order. */
	online: string[];
	/** The transfer's named advisor when they qualify the same way (assign: 'advisor'). */
	named: string | null;
	/** Someone is online and licensed for this page, even if at capacity: the visitor waits rather than gets the email fallback. */
	anyone: boolean;
}

const NOBODY: Candidates = { online: [], named: null, anyone: false };

export class HandoffService {
	constructor(
		private readonly db: Db,
		private readonly realtime: RealtimeDriver,
		private readonly log: Logger,
		/** The site's opening hours (SettingsService.hours, cached). */
		private readonly hours: ( siteId: string ) => Promise< OpeningHours >
	) {}

	/**
	 * `GET /v1/availability`: within opening hours, and whether someone online, not away,
	 * licensed and allowed on `pageUrl` could answer (at capacity or not: the visitor would wait).
	 */
	async availability(
		siteId: string,
		pageUrl: string | null,
		at: Date = new Date()
	): Promise< Availability > {
		const hours = await this.hours( siteId );
		const open = isOpenAt( hours, at );
		const ids = await this.online( siteId );
		const rows: any[] = ids.length
			? await this.db( 'advisors' )
					.where( { site_id: siteId, can_answer: true, away: false } )
					.whereIn( 'id', ids )
					.select( 'id', 'licensed', 'can_answer', 'pages' )
			: [];
		const advisorsAvailable = rows.some(
			( r ) =>
				scopeOf( r ).licensed &&
				pageAllowed( parsePages( r.pages ), pageUrl )
		);
		const next = open ? null : nextOpeningAt( hours, at );
		return {
			open,
			advisorsAvailable,
			nextOpenAt: next ? next.toISOString() : null,
			replyByEmail: ! open || ! advisorsAvailable,
		};
	}

	/** Advisors on the site's presence channel (who is online); [] when presence is unknown. */
	async online( siteId: string ): Promise< string[] > {
		try {
			return await this.realtime.channelUsers(
				advisorsPresenceChannel( siteId )
			);
		} catch ( err ) {
			// Presence unknown: behave as if nobody were online, so the visitor gets the fallback.
			this.log.warn( 'presence lookup failed', {
				siteId,
				err,
			} );
			return [];
		}
	}

	/**
	 * Who may get a conversation started on `pageUrl` now: online (plus `alsoOnline`, who
	 * are joining), not away, licensed, allowed on the page, under their capacity. Nobody
	 * outside opening hours: the transfer's fallback runs as when nobody is online.
	 */
	async candidates(
		siteId: string,
		transfer: Pick< PendingTransfer, 'assign' | 'advisorId' > | null,
		pageUrl: string | null,
		alsoOnline: string[] = [],
		/** The conversation being routed: it does not count against its own assignee's capacity. */
		exclude: string | null = null
	): Promise< Candidates > {
		if ( ! isOpenAt( await this.hours( siteId ), new Date() ) ) {
			return NOBODY;
		}
		const named =
			transfer?.assign === 'advisor' ? transfer.advisorId : null;
		const ids = [
			...new Set( [ ...( await this.online( siteId ) ), ...alsoOnline ] ),
		];
		const wanted = [
			...new Set( [ ...ids, ...( named ? [ named ] : [] ) ] ),
		];
		if ( ! wanted.length ) {
			return NOBODY;
		}
		const rows: any[] = await this.db( 'advisors' )
			.where( { site_id: siteId, can_answer: true, away: false } )
			.whereIn( 'id', wanted );
		const open = new Map< string, number >(
			(
				await this.db( 'conversations' )
					.where( 'site_id', siteId )
					.whereIn( 'state', [ 'waiting', 'live' ] )
					.whereIn( 'assigned_advisor_id', wanted )
					.whereNot( 'id', exclude ?? '' )
					.select( 'assigned_advisor_id as id' )
					.count( { n: '*' } )
					.groupBy( 'assigned_advisor_id' )
			).map( ( r: any ) => [ r.id, Number( r.n ) ] )
		);
		const eligible = new Set< string >();
		const allowed = new Set< string >();
		for ( const r of rows ) {
			if (
				! scopeOf( r ).licensed ||
				! pageAllowed( parsePages( r.pages ), pageUrl )
			) {
				continue;
			}
			allowed.add( r.id );
			if (
				r.capacity === null ||
				r.capacity === undefined ||
				( open.get( r.id ) ?? 0 ) < Number( r.capacity )
			) {
				eligible.add( r.id );
			}
		}
		return {
			online: ids
				.filter( ( id ) => eligible.has( id ) )
				.sort( compareAdvisorIds ),
			named: named && eligible.has( named ) ? named : null,
			anyone: ids.some( ( id ) => allowed.has( id ) ),
		};
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
