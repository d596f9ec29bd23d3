/**
 * Publishes state changes on the realtime channels. Realtime only notifies: clients
 * refetch over HTTP, so a failed trigger is logged and never fails the request.
 *
 * Nothing here is awaited by a request, and nothing a request publishes leaves before its
 * response is written: the app runs each request in a hold (hold(), app.ts), its events
 * are queued in order at once but a channel's queue does not pass an event whose request is
 * still answering — so a send's answer never waits for the fan-out, and a later request's
 * events never overtake an earlier one's. Each channel has its own queue, drained by one
 * call at a time (what waits meanwhile goes as one batch), so a channel's events reach
 * subscribers in the order they were queued even where concurrent HTTP calls could
 * overtake each other (hosted Pusher, soketi), while channels do not wait for each
 * other. Under a backlog, a conversation-updated or inbox-summary still waiting gives
 * way to a newer one (each carries a whole state). idle() waits for what is queued
 * (tests, shutdown).
 *
 * What goes to the site's inbox channel also goes to the own channel of each advisor whose
 * reach is limited (page restrictions, no Chatbot list) — only for the conversations they
 * may see, so a restricted advisor's socket never carries another page's conversation.
 * Those fan-outs are resolved in order per site, so each channel keeps its order.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
	advisorInboxChannel,
	conversationChannel,
	EVENTS,
	inboxChannel,
	pageAllowed,
	type AdvisorsReadEvent,
	type AdvisorsUpdatedHint,
	type AdvisorStatusEvent,
	type ConversationDeletedHint,
	type Conversation,
	type PageRestriction,
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
import type { LimitedAdvisor } from './advisors';

/** The advisors of a site with a limited reach (AdvisorsService.limited). */
export type Audience = ( siteId: string ) => Promise< LimitedAdvisor[] >;

/** What an advisor's own channel may carry of a conversation. */
const reaches = (
	a: LimitedAdvisor,
	c: Pick< Conversation, 'pageUrl' | 'state' >
) =>
	pageAllowed( a.scope.pages, c.pageUrl ) &&
	( a.scope.showBot || c.state !== 'bot' );

/** A menu count need not be fresher than this; a burst of messages costs one recount. */
const SUMMARY_DELAY_MS = 50;

/**
 * What a request published, held until its response is written (or its connection is
 * gone: a failed or aborted request's committed changes are still announced).
 */
export class Hold {
	done = false;
	private waiters: Array< () => void > = [];

	constructor( private readonly storage: AsyncLocalStorage< Hold > ) {}

	/** Runs `fn` (the request's handling) so that everything it publishes is held. */
	run< T >( fn: () => T ): T {
		return this.storage.run( this, fn );
	}

	readonly release = (): void => {
		if ( ! this.done ) {
			this.done = true;
			this.waiters.splice( 0 ).forEach( ( w ) => w() );
		}
	};

	released(): Promise< void > {
		return this.done
			? Promise.resolve()
			: new Promise( ( resolve ) => this.waiters.push( resolve ) );
	}
}

const held = ( e: { hold?: Hold } ) => !! e.hold && ! e.hold.done;

/**
 * A queued event; `key` marks a whole state (a conversation, the summary) that a newer one
 * supersedes; `hold` is the request that published it, if it is still answering.
 */
type Queued = RealtimeEvent & { key?: string; hold?: Hold };

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

	/** Per site: the fan-out to limited advisors' channels in progress (keeps their order). */
	private readonly fanOuts = new Map< string, Promise< void > >();

	/** The hold of the request being handled, if any (timers and sweeps publish unheld). */
	private readonly holds = new AsyncLocalStorage< Hold >();

	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly log: Logger,
		private readonly audience: Audience = async () => []
	) {}

	/**
	 * A hold for one request: what `hold.run( handler )` publishes stays queued (in order)
	 * until `hold.release()`, which the app calls once the response is written or the
	 * connection closed.
	 */
	hold(): Hold {
		return new Hold( this.holds );
	}

	/** Resolves once every queued event has been sent (or has failed) and no recount is running. */
	async idle(): Promise< void > {
		while ( this.queues.size || this.recounts.size || this.fanOuts.size ) {
			await Promise.all( [
				...[ ...this.fanOuts.values() ],
				...[ ...this.queues.values() ].map( ( q ) => q.draining ),
				...[ ...this.recounts.values() ].map( ( r ) => r.running ),
			] );
		}
	}

	/**
	 * Sends on the site's inbox channel and on the own channels of the limited advisors
	 * `who` selects (all of them by default), in order with the site's other inbox events.
	 */
	private toInbox(
		siteId: string,
		emit: ( channels: string[] ) => void,
		who: ( a: LimitedAdvisor ) => boolean = () => true
	): void {
		const previous = this.fanOuts.get( siteId ) ?? Promise.resolve();
		const hold = this.holds.getStore();
		const next = previous.then( async () => {
			// The audience lookup is fan-out work too: it waits for the response.
			await hold?.released();
			let limited: LimitedAdvisor[] = [];
			try {
				limited = await this.audience( siteId );
			} catch ( err ) {
				this.log.warn( 'advisor audience lookup failed', {
					siteId,
					err,
				} );
			}
			emit( [
				inboxChannel( siteId ),
				...limited
					.filter( who )
					.map( ( a ) => advisorInboxChannel( siteId, a.id ) ),
			] );
		} );
		this.fanOuts.set( siteId, next );
		void next.finally( () => {
			if ( this.fanOuts.get( siteId ) === next ) {
				this.fanOuts.delete( siteId );
			}
		} );
	}

	/**
	 * The site's "to handle" count, recounted SUMMARY_DELAY_MS after a change and published.
	 * Changes within the delay share its recount; changes during a recount cost one more
	 * after it. The last recount starts after the last change, so the last count published
	 * is the final one.
	 */
	refreshInboxSummary(
		siteId: string,
		count: ( pages?: PageRestriction ) => Promise< number >
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
					await this.publishSummaries( siteId, count );
				} catch ( err ) {
					this.log.warn( 'inbox summary failed', {
						err,
					} );
				}
			} while ( entry.again );
			this.recounts.delete( siteId );
		} )();
	}

	/** The site's count on its inbox channel; each limited advisor's own count (their pages) on theirs. */
	private async publishSummaries(
		siteId: string,
		count: ( pages?: PageRestriction ) => Promise< number >
	): Promise< void > {
		const countedAt = Date.now();
		this.send(
			[ inboxChannel( siteId ) ],
			EVENTS.inboxSummary,
			{ toHandle: await count(), countedAt } satisfies InboxSummary,
			'summary'
		);
		const byPages = new Map< string, InboxSummary >();
		for ( const a of await this.audience( siteId ) ) {
			const key = JSON.stringify( a.scope.pages );
			if ( ! byPages.has( key ) ) {
				const at = Date.now();
				byPages.set( key, {
					toHandle: await count( a.scope.pages ),
					countedAt: at,
				} );
			}
			const summary = byPages.get( key )!;
			this.send(
				[ advisorInboxChannel( siteId, a.id ) ],
				EVENTS.inboxSummary,
				summary,
				'summary'
			);
		}
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
		const hold = this.holds.getStore();
		for ( const channel of channels ) {
			const event: Queued = {
				channel,
				name,
				data,
				key,
				hold: hold && ! hold.done ? hold : undefined,
			};
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
			// Nothing passes an event whose request is still answering: order stays as queued.
			const head = queue.pending[ 0 ];
			if ( held( head ) ) {
				await head.hold!.released();
				continue;
			}
			let n = 1;
			while (
				n < MAX_BATCH &&
				n < queue.pending.length &&
				! held( queue.pending[ n ] )
			) {
				n++;
			}
			const batch = queue.pending
				.splice( 0, n )
				.map( ( { key, hold, ...event } ) => {
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
					err,
				} );
			}
		}
		this.queues.delete( channel );
	}

	conversationCreated( c: Conversation ): void {
		this.toInbox(
			c.siteId,
			( channels ) =>
				this.send( channels, EVENTS.conversationCreated, {
					conversation: c,
				} ),
			( a ) => reaches( a, c )
		);
	}

	conversationUpdated( c: Conversation ): void {
		const key = `conversation:${ c.id }`;
		const data = { conversation: c };
		this.send(
			[ conversationChannel( c.siteId, c.id ) ],
			EVENTS.conversationUpdated,
			data,
			key
		);
		this.toInbox(
			c.siteId,
			( channels ) =>
				this.send( channels, EVENTS.conversationUpdated, data, key ),
			( a ) => reaches( a, c )
		);
	}

	messageCreated( c: Conversation, m: Message ): void {
		if ( m.kind === 'note' ) {
			// Never on the visitor's channel; on the inbox channels without its text, because
			// unlicensed advisors listen there too: clients read notes over HTTP (licence-gated).
			const hint: NoteCreatedHint = {
				conversationId: c.id,
				messageId: m.id,
				seq: m.seq,
				kind: 'note',
			};
			this.toInbox(
				c.siteId,
				( channels ) =>
					this.send( channels, EVENTS.messageCreated, hint ),
				( a ) => reaches( a, c )
			);
			return;
		}
		this.send(
			[ conversationChannel( c.siteId, c.id ) ],
			EVENTS.messageCreated,
			{ message: m }
		);
		this.toInbox(
			c.siteId,
			( channels ) =>
				this.send( channels, EVENTS.messageCreated, { message: m } ),
			( a ) => reaches( a, c )
		);
	}

	/** Advisor typing goes to the visitor (conversation channel); visitor typing to the advisors. */
	typing( c: Conversation, e: TypingEvent ): void {
		if ( e.by === 'advisor' ) {
			this.send(
				[ conversationChannel( c.siteId, c.id ) ],
				EVENTS.typing,
				e
			);
			return;
		}
		this.toInbox(
			c.siteId,
			( channels ) => this.send( channels, EVENTS.typing, e ),
			( a ) => reaches( a, c )
		);
	}

	/** The visitor's "Seen": only their conversation channel (the inbox has each advisor's own read state). */
	advisorsRead( c: Conversation, seq: number ): void {
		const data: AdvisorsReadEvent = {
			conversationId: c.id,
			advisorsLastReadSeq: seq,
		};
		this.send(
			[ conversationChannel( c.siteId, c.id ) ],
			EVENTS.advisorsRead,
			data,
			'advisors-read'
		);
	}

	/** Gone for good: every inbox drops it (an id only, so advisors out of its reach learn nothing). */
	conversationDeleted( siteId: string, conversationId: string ): void {
		const hint: ConversationDeletedHint = { conversationId };
		this.send(
			[ conversationChannel( siteId, conversationId ) ],
			EVENTS.conversationDeleted,
			hint
		);
		this.toInbox( siteId, ( channels ) =>
			this.send( channels, EVENTS.conversationDeleted, hint )
		);
	}

	/** Every advisor's inbox renames its visitors and reloads its canned responses. */
	settingsUpdated( siteId: string, hint: SettingsUpdatedHint ): void {
		this.toInbox( siteId, ( channels ) =>
			this.send( channels, EVENTS.settingsUpdated, hint )
		);
	}

	/** An advisor's licence, reach or profile changed: every inbox re-reads the advisors; theirs re-reads everything. */
	advisorsUpdated( siteId: string, advisorId: string ): void {
		const hint: AdvisorsUpdatedHint = { advisorId };
		this.toInbox( siteId, ( channels ) =>
			this.send(
				[
					...new Set( [
						...channels,
						advisorInboxChannel( siteId, advisorId ),
					] ),
				],
				EVENTS.advisorsUpdated,
				hint
			)
		);
	}

	/** An advisor switched "away" on or off: every inbox (their colleagues', their other tabs). */
	advisorStatus( siteId: string, data: AdvisorStatusEvent ): void {
		this.toInbox( siteId, ( channels ) =>
			this.send(
				[
					...new Set( [
						...channels,
						advisorInboxChannel( siteId, data.advisorId ),
					] ),
				],
				EVENTS.advisorStatus,
				data
			)
		);
	}
}
