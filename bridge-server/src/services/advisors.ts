/**
 * Advisors as the bridge knows them: upserted from verified advisor tokens (name, avatar,
 * last seen), so inbox items can show who has a conversation. WordPress stays the source
 * of identity; the advisors issue extends this table.
 */
import type { AdvisorSummary, AdvisorsResponse } from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { RecentWrites } from './recent-writes';
import type { LicencePolicy } from './licences';

type AdvisorIdentity = {
	siteId: string;
	advisorId: string;
	name: string;
	avatar: string | null;
};

/** How often one process rewrites an unchanged advisor's last_seen_at. */
const TOUCH_EVERY_MS = 60_000;

const toSummary = ( r: any ): AdvisorSummary => ( {
	id: r.id,
	name: r.name,
	avatar: r.avatar ?? null,
} );

export class AdvisorsService {
	// Skips the write when this process wrote the same identity recently: most calls cost nothing.
	private readonly recent = new RecentWrites< {
		name: string;
		avatar: string | null;
	} >( TOUCH_EVERY_MS );

	constructor(
		private readonly db: Db,
		private readonly licences: LicencePolicy
	) {}

	async touch( p: AdvisorIdentity ): Promise< void > {
		const key = `${ p.siteId }:${ p.advisorId }`;
		if (
			this.recent.has(
				key,
				Date.now(),
				( v ) => v.name === p.name && v.avatar === p.avatar
			)
		) {
			return;
		}
		const row = {
			site_id: p.siteId,
			id: p.advisorId,
			name: p.name,
			avatar: p.avatar,
			last_seen_at: nowIso(),
		};
		await this.db( 'advisors' )
			.insert( row )
			.onConflict( [ 'site_id', 'id' ] )
			.merge( {
				name: row.name,
				avatar: row.avatar,
				last_seen_at: row.last_seen_at,
			} );
		this.recent.note( key, { name: p.name, avatar: p.avatar } );
	}

	async get( siteId: string, id: string ): Promise< AdvisorSummary | null > {
		const row = await this.db( 'advisors' )
			.where( { site_id: siteId, id } )
			.first();
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

	async list( siteId: string ): Promise< AdvisorsResponse[ 'advisors' ] > {
		const rows = await this.db( 'advisors' )
			.where( 'site_id', siteId )
			.orderBy( 'name' )
			.limit( 1000 );
		return Promise.all(
			rows.map( async ( r: any ) => ( {
				...toSummary( r ),
				name: r.name,
				lastSeenAt: r.last_seen_at,
				licensed: await this.licences.isLicensed( siteId, r.id ),
			} ) )
		);
	}
}
