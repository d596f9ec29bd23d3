/**
 * The panel's logic without any DOM: one facade over three concerns — ConversationSync
 * (session, conversation, catch-up, realtime, presence), Outbox (texts, images and bot
 * actions: optimistic, idempotent, retried with the same clientId) and VisitorSignals
 * (typing, read receipts, unread count). The view subscribes and draws `ChatState`.
 */
import type {
	Conversation,
	Message,
	StartConversationBody,
} from '@handoff-chat/contracts';
import type { BridgeApi } from './api';
import { currentAdvisorName, currentPrompt, type BotPrompt } from './bot-steps';
import { Outbox, type ActionNotice } from './chat-outbox';
import { ConversationSync, NoBotError } from './chat-sync';
import { newClientId } from '@handoff-chat/contracts/client-id';
import type { WidgetConfig } from '../config';
import { checkImageFile, fileName, type ImageRefusal } from './image-file';
import { MAX_MESSAGE_LENGTH } from './limits';
import { seenBySeq, toItems, type ChatItem } from './message-store';
import type { ConnectionStatus, RealtimeFactory } from './realtime';
import { storageKeys, writeItem } from './storage';
import { VisitorSessions } from './visitor-session';
import { VisitorSignals } from './visitor-signals';

export type { ActionType } from './chat-outbox';
export { startBody } from './chat-sync';

export interface ChatState {
	/** `loading` while the stored session and conversation are fetched on open. */
	phase: 'idle' | 'loading' | 'ready' | 'error';
	/** The bot greets and answers: bot mode, on a site that has the flow (not a new one). */
	bot: boolean;
	conversation: Conversation | null;
	items: ChatItem[];
	messages: Message[];
	connection: ConnectionStatus | null;
	/** What the bot waits on: the quick replies to offer, the question the composer answers. */
	prompt: BotPrompt;
	/** A button press or other action is on its way: quick replies wait for it. */
	actionBusy: boolean;
	/** The bot is about to speak (its first messages, or its answer to the visitor). */
	botTyping: boolean;
	/** The bridge refused an action as stale (409): which one, with its explanation. */
	notice: ActionNotice | null;
	/** Name of the advisor answering since the last handoff (signed message or assignment). */
	advisorName: string | null;
	/** An advisor is typing now (name null: the event carried none). */
	advisorTyping: { name: string | null } | null;
	/** Advisor and bot messages the visitor has not seen: the launcher's badge. */
	unread: number;
}

export interface ControllerDeps {
	config: WidgetConfig;
	api: BridgeApi;
	realtime: RealtimeFactory;
	clientId?: () => string;
	now?: () => Date;
	/** Catch-up period while realtime is down; 0 disables polling. */
	pollMs?: number;
	/** The visitor's session, when the panel prepared it before opening (see prepareChatPanel). */
	sessions?: VisitorSessions;
}

export type SendRefusal = 'empty' | 'too-long' | 'closed';

export class ChatController {
	readonly #deps: ControllerDeps;
	readonly #sessions: VisitorSessions;
	readonly #sync: ConversationSync;
	readonly #outbox: Outbox;
	readonly #signals: VisitorSignals;
	#phase: ChatState[ 'phase' ] = 'idle';
	#listeners = new Set< ( s: ChatState ) => void >();
	#started: Promise< void > | null = null;
	#destroyed = false;

	constructor( deps: ControllerDeps ) {
		this.#deps = deps;
		const emit = () => this.#emit();
		this.#sessions =
			deps.sessions ??
			new VisitorSessions(
				deps.api,
				deps.config.siteId,
				undefined,
				deps.config.identityUrl
			);
		// A new identity cannot read the old conversation: start afresh.
		this.#sessions.onNewIdentity = () => {
			if ( this.#sync.conversation ) {
				this.startNew();
			}
		};
		this.#sync = new ConversationSync( {
			config: deps.config,
			api: deps.api,
			realtime: deps.realtime,
			sessions: this.#sessions,
			pollMs: deps.pollMs,
			emit,
			onMessages: ( m ) => this.#signals.onMessages( m ),
			onTyping: ( e ) => this.#signals.onTyping( e ),
			onBack: () => this.#outbox.resendFailed(),
		} );
		this.#outbox = new Outbox( {
			api: deps.api,
			sessions: this.#sessions,
			sync: this.#sync,
			clientId: deps.clientId ?? newClientId,
			now: deps.now ?? ( () => new Date() ),
			started: () => this.#started,
			emit,
		} );
		this.#signals = new VisitorSignals( {
			api: deps.api,
			sessions: this.#sessions,
			siteId: deps.config.siteId,
			sync: this.#sync,
			emit,
		} );
	}

	/** The visitor's session, for the calls of lazily loaded parts (the rating). */
	get sessions(): VisitorSessions {
		return this.#sessions;
	}

	subscribe( listener: ( s: ChatState ) => void ): () => void {
		this.#listeners.add( listener );
		listener( this.getState() );
		return () => this.#listeners.delete( listener );
	}

	getState(): ChatState {
		const { conversation, store } = this.#sync;
		const seen = seenBySeq(
			store.messages,
			conversation?.advisorsLastReadSeq
		);
		const items = toItems( store.messages, this.#outbox.pending ).map(
			( item ) =>
				seen !== null && item.seq === seen
					? { ...item, seen: true }
					: item
		);
		const last = items[ items.length - 1 ];
		const unread = this.#signals.unread(); // Also follows a change of conversation.
		return {
			phase: this.#phase,
			bot: this.#deps.config.mode === 'bot' && ! this.#sync.noBot,
			conversation,
			items,
			messages: store.messages,
			connection: this.#sync.status,
			prompt: currentPrompt( store.messages, conversation ),
			actionBusy: this.#outbox.actionBusy(),
			// Until the bot's first words: realtime often brings them before the fetch ends.
			botTyping:
				this.#outbox.botAnswering &&
				( ! last || last.authorType === 'visitor' ),
			notice: this.#outbox.notice,
			advisorName: currentAdvisorName( store.messages ),
			advisorTyping: this.#signals.advisorTyping,
			unread,
		};
	}

	/**
	 * Loads what the visitor already has. A browser without a stored session has no
	 * conversation either: in live chat that costs no request until the first send; with
	 * the bot, a conversation starts at once so that the bot greets.
	 */
	start(): Promise< void > {
		if ( ! this.#started ) {
			this.#started = this.#load().catch( () => {
				this.#started = null; // "Try again" may call start() anew.
				this.#setPhase( 'error' );
			} );
		}
		return this.#started;
	}

	async #load(): Promise< void > {
		const sessions = this.#sessions;
		// The session may be ready already: the panel prepares it on hover (prepareChatPanel).
		// A logged-in customer new to this browser may have a conversation from another device.
		if (
			sessions.current
				? ! sessions.fresh
				: sessions.stored() ||
					( this.#deps.config.identityUrl &&
						( await sessions.customer() ) )
		) {
			this.#setPhase( 'loading' );
			const session = await sessions.ensure();
			// A visitor the bridge has just issued has no conversation to look for; a resume
			// link's session names the conversation to open.
			const id = session.resumeConversationId;
			const api = this.#deps.api;
			let conversation = null;
			if ( id ) {
				conversation = await api.getConversation( session.token, id );
			} else if ( ! sessions.fresh ) {
				conversation = await api.currentConversation( session.token );
			}
			if ( conversation ) {
				this.#sync.setConversation( conversation );
				await this.#sync.catchUp();
				this.#setPhase( 'ready' );
				return;
			}
			writeItem(
				'localStorage',
				storageKeys.active( this.#deps.config.siteId ),
				null
			);
		}
		this.#setPhase( 'ready' );
		if ( this.#deps.config.mode === 'bot' && ! this.#sync.noBot ) {
			await this.#startBot();
		}
	}

	/** Starts a bot conversation: its answer carries the bot's first messages. */
	#startBot(): Promise< void > {
		return this.#outbox.whileBotTypes( async () => {
			let conversation;
			try {
				conversation = await this.#sync.ensureConversation( true );
			} catch ( e ) {
				if ( e instanceof NoBotError ) {
					return; // Live chat: the introduction shows, the first message starts it.
				}
				throw e;
			}
			// An older bridge answers without them: fetch what the start stored.
			if ( this.#sync.store.syncedSeq < conversation.lastSeq ) {
				await this.#sync.catchUp();
			}
		} );
	}

	/**
	 * Starts the live conversation of the offline form (panel/offline.ts): its first message
	 * is the question, answered by email.
	 * @param offline The question and the checked email.
	 */
	startOffline(
		offline: NonNullable< StartConversationBody[ 'offline' ] >
	): Promise< Conversation > {
		return this.#sync.ensureConversation( false, offline );
	}

	/**
	 * Queues a message (true), or says why there is nothing valid to send.
	 * @param text The text as typed (trimmed before sending).
	 */
	send( text: string ): true | SendRefusal {
		const trimmed = text.trim();
		if ( ! trimmed ) {
			return 'empty';
		}
		if ( trimmed.length > MAX_MESSAGE_LENGTH ) {
			return 'too-long';
		}
		if ( this.#sync.conversation?.state === 'closed' ) {
			return 'closed';
		}
		this.#outbox.queue( trimmed );
		return true;
	}

	/**
	 * Queues an image with its caption, one message (true: uploaded, then sent), or says why
	 * it cannot go.
	 * @param file    The chosen, pasted or dropped file.
	 * @param caption Its caption, as typed (trimmed; also the image's alt text).
	 */
	sendImage(
		file: Blob,
		caption = ''
	): true | ImageRefusal | 'closed' | 'too-long' {
		if ( this.#sync.conversation?.state === 'closed' ) {
			return 'closed';
		}
		const text = caption.trim();
		if ( text.length > MAX_MESSAGE_LENGTH ) {
			return 'too-long';
		}
		const refusal = checkImageFile( file );
		if ( refusal ) {
			return refusal;
		}
		const preview =
			typeof URL.createObjectURL === 'function'
				? URL.createObjectURL( file )
				: null;
		this.#outbox.queue( text, undefined, {
			file,
			name: fileName( file ) || 'image',
			preview,
		} );
		return true;
	}

	/**
	 * Presses a quick reply of the step the bot waits on (link buttons are opened by the
	 * view, not sent). False when that step is no longer the current one.
	 * @param messageId The bot message carrying the buttons.
	 * @param buttonId  The pressed button.
	 */
	press( messageId: string, buttonId: string ): boolean {
		const { conversation, store } = this.#sync;
		const prompt = currentPrompt( store.messages, conversation );
		const message = store.messages.find( ( m ) => m.id === messageId );
		const button = message?.meta?.buttons?.find(
			( b ) => b.id === buttonId
		);
		const stepId = message?.meta?.stepId;
		if (
			prompt.buttonsMessageId !== messageId ||
			! button ||
			button.url ||
			! stepId ||
			this.#outbox.actionBusy()
		) {
			return false;
		}
		// An earlier press that failed is superseded by this one.
		this.#outbox.dropFailedPresses();
		this.#outbox.queue( button.label, ( clientId ) => ( {
			type: 'button',
			clientId,
			stepId,
			buttonId,
		} ) );
		return true;
	}

	/** "Talk to a human": offered while the bot answers (`bot` state of a bot conversation). */
	requestHuman(): boolean {
		return this.#act( 'request_human', [ 'bot' ] );
	}

	/** "Back to chatbot": offered while the advisors have a bot conversation. */
	backToBot(): boolean {
		return this.#act( 'back_to_bot', [ 'waiting', 'live' ] );
	}

	#act(
		type: 'request_human' | 'back_to_bot',
		states: Array< Conversation[ 'state' ] >
	): boolean {
		const c = this.#sync.conversation;
		if (
			! c?.flowId ||
			! states.includes( c.state ) ||
			this.#outbox.isSending( type )
		) {
			return false;
		}
		this.#outbox.queue( '', ( clientId ) => ( { type, clientId } ) );
		return true;
	}

	/**
	 * Sends a failed message again with the same clientId: the bridge stores it once.
	 * @param clientId Client id of the failed message.
	 */
	retry( clientId: string ): void {
		this.#outbox.retry( clientId );
	}

	/**
	 * Forgets a message the bridge refused.
	 * @param clientId Client id of the refused message.
	 */
	discard( clientId: string ): void {
		this.#outbox.discard( clientId );
	}

	/** The visitor typed in the composer (throttled). */
	typing(): void {
		this.#signals.typing();
	}

	/** The newest messages are on screen (panel open, tab visible, scrolled to the bottom). */
	markSeen(): void {
		this.#signals.markSeen();
	}

	/**
	 * The panel is open on a shown page: the visitor counts as online while a conversation exists.
	 * @param present Whether the visitor is here.
	 */
	setPresent( present: boolean ): void {
		this.#sync.setPresent( present );
	}

	/** After a closed conversation: the bot starts a new one, or the next send does in live chat. */
	startNew(): void {
		this.#sync.reset();
		this.#outbox.reset();
		this.#emit();
		if (
			this.#deps.config.mode === 'bot' &&
			! this.#sync.noBot &&
			! this.#destroyed
		) {
			this.#started = this.#startBot().catch( () => {
				this.#started = null;
				this.#setPhase( 'error' );
			} );
		}
	}

	/**
	 * Fetches what the bridge has after the last seq (see ConversationSync.catchUp).
	 * @param refreshConversation Also refetch the conversation (state, lastSeq).
	 */
	catchUp( refreshConversation = false ): Promise< void > {
		return this.#sync.catchUp( refreshConversation );
	}

	/** Tab visible again: realtime may have missed things while the browser slept. */
	onVisible(): void {
		if ( this.#sync.conversation ) {
			void this.#sync.catchUp( true );
		}
	}

	destroy(): void {
		this.#destroyed = true;
		this.#sync.destroy();
		this.#signals.destroy();
		this.#listeners.clear();
	}

	#setPhase( phase: ChatState[ 'phase' ] ): void {
		this.#phase = phase;
		this.#emit();
	}

	#emit(): void {
		if ( this.#destroyed ) {
			return;
		}
		const state = this.getState();
		this.#listeners.forEach( ( l ) => l( state ) );
	}
}
