/**
 * The small signals between the visitor and the advisors: "typing" both ways (sent at most
 * every 2 s, shown ~4 s after each event) and read receipts (debounced, never moving back).
 * The last seq the visitor saw is also kept in localStorage for the launcher's badge.
 */
import type {
	Conversation,
	Message,
	TypingEvent,
} from '@handoff-chat/contracts';
import type { BridgeApi } from './api';
import { lastSeqOf } from '@handoff-chat/client-core/merge';
import { countUnread, type StoreState } from './message-store';
import { storageKeys, writeItem } from './storage';
import { readStoredJson, type VisitorSessions } from './visitor-session';

/** The bridge relays one typing event per 2 s per typist: sending more is wasted. */
export const TYPING_THROTTLE_MS = 2000;
/** How long the "is typing" bubble stays after each event. */
export const TYPING_SHOWN_MS = 4000;
export const READ_DEBOUNCE_MS = 1000;

export interface SignalsDeps {
	api: BridgeApi;
	sessions: VisitorSessions;
	siteId: string;
	/** The conversation and its messages, as the sync holds them now. */
	sync: { conversation: Conversation | null; store: StoreState };
	emit: () => void;
	now?: () => number;
}

export class VisitorSignals {
	readonly #deps: SignalsDeps;
	/** An advisor is typing (their name when the event carried one). */
	advisorTyping: { name: string | null } | null = null;
	#typingTimer: ReturnType< typeof setTimeout > | null = null;
	#typingAfterSeq = 0;
	#lastTypingAt = -Infinity;
	#conversationId: string | null = null;
	#seen = 0;
	#readSent = 0;
	#readWanted = 0;
	#readTimer: ReturnType< typeof setTimeout > | null = null;
	readonly #now: () => number;

	constructor( deps: SignalsDeps ) {
		this.#deps = deps;
		this.#now = deps.now ?? Date.now;
	}

	/** The visitor is typing: tells the advisors, at most once per 2 s. */
	typing(): void {
		const c = this.#deps.sync.conversation;
		const now = this.#now();
		if (
			! c ||
			c.state === 'closed' ||
			now - this.#lastTypingAt < TYPING_THROTTLE_MS
		) {
			return;
		}
		this.#lastTypingAt = now;
		this.#deps.sessions
			.authed( ( t ) => this.#deps.api.typing( t, c.id ) )
			.catch( () => undefined ); // A hint only.
	}

	/**
	 * A `typing` event of the conversation channel.
	 * @param event The event's data.
	 */
	onTyping( event: TypingEvent ): void {
		if ( event.by !== 'advisor' || ! this.#track() ) {
			return;
		}
		this.advisorTyping = {
			name:
				typeof event.name === 'string' && event.name.trim()
					? event.name
					: null,
		};
		this.#typingAfterSeq = lastSeqOf( this.#deps.sync.store.messages );
		this.#clearTypingTimer();
		this.#typingTimer = setTimeout( () => {
			this.#typingTimer = null;
			this.advisorTyping = null;
			this.#deps.emit();
		}, TYPING_SHOWN_MS );
		this.#deps.emit();
	}

	/**
	 * Messages were merged: an advisor's new message ends their "typing" (the caller emits).
	 * @param messages The merged messages.
	 */
	onMessages( messages: readonly Message[] ): void {
		if (
			this.advisorTyping &&
			messages.some(
				( m ) =>
					m.author.type === 'advisor' && m.seq > this.#typingAfterSeq
			)
		) {
			this.#clearTypingTimer();
			this.advisorTyping = null;
		}
	}

	/**
	 * Everything in the log is on screen: remember it for the badge, and tell the bridge
	 * (debounced) when something from the other side is newer than the last receipt.
	 */
	markSeen(): void {
		const c = this.#track();
		if ( ! c ) {
			return;
		}
		const messages = this.#deps.sync.store.messages;
		const top = lastSeqOf( messages );
		if ( top > this.#seen ) {
			this.#seen = top;
			writeItem(
				'localStorage',
				storageKeys.seen( this.#deps.siteId ),
				JSON.stringify( { conversationId: c.id, seq: top } )
			);
		}
		const fromOthers = messages.some(
			( m ) => m.author.type !== 'visitor' && m.seq > this.#readSent
		);
		if ( ! fromOthers || top <= this.#readWanted ) {
			return;
		}
		this.#readWanted = top;
		this.#clearReadTimer();
		this.#readTimer = setTimeout(
			() => this.#sendRead(),
			READ_DEBOUNCE_MS
		);
	}

	/** Advisor and bot messages the visitor has not seen (here or in another tab). */
	unread(): number {
		const c = this.#track();
		return c
			? countUnread(
					this.#deps.sync.store.messages,
					Math.max( this.#seen, c.visitorLastReadSeq ?? 0 )
				)
			: 0;
	}

	destroy(): void {
		this.#clearTypingTimer();
		this.#clearReadTimer();
	}

	#sendRead(): void {
		this.#readTimer = null;
		const c = this.#track();
		const seq = this.#readWanted;
		if ( ! c || seq <= this.#readSent ) {
			return;
		}
		const before = this.#readSent;
		this.#readSent = seq;
		this.#deps.sessions
			.authed( ( t ) => this.#deps.api.markRead( t, c.id, seq ) )
			.catch( () => {
				// Lets the next look send it again (still never lower than what the bridge has).
				if ( this.#conversationId === c.id && this.#readSent === seq ) {
					this.#readSent = before;
					this.#readWanted = before;
				}
			} );
	}

	/** Follows the current conversation: a new one starts from what the bridge and storage know. */
	#track(): Conversation | null {
		const c = this.#deps.sync.conversation;
		if ( ( c?.id ?? null ) !== this.#conversationId ) {
			this.#conversationId = c?.id ?? null;
			this.#clearReadTimer();
			this.#clearTypingTimer();
			this.advisorTyping = null;
			this.#readSent = 0;
			this.#readWanted = 0;
			this.#seen = c ? this.#storedSeen( c.id ) : 0;
		}
		if ( c ) {
			this.#readSent = Math.max(
				this.#readSent,
				c.visitorLastReadSeq ?? 0
			);
		}
		return c;
	}

	#storedSeen( conversationId: string ): number {
		const s = readStoredJson( storageKeys.seen( this.#deps.siteId ) );
		return s?.conversationId === conversationId && typeof s.seq === 'number'
			? s.seq
			: 0;
	}

	#clearTypingTimer(): void {
		if ( this.#typingTimer ) {
			clearTimeout( this.#typingTimer );
			this.#typingTimer = null;
		}
	}

	#clearReadTimer(): void {
		if ( this.#readTimer ) {
			clearTimeout( this.#readTimer );
			this.#readTimer = null;
		}
	}
}
