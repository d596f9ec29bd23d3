/**
 * Publishes state changes on the realtime channels. Realtime only notifies: clients
 * refetch over HTTP, so a failed trigger is logged and never fails the request.
 */
import {
	conversationChannel,
	EVENTS,
	inboxChannel,
	type Conversation,
	type Message,
} from '@handoff-chat/contracts';
import type { RealtimeDriver } from '../realtime';
import type { Logger } from '../logger';

export class EventsService {
	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly log: Logger
	) {}

	private async send( channels: string[], event: string, data: unknown ) {
		try {
			await this.realtime.trigger( channels, event, data );
		} catch ( err ) {
			this.log.warn( 'realtime trigger failed', { event, channels, error: String( err ) } );
		}
	}

	conversationCreated( c: Conversation ) {
		return this.send( [ inboxChannel( c.siteId ) ], EVENTS.conversationCreated, { conversation: c } );
	}

	conversationUpdated( c: Conversation ) {
		return this.send(
			[ conversationChannel( c.siteId, c.id ), inboxChannel( c.siteId ) ],
			EVENTS.conversationUpdated,
			{ conversation: c }
		);
	}

	messageCreated( c: Conversation, m: Message ) {
		// Private notes never reach the visitor's channel.
		const channels =
			m.kind === 'note'
				? [ inboxChannel( c.siteId ) ]
				: [ conversationChannel( c.siteId, c.id ), inboxChannel( c.siteId ) ];
		return this.send( channels, EVENTS.messageCreated, { message: m } );
	}
}
