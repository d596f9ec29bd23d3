/**
 * Visitor variables (PRENOM, EMAIL…): captured by the bot, read by advisors. They
 * belong to the visitor, not to one conversation, so a returning visitor keeps them.
 * Methods take the executor so the bot can write inside its unit of work.
 */
import {
	isIdentityVariable,
	LIMITS,
	truncateText,
	type VisitorVariable,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { badRequest } from '../errors';

export class VariablesService {
	constructor( private readonly db: Db ) {}

	async list(
		siteId: string,
		visitorId: string,
		db: Db = this.db
	): Promise< VisitorVariable[] > {
		const rows = await db( 'visitor_variables' )
			.where( { site_id: siteId, visitor_id: visitorId } )
			.orderBy( 'name' );
		return rows.map( ( r: any ) => ( {
			name: r.name,
			value: r.value,
			updatedAt: r.updated_at,
		} ) );
	}

	async map(
		siteId: string,
		visitorId: string,
		db: Db = this.db
	): Promise< Record< string, string > > {
		const out: Record< string, string > = {};
		for ( const v of await this.list( siteId, visitorId, db ) ) {
			out[ v.name ] = v.value;
		}
		return out;
	}

	/** An advisor's edit: values are trimmed; null or '' deletes. One transaction. */
	async putMany(
		siteId: string,
		visitorId: string,
		changes: Record< string, string | null >
	): Promise< VisitorVariable[] > {
		const vouched = Object.keys( changes ).filter( isIdentityVariable );
		if ( vouched.length ) {
			throw badRequest(
				`${ vouched.join( ', ' ) }: set by WordPress for a logged-in customer, not editable`
			);
		}
		await this.db.transaction( async ( trx ) => {
			for ( const [ name, raw ] of Object.entries( changes ) ) {
				const value = raw?.trim() ?? '';
				if ( value ) {
					await this.set( siteId, visitorId, name, value, trx );
				} else {
					await trx( 'visitor_variables' )
						.where( {
							site_id: siteId,
							visitor_id: visitorId,
							name,
						} )
						.delete();
				}
			}
		} );
		return this.list( siteId, visitorId );
	}

	/**
	 * A bot answer's or an advisor's write. The identity's own variables (WP_…) are read-only
	 * here: an answer the visitor typed never poses as what WordPress vouched for.
	 */
	async set(
		siteId: string,
		visitorId: string,
		name: string,
		value: string,
		db: Db = this.db
	): Promise< void > {
		if ( ! isIdentityVariable( name ) ) {
			await this.write( siteId, visitorId, name, value, db );
		}
	}

	/**
	 * What a verified identity vouches for (contracts IDENTITY_VARIABLES): written, or removed
	 * when WordPress sent none (an email deleted from the profile).
	 */
	async setVouched(
		siteId: string,
		visitorId: string,
		values: Record< string, string >
	): Promise< void > {
		await this.db.transaction( async ( trx ) => {
			for ( const [ name, value ] of Object.entries( values ) ) {
				if ( value ) {
					await this.write( siteId, visitorId, name, value, trx );
				} else {
					await trx( 'visitor_variables' )
						.where( {
							site_id: siteId,
							visitor_id: visitorId,
							name,
						} )
						.delete();
				}
			}
		} );
	}

	private async write(
		siteId: string,
		visitorId: string,
		name: string,
		value: string,
		db: Db
	): Promise< void > {
		const row = {
			site_id: siteId,
			visitor_id: visitorId,
			name,
			value: truncateText( value, LIMITS.variableValue ),
			updated_at: nowIso(),
		};
		await db( 'visitor_variables' )
			.insert( row )
			.onConflict( [ 'site_id', 'visitor_id', 'name' ] )
			.merge( { value: row.value, updated_at: row.updated_at } );
	}
}
