/**
 * The advisor's "away" switch: stored on their advisors row (every bridge process reads it
 * there), told to every inbox (`advisor-status`). Away advisors get no transfers and do not
 * count as available (HandoffService); coming back offers them the waiting conversations.
 */
import type { AdvisorStatus } from '@handoff-chat/contracts';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { AdvisorPrincipal } from './advisor-view';
import type { AdvisorsService } from './advisors';
import type { EventsService } from './events';

export class AdvisorStatusService {
	constructor(
		private readonly db: Db,
		private readonly advisors: AdvisorsService,
		private readonly events: EventsService,
		private readonly log: Logger,
		/** Routing's re-offer (BotService.offerWaiting). */
		private readonly offerWaiting: ( siteId: string ) => Promise< number >
	) {}

	async get( p: AdvisorPrincipal ): Promise< AdvisorStatus > {
		// Admission recorded the advisor: the row exists.
		const row = await this.advisors.row( p.siteId, p.advisorId );
		return { away: !! row?.away };
	}

	async set( p: AdvisorPrincipal, away: boolean ): Promise< AdvisorStatus > {
		const changed = await this.db( 'advisors' )
			.where( { site_id: p.siteId, id: p.advisorId } )
			.whereNot( { away } )
			.update( { away } );
		if ( changed ) {
			this.events.advisorStatus( p.siteId, {
				advisorId: p.advisorId,
				away,
			} );
			if ( ! away ) {
				// Back: conversations that waited for someone may go to them now.
				await this.offerWaiting( p.siteId ).catch( ( err ) => {
					this.log.warn( 'offering waiting conversations failed', {
						siteId: p.siteId,
						err,
					} );
					return 0;
				} );
			}
		}
		return { away };
	}
}
