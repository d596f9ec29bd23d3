/**
 * Publishes state changes on the realtime channels. Realtime only notifies: clients
 * refetch over HTTP, so a failed trigger is logged and never fails the request.
 */
import {
	conversationChannel,
	EVENTS,
	inboxChannel,
	type Conversation,
	type InboxSummary,
	type Message,
	type NoteCreatedHint,
	type SettingsUpdatedHint,
	type TypingEvent,
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
		if ( m.kind === 'note' ) {
			// Never on the visitor's channel; on the inbox channel without its text, because
			// unlicensed advisors listen there too: clients read notes over HTTP (licence-gated).
			const hint: NoteCreatedHint = { conversationId: c.id, messageId: m.id, seq: m.seq, kind: 'note' };
			return this.send( [ inboxChannel( c.siteId ) ], EVENTS.messageCreated, hint );
		}
		return this.send(
			[ conversationChannel( c.siteId, c.id ), inboxChannel( c.siteId ) ],
			EVENTS.messageCreated,
			{ message: m }
		);
	}

	/** Advisor typing goes to the visitor (conversation channel); visitor typing to the advisors. */
	typing( siteId: string, e: TypingEvent ) {
		const channel = e.by === 'advisor' ? conversationChannel( siteId, e.conversationId ) : inboxChannel( siteId );
		return this.send( [ channel ], EVENTS.typing, e );
	}

	inboxSummary( siteId: string, summary: InboxSummary ) {
		return this.send( [ inboxChannel( siteId ) ], EVENTS.inboxSummary, summary );
	}

	/** Every advisor's inbox renames its visitors and reloads its canned responses. */
	settingsUpdated( siteId: string, hint: SettingsUpdatedHint ) {
		return this.send( [ inboxChannel( siteId ) ], EVENTS.settingsUpdated, hint );
	}
}
