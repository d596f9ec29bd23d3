/** Per-site inbox settings (pseudonym template, canned responses); defaults until saved. */
import { DEFAULT_SETTINGS, type SettingsBody, type SettingsResponse, type SiteSettings } from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';

export class SettingsService {
	constructor( private readonly db: Db ) {}

	async get( siteId: string, db: Db = this.db ): Promise< SettingsResponse > {
		const row = await db( 'site_settings' ).where( { site_id: siteId } ).first();
		if ( ! row ) {
			return { settings: { ...DEFAULT_SETTINGS, cannedResponses: [] }, updatedAt: null };
		}
		let canned: SiteSettings[ 'cannedResponses' ] = [];
		try {
			canned = JSON.parse( row.canned_responses );
		} catch {
			// A damaged row reads as empty rather than failing the inbox.
		}
		return { settings: { pseudonymTemplate: row.pseudonym_template, cannedResponses: canned }, updatedAt: row.updated_at };
	}

	/** Fields absent from the body keep their value. */
	async put( siteId: string, body: SettingsBody ): Promise< SettingsResponse > {
		return this.db.transaction( async ( trx ) => {
			const { settings } = await this.get( siteId, trx );
			const next: SiteSettings = {
				pseudonymTemplate: body.pseudonymTemplate ?? settings.pseudonymTemplate,
				cannedResponses: body.cannedResponses ?? settings.cannedResponses,
			};
			const row = {
				site_id: siteId,
				pseudonym_template: next.pseudonymTemplate,
				canned_responses: JSON.stringify( next.cannedResponses ),
				updated_at: nowIso(),
			};
			await trx( 'site_settings' ).insert( row ).onConflict( 'site_id' ).merge();
			return { settings: next, updatedAt: row.updated_at };
		} );
	}
}
