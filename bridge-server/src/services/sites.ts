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
	/**
	 * The secret a reconnection replaced, while its grace lasts: it still proves a returning
	 * visitor's identity when their token is refreshed (VisitorSessionsService), nothing else.
	 */
	previousSecret: string | null;
	licenceQuota: number;
	createdAt: string;
}

const toSite = ( r: any ): Site => ( {
	id: r.id,
	name: r.name,
	url: r.url,
	secret: r.secret,
	previousSecret:
		r.grace_secret && r.grace_until > nowIso() ? r.grace_secret : null,
	licenceQuota: r.licence_quota,
	createdAt: r.created_at,
} );

export const DEFAULT_LICENCE_QUOTA = 5;

/** How long a site row is reused without reading it again. */
const CACHE_MS = 30_000;
/** After a failed secret check, the row is read again at most this often per site. */
const RECHECK_MS = 1_000;

const newSecret = () => randomBytes( 32 ).toString( 'hex' );

export class SitesService {
	// Site secrets are looked up on every authenticated call. They change through the CLI, a code
	// exchange or WordPress's rotation, maybe in another bridge process: this process's entry is
	// cleared when it makes the change; otherwise a new secret is read at its first failed check
	// (changedSince), and an old one is accepted here for up to CACHE_MS.
	private cache = new Map< string, { site: Site; at: number } >();
	/** When each site's row was last read again after a failed check (one entry per site). */
	private readonly rechecked = new Map< string, number >();

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
			secret: newSecret(),
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
		if ( hit && Date.now() - hit.at < CACHE_MS ) {
			return hit.site;
		}
		const row = await this.db( 'sites' )
			.leftJoin(
				'site_secret_grace',
				'site_secret_grace.site_id',
				'sites.id'
			)
			.where( 'sites.id', id )
			.first(
				'sites.*',
				'site_secret_grace.secret as grace_secret',
				'site_secret_grace.until as grace_until'
			);
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

	/** The site's address, used in escalation emails' links (`sites:url`, PUT /v1/site, the code exchange). */
	async setUrl(
		id: string,
		url: string | null,
		db: Db = this.db
	): Promise< Site | null > {
		await db( 'sites' ).where( { id } ).update( { url } );
		this.cache.delete( id );
		// Read through `db`: inside a transaction the pool's one sqlite connection is taken.
		const row = await db( 'sites' ).where( { id } ).first();
		return row ? toSite( row ) : null;
	}

	/**
	 * Replaces the secret: WordPress's signatures and the tokens signed with the old one stop
	 * working at once in this process (another bridge process accepts the old one for up to
	 * CACHE_MS, and the new one at once: changedSince). `visitorGraceSeconds` > 0 (a reconnection) lets the old secret still prove
	 * returning visitors' identities that long; 0 (a rotation: the secret may have leaked) ends
	 * it, and visitors start new sessions. Returns the new secret, or null for an unknown site.
	 */
	async rotateSecret(
		id: string,
		db: Db = this.db,
		visitorGraceSeconds = 0
	): Promise< string | null > {
		const run = async ( trx: Db ) => {
			const old = await trx( 'sites' ).where( { id } ).first( 'secret' );
			if ( ! old ) {
				return null;
			}
			const fresh = newSecret();
			await trx( 'sites' ).where( { id } ).update( { secret: fresh } );
			await trx( 'site_secret_grace' ).where( { site_id: id } ).delete();
			if ( visitorGraceSeconds > 0 ) {
				await trx( 'site_secret_grace' ).insert( {
					site_id: id,
					secret: old.secret,
					until: new Date(
						Date.now() + visitorGraceSeconds * 1000
					).toISOString(),
				} );
			}
			return fresh;
		};
		const secret = db.isTransaction
			? await run( db )
			: await db.transaction( run );
		this.cache.delete( id );
		return secret;
	}

	/**
	 * After a signature or token failed against `held`'s secret: the site as stored now when its
	 * secret is another (another process rotated it; the caller checks again with it), else null.
	 * Reads the row at most once a second per site, so invalid tokens cannot make every call a read.
	 */
	async changedSince( held: Site ): Promise< Site | null > {
		const hit = this.cache.get( held.id );
		if ( hit && hit.site !== held ) {
			return hit.site.secret !== held.secret ? hit.site : null;
		}
		const now = Date.now();
		if ( now - ( this.rechecked.get( held.id ) ?? 0 ) < RECHECK_MS ) {
			return null;
		}
		this.rechecked.set( held.id, now );
		this.cache.delete( held.id );
		const fresh = await this.get( held.id );
		return fresh && fresh.secret !== held.secret ? fresh : null;
	}

	/** Forget a cached row changed inside a transaction, once it has committed. */
	forget( id: string ): void {
		this.cache.delete( id );
	}

	async setQuota( id: string, quota: number ): Promise< Site | null > {
		const n = await this.db( 'sites' )
			.where( { id } )
			.update( { licence_quota: quota } );
		this.cache.delete( id );
		return n ? this.get( id ) : null;
	}
}
