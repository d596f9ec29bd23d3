/** Per-site inbox settings (pseudonym template, canned responses, ratings, retention, opening hours); defaults until saved. */
import {
	DEFAULT_HOURS,
	DEFAULT_SETTINGS,
	openingHoursSchema,
	type OpeningHours,
	type SettingsBody,
	type SettingsResponse,
	type SiteSettings,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import type { Db } from '../db';
import { nowIso } from '../db';
import type { AccessPolicy } from './access';
import type { EventsService } from './events';
import { ExpiringCache } from './expiring-cache';

/** Stored hours, re-checked: a damaged or outdated row reads as the defaults (always open). */
function parseHours( raw: unknown ): SiteSettings[ 'hours' ] {
	if ( typeof raw !== 'string' || ! raw ) {
		return DEFAULT_HOURS;
	}
	try {
		const parsed = openingHoursSchema.safeParse( JSON.parse( raw ) );
		return parsed.success ? parsed.data : DEFAULT_HOURS;
	} catch {
		return DEFAULT_HOURS;
	}
}

/**
 * How long a site's opening hours are reused without reading them again: availability and
 * every transfer read them. Another bridge process sees a change within this; the one that
 * saves it at once.
 */
export const HOURS_CACHE_MS = 5_000;

export class SettingsService {
	private readonly hoursCache = new ExpiringCache< OpeningHours >(
		HOURS_CACHE_MS
	);

	constructor(
		private readonly db: Db,
		private readonly access: AccessPolicy,
		private readonly events: EventsService
	) {}

	/** A manager's save: stored, then every open inbox is told to read the settings again. */
	async save(
		p: Principal,
		body: SettingsBody
	): Promise< SettingsResponse > {
		await this.access.require( p, 'manage_settings' );
		const saved = await this.put( p.siteId, body );
		this.events.settingsUpdated( p.siteId, {
			updatedAt: saved.updatedAt!,
		} );
		return saved;
	}

	/** The site's opening hours, cached for HOURS_CACHE_MS. */
	async hours( siteId: string ): Promise< OpeningHours > {
		return this.hoursCache.get( siteId, async () => {
			const row = await this.db( 'site_settings' )
				.where( { site_id: siteId } )
				.first( 'hours' );
			return parseHours( row?.hours );
		} );
	}

	async get( siteId: string, db: Db = this.db ): Promise< SettingsResponse > {
		const row = await db( 'site_settings' )
			.where( { site_id: siteId } )
			.first();
		if ( ! row ) {
			return {
				settings: { ...DEFAULT_SETTINGS, cannedResponses: [] },
				updatedAt: null,
			};
		}
		let canned: SiteSettings[ 'cannedResponses' ] = [];
		try {
			canned = JSON.parse( row.canned_responses );
		} catch {
			// A damaged row reads as empty rather than failing the inbox.
		}
		return {
			settings: {
				pseudonymTemplate: row.pseudonym_template,
				cannedResponses: canned,
				// sqlite3 reads booleans as 0/1.
				ratingEnabled: Boolean( row.rating_enabled ?? true ),
				retentionDays: Number( row.retention_days ?? 0 ),
				hours: parseHours( row.hours ),
			},
			updatedAt: row.updated_at,
		};
	}

	/** Fields absent from the body keep their value. */
	async put(
		siteId: string,
		body: SettingsBody
	): Promise< SettingsResponse > {
		const saved = await this.db.transaction( async ( trx ) => {
			const { settings } = await this.get( siteId, trx );
			const next: SiteSettings = {
				pseudonymTemplate:
					body.pseudonymTemplate ?? settings.pseudonymTemplate,
				cannedResponses:
					body.cannedResponses ?? settings.cannedResponses,
				ratingEnabled: body.ratingEnabled ?? settings.ratingEnabled,
				retentionDays: body.retentionDays ?? settings.retentionDays,
				hours: body.hours ?? settings.hours,
			};
			const row = {
				site_id: siteId,
				pseudonym_template: next.pseudonymTemplate,
				canned_responses: JSON.stringify( next.cannedResponses ),
				rating_enabled: next.ratingEnabled,
				retention_days: next.retentionDays || null,
				hours: JSON.stringify( next.hours ),
				updated_at: nowIso(),
			};
			await trx( 'site_settings' )
				.insert( row )
				.onConflict( 'site_id' )
				.merge();
			return { settings: next, updatedAt: row.updated_at };
		} );
		this.hoursCache.forget( siteId );
		return saved;
	}
}
