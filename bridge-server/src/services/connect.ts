/**
 * Connecting WordPress in one paste: the operator CLI issues one-time codes
 * (auth/connect-code.ts), WordPress exchanges one over POST /v1/connect, signed with the key
 * the code derives, for the site id and a fresh secret, and tells the bridge its address.
 */
import {
	SIGNATURE_WINDOW_SECONDS,
	SignatureError,
	verifySignedRequest,
} from '../auth/signed-request';
import {
	CODE_ID_PATTERN,
	connectKey,
	formatCode,
	newCode,
} from '../auth/connect-code';
import type { Db } from '../db';
import { ApiError } from '../errors';
import type { SitesService } from './sites';

export const DEFAULT_CODE_TTL_HOURS = 24;
/** Longest lifetime `--expires-in` accepts: a code is a credential, not a bookmark. */
export const MAX_CODE_TTL_HOURS = 30 * 24;

export interface IssuedCode {
	code: string;
	expiresAt: string;
}

export interface ExchangeInput {
	/** The body's `code`: the code's id part. */
	codeId: string;
	/** The exact raw body, as signed. */
	body: Buffer | string;
	path: string;
	timestamp: string;
	signature: string;
	/** WordPress's home_url(), already validated. */
	url: string;
	locale: string | null;
}

export interface Exchanged {
	siteId: string;
	name: string;
	url: string;
	secret: string;
	/** Hex key the answer is signed with (never sent). */
	key: string;
}

const iso = ( ms: number ) => new Date( ms ).toISOString();

const codeError = ( status: number, code: string, message: string ) =>
	new ApiError( status, code, message );

export const connectErrors = {
	unknown: () =>
		codeError(
			404,
			'connect_code_unknown',
			'The bridge knows no such connection code: paste the whole code, or create a new one with `handoff-bridge sites:connect-code <siteId>`.'
		),
	expired: () =>
		codeError(
			410,
			'connect_code_expired',
			'This connection code has expired: create a new one with `handoff-bridge sites:connect-code <siteId>`.'
		),
	used: () =>
		codeError(
			409,
			'connect_code_used',
			'This connection code has already been used: each code connects once. Create a new one with `handoff-bridge sites:connect-code <siteId>`.'
		),
	badSignature: () =>
		codeError(
			401,
			'connect_signature_invalid',
			'The exchange is not signed with this connection code (tampered with, or the code was mistyped).'
		),
	requestExpired: () =>
		codeError(
			401,
			'connect_request_expired',
			`The exchange request is older than ${ SIGNATURE_WINDOW_SECONDS } seconds (replayed, or the WordPress server clock is wrong).`
		),
};

export class ConnectService {
	constructor(
		private readonly db: Db,
		private readonly sites: SitesService,
		/** Milliseconds since the epoch; tests inject a clock. */
		private readonly now: () => number = Date.now,
		/** How long a reconnection's replaced secret still proves returning visitors (their token lifetime). */
		private readonly visitorGraceSeconds = 30 * 86400
	) {}

	/** A new one-time code for the site; other codes of the site stay valid until used or expired. */
	async issue(
		siteId: string,
		bridgeUrl: string,
		ttlHours = DEFAULT_CODE_TTL_HOURS
	): Promise< IssuedCode > {
		const code = newCode( bridgeUrl );
		const now = this.now();
		const expiresAt = iso( now + ttlHours * 3600_000 );
		// Codes long past their expiry tell nothing any more: the table stays small.
		await this.db( 'connect_codes' )
			.where( 'expires_at', '<', iso( now - 30 * 86400_000 ) )
			.delete();
		await this.db( 'connect_codes' ).insert( {
			id: code.id,
			site_id: siteId,
			key: connectKey( code ),
			created_at: iso( now ),
			expires_at: expiresAt,
		} );
		return { code: formatCode( code ), expiresAt };
	}

	/**
	 * Checks possession of the code (the signature), then its state; exactly one exchange of a
	 * code wins, even concurrently (the conditional update is the claim). The winner's site gets
	 * a fresh secret and the URL WordPress sent.
	 */
	async exchange( input: ExchangeInput ): Promise< Exchanged > {
		if ( ! CODE_ID_PATTERN.test( input.codeId ) ) {
			throw connectErrors.unknown();
		}
		const row = await this.db( 'connect_codes' )
			.where( { id: input.codeId } )
			.first();
		if ( ! row ) {
			throw connectErrors.unknown();
		}
		try {
			verifySignedRequest(
				row.key,
				{
					method: 'POST',
					path: input.path,
					timestamp: input.timestamp,
					body: input.body,
				},
				input.signature,
				Math.floor( this.now() / 1000 )
			);
		} catch ( err ) {
			if (
				err instanceof SignatureError &&
				/expired/i.test( err.message )
			) {
				throw connectErrors.requestExpired();
			}
			throw connectErrors.badSignature();
		}
		const now = iso( this.now() );
		const result = await this.db.transaction( async ( trx ) => {
			const claimed = await trx( 'connect_codes' )
				.where( { id: row.id } )
				.whereNull( 'used_at' )
				.where( 'expires_at', '>', now )
				.update( {
					used_at: now,
					used_url: input.url,
					used_locale: input.locale,
				} );
			if ( ! claimed ) {
				return null;
			}
			// Visitors already chatting keep their identity across a reconnection.
			const secret = await this.sites.rotateSecret(
				row.site_id,
				trx,
				this.visitorGraceSeconds
			);
			await this.sites.setUrl( row.site_id, input.url, trx );
			return secret;
		} );
		if ( result === null ) {
			const latest = await this.db( 'connect_codes' )
				.where( { id: row.id } )
				.first();
			throw latest?.used_at
				? connectErrors.used()
				: connectErrors.expired();
		}
		this.sites.forget( row.site_id );
		const site = await this.sites.get( row.site_id );
		return {
			siteId: row.site_id,
			name: site?.name ?? '',
			url: input.url,
			secret: result,
			key: row.key,
		};
	}
}
