/**
 * The Advisors screen and WordPress's syncs: who can answer, licences against the quota,
 * what each advisor sees. Every change that narrows someone's rights takes effect at once:
 * their older tokens stop working (AdvisorsService.revokeIn) and their realtime sockets are
 * closed (ChannelAuthService.terminate), then every inbox hears `advisors-updated`.
 */
import {
	advisorInboxChannel,
	inboxChannel,
	type AdvisorResponse,
	type AdvisorSelfResponse,
	type AdvisorsListResponse,
	type LicenceCount,
	type PatchAdvisorBody,
	type SyncAdvisorBody,
	type SyncAdvisorsBody,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { conflict, notFound } from '../errors';
import type { AccessPolicy } from './access';
import { isLimited, toRecord, type AdvisorsService } from './advisors';
import type { ChannelAuthService } from './channel-auth';
import type { EventsService } from './events';
import type { LicencesService } from './licences';

type AdvisorPrincipal = Extract< Principal, { role: 'advisor' } >;

export function quotaFullMessage( l: LicenceCount ): string {
	return l.granted > l.quota
		? `This site's quota is ${ l.quota } licences and ${ l.granted } are granted: revoke licences until it fits before granting another.`
		: `All ${ l.quota } licences of this site are in use: revoke one first, or raise the quota.`;
}

export class AdvisorAdminService {
	constructor(
		private readonly advisors: AdvisorsService,
		private readonly licences: LicencesService,
		private readonly access: AccessPolicy,
		private readonly events: EventsService,
		private readonly channelAuth: ChannelAuthService,
		/** Routing's re-offer (BotService.offerWaiting): a licence or more capacity frees slots. */
		private readonly offerWaiting: ( siteId: string ) => Promise< number >
	) {}

	/** Everyone who can answer; emails only for managers. */
	async list( p: AdvisorPrincipal ): Promise< AdvisorsListResponse > {
		return this.listFor( p.siteId, p.manage );
	}

	/** The caller's own record and where their inbox events come. */
	async self( p: AdvisorPrincipal ): Promise< AdvisorSelfResponse > {
		const { advisor, licences } = await this.one( p.siteId, p.advisorId );
		const scope = await this.access.scope( p );
		return {
			advisor,
			licences,
			inboxChannel: isLimited( scope )
				? advisorInboxChannel( p.siteId, p.advisorId )
				: inboxChannel( p.siteId ),
		};
	}

	async patch(
		p: AdvisorPrincipal,
		id: string,
		body: PatchAdvisorBody
	): Promise< AdvisorResponse > {
		await this.access.require( p, 'manage_advisors' );
		const before = await this.advisors.row( p.siteId, id );
		if ( ! before?.can_answer ) {
			throw notFound( 'Advisor' );
		}
		let narrowed = false;
		if ( body.licensed === true ) {
			const r = await this.licences.grant( p.siteId, id );
			if ( ! r.ok ) {
				throw r.reason === 'quota_full'
					? conflict( quotaFullMessage( r.licences ), 'quota_full' )
					: notFound( 'Advisor' );
			}
		} else if (
			body.licensed === false &&
			( await this.licences.revoke( p.siteId, id ) )
		) {
			narrowed = true;
		}
		await this.advisors.update( p.siteId, id, {
			visibleName: body.visibleName,
			showBot: body.showBotConversations,
			pages: body.pages,
			capacity: body.capacity,
			licenceDecided: body.licensed !== undefined,
		} );
		// A new reach means other channels: their sockets reconnect and subscribe afresh.
		const reach =
			body.pages !== undefined || body.showBotConversations !== undefined;
		if ( narrowed ) {
			await this.advisors.revoke( p.siteId, id );
		}
		if ( narrowed || reach ) {
			this.channelAuth.terminate( p.siteId, id );
		}
		this.events.advisorsUpdated( p.siteId, id );
		if (
			body.licensed ||
			body.capacity !== undefined ||
			body.pages !== undefined
		) {
			await this.offerWaiting( p.siteId );
		}
		return this.one( p.siteId, id );
	}

	/** WordPress's full list of the users who can answer. */
	async sync(
		siteId: string,
		body: SyncAdvisorsBody
	): Promise< AdvisorsListResponse > {
		for ( const id of await this.advisors.sync( siteId, body ) ) {
			this.channelAuth.terminate( siteId, id );
			this.events.advisorsUpdated( siteId, id );
		}
		return this.listFor( siteId, true );
	}

	/** One user gained or lost the ability to answer (or changed name, email, avatar). */
	async syncOne(
		siteId: string,
		id: string,
		body: SyncAdvisorBody
	): Promise< AdvisorResponse > {
		if ( await this.advisors.syncOne( siteId, id, body ) ) {
			this.channelAuth.terminate( siteId, id );
		}
		this.events.advisorsUpdated( siteId, id );
		return this.one( siteId, id );
	}

	private async listFor(
		siteId: string,
		withEmail: boolean
	): Promise< AdvisorsListResponse > {
		const [ advisors, licences ] = await Promise.all( [
			this.advisors.records( siteId, withEmail ),
			this.licences.count( siteId ),
		] );
		return { advisors, licences };
	}

	private async one(
		siteId: string,
		id: string
	): Promise< AdvisorResponse > {
		const [ row, licences ] = await Promise.all( [
			this.advisors.row( siteId, id ),
			this.licences.count( siteId ),
		] );
		return { advisor: toRecord( row, true ), licences };
	}
}
