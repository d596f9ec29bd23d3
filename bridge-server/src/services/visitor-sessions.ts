/**
 * Visitor sessions: the widget's anonymous identity for a site. A still-usable previous
 * token (within the refresh grace period) keeps the same visitor, so returning visitors
 * keep their history; anything else yields a new visitor.
 */
import type {
	SiteConfigResponse,
	VisitorSession,
} from '@handoff-chat/contracts';
import { signVisitorToken, verifyToken } from '../auth/tokens';
import { notFound } from '../errors';
import type { RealtimeDriver } from '../realtime';
import type { SitesService } from './sites';
import type { VisitorsService } from './visitors';

// An expired visitor token may still be refreshed for this long, so returning visitors keep their history.
const REFRESH_GRACE_SECONDS = 90 * 86400;

export class VisitorSessionsService {
	constructor(
		private readonly sites: SitesService,
		private readonly visitors: VisitorsService,
		private readonly realtime: RealtimeDriver,
		private readonly tokenTtlSeconds: number
	) {}

	/** What the widget needs before anyone is authenticated. */
	async siteConfig( siteId: string ): Promise< SiteConfigResponse > {
		const site = await this.site( siteId );
		return { siteId: site.id, realtime: this.realtime.clientConfig() };
	}

	/** `created`: a new visitor (201) rather than the previous token's (200). */
	async open(
		siteId: string,
		previousToken: string | undefined,
		userAgent: string | undefined
	): Promise< { session: VisitorSession; created: boolean } > {
		const site = await this.site( siteId );
		let visitorId = previousToken
			? await this.returning( site, previousToken, userAgent )
			: null;
		const created = ! visitorId;
		visitorId ??= await this.visitors.create( site.id, userAgent );
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
			},
		};
	}

	private async returning(
		site: { id: string; secret: string; previousSecret: string | null },
		token: string,
		userAgent: string | undefined
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
				if (
					p.role === 'visitor' &&
					( await this.visitors.touch(
						site.id,
						p.visitorId,
						userAgent
					) )
				) {
					return p.visitorId;
				}
				return null;
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
