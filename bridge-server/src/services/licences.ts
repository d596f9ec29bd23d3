/**
 * Licences ("Live chat premium"): one per advisor, counted against the site's quota
 * (`sites.licence_quota`, 5 by default). The bridge is the authority: a grant is one
 * conditional write under the site's lock, so N parallel grants with k free seats accept
 * exactly k, on sqlite3 (one writer) and PostgreSQL (the site row is locked first).
 */
import type { LicenceCount } from '@handoff-chat/contracts';
import type { Db } from '../db';

export type GrantResult =
	| { ok: true; licences: LicenceCount }
	| {
			ok: false;
			reason: 'quota_full' | 'cannot_answer';
			licences: LicenceCount;
	  };

export class LicencesService {
	constructor( private readonly db: Db ) {}

	async count( siteId: string, db: Db = this.db ): Promise< LicenceCount > {
		const [ site, granted ] = await Promise.all( [
			db( 'sites' ).where( { id: siteId } ).first( 'licence_quota' ),
			db( 'advisors' )
				.where( { site_id: siteId, licensed: true, can_answer: true } )
				.count( { n: '*' } ),
		] );
		return {
			granted: Number( granted[ 0 ].n ),
			quota: Number( site?.licence_quota ?? 0 ),
		};
	}

	/** Grants a licence if a seat is free (already licensed: granted again, no change). */
	async grant( siteId: string, advisorId: string ): Promise< GrantResult > {
		return this.db.transaction( async ( trx ) => {
			// The site row is the lock: concurrent grants of one site take turns.
			await trx( 'sites' )
				.where( { id: siteId } )
				.update( { licence_quota: trx.ref( 'licence_quota' ) } );
			const advisor = await trx( 'advisors' )
				.where( { site_id: siteId, id: advisorId } )
				.first( 'licensed', 'can_answer' );
			const before = await this.count( siteId, trx );
			if ( ! advisor?.can_answer ) {
				return { ok: false, reason: 'cannot_answer', licences: before };
			}
			if ( advisor.licensed ) {
				return { ok: true, licences: before };
			}
			if ( before.granted >= before.quota ) {
				return { ok: false, reason: 'quota_full', licences: before };
			}
			await trx( 'advisors' )
				.where( { site_id: siteId, id: advisorId } )
				.update( { licensed: true } );
			return {
				ok: true,
				licences: { ...before, granted: before.granted + 1 },
			};
		} );
	}

	/** Releases the seat; always allowed. True when it was held. */
	async revoke(
		siteId: string,
		advisorId: string,
		db: Db = this.db
	): Promise< boolean > {
		const n = await db( 'advisors' )
			.where( { site_id: siteId, id: advisorId, licensed: true } )
			.update( { licensed: false } );
		return n > 0;
	}
}
