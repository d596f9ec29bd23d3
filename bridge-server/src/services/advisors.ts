/**
 * Advisors as the bridge records them, per site: every WordPress user who can answer
 * (synced by WordPress, or first seen in a verified token), with what visitors see of them,
 * their licence, options and counters. WordPress stays the source of identity; the
 * bridge is the authority on licences and on whether a token still works (revocation).
 */
import {
	ALL_PAGES,
	type AdvisorRecord,
	type AdvisorSummary,
	type PageRestriction,
	type SyncAdvisorBody,
	type SyncAdvisorsBody,
} from '@handoff-chat/contracts';
import type { AdvisorScope, Principal } from '../auth/tokens';
import type { Db } from '../db';
import { nowIso } from '../db';
import { unauthorized } from '../errors';
import type { LicencesService } from './licences';
import { ExpiringCache } from './expiring-cache';
import { RecentWrites } from './recent-writes';

type AdvisorPrincipal = Extract< Principal, { role: 'advisor' } >;

/** How often one process rewrites an unchanged advisor's name, avatar and last activity. */
const TOUCH_EVERY_MS = 60_000;
/** Limited advisors per site are cached this long (other bridge processes see writes within it). */
const LIMITED_TTL_MS = 5_000;

export function parsePages( raw: unknown ): PageRestriction {
	if ( typeof raw !== 'string' || ! raw ) {
		return ALL_PAGES;
	}
	try {
		const v = JSON.parse( raw ) as PageRestriction;
		return v?.mode === 'some' ? v : ALL_PAGES;
	} catch {
		// A damaged value restricts to nothing rather than opening every page.
		return { mode: 'some', pages: [], prefixes: [] };
	}
}

const shownName = ( r: any ): string => r.visible_name || r.name;

export const scopeOf = ( r: any ): AdvisorScope => ( {
	licensed: !! r.licensed && !! r.can_answer,
	pages: parsePages( r.pages ),
	showBot: !! r.show_bot,
} );

export const isLimited = ( s: AdvisorScope ) =>
	s.pages.mode === 'some' || ! s.showBot;

const toSummary = ( r: any ): AdvisorSummary => ( {
	id: r.id,
	name: shownName( r ),
	avatar: r.avatar ?? null,
} );

export function toRecord( r: any, withEmail: boolean ): AdvisorRecord {
	return {
		id: r.id,
		name: shownName( r ),
		displayName: r.name,
		visibleName: r.visible_name ?? null,
		email: withEmail ? ( r.email ?? null ) : null,
		avatar: r.avatar ?? null,
		canAnswer: !! r.can_answer,
		licensed: !! r.licensed && !! r.can_answer,
		showBotConversations: !! r.show_bot,
		pages: parsePages( r.pages ),
		capacity:
			r.capacity === null || r.capacity === undefined
				? null
				: Number( r.capacity ),
		lastActiveAt: r.last_seen_at ?? null,
		messageCount: Number( r.message_count ?? 0 ),
		away: !! r.away,
	};
}

/** The first whole second after now: tokens issued before it (even earlier this second) are refused. */
const revocationSecond = () => Math.floor( Date.now() / 1000 ) + 1;

export interface LimitedAdvisor {
	id: string;
	scope: AdvisorScope;
}

export class AdvisorsService {
	// Skips the write when this process wrote the same identity recently: most calls cost nothing.
	private readonly recent = new RecentWrites< {
		name: string;
		avatar: string | null;
	} >( TOUCH_EVERY_MS );
	private readonly limitedCache = new ExpiringCache< LimitedAdvisor[] >(
		LIMITED_TTL_MS
	);

	constructor(
		private readonly db: Db,
		private readonly licences: LicencesService
	) {}

	/**
	 * Every advisor call goes through here: refuses a token issued before the advisor's
	 * revocation (401), records the advisor on first sight — a site manager then takes a
	 * free licence, as the account holding them — and notes their activity. Fills `p.scope`.
	 */
	async admit( p: AdvisorPrincipal ): Promise< void > {
		let row = await this.db( 'advisors' )
			.where( { site_id: p.siteId, id: p.advisorId } )
			.first();
		if ( row && p.issuedAt < Number( row.tokens_valid_after ) ) {
			throw unauthorized(
				'This advisor access was revoked: sign in again.',
				'revoked'
			);
		}
		if ( ! row ) {
			await this.db( 'advisors' )
				.insert( {
					site_id: p.siteId,
					id: p.advisorId,
					name: p.name || p.advisorId,
					avatar: p.avatar,
					last_seen_at: nowIso(),
				} )
				.onConflict( [ 'site_id', 'id' ] )
				.ignore();
			this.forget( p.siteId );
			row = await this.db( 'advisors' )
				.where( { site_id: p.siteId, id: p.advisorId } )
				.first();
		} else if ( ! row.can_answer ) {
			// WordPress minted this token after the revocation: the user may answer again.
			await this.db( 'advisors' )
				.where( { site_id: p.siteId, id: p.advisorId } )
				.update( { can_answer: true } );
			row.can_answer = true;
			this.forget( p.siteId );
		}
		// A site manager holds the site's licences: they take a free one, unless a manager decided otherwise.
		if ( p.manage && ! row.licensed && ! row.licence_decided_at ) {
			if ( ( await this.licences.grant( p.siteId, p.advisorId ) ).ok ) {
				row.licensed = true;
				this.forget( p.siteId );
			}
		}
		p.scope = scopeOf( row );
		const displayName = p.name;
		// Visitors and colleagues see the visible name a manager chose, in messages and presence.
		p.name = row.visible_name || displayName || row.name;
		await this.touch( p, displayName );
	}

	private async touch( p: AdvisorPrincipal, name: string ): Promise< void > {
		const key = `${ p.siteId }:${ p.advisorId }`;
		if (
			this.recent.has(
				key,
				Date.now(),
				( v ) => v.name === name && v.avatar === p.avatar
			)
		) {
			return;
		}
		await this.db( 'advisors' )
			.where( { site_id: p.siteId, id: p.advisorId } )
			.update( {
				...( name ? { name } : {} ),
				avatar: p.avatar,
				last_seen_at: nowIso(),
			} );
		this.recent.note( key, { name, avatar: p.avatar } );
	}

	async row(
		siteId: string,
		id: string,
		db: Db = this.db
	): Promise< any | null > {
		return (
			( await db( 'advisors' )
				.where( { site_id: siteId, id } )
				.first() ) ?? null
		);
	}

	async get( siteId: string, id: string ): Promise< AdvisorSummary | null > {
		const row = await this.row( siteId, id );
		return row ? toSummary( row ) : null;
	}

	/** Summaries by id; ids the bridge never saw map to `{ id, name: null, avatar: null }`. */
	async summaries(
		siteId: string,
		ids: string[]
	): Promise< Map< string, AdvisorSummary > > {
		const unique = [ ...new Set( ids ) ];
		const out = new Map< string, AdvisorSummary >(
			unique.map( ( id ) => [ id, { id, name: null, avatar: null } ] )
		);
		if ( unique.length ) {
			for ( const r of await this.db( 'advisors' )
				.where( 'site_id', siteId )
				.whereIn( 'id', unique ) ) {
				out.set( r.id, toSummary( r ) );
			}
		}
		return out;
	}

	/** Advisors who can answer, by name. */
	async records(
		siteId: string,
		withEmail: boolean
	): Promise< AdvisorRecord[] > {
		const rows = await this.db( 'advisors' )
			.where( { site_id: siteId, can_answer: true } )
			.orderByRaw( 'LOWER(COALESCE(visible_name, name))' )
			.limit( 1000 );
		return rows.map( ( r: any ) => toRecord( r, withEmail ) );
	}

	/**
	 * WordPress's list of the users who can answer now: upserted; everyone else loses the
	 * ability, their licence and their tokens. Returns the ids revoked.
	 */
	async sync( siteId: string, body: SyncAdvisorsBody ): Promise< string[] > {
		const now = nowIso();
		const revoked = await this.db.transaction( async ( trx ) => {
			for ( const a of body.advisors ) {
				await this.upsert( trx, siteId, a.id, a, now );
			}
			const gone: string[] = (
				await trx( 'advisors' )
					.where( { site_id: siteId, can_answer: true } )
					.whereNotIn(
						'id',
						body.advisors.map( ( a ) => a.id )
					)
					.select( 'id' )
			).map( ( r: any ) => r.id );
			for ( const id of gone ) {
				await this.revokeIn( trx, siteId, id, true );
			}
			return gone;
		} );
		this.forget( siteId );
		return revoked;
	}

	/** One user gained or lost the ability to answer. True when this revoked them. */
	async syncOne(
		siteId: string,
		id: string,
		body: SyncAdvisorBody
	): Promise< boolean > {
		const now = nowIso();
		const revoked = await this.db.transaction( async ( trx ) => {
			await this.upsert( trx, siteId, id, body, now, body.canAnswer );
			if ( ! body.canAnswer ) {
				await this.revokeIn( trx, siteId, id, true );
				return true;
			}
			return false;
		} );
		this.forget( siteId );
		return revoked;
	}

	private async upsert(
		trx: Db,
		siteId: string,
		id: string,
		a: { displayName: string; email: string | null; avatar: string | null },
		now: string,
		canAnswer = true
	) {
		const fields = {
			name: a.displayName,
			email: a.email,
			avatar: a.avatar,
			synced_at: now,
		};
		await trx( 'advisors' )
			.insert( {
				site_id: siteId,
				id,
				...fields,
				can_answer: canAnswer,
				// Not null since 20261125B: a user first known from a sync starts there; later syncs never move it.
				last_seen_at: now,
			} )
			.onConflict( [ 'site_id', 'id' ] )
			.merge( canAnswer ? { ...fields, can_answer: true } : fields );
	}

	/**
	 * Tokens issued before now stop working; `lost` (capability removed): the ability to
	 * answer and the licence go too.
	 */
	async revokeIn(
		db: Db,
		siteId: string,
		id: string,
		lost: boolean
	): Promise< void > {
		await db( 'advisors' )
			.where( { site_id: siteId, id } )
			.update( {
				tokens_valid_after: revocationSecond(),
				...( lost ? { can_answer: false, licensed: false } : {} ),
			} );
		this.forget( siteId );
	}

	/** Tokens issued before now stop working (a licence revoked: WordPress mints a new one). */
	async revoke( siteId: string, id: string ): Promise< void > {
		await this.revokeIn( this.db, siteId, id, false );
	}

	/** A manager's changes to what the Advisors screen shows (licences go through LicencesService). */
	async update(
		siteId: string,
		id: string,
		fields: {
			visibleName?: string | null;
			showBot?: boolean;
			pages?: PageRestriction;
			capacity?: number | null;
			/** A manager granted or revoked the licence. */
			licenceDecided?: boolean;
		}
	): Promise< void > {
		const row: Record< string, unknown > = {};
		if ( fields.licenceDecided ) {
			row.licence_decided_at = nowIso();
		}
		if ( fields.visibleName !== undefined ) {
			row.visible_name = fields.visibleName || null;
		}
		if ( fields.showBot !== undefined ) {
			row.show_bot = fields.showBot;
		}
		if ( fields.pages !== undefined ) {
			row.pages =
				fields.pages.mode === 'all'
					? null
					: JSON.stringify( fields.pages );
		}
		if ( fields.capacity !== undefined ) {
			row.capacity = fields.capacity;
		}
		if ( Object.keys( row ).length ) {
			await this.db( 'advisors' )
				.where( { site_id: siteId, id } )
				.update( row );
			this.forget( siteId );
		}
	}

	/** Advisors whose reach is limited (pages, no Chatbot list): they get their own inbox channel. */
	async limited( siteId: string ): Promise< LimitedAdvisor[] > {
		return this.limitedCache.get( siteId, async () => {
			const rows = await this.db( 'advisors' )
				.where( { site_id: siteId, can_answer: true } )
				.andWhere( ( w ) =>
					w.whereNotNull( 'pages' ).orWhere( 'show_bot', false )
				);
			return rows.map( ( r: any ) => ( {
				id: r.id,
				scope: scopeOf( r ),
			} ) );
		} );
	}

	private forget( siteId: string ): void {
		this.limitedCache.forget( siteId );
	}
}
