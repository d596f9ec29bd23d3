/**
 * Keeps the visitor's conversation current: creates it when needed, catches up over HTTP
 * (the truth) after every realtime hint, reconnection or visible tab, polls while realtime
 * is down, and holds the visitor's own channel while the panel is open (presence). Follows
 * the browser's network too: offline reads as reconnecting at once (pusher-js only notices
 * a dead socket when its ping goes unanswered), and the way back is told to `onBack`.
 */
import {
	conversationChannel,
	visitorChannel,
} from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	Message,
	StartConversationBody,
	TypingEvent,
} from '@handoff-chat/contracts';
import { BridgeError, statusOf } from '@handoff-chat/client-core/errors';
import { NO_DEFAULT_FLOW } from '@handoff-chat/contracts/flow-ids';
import { truncateText } from '@handoff-chat/contracts/text';
import type { BridgeApi } from './api';
import type { WidgetConfig } from '../config';
import { MAX_PAGE_TITLE_LENGTH, MAX_PAGE_URL_LENGTH } from './limits';
import {
	applyIncoming,
	applyPage,
	emptyStore,
	isBehind,
	type StoreState,
} from './message-store';
import type {
	ConnectionStatus,
	RealtimeFactory,
	RealtimeLink,
} from './realtime';
import { storageKeys, writeItem } from './storage';
import type { VisitorSessions } from './visitor-session';

export interface SyncDeps {
	config: WidgetConfig;
	api: BridgeApi;
	realtime: RealtimeFactory;
	sessions: VisitorSessions;
	/** Catch-up period while realtime is down; 0 disables polling. */
	pollMs?: number;
	emit: () => void;
	/** Messages were merged (from any source). */
	onMessages: ( messages: readonly Message[] ) => void;
	onTyping: ( event: TypingEvent ) => void;
	/** The connection is back (browser online again, realtime reconnected): resend what failed. */
	onBack: () => void;
}

export class ConversationSync {
	readonly #deps: SyncDeps;
	conversation: Conversation | null = null;
	store: StoreState = emptyStore();
	connection: ConnectionStatus | null = null;
	#link: RealtimeLink | null = null;
	#conversationPromise: Promise< Conversation > | null = null;
	#catchingUp: Promise< void > | null = null;
	#catchUpAgain = false;
	#refreshConversationNext = false;
	#pollTimer: ReturnType< typeof setInterval > | null = null;
	#present = false;
	#destroyed = false;
	#offline = typeof navigator !== 'undefined' && navigator.onLine === false;
	#backOnline: Array< () => void > = [];
	readonly #onNetwork = () => this.#setOffline( ! navigator.onLine );

	constructor( deps: SyncDeps ) {
		this.#deps = deps;
		window.addEventListener( 'online', this.#onNetwork );
		window.addEventListener( 'offline', this.#onNetwork );
	}

	/** What the visitor is told: the browser being offline reads as reconnecting. */
	get status(): ConnectionStatus | null {
		return this.#offline ? 'reconnecting' : this.connection;
	}

	/** The browser says it has no network: a request that failed now is worth waiting to resend. */
	get offline(): boolean {
		return this.#offline;
	}

	/** Resolves once the browser is online again (at once if it is). */
	whenOnline(): Promise< void > {
		return this.#offline
			? new Promise( ( resolve ) => this.#backOnline.push( resolve ) )
			: Promise.resolve();
	}

	/**
	 * The bridge said the site has no default flow (a new site): this widget offers live chat
	 * instead of the bot — its introduction, and no conversation before the first message.
	 */
	noBot = false;

	/**
	 * The current conversation, started if needed.
	 * @param greet The bot's greeting on open: a site without a default flow then starts
	 *              nothing (NoBotError) instead of an empty live chat.
	 */
	ensureConversation(
		greet = false,
		offline?: StartConversationBody[ 'offline' ]
	): Promise< Conversation > {
		if ( this.conversation && this.conversation.state !== 'closed' ) {
			return Promise.resolve( this.conversation );
		}
		if ( ! this.#conversationPromise ) {
			// The offline form's question and email: a live chat answered by email.
			const body = offline
				? { ...startBody( this.#deps.config, true ), offline }
				: startBody( this.#deps.config, this.noBot );
			const start = ( b: StartConversationBody ) =>
				this.#deps.sessions.authed( ( t ) =>
					this.#deps.api.startConversation( t, b )
				);
			this.#conversationPromise = start( body )
				.catch( ( e ) => {
					if (
						e instanceof BridgeError &&
						e.code === NO_DEFAULT_FLOW &&
						body.mode === 'bot'
					) {
						this.noBot = true;
						if ( greet ) {
							throw new NoBotError();
						}
						return start( startBody( this.#deps.config, true ) );
					}
					// A block naming a flow or sequence the bridge no longer has: live chat rather than no chat.
					if ( statusOf( e ) === 400 && body.mode === 'bot' ) {
						return start( {
							pageUrl: body.pageUrl,
							pageTitle: body.pageTitle,
							mode: 'live',
						} );
					}
					throw e;
				} )
				.then( ( { conversation, messages } ) => {
					this.setConversation( conversation );
					// The bot's first words came with the answer: no catch-up needed for them.
					// (An older bridge answers `{ conversation }` alone: the caller catches up.)
					if ( messages ) {
						this.store = applyPage( this.store, {
							messages,
							lastSeq: conversation.lastSeq,
							hasMore: false,
						} );
						this.#deps.onMessages( messages );
						this.#deps.emit();
					}
					return conversation;
				} )
				.finally( () => {
					this.#conversationPromise = null;
				} );
		}
		return this.#conversationPromise;
	}

	setConversation( conversation: Conversation ): void {
		if ( this.conversation?.id !== conversation.id ) {
			this.store = emptyStore();
		}
		this.conversation = conversation;
		this.#remember( conversation );
		this.#ensureLink().subscribe(
			conversationChannel( this.#deps.config.siteId, conversation.id )
		);
		this.#applyPresence();
		this.#deps.emit();
	}

	/** Forgets the conversation (after a closed one, or a new visitor identity). */
	reset(): void {
		this.#link?.unsubscribe();
		this.conversation = null;
		this.#conversationPromise = null;
		this.store = emptyStore();
		writeItem(
			'localStorage',
			storageKeys.active( this.#deps.config.siteId ),
			null
		);
		this.#stopPolling();
		this.#applyPresence();
	}

	/**
	 * The panel is open (and the page shown): hold the visitor's channel while a
	 * conversation exists, so the advisors see the visitor online.
	 * @param present Whether the visitor is here.
	 */
	setPresent( present: boolean ): void {
		this.#present = present;
		this.#applyPresence();
	}

	/**
	 * Fetches `after=<syncedSeq>` until the bridge has nothing more, merging by id.
	 * Calls made while one runs are folded into one more round.
	 * @param refreshConversation Also refetch the conversation (state, lastSeq).
	 */
	catchUp( refreshConversation = false ): Promise< void > {
		this.#refreshConversationNext ||= refreshConversation;
		if ( this.#catchingUp ) {
			this.#catchUpAgain = true;
			return this.#catchingUp;
		}
		this.#catchingUp = ( async () => {
			do {
				this.#catchUpAgain = false;
				const withConversation = this.#refreshConversationNext;
				this.#refreshConversationNext = false;
				await this.#catchUpOnce( withConversation );
			} while ( this.#catchUpAgain && ! this.#destroyed );
		} )()
			.catch( () => {
				// Realtime or the next visibility change will try again; HTTP stays the truth.
			} )
			.finally( () => {
				this.#catchingUp = null;
			} );
		return this.#catchingUp;
	}

	/**
	 * Merges messages that arrived outside a catch-up (realtime, the answer to a send).
	 * @param messages The messages.
	 */
	ingest( messages: Message[] ): void {
		const { state, gap } = applyIncoming( this.store, messages );
		this.store = state;
		this.#deps.onMessages( messages );
		this.#deps.emit();
		if ( gap ) {
			void this.catchUp();
		}
	}

	destroy(): void {
		this.#destroyed = true;
		window.removeEventListener( 'online', this.#onNetwork );
		window.removeEventListener( 'offline', this.#onNetwork );
		this.#stopPolling();
		this.#link?.disconnect();
		this.#link = null;
	}

	async #catchUpOnce( withConversation: boolean ): Promise< void > {
		const conversation = this.conversation;
		if ( ! conversation ) {
			return;
		}
		if ( withConversation ) {
			const fresh = await this.#deps.sessions.authed( ( t ) =>
				this.#deps.api.getConversation( t, conversation.id )
			);
			if ( this.conversation?.id !== conversation.id ) {
				return;
			}
			this.#updateConversation( fresh );
		}
		for ( let round = 0; round < 50; round++ ) {
			const page = await this.#deps.sessions.authed( ( t ) =>
				this.#deps.api.messages(
					t,
					conversation.id,
					this.store.syncedSeq
				)
			);
			if ( this.conversation?.id !== conversation.id ) {
				return; // The visitor started another conversation meanwhile.
			}
			this.store = applyPage( this.store, page );
			this.#deps.onMessages( page.messages );
			this.#deps.emit();
			if ( ! page.hasMore || page.messages.length === 0 ) {
				return;
			}
		}
	}

	#updateConversation( conversation: Conversation ): void {
		const held = this.conversation;
		const same = held?.id === conversation.id;
		// Reads never move back: a payload written before a later read must not hide "Seen".
		const read = Math.max(
			conversation.advisorsLastReadSeq ?? 0,
			same ? ( held?.advisorsLastReadSeq ?? 0 ) : 0
		);
		// An answer overtaken by a newer event (a refetch sent before the close came back after it)
		// changes nothing but how far the advisors have read.
		const latest =
			same && held && conversation.updatedAt < held.updatedAt
				? held
				: conversation;
		this.conversation = { ...latest, advisorsLastReadSeq: read };
		this.#remember( conversation );
		this.#deps.emit();
	}

	/**
	 * The launcher's hint that an open conversation exists (a reopened one counts again).
	 * @param conversation The conversation.
	 */
	#remember( conversation: Conversation ): void {
		writeItem(
			'localStorage',
			storageKeys.active( this.#deps.config.siteId ),
			conversation.state === 'closed' ? null : conversation.id
		);
	}

	#applyPresence(): void {
		const session = this.#deps.sessions.current;
		const name =
			this.#present && this.conversation && session && ! this.#destroyed
				? visitorChannel( this.#deps.config.siteId, session.visitorId )
				: null;
		if ( name ) {
			this.#ensureLink().setPresence( name );
		} else {
			this.#link?.setPresence( null );
		}
	}

	#ensureLink(): RealtimeLink {
		if ( ! this.#link ) {
			const session = this.#deps.sessions.current;
			if ( ! session ) {
				throw new Error( 'No visitor session yet.' );
			}
			this.#link = this.#deps.realtime(
				{
					config: session.realtime,
					// An expired token is refreshed and the authorisation asked again at once.
					authorize: ( socketId, channelName ) =>
						this.#deps.sessions.authed( ( t ) =>
							this.#deps.api.authorizeChannel(
								t,
								socketId,
								channelName
							)
						),
				},
				{
					onMessage: ( m ) => {
						if ( m.conversationId === this.conversation?.id ) {
							this.ingest( [ m ] );
						}
					},
					onConversation: ( c ) => {
						if ( c.id !== this.conversation?.id ) {
							return;
						}
						this.#updateConversation( c );
						if ( isBehind( this.store, c.lastSeq ) ) {
							void this.catchUp();
						}
					},
					onTyping: ( e ) => {
						if ( e.conversationId === this.conversation?.id ) {
							this.#deps.onTyping( e );
						}
					},
					onAdvisorsRead: ( e ) => {
						const c = this.conversation;
						if ( c && e.conversationId === c.id ) {
							this.#updateConversation( {
								...c,
								advisorsLastReadSeq: e.advisorsLastReadSeq,
							} );
						}
					},
					onSubscribed: () => void this.catchUp( true ),
					onReconnected: () => this.#back(),
					onStatus: ( status ) => this.#onStatus( status ),
				}
			);
		}
		return this.#link;
	}

	#onStatus( status: ConnectionStatus ): void {
		if ( this.#destroyed ) {
			return; // `offline` after our own disconnect.
		}
		this.connection = status;
		const pollMs = this.#deps.pollMs ?? 15000;
		if (
			( status === 'reconnecting' || status === 'failed' ) &&
			pollMs > 0 &&
			! this.#pollTimer
		) {
			// While realtime is down, HTTP alone keeps the conversation current.
			this.#pollTimer = setInterval(
				() => void this.catchUp( true ),
				pollMs
			);
		} else if ( status === 'connected' ) {
			this.#stopPolling();
		}
		this.#deps.emit();
	}

	#setOffline( offline: boolean ): void {
		if ( offline === this.#offline || this.#destroyed ) {
			return;
		}
		this.#offline = offline;
		this.#deps.emit();
		if ( ! offline ) {
			const waiting = this.#backOnline;
			this.#backOnline = [];
			waiting.forEach( ( resolve ) => resolve() );
			this.#back();
		}
	}

	/** Back after a loss: catch up on what was missed, and let failed sends go again. */
	#back(): void {
		if ( this.conversation ) {
			void this.catchUp( true );
		}
		this.#deps.onBack();
	}

	#stopPolling(): void {
		if ( this.#pollTimer ) {
			clearInterval( this.#pollTimer );
			this.#pollTimer = null;
		}
	}
}

/** A bot greeting asked for on a site without a default flow: nothing was started. */
export class NoBotError extends Error {
	constructor() {
		super( 'This site has no default flow.' );
		this.name = 'NoBotError';
	}
}

/**
 * `POST /v1/conversations` body: empty settings are left out, so the bridge's defaults apply.
 * @param config The block's configuration.
 * @param noBot  The site has no default flow: live chat.
 */
export function startBody(
	config: WidgetConfig,
	noBot = false
): StartConversationBody {
	const bot = config.mode === 'bot' && ! noBot;
	const locale = (
		document.documentElement.lang || navigator.language
	).slice( 0, 20 );
	return {
		pageUrl: truncateText( window.location.href, MAX_PAGE_URL_LENGTH ),
		pageTitle:
			truncateText( document.title, MAX_PAGE_TITLE_LENGTH ) || undefined,
		mode: bot ? 'bot' : 'live',
		// The language of the emails answering the visitor (the bridge normalises it).
		...( /^[a-z]{2,3}(?![a-z])/i.test( locale ) ? { locale } : {} ),
		...( bot && config.flowId ? { flowId: config.flowId } : {} ),
		...( bot && config.startSequence
			? { startSequence: config.startSequence }
			: {} ),
	};
}
