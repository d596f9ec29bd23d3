/**
 * Visitors: anonymous identities with what advisors may know of the visit — browser,
 * first and last seen, number of sessions.
 */
import { randomUUID } from 'node:crypto';
import { truncateText, type VisitorDetails } from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import { RecentWrites } from './recent-writes';

/** A token refresh after this much inactivity starts a new session. */
export const SESSION_GAP_MS = 30 * 60_000;
/** last_seen_at is rewritten at most this often by ordinary calls. */
const SEEN_PRECISION_MS = 60_000;

const USER_AGENT_LENGTH = 300;
// Control characters never belong in a header value we show back to advisors.
const cleanUserAgent = ( ua: string | undefined ) =>
	truncateText(
		( ua ?? '' ).replace( /[\u0000-\u001f\u007f]/g, '' ).trim(),
		USER_AGENT_LENGTH
	) || null;

export class VisitorsService {
	/** When this process last wrote each visitor's last_seen_at: seen() skips the query within SEEN_PRECISION_MS. */
	private readonly written = new RecentWrites( SEEN_PRECISION_MS );

	constructor( private readonly db: Db ) {}

	/**
	 * The one visitor of a WordPress user on this site (known_customers), on every device:
	 * theirs if they have one (touched), else `adopt` — this browser's anonymous visitor, so the
	 * conversation they started before logging in stays theirs — else a new one. Concurrent
	 * first visits from two devices meet on the primary key: the loser takes the winner's; two
	 * users adopting one browser's visitor at once meet on its unique visitor id: the loser
	 * gets a new visitor.
	 * `created`: a new visitor row.
	 */
	async customer(
		siteId: string,
		wpUserId: string,
		adopt: string | null,
		userAgent?: string
	): Promise< { visitorId: string; created: boolean } > {
		const known = await this.db( 'known_customers' )
			.where( { site_id: siteId, wp_user_id: wpUserId } )
			.first( 'visitor_id' );
		if (
			known &&
			( await this.touch( siteId, known.visitor_id, userAgent ) )
		) {
			return { visitorId: known.visitor_id, created: false };
		}
		const anonymous =
			adopt &&
			! ( await this.isCustomer( adopt ) ) &&
			( await this.touch( siteId, adopt, userAgent ) )
				? adopt
				: null;
		const visitorId =
			anonymous ?? ( await this.create( siteId, userAgent ) );
		try {
			await this.db( 'known_customers' ).insert( {
				site_id: siteId,
				wp_user_id: wpUserId,
				visitor_id: visitorId,
				created_at: nowIso(),
			} );
		} catch ( err ) {
			if ( ! isUniqueViolation( err ) ) {
				throw err;
			}
			const winner = await this.db( 'known_customers' )
				.where( { site_id: siteId, wp_user_id: wpUserId } )
				.first( 'visitor_id' );
			if ( ! winner ) {
				if ( ! anonymous ) {
					throw err;
				}
				// Not this user's row but the visitor's: another user logging in on this browser at
				// the same moment adopted it first. This one gets a visitor of their own.
				return this.customer( siteId, wpUserId, null, userAgent );
			}
			if ( ! anonymous ) {
				await this.db( 'visitors' ).where( 'id', visitorId ).delete();
			}
			return { visitorId: winner.visitor_id, created: false };
		}
		return { visitorId, created: ! anonymous };
	}

	/** Whether WordPress vouched for this visitor (a known customer). */
	async isCustomer( visitorId: string ): Promise< boolean > {
		return !! ( await this.db( 'known_customers' )
			.where( 'visitor_id', visitorId )
			.first( 'visitor_id' ) );
	}

	async create( siteId: string, userAgent?: string ): Promise< string > {
		const id = 'v_' + randomUUID().replace( /-/g, '' );
		const now = nowIso();
		await this.db( 'visitors' ).insert( {
			id,
			site_id: siteId,
			created_at: now,
			last_seen_at: now,
			user_agent: cleanUserAgent( userAgent ),
			sessions: 1,
		} );
		this.written.note( id, true, Date.parse( now ) );
		return id;
	}

	/**
	 * A token refresh: the visitor is back. Counts a new session after 30 minutes of
	 * inactivity. Returns false when the visitor does not exist on this site (e.g. erased).
	 */
	async touch(
		siteId: string,
		visitorId: string,
		userAgent?: string
	): Promise< boolean > {
		const row = await this.db( 'visitors' )
			.where( { id: visitorId, site_id: siteId } )
			.first();
		if ( ! row ) {
			return false;
		}
		const now = new Date();
		const newSession =
			now.getTime() - Date.parse( row.last_seen_at ) >= SESSION_GAP_MS;
		this.written.note( visitorId, true, now.getTime() );
		await this.db( 'visitors' )
			.where( { id: visitorId, site_id: siteId } )
			.update( {
				last_seen_at: now.toISOString(),
				...( newSession
					? { sessions: this.db.raw( 'sessions + 1' ) }
					: {} ),
				...( userAgent
					? { user_agent: cleanUserAgent( userAgent ) }
					: {} ),
			} );
		return true;
	}

	/** Activity (a message, a read): moves last_seen_at, coarsely, without counting a session. */
	async seen( siteId: string, visitorId: string ): Promise< void > {
		const now = Date.now();
		if ( this.written.has( visitorId, now ) ) {
			return;
		}
		const n = await this.db( 'visitors' )
			.where( { id: visitorId, site_id: siteId } )
			.andWhere(
				'last_seen_at',
				'<',
				new Date( now - SEEN_PRECISION_MS ).toISOString()
			)
			.update( { last_seen_at: new Date( now ).toISOString() } );
		if ( n ) {
			this.written.note( visitorId, true, now );
		}
	}

	async details(
		siteId: string,
		visitorId: string,
		online: boolean
	): Promise< VisitorDetails | null > {
		const row = await this.db( 'visitors' )
			.where( { id: visitorId, site_id: siteId } )
			.first();
		return row
			? {
					id: row.id,
					firstSeenAt: row.created_at,
					lastSeenAt: row.last_seen_at,
					sessions: Number( row.sessions ?? 1 ),
					userAgent: row.user_agent ?? null,
					online,
				}
			: null;
	}
}
