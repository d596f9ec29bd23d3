/**
 * Visitor sessions: the widget's anonymous identity for a site. A still-usable previous
 * token (within the refresh grace period) keeps the same visitor, so returning visitors
 * keep their history; anything else yields a new visitor. A logged-in visitor also sends the
 * identity WordPress signed for them (auth/identity.ts): they get their one visitor on this
 * site, on every device, with the name and email WordPress vouched for.
 */
import {
	IDENTITY_VARIABLES,
	type SiteConfigResponse,
	type VisitorSession,
} from '@handoff-chat/contracts';
import { consumeIdentity, verifyIdentity } from '../auth/identity';
import { resumeInvalid, verifyResumeToken } from '../auth/resume-token';
import { signVisitorToken, verifyToken } from '../auth/tokens';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { RealtimeDriver } from '../realtime';
import type { SitesService } from './sites';
import type { VariablesService } from './variables';
import type { VisitorsService } from './visitors';

// An expired visitor token may still be refreshed for this long, so returning visitors keep their history.
const REFRESH_GRACE_SECONDS = 90 * 86400;

export class VisitorSessionsService {
	constructor(
		private readonly sites: SitesService,
		private readonly visitors: VisitorsService,
		private readonly realtime: RealtimeDriver,
		private readonly tokenTtlSeconds: number,
		private readonly db: Db,
		private readonly variables: VariablesService
	) {}

	/** What the widget needs before anyone is authenticated. */
	async siteConfig( siteId: string ): Promise< SiteConfigResponse > {
		const site = await this.site( siteId );
		return { siteId: site.id, realtime: this.realtime.clientConfig() };
	}

	/**
	 * `created`: a new visitor (201) rather than the previous token's or the customer's own
	 * (200). An identity is checked before anything is written: a refused one (401
	 * identity_invalid / identity_expired / identity_replayed) changes nothing.
	 */
	async open(
		siteId: string,
		previousToken: string | undefined,
		userAgent: string | undefined,
		identityToken?: string,
		resumeToken?: string
	): Promise< { session: VisitorSession; created: boolean } > {
		const site = await this.site( siteId );
		if ( resumeToken ) {
			return {
				created: false,
				session: await this.resume( site, resumeToken, userAgent ),
			};
		}
		const identity = identityToken
			? await verifyIdentity( identityToken, site.secret, site.id )
			: null;
		if ( identity ) {
			await consumeIdentity( this.db, site.id, identity );
		}
		const previous = previousToken
			? await this.returning( site, previousToken )
			: null;
		let visitorId: string;
		let created: boolean;
		if ( identity ) {
			( { visitorId, created } = await this.visitors.customer(
				site.id,
				identity.wpUserId,
				previous,
				userAgent
			) );
			await this.variables.setVouched( site.id, visitorId, {
				[ IDENTITY_VARIABLES.userId ]: identity.wpUserId,
				[ IDENTITY_VARIABLES.name ]: identity.name,
				[ IDENTITY_VARIABLES.email ]: identity.email,
			} );
		} else if (
			previous &&
			// A customer's visitor needs their identity: whoever uses the browser after they logged out starts afresh.
			! ( await this.visitors.isCustomer( previous ) ) &&
			( await this.visitors.touch( site.id, previous, userAgent ) )
		) {
			visitorId = previous;
			created = false;
		} else {
			visitorId = await this.visitors.create( site.id, userAgent );
			created = true;
		}
		const { token, expiresAt } = await signVisitorToken(
			site.secret,
			site.id,
			visitorId,
			this.tokenTtlSeconds
		);
		return {
			created,
			session: {
				visitorId,
				token,
				expiresAt: expiresAt.toISOString(),
				realtime: this.realtime.clientConfig(),
				...( identity ? { customer: true } : {} ),
			},
		};
	}

	/**
	 * An emailed reply's link (auth/resume-token.ts): the session of the visitor it names, for
	 * its conversation. 401 resume_invalid when the token is not this site's or what it names
	 * is gone (erased, deleted), resume_expired after 30 days.
	 */
	private async resume(
		site: { id: string; secret: string; previousSecret: string | null },
		token: string,
		userAgent: string | undefined
	): Promise< VisitorSession > {
		const claims = verifyResumeToken(
			token,
			[ site.secret, site.previousSecret ],
			site.id
		);
		const conversation = await this.db( 'conversations' )
			.where( {
				id: claims.conversationId,
				site_id: site.id,
				visitor_id: claims.visitorId,
			} )
			.first( 'id' );
		if (
			! conversation ||
			! ( await this.visitors.touch(
				site.id,
				claims.visitorId,
				userAgent
			) )
		) {
			throw resumeInvalid();
		}
		const { token: visitorToken, expiresAt } = await signVisitorToken(
			site.secret,
			site.id,
			claims.visitorId,
			this.tokenTtlSeconds
		);
		return {
			visitorId: claims.visitorId,
			token: visitorToken,
			expiresAt: expiresAt.toISOString(),
			realtime: this.realtime.clientConfig(),
			resumeConversationId: claims.conversationId,
		};
	}

	/** The visitor a previous token names (not checked against the store). */
	private async returning(
		site: { id: string; secret: string; previousSecret: string | null },
		token: string
	): Promise< string | null > {
		// After a reconnection, a token signed with the replaced secret still names its visitor.
		for ( const secret of [ site.secret, site.previousSecret ] ) {
			if ( ! secret ) {
				continue;
			}
			try {
				const p = await verifyToken( token, secret, site.id, {
					allowExpiredForSeconds: REFRESH_GRACE_SECONDS,
				} );
				return p.role === 'visitor' ? p.visitorId : null;
			} catch {
				// An unusable token simply yields a new visitor.
			}
		}
		return null;
	}

	private async site( id: string ) {
		const site = await this.sites.get( id );
		if ( ! site ) {
			throw notFound( 'Site' );
		}
		return site;
	}
}
