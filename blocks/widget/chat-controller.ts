/**
 * The panel's logic without any DOM: visitor session, current conversation, sends and
 * bot actions (optimistic, idempotent, retried with the same clientId) and catch-up
 * after any realtime hint. The view subscribes and draws `ChatState`.
 */
import { conversationChannel } from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	ConversationActionBody,
	Message,
	StartConversationBody,
} from '@handoff-chat/contracts';
import { ApiError, isRetryable, type BridgeApi } from './api';
import { currentAdvisorName, currentPrompt, type BotPrompt } from './bot-steps';
import { newClientId } from './client-id';
import type { WidgetConfig } from './config';
import {
	MAX_MESSAGE_LENGTH,
	MAX_PAGE_TITLE_LENGTH,
	MAX_PAGE_URL_LENGTH,
} from './limits';
import {
	applyIncoming,
	applyPage,
	emptyStore,
	isBehind,
	toItems,
	type ChatItem,
	type PendingMessage,
	type StoreState,
} from './message-store';
import type {
	ConnectionStatus,
	RealtimeFactory,
	RealtimeLink,
} from './realtime';
import { storageKeys, writeItem } from './storage';
import { VisitorSessions } from './visitor-session';

export interface ChatState {
	/** `loading` while the stored session and conversation are fetched on open. */
	phase: 'idle' | 'loading' | 'ready' | 'error';
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
	notice: { action: ActionType; message: string } | null;
	/** Name of the advisor answering since the last handoff, when they signed a message. */
	advisorName: string | null;
}

export type ActionType = ConversationActionBody[ 'type' ];

export interface ControllerDeps {
	config: WidgetConfig;
	api: BridgeApi;
	realtime: RealtimeFactory;
	clientId?: () => string;
	now?: () => Date;
	/** Catch-up period while realtime is down; 0 disables polling. */
	pollMs?: number;
}

export type SendRefusal = 'empty' | 'too-long' | 'closed';

export class ChatController {
	private readonly sessions: VisitorSessions;
	private conversation: Conversation | null = null;
	private store: StoreState = emptyStore();
	private pending: PendingMessage[] = [];
	private phase: ChatState[ 'phase' ] = 'idle';
	private connection: ConnectionStatus | null = null;
	private link: RealtimeLink | null = null;
	private listeners = new Set< ( s: ChatState ) => void >();
	private started: Promise< void > | null = null;
	private conversationPromise: Promise< Conversation > | null = null;
	private sendQueue: Promise< unknown > = Promise.resolve();
	private catchingUp: Promise< void > | null = null;
	private catchUpAgain = false;
	private refreshConversationNext = false;
	private pollTimer: ReturnType< typeof setInterval > | null = null;
	private lastAuthRetry = 0;
	private destroyed = false;
	private botTyping = 0;
	private notice: ChatState[ 'notice' ] = null;
	private readonly clientId: () => string;
	private readonly now: () => Date;

	constructor( private readonly deps: ControllerDeps ) {
		this.clientId = deps.clientId ?? newClientId;
		this.now = deps.now ?? ( () => new Date() );
		// A new identity cannot read the old conversation: start afresh.
		this.sessions = new VisitorSessions(
			deps.api,
			deps.config.siteId,
			() => {
				if ( this.conversation ) {
					this.startNew();
				}
			}
		);
	}

	subscribe( listener: ( s: ChatState ) => void ): () => void {
		this.listeners.add( listener );
		listener( this.getState() );
		return () => this.listeners.delete( listener );
	}

	getState(): ChatState {
		const prompt = currentPrompt( this.store.messages, this.conversation );
		const items = toItems( this.store.messages, this.pending );
		const last = items[ items.length - 1 ];
		return {
			phase: this.phase,
			conversation: this.conversation,
			items,
			messages: this.store.messages,
			connection: this.connection,
			prompt,
			actionBusy: this.actionBusy(),
			// Until the bot's first words: realtime often brings them before the fetch ends.
			botTyping:
				this.botTyping > 0 &&
				( ! last || last.authorType === 'visitor' ),
			notice: this.notice,
			advisorName: currentAdvisorName( this.store.messages ),
		};
	}

	/**
	 * Loads what the visitor already has. A browser without a stored session has no
	 * conversation either: in live chat that costs no request until the first send; with
	 * the bot, a conversation starts at once so that the bot greets.
	 */
	start(): Promise< void > {
		if ( ! this.started ) {
			this.started = this.load().catch( () => {
				this.started = null; // "Try again" may call start() anew.
				this.setPhase( 'error' );
			} );
		}
		return this.started;
	}

	private async load(): Promise< void > {
		if ( this.sessions.stored() ) {
			this.setPhase( 'loading' );
			const session = await this.sessions.refresh();
			const conversation = await this.deps.api.currentConversation(
				session.token
			);
			if ( conversation ) {
				this.setConversation( conversation );
				await this.catchUp();
				this.setPhase( 'ready' );
				return;
			}
			writeItem(
				'localStorage',
				storageKeys.active( this.deps.config.siteId ),
				null
			);
		}
		this.setPhase( 'ready' );
		if ( this.deps.config.mode === 'bot' ) {
			await this.startBot();
		}
	}

	/** Starts a bot conversation and fetches the bot's first messages (stored by then). */
	private async startBot(): Promise< void > {
		await this.whileBotTypes( async () => {
			await this.ensureConversation();
			await this.catchUp();
		} );
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
		if ( this.conversation?.state === 'closed' ) {
			return 'closed';
		}
		this.queue( trimmed );
		return true;
	}

	/**
	 * Presses a quick reply of the step the bot waits on (link buttons are opened by the
	 * view, not sent). False when that step is no longer the current one.
	 * @param messageId The bot message carrying the buttons.
	 * @param buttonId  The pressed button.
	 */
	press( messageId: string, buttonId: string ): boolean {
		const prompt = currentPrompt( this.store.messages, this.conversation );
		const message = this.store.messages.find( ( m ) => m.id === messageId );
		const button = message?.meta?.buttons?.find(
			( b ) => b.id === buttonId
		);
		const stepId = message?.meta?.stepId;
		if (
			prompt.buttonsMessageId !== messageId ||
			! button ||
			button.url ||
			! stepId ||
			this.actionBusy()
		) {
			return false;
		}
		// An earlier press that failed is superseded by this one.
		this.pending = this.pending.filter(
			( p ) => p.action?.type !== 'button' || p.status === 'sending'
		);
		this.queue( button.label, ( clientId ) => ( {
			type: 'button',
			clientId,
			stepId,
			buttonId,
		} ) );
		return true;
	}

	/** "Talk to a human": offered while the bot answers (`bot` state of a bot conversation). */
	requestHuman(): boolean {
		return this.act( 'request_human', [ 'bot' ] );
	}

	/** "Back to chatbot": offered while the advisors have a bot conversation. */
	backToBot(): boolean {
		return this.act( 'back_to_bot', [ 'waiting', 'live' ] );
	}

	private act(
		type: 'request_human' | 'back_to_bot',
		states: Array< Conversation[ 'state' ] >
	): boolean {
		const c = this.conversation;
		if (
			! c?.flowId ||
			! states.includes( c.state ) ||
			this.pending.some(
				( p ) => p.action?.type === type && p.status === 'sending'
			)
		) {
			return false;
		}
		this.queue( '', ( clientId ) => ( { type, clientId } ) );
		return true;
	}

	private queue(
		text: string,
		action?: ( clientId: string ) => ConversationActionBody
	): void {
		const clientId = this.clientId();
		const pending: PendingMessage = {
			clientId,
			text,
			createdAt: this.now().toISOString(),
			status: 'sending',
			...( action ? { action: action( clientId ) } : {} ),
		};
		this.notice = null;
		this.pending.push( pending );
		this.enqueue( pending );
		this.emit();
	}

	private actionBusy(): boolean {
		return this.pending.some( ( p ) => p.action && p.status === 'sending' );
	}

	/**
	 * Sends a failed message again with the same clientId: the bridge stores it once.
	 * @param clientId Client id of the failed message.
	 */
	retry( clientId: string ): void {
		const pending = this.pending.find( ( p ) => p.clientId === clientId );
		if ( ! pending || pending.status === 'sending' ) {
			return;
		}
		pending.status = 'sending';
		pending.error = undefined;
		this.enqueue( pending );
		this.emit();
	}

	/**
	 * Forgets a message the bridge refused.
	 * @param clientId Client id of the refused message.
	 */
	discard( clientId: string ): void {
		this.pending = this.pending.filter(
			( p ) => p.clientId !== clientId || p.status === 'sending'
		);
		this.emit();
	}

	/** After a closed conversation: the bot starts a new one, or the next send does in live chat. */
	startNew(): void {
		this.link?.unsubscribe();
		this.conversation = null;
		this.conversationPromise = null;
		this.store = emptyStore();
		this.notice = null;
		this.pending = this.pending.filter(
			( p ) => p.status === 'sending' && ! p.action
		);
		writeItem(
			'localStorage',
			storageKeys.active( this.deps.config.siteId ),
			null
		);
		this.stopPolling();
		this.emit();
		if ( this.deps.config.mode === 'bot' && ! this.destroyed ) {
			this.started = this.startBot().catch( () => {
				this.started = null;
				this.setPhase( 'error' );
			} );
		}
	}

	/**
	 * Fetches `after=<syncedSeq>` until the bridge has nothing more, merging by id.
	 * Calls made while one runs are folded into one more round.
	 * @param refreshConversation Also refetch the conversation (state, lastSeq).
	 */
	catchUp( refreshConversation = false ): Promise< void > {
		this.refreshConversationNext ||= refreshConversation;
		if ( this.catchingUp ) {
			this.catchUpAgain = true;
			return this.catchingUp;
		}
		this.catchingUp = ( async () => {
			do {
				this.catchUpAgain = false;
				const withConversation = this.refreshConversationNext;
				this.refreshConversationNext = false;
				await this.catchUpOnce( withConversation );
			} while ( this.catchUpAgain && ! this.destroyed );
		} )()
			.catch( () => {
				// Realtime or the next visibility change will try again; HTTP stays the truth.
			} )
			.finally( () => {
				this.catchingUp = null;
			} );
		return this.catchingUp;
	}

	private async catchUpOnce( withConversation: boolean ): Promise< void > {
		const conversation = this.conversation;
		if ( ! conversation ) {
			return;
		}
		if ( withConversation ) {
			const fresh = await this.sessions.authed( ( t ) =>
				this.deps.api.getConversation( t, conversation.id )
			);
			if ( this.conversation?.id !== conversation.id ) {
				return;
			}
			this.updateConversation( fresh );
		}
		for ( let round = 0; round < 50; round++ ) {
			const page = await this.sessions.authed( ( t ) =>
				this.deps.api.messages(
					t,
					conversation.id,
					this.store.syncedSeq
				)
			);
			if ( this.conversation?.id !== conversation.id ) {
				return; // The visitor started another conversation meanwhile.
			}
			this.store = applyPage( this.store, page );
			this.emit();
			if ( ! page.hasMore || page.messages.length === 0 ) {
				return;
			}
		}
	}

	/** Tab visible again: realtime may have missed things while the browser slept. */
	onVisible(): void {
		if ( this.conversation ) {
			void this.catchUp( true );
		}
	}

	destroy(): void {
		this.destroyed = true;
		this.stopPolling();
		this.link?.disconnect();
		this.link = null;
		this.listeners.clear();
	}

	// --- sending -------------------------------------------------------------

	/**
	 * One send at a time, so messages reach the bridge in the order they were typed.
	 * @param pending The message to deliver.
	 */
	private enqueue( pending: PendingMessage ): void {
		// The bot answers actions, and texts while it listens (its own question included).
		const c = this.conversation;
		const botAnswers =
			!! pending.action ||
			( !! c?.flowId &&
				( c.state === 'bot' ||
					!! currentPrompt( this.store.messages, c ).question ) );
		this.botTyping += botAnswers ? 1 : 0;
		this.sendQueue = this.sendQueue.then( () =>
			this.deliver( pending, botAnswers )
		);
	}

	private async deliver(
		pending: PendingMessage,
		botAnswers: boolean
	): Promise< void > {
		const { action } = pending;
		let answered: Promise< unknown > = Promise.resolve();
		try {
			// A send typed while the open conversation is still loading must go to it, not start another.
			await this.started;
			const conversation = action
				? this.conversation
				: await this.ensureConversation();
			if ( ! conversation ) {
				throw new ApiError( 409, 'conflict', 'No conversation.' );
			}
			const { message } = await this.sessions.authed( ( t ) =>
				action
					? this.deps.api.action( t, conversation.id, action )
					: this.deps.api.sendMessage( t, conversation.id, {
							clientId: pending.clientId,
							text: pending.text,
						} )
			);
			// 201 (new) and 200 (replay of this clientId) both mean "stored".
			this.pending = this.pending.filter(
				( p ) => p.clientId !== pending.clientId
			);
			this.ingest( [ message ] );
			if ( conversation.flowId ) {
				// The bot answered in the same request: fetch it now rather than wait for realtime.
				answered = this.catchUp( true );
			}
		} catch ( e ) {
			if ( action && e instanceof ApiError && e.status === 409 ) {
				// A stale step or a state that changed meanwhile: show the truth, softly.
				this.pending = this.pending.filter(
					( p ) => p.clientId !== pending.clientId
				);
				this.notice = { action: action.type, message: e.message };
				void this.catchUp( true );
			} else if ( isRetryable( e ) ) {
				pending.status = 'failed';
				pending.error = undefined;
			} else {
				pending.status = 'rejected';
				pending.error = e instanceof Error ? e.message : String( e );
				if (
					e instanceof ApiError &&
					e.status === 409 &&
					this.conversation
				) {
					void this.catchUp( true ); // Most likely closed meanwhile: show it.
				}
			}
			this.emit();
		} finally {
			if ( botAnswers ) {
				void answered.finally( () => {
					this.botTyping--;
					this.emit();
				} );
			}
		}
	}

	private async whileBotTypes(
		work: () => Promise< void >
	): Promise< void > {
		this.botTyping++;
		this.emit();
		try {
			await work();
		} finally {
			this.botTyping--;
			this.emit();
		}
	}

	private ensureConversation(): Promise< Conversation > {
		if ( this.conversation && this.conversation.state !== 'closed' ) {
			return Promise.resolve( this.conversation );
		}
		if ( ! this.conversationPromise ) {
			const body = startBody( this.deps.config );
			const start = ( b: StartConversationBody ) =>
				this.sessions.authed( ( t ) =>
					this.deps.api.startConversation( t, b )
				);
			this.conversationPromise = start( body )
				.catch( ( e ) => {
					// A block naming a flow or sequence the bridge no longer has: live chat rather than no chat.
					if (
						e instanceof ApiError &&
						e.status === 400 &&
						body.mode === 'bot'
					) {
						return start( {
							pageUrl: body.pageUrl,
							pageTitle: body.pageTitle,
							mode: 'live',
						} );
					}
					throw e;
				} )
				.then( ( c ) => {
					this.setConversation( c );
					return c;
				} )
				.finally( () => {
					this.conversationPromise = null;
				} );
		}
		return this.conversationPromise;
	}

	// --- conversation and realtime ------------------------------------------

	private setConversation( conversation: Conversation ): void {
		if ( this.conversation?.id !== conversation.id ) {
			this.store = emptyStore();
		}
		this.conversation = conversation;
		writeItem(
			'localStorage',
			storageKeys.active( this.deps.config.siteId ),
			conversation.state === 'closed' ? null : conversation.id
		);
		this.ensureLink().subscribe(
			conversationChannel( this.deps.config.siteId, conversation.id )
		);
		this.emit();
	}

	private updateConversation( conversation: Conversation ): void {
		this.conversation = conversation;
		if ( conversation.state === 'closed' ) {
			writeItem(
				'localStorage',
				storageKeys.active( this.deps.config.siteId ),
				null
			);
		}
		this.emit();
	}

	private ensureLink(): RealtimeLink {
		if ( ! this.link ) {
			const session = this.sessions.current;
			if ( ! session ) {
				throw new Error( 'No visitor session yet.' );
			}
			this.link = this.deps.realtime(
				{
					config: session.realtime,
					authEndpoint: this.deps.api.realtimeAuthUrl,
					getToken: () => this.sessions.token,
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
						this.updateConversation( c );
						if ( isBehind( this.store, c.lastSeq ) ) {
							void this.catchUp();
						}
					},
					onSubscribed: () => void this.catchUp( true ),
					onReconnected: () => void this.catchUp( true ),
					onSubscriptionError: ( status ) =>
						this.onSubscriptionError( status ),
					onStatus: ( status ) => this.onStatus( status ),
				}
			);
		}
		return this.link;
	}

	private ingest( messages: Message[] ): void {
		const { state, gap } = applyIncoming( this.store, messages );
		this.store = state;
		this.emit();
		if ( gap ) {
			void this.catchUp();
		}
	}

	private onSubscriptionError( status: number ): void {
		// A stale token: refresh it and ask again, at most once a minute.
		if (
			( status === 401 || status === 403 ) &&
			Date.now() - this.lastAuthRetry > 60000
		) {
			this.lastAuthRetry = Date.now();
			this.sessions
				.refresh()
				.then( () => this.link?.resubscribe() )
				.catch( () => undefined );
		}
	}

	private onStatus( status: ConnectionStatus ): void {
		this.connection = status;
		const pollMs = this.deps.pollMs ?? 15000;
		if (
			( status === 'reconnecting' || status === 'offline' ) &&
			pollMs > 0 &&
			! this.pollTimer
		) {
			// While realtime is down, HTTP alone keeps the conversation current.
			this.pollTimer = setInterval(
				() => void this.catchUp( true ),
				pollMs
			);
		} else if ( status === 'connected' ) {
			this.stopPolling();
		}
		this.emit();
	}

	private stopPolling(): void {
		if ( this.pollTimer ) {
			clearInterval( this.pollTimer );
			this.pollTimer = null;
		}
	}

	private setPhase( phase: ChatState[ 'phase' ] ): void {
		this.phase = phase;
		this.emit();
	}

	private emit(): void {
		if ( this.destroyed ) {
			return;
		}
		const state = this.getState();
		this.listeners.forEach( ( l ) => l( state ) );
	}
}

/**
 * `POST /v1/conversations` body: empty settings are left out, so the bridge's defaults apply.
 * @param config The block's configuration.
 */
export function startBody( config: WidgetConfig ): StartConversationBody {
	const bot = config.mode === 'bot';
	return {
		pageUrl: window.location.href.slice( 0, MAX_PAGE_URL_LENGTH ),
		pageTitle:
			document.title.slice( 0, MAX_PAGE_TITLE_LENGTH ) || undefined,
		mode: config.mode,
		...( bot && config.flowId ? { flowId: config.flowId } : {} ),
		...( bot && config.startSequence
			? { startSequence: config.startSequence }
			: {} ),
	};
}
