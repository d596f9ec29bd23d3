/**
 * Site API keys (docs/api.md "API keys"): created and revoked by managers, shown once, stored as
 * the SHA-256 of the key. Each request reads the key's row (one indexed lookup), so a revocation
 * through any bridge process refuses the key at once everywhere; nothing is cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
	API_KEY_PREFIX,
	type ApiKey,
	type ApiKeyScope,
	type CreateApiKeyBody,
	type CreatedApiKey,
} from '@handoff-chat/contracts';
import type { AdvisorScope, Principal } from '../auth/tokens';
import type { Db } from '../db';
import { nowIso } from '../db';
import { badRequest, notFound, unauthorized } from '../errors';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal } from './advisor-view';
import { parsePages } from './advisors';
import { RecentWrites } from './recent-writes';

const MAX_KEYS = 50;
/** last_used_at is written at most once a minute per key per process. */
const LAST_USED_MS = 60_000;
const KEY_PATTERN = /^hck_[A-Za-z0-9_-]{43}$/;

const hashOf = ( key: string ) =>
	createHash( 'sha256' ).update( key ).digest( 'hex' );

const toApiKey = ( r: any ): ApiKey => ( {
	id: r.id,
	name: r.name,
	scope: r.scope,
	prefix: r.prefix,
	createdAt: r.created_at,
	lastUsedAt: r.last_used_at ?? null,
} );

/** A key reads every conversation of its site, with the visitors' names and variables. */
const KEY_REACH: AdvisorScope = {
	licensed: true,
	pages: parsePages( null ),
	showBot: true,
};

export const isApiKey = ( token: string ) => token.startsWith( API_KEY_PREFIX );

export class ApiKeysService {
	private readonly used = new RecentWrites( LAST_USED_MS );

	constructor(
		private readonly db: Db,
		private readonly access: AccessPolicy
	) {}

	async list( p: AdvisorPrincipal ): Promise< ApiKey[] > {
		await this.access.require( p, 'manage_integrations' );
		const rows = await this.db( 'api_keys' )
			.where( { site_id: p.siteId } )
			.orderBy( 'created_at' );
		return rows.map( toApiKey );
	}

	async create(
		p: AdvisorPrincipal,
		body: CreateApiKeyBody
	): Promise< CreatedApiKey > {
		await this.access.require( p, 'manage_integrations' );
		const { n } = ( await this.db( 'api_keys' )
			.where( { site_id: p.siteId } )
			.count( '* as n' )
			.first() ) as { n: number | string };
		if ( Number( n ) >= MAX_KEYS ) {
			throw badRequest( `A site has at most ${ MAX_KEYS } API keys.` );
		}
		const key = API_KEY_PREFIX + randomBytes( 32 ).toString( 'base64url' );
		const row = {
			id: 'key_' + randomBytes( 8 ).toString( 'hex' ),
			site_id: p.siteId,
			name: body.name,
			scope: body.scope,
			hash: hashOf( key ),
			prefix: key.slice( 0, 12 ),
			created_by: p.advisorId,
			created_at: nowIso(),
			last_used_at: null,
		};
		await this.db( 'api_keys' ).insert( row );
		return { ...toApiKey( row ), key };
	}

	/** Deletes the key: its next request, on any bridge process, is a 401. */
	async revoke( p: AdvisorPrincipal, id: string ): Promise< void > {
		await this.access.require( p, 'manage_integrations' );
		const n = await this.db( 'api_keys' )
			.where( { id, site_id: p.siteId } )
			.delete();
		if ( ! n ) {
			throw notFound( 'API key' );
		}
	}

	/** The caller a bearer `hck_…` key stands for; 401 when it is unknown or revoked. */
	async principal(
		key: string
	): Promise< { principal: Principal; siteId: string } > {
		const row = KEY_PATTERN.test( key )
			? await this.db( 'api_keys' )
					.where( { hash: hashOf( key ) } )
					.first()
			: null;
		if ( ! row ) {
			throw unauthorized( 'Invalid or revoked API key.' );
		}
		const now = Date.now();
		if ( ! this.used.has( row.id, now ) ) {
			this.used.note( row.id, true, now );
			await this.db( 'api_keys' )
				.where( { id: row.id } )
				.update( { last_used_at: new Date( now ).toISOString() } );
		}
		const seconds = Math.floor( now / 1000 );
		return {
			siteId: row.site_id,
			principal: {
				role: 'advisor',
				siteId: row.site_id,
				advisorId: `apikey:${ row.id }`,
				name: row.name,
				avatar: null,
				manage: false,
				issuedAt: seconds,
				expiresAt: seconds + 60,
				scope: { ...KEY_REACH },
				apiKey: { id: row.id, scope: row.scope as ApiKeyScope },
			},
		};
	}
}
