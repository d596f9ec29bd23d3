/**
 * Which visitors have the widget open: the realtime server's occupied
 * `private-visitor-<siteId>-*` channels. A closed tab unsubscribes at once; a lost network
 * is noticed by the realtime server's ping/pong. Nothing is stored: the engine knows.
 */
import { visitorChannel, visitorChannelPrefix } from '@handoff-chat/contracts';
import type { Logger } from '../logger';
import type { RealtimeDriver } from '../realtime';

export class PresenceService {
	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly log: Logger
	) {}

	/** Visitor ids online on the site; empty (logged) when the realtime server cannot say. */
	async onlineVisitors( siteId: string ): Promise< Set< string > > {
		const prefix = visitorChannelPrefix( siteId );
		try {
			const names = await this.realtime.occupiedChannels( prefix );
			return new Set(
				names
					.filter( ( n ) => n.startsWith( prefix ) )
					.map( ( n ) => n.slice( prefix.length ) )
			);
		} catch ( err ) {
			this.log.warn( 'visitor presence lookup failed', {
				siteId,
				err,
			} );
			return new Set();
		}
	}

	/** The visitor has the widget open (their channel is occupied); false when the realtime server cannot say. */
	async visitorOnline(
		siteId: string,
		visitorId: string
	): Promise< boolean > {
		const channel = visitorChannel( siteId, visitorId );
		try {
			return ( await this.realtime.occupiedChannels( channel ) ).includes(
				channel
			);
		} catch ( err ) {
			this.log.warn( 'visitor presence lookup failed', {
				siteId,
				err,
			} );
			return false;
		}
	}
}
