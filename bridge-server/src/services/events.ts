/**
 * Publishes state changes on the realtime channels. Realtime only notifies: clients
 * refetch over HTTP, so a failed trigger is logged and never fails the request.
 *
 * Nothing here is awaited by a request. Each channel has its own queue, drained by one
 * call at a time (what waits meanwhile goes as one batch), so a channel's events reach
 * subscribers in the order they were queued even where concurrent HTTP calls could
 * overtake each other (hosted Pusher, soketi), while channels do not wait for each
 * other. Under a backlog, a conversation-updated or inbox-summary still waiting gives
 * way to a newer one (each carries a whole state). idle() waits for what is queued
 * (tests, shutdown).
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
import {
	MAX_BATCH,
	type RealtimeDriver,
	type RealtimeEvent,
} from '../realtime';
import type { Logger } from '../logger';

/** A menu count need not be fresher than this; a burst of messages costs one recount. */
const SUMMARY_DELAY_MS = 50;

/** A queued event; `key` marks a whole state (a conversation, the summary) that a newer one supersedes. */
type Queued = RealtimeEvent & { key?: string };

interface ChannelQueue {
	pending: Queued[];
	/** The pending event of each key. */
	latest: Map< string, Queued >;
	draining: Promise< void >;
}

export class EventsService {
	/** Per channel: events not sent yet, and the drain sending them (absent when the channel is idle). */
	private readonly queues = new Map< string, ChannelQueue >();
	/** Per site: the inbox summary recount in flight, and whether another one is owed after it. */
	private readonly recounts = new Map<
		string,
		{ running: Promise< void >; again: boolean }
	>();

	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly log: Logger
	) {}

	/** Resolves once every queued event has been sent (or has failed) and no recount is running. */
	async idle(): Promise< void > {
		while ( this.queues.size || this.recounts.size ) {
			await Promise.all( [
				...[ ...this.queues.values() ].map( ( q ) => q.draining ),
				...[ ...this.recounts.values() ].map( ( r ) => r.running ),
			] );
		}
	}

	/**
	 * The site's "to handle" count, recounted SUMMARY_DELAY_MS after a change and published.
	 * Changes within the delay share its recount; changes during a recount cost one more
	 * after it. The last recount starts after the last change, so the last count published
	 * is the final one.
	 */
	refreshInboxSummary(
		siteId: string,
		count: () => Promise< number >
	): void {
		const current = this.recounts.get( siteId );
		if ( current ) {
			current.again = true;
			return;
		}
		const entry = { running: Promise.resolve(), again: false };
		this.recounts.set( siteId, entry );
		entry.running = ( async () => {
			await new Promise( ( resolve ) =>
				setTimeout( resolve, SUMMARY_DELAY_MS )
			);
			do {
				entry.again = false;
				try {
					this.inboxSummary( siteId, { toHandle: await count() } );
				} catch ( err ) {
					this.log.warn( 'inbox summary failed', {
						error: String( err ),
					} );
				}
			} while ( entry.again );
			this.recounts.delete( siteId );
		} )();
	}

	/**
	 * Queues `name` on each channel. With a `key`, the event carries a whole state: one of
	 * the same key still waiting is dropped, so a backlog sends the latest state once.
	 */
	private send(
		channels: string[],
		name: string,
		data: unknown,
		key?: string
	): void {
		for ( const channel of channels ) {
			const event: Queued = { channel, name, data, key };
			let queue = this.queues.get( channel );
			if ( ! queue ) {
				queue = {
					pending: [],
					latest: new Map(),
					draining: Promise.resolve(),
				};
				this.queues.set( channel, queue );
				queue.draining = this.drain( channel, queue );
			}
			if ( key ) {
				const stale = queue.latest.get( key );
				if ( stale ) {
					queue.pending.splice( queue.pending.indexOf( stale ), 1 );
				}
				queue.latest.set( key, event );
			}
			queue.pending.push( event );
		}
	}

	private async drain(
		channel: string,
		queue: ChannelQueue
	): Promise< void > {
		// Starts on a later tick, so the events one request queues leave together.
		await Promise.resolve();
		while ( queue.pending.length ) {
			const batch = queue.pending
				.splice( 0, MAX_BATCH )
				.map( ( { key, ...event } ) => {
					if ( key ) {
						queue.latest.delete( key );
					}
					return event;
				} );
			try {
				await ( batch.length === 1
					? this.realtime.trigger(
							channel,
							batch[ 0 ].name,
							batch[ 0 ].data
						)
					: this.realtime.triggerBatch( batch ) );
			} catch ( err ) {
				this.log.warn( 'realtime trigger failed', {
					channel,
					events: batch.map( ( e ) => e.name ),
					error: String( err ),
				} );
			}
		}
		this.queues.delete( channel );
	}

	conversationCreated( c: Conversation ): void {
		this.send( [ inboxChannel( c.siteId ) ], EVENTS.conversationCreated, {
			conversation: c,
		} );
	}

	conversationUpdated( c: Conversation ): void {
		this.send(
			[ conversationChannel( c.siteId, c.id ), inboxChannel( c.siteId ) ],
			EVENTS.conversationUpdated,
			{ conversation: c },
			`conversation:${ c.id }`
		);
	}

	messageCreated( c: Conversation, m: Message ): void {
		if ( m.kind === 'note' ) {
			// Never on the visitor's channel; on the inbox channel without its text, because
			// unlicensed advisors listen there too: clients read notes over HTTP (licence-gated).
			const hint: NoteCreatedHint = {
				conversationId: c.id,
				messageId: m.id,
				seq: m.seq,
				kind: 'note',
			};
			this.send(
				[ inboxChannel( c.siteId ) ],
				EVENTS.messageCreated,
				hint
			);
			return;
		}
		this.send(
			[ conversationChannel( c.siteId, c.id ), inboxChannel( c.siteId ) ],
			EVENTS.messageCreated,
			{ message: m }
		);
	}

	/** Advisor typing goes to the visitor (conversation channel); visitor typing to the advisors. */
	typing( siteId: string, e: TypingEvent ): void {
		const channel =
			e.by === 'advisor'
				? conversationChannel( siteId, e.conversationId )
				: inboxChannel( siteId );
		this.send( [ channel ], EVENTS.typing, e );
	}

	inboxSummary( siteId: string, summary: InboxSummary ): void {
		this.send(
			[ inboxChannel( siteId ) ],
			EVENTS.inboxSummary,
			summary,
			'summary'
		);
	}

	/** Every advisor's inbox renames its visitors and reloads its canned responses. */
	settingsUpdated( siteId: string, hint: SettingsUpdatedHint ): void {
		this.send( [ inboxChannel( siteId ) ], EVENTS.settingsUpdated, hint );
	}
}
