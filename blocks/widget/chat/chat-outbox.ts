/**
 * What the visitor sends: texts, images and bot actions, shown at once (optimistic), sent
 * one at a time in typing order, and retried with the same clientId — an image keeps its
 * uploadId too, so a retry never uploads it twice. The client core's outbox keeps the
 * queue; this adds what the widget sends and how it reads the bridge's refusals.
 */
import type {
	ConversationActionBody,
	SendMessageBody,
} from '@handoff-chat/contracts';
import {
	BridgeError,
	isRetryable,
	messageOf,
	statusOf,
} from '@handoff-chat/client-core/errors';
import {
	createSendQueue,
	type FailureOutcome,
	type OutboxFields,
	type SendQueue,
} from '@handoff-chat/client-core/outbox';
import type { BridgeApi } from './api';
import { botAnswersText } from './bot-steps';
import type { ConversationSync } from './chat-sync';
import type {
	PendingImage,
	PendingMessage,
	SendProblem,
} from './message-store';
import type { VisitorSessions } from './visitor-session';

export type ActionType = ConversationActionBody[ 'type' ];

/** The bridge refused an action as stale (409): which one, with its explanation. */
export interface ActionNotice {
	action: ActionType;
	message: string;
}

export interface OutboxDeps {
	api: BridgeApi;
	sessions: VisitorSessions;
	sync: ConversationSync;
	clientId: () => string;
	now: () => Date;
	/** The load in progress: a send typed meanwhile must go to the open conversation. */
	started: () => Promise< void > | null;
	emit: () => void;
}

type Update = ( change: Partial< OutboxFields< PendingMessage > > ) => void;

export class Outbox {
	readonly #deps: OutboxDeps;
	notice: ActionNotice | null = null;
	readonly #sends: SendQueue< PendingMessage >;
	/** Sent messages whose bot answer is still being fetched, and the bot's first words. */
	#botTyping = 0;
	/** Messages refused because the conversation was closed meanwhile: they go to the next one. */
	readonly #refusedAsClosed = new Set< string >();

	constructor( deps: OutboxDeps ) {
		this.#deps = deps;
		this.#sends = createSendQueue< PendingMessage >( {
			send: ( p, update ) => this.#deliver( p, update ),
			onFailure: ( e, p ) => this.#failed( p, e ),
			onRemove: ( p ) => {
				if ( p.image?.preview ) {
					URL.revokeObjectURL?.( p.image.preview );
				}
			},
			clientId: deps.clientId,
			now: deps.now,
			onChange: deps.emit,
		} );
	}

	/** Messages not confirmed yet, in typing order. */
	get pending(): readonly PendingMessage[] {
		return this.#sends.items;
	}

	/**
	 * Shows a message at once and queues it.
	 * @param text   The text (or an action's label).
	 * @param action Builds the action body from the clientId (a press, a handoff request…).
	 * @param image  An image to upload first.
	 */
	queue(
		text: string,
		action?: ( clientId: string ) => ConversationActionBody,
		image?: PendingImage
	): void {
		this.notice = null;
		// What failed before goes first: the advisors read the messages in the order typed.
		this.resendFailed();
		this.#sends.queue( ( clientId ) => ( {
			text,
			...( action ? { action: action( clientId ) } : {} ),
			...( image ? { image } : {} ),
		} ) );
	}

	/** The connection is back: every message that failed goes again, in typing order. */
	resendFailed(): void {
		this.#sends.retryFailed( { problem: undefined } );
	}

	/**
	 * Sends a failed message again with the same clientId (and uploadId).
	 * @param clientId Client id of the failed message.
	 */
	retry( clientId: string ): void {
		this.#sends.retry( clientId, { problem: undefined } );
	}

	/**
	 * Forgets a message the bridge refused (or the visitor gave up on).
	 * @param clientId Client id of the message.
	 */
	discard( clientId: string ): void {
		this.#sends.discard( clientId );
	}

	/**
	 * A new conversation: texts still on their way follow the visitor there, and so do the
	 * messages the old one refused for being closed (sent there, nothing typed is lost).
	 */
	reset(): void {
		this.notice = null;
		const carried = this.#refusedAsClosed;
		this.#sends.dropWhere(
			( p ) =>
				!! p.action ||
				( p.status !== 'sending' && ! carried.has( p.clientId ) )
		);
		carried.forEach( ( clientId ) => this.#sends.retry( clientId ) );
		carried.clear();
	}

	/** Drops superseded button presses (an earlier one that failed). */
	dropFailedPresses(): void {
		this.#sends.dropWhere(
			( p ) => p.action?.type === 'button' && p.status !== 'sending'
		);
	}

	actionBusy(): boolean {
		return this.pending.some( ( p ) => p.action && p.status === 'sending' );
	}

	isSending( type: ActionType ): boolean {
		return this.pending.some(
			( p ) => p.action?.type === type && p.status === 'sending'
		);
	}

	/** Something the bot will answer is on its way. */
	get botAnswering(): boolean {
		return (
			this.#botTyping > 0 ||
			this.pending.some(
				( p ) => p.status === 'sending' && this.#botAnswers( p )
			)
		);
	}

	async whileBotTypes( work: () => Promise< void > ): Promise< void > {
		this.#botTyping++;
		this.#deps.emit();
		try {
			await work();
		} finally {
			this.#botTyping--;
			this.#deps.emit();
		}
	}

	/**
	 * The bot answers actions, and texts while it awaits something (its own question included).
	 * @param p A message on its way.
	 */
	#botAnswers( p: PendingMessage ): boolean {
		return (
			!! p.action ||
			( ! p.image && botAnswersText( this.#deps.sync.conversation ) )
		);
	}

	/**
	 * Delivers one message; offline, it waits for the network and goes again (same clientId),
	 * still shown as sending, and holds the ones typed after it so the order is kept.
	 * @param pending The message.
	 * @param update  Keeps what was learnt on the way (the upload id).
	 */
	async #deliver( pending: PendingMessage, update: Update ): Promise< void > {
		for (;;) {
			try {
				return await this.#deliverOnce( pending, update );
			} catch ( e ) {
				const { sync } = this.#deps;
				if ( statusOf( e ) !== 0 || ! sync.offline ) {
					throw e;
				}
				await sync.whenOnline();
			}
		}
	}

	async #deliverOnce(
		pending: PendingMessage,
		update: Update
	): Promise< void > {
		const { action } = pending;
		const { api, sessions, sync } = this.#deps;
		// Decided as it leaves: what the bot awaits may change before its answer is read.
		const botAnswers = this.#botAnswers( pending );
		await this.#deps.started();
		const conversation = action
			? sync.conversation
			: await sync.ensureConversation();
		if ( ! conversation ) {
			throw new BridgeError( 409, 'conflict', 'No conversation.' );
		}
		const body = await this.#messageBody( pending, update );
		const { message } = await sessions.authed( ( t ) =>
			action
				? api.action( t, conversation.id, action )
				: api.sendMessage( t, conversation.id, body )
		);
		// 201 (new) and 200 (replay of this clientId) both mean "stored".
		sync.ingest( [ message ] );
		if ( conversation.flowId ) {
			// The bot answered in the same request: fetch it now rather than wait for realtime.
			const answered = sync.catchUp( true );
			if ( botAnswers ) {
				this.#botTyping++;
				void answered.finally( () => {
					this.#botTyping--;
					this.#deps.emit();
				} );
			}
		}
	}

	/**
	 * The text, or the image: uploaded once, its id kept on the pending message for retries.
	 * @param pending The message to deliver.
	 * @param update  Keeps the upload id on it.
	 */
	async #messageBody(
		pending: PendingMessage,
		update: Update
	): Promise< SendMessageBody > {
		const { image, clientId, text } = pending;
		if ( ! image ) {
			return { clientId, text };
		}
		let uploadId = image.uploadId;
		if ( ! uploadId ) {
			try {
				const upload = await this.#deps.sessions.authed( ( t ) =>
					this.#deps.api.uploadImage( t, image.file, image.name )
				);
				uploadId = upload.id;
				update( { image: { ...image, uploadId } } );
			} catch ( e ) {
				update( { problem: uploadProblem( e ) } );
				throw e;
			}
		}
		return { clientId, uploadId, ...( text ? { text } : {} ) };
	}

	#failed( pending: PendingMessage, e: unknown ): FailureOutcome {
		const action = pending.action;
		const status = statusOf( e );
		if ( action && status === 409 ) {
			// A stale step or a state that changed meanwhile: show the truth, softly.
			this.notice = { action: action.type, message: messageOf( e ) };
			void this.#deps.sync.catchUp( true );
			return 'drop';
		}
		if ( isRetryable( e ) ) {
			return 'failed';
		}
		if ( status === 409 && this.#deps.sync.conversation ) {
			// Most likely closed meanwhile, unheard of (realtime down): show it.
			const { sync } = this.#deps;
			void sync.catchUp( true ).then( () => {
				if ( sync.conversation?.state === 'closed' ) {
					this.#refusedAsClosed.add( pending.clientId );
				}
			} );
		}
		return 'rejected';
	}
}

/**
 * Upload refusals the view explains in the visitor's language.
 * @param e What the upload threw.
 */
function uploadProblem( e: unknown ): SendProblem | undefined {
	switch ( statusOf( e ) ) {
		case 413:
			return 'too-large';
		case 429:
			return 'rate-limited';
		case 400:
			return 'not-image'; // The bridge checks the content, not the name or type.
		default:
			return undefined;
	}
}
