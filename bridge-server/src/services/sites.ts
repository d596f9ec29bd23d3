import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { nowIso } from '../db';
import { SITE_ID_PATTERN, truncateText } from '@handoff-chat/contracts';
import { insertDemoFlow } from './flows';

export interface Site {
	id: string;
	name: string;
	url: string | null;
	secret: string;
	licenceQuota: number;
	createdAt: string;
}

const toSite = ( r: any ): Site => ( {
	id: r.id,
	name: r.name,
	url: r.url,
	secret: r.secret,
	licenceQuota: r.licence_quota,
	createdAt: r.created_at,
} );

export const DEFAULT_LICENCE_QUOTA = 5;

export class SitesService {
	// Site secrets are looked up on every authenticated call; they change only through the CLI.
	private cache = new Map< string, { site: Site; at: number } >();

	constructor( private readonly db: Db ) {}

	async create( input: {
		name: string;
		url?: string | null;
		quota?: number;
		/** Seed the demo flow (`npm start`, the e2e stack, tests): a real site starts in live chat. */
		demoFlow?: boolean;
	} ): Promise< Site > {
		const row = {
			// No `-` in site ids: channel names are parsed on it.
			id: 'site_' + randomBytes( 8 ).toString( 'hex' ),
			name: truncateText( input.name, 200 ),
			url: input.url ?? null,
			secret: randomBytes( 32 ).toString( 'hex' ),
			licence_quota: input.quota ?? DEFAULT_LICENCE_QUOTA,
			created_at: nowIso(),
		};
		// A new site has no flow: its widgets run live chat until the owner builds one (the
		// flow list's starter flow, in the site's language). Only the demo gets the bilingual demo bot.
		await this.db.transaction( async ( trx ) => {
			await trx( 'sites' ).insert( row );
			if ( input.demoFlow ) {
				await insertDemoFlow( trx, row.id );
			}
		} );
		return toSite( row );
	}

	async get( id: string ): Promise< Site | null > {
		if ( ! SITE_ID_PATTERN.test( id ) ) {
			return null;
		}
		const hit = this.cache.get( id );
		if ( hit && Date.now() - hit.at < 30_000 ) {
			return hit.site;
		}
		const row = await this.db( 'sites' ).where( { id } ).first();
		if ( ! row ) {
			this.cache.delete( id );
			return null;
		}
		const site = toSite( row );
		this.cache.set( id, { site, at: Date.now() } );
		return site;
	}

	async list(): Promise< Site[] > {
		return ( await this.db( 'sites' ).orderBy( 'created_at' ) ).map(
			toSite
		);
	}

	async setQuota( id: string, quota: number ): Promise< Site | null > {
		const n = await this.db( 'sites' )
			.where( { id } )
			.update( { licence_quota: quota } );
		this.cache.delete( id );
		return n ? this.get( id ) : null;
	}
}
