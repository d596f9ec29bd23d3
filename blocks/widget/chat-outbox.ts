/**
 * What the visitor sends: texts, images and bot actions, shown at once (optimistic), sent
 * one at a time in typing order, and retried with the same clientId — an image keeps its
 * uploadId too, so a retry never uploads it twice. The bridge stores each clientId once.
 */
import type {
	ConversationActionBody,
	SendMessageBody,
} from '@handoff-chat/contracts';
import { ApiError, isRetryable, type BridgeApi } from './api';
import { currentPrompt } from './bot-steps';
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

export class Outbox {
	pending: PendingMessage[] = [];
	notice: ActionNotice | null = null;
	private sendQueue: Promise< unknown > = Promise.resolve();
	private botTyping = 0;

	constructor( private readonly deps: OutboxDeps ) {}

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
		const clientId = this.deps.clientId();
		const pending: PendingMessage = {
			clientId,
			text,
			createdAt: this.deps.now().toISOString(),
			status: 'sending',
			...( action ? { action: action( clientId ) } : {} ),
			...( image ? { image } : {} ),
		};
		this.notice = null;
		this.pending.push( pending );
		this.enqueue( pending );
		this.deps.emit();
	}

	/**
	 * Sends a failed message again with the same clientId (and uploadId).
	 * @param clientId Client id of the failed message.
	 */
	retry( clientId: string ): void {
		const pending = this.pending.find( ( p ) => p.clientId === clientId );
		if ( ! pending || pending.status === 'sending' ) {
			return;
		}
		pending.status = 'sending';
		pending.error = undefined;
		pending.problem = undefined;
		this.enqueue( pending );
		this.deps.emit();
	}

	/**
	 * Forgets a message the bridge refused (or the visitor gave up on).
	 * @param clientId Client id of the message.
	 */
	discard( clientId: string ): void {
		this.keep( ( p ) => p.clientId !== clientId || p.status === 'sending' );
		this.deps.emit();
	}

	/** A new conversation: only texts still on their way follow the visitor there. */
	reset(): void {
		this.notice = null;
		this.keep( ( p ) => p.status === 'sending' && ! p.action );
	}

	/** Drops superseded button presses (an earlier one that failed). */
	dropFailedPresses(): void {
		this.keep(
			( p ) => p.action?.type !== 'button' || p.status === 'sending'
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
		return this.botTyping > 0;
	}

	async whileBotTypes( work: () => Promise< void > ): Promise< void > {
		this.botTyping++;
		this.deps.emit();
		try {
			await work();
		} finally {
			this.botTyping--;
			this.deps.emit();
		}
	}

	/**
	 * Keeps the pending messages that pass, releasing the previews of the others.
	 * @param pass Which messages stay.
	 */
	private keep( pass: ( p: PendingMessage ) => boolean ): void {
		this.pending = this.pending.filter( ( p ) => {
			const kept = pass( p );
			if ( ! kept && p.image?.preview ) {
				URL.revokeObjectURL?.( p.image.preview );
			}
			return kept;
		} );
	}

	/**
	 * One send at a time, so messages reach the bridge in the order they were typed.
	 * @param pending The message to deliver.
	 */
	private enqueue( pending: PendingMessage ): void {
		// The bot answers actions, and texts while it listens (its own question included).
		const c = this.deps.sync.conversation;
		const botAnswers =
			!! pending.action ||
			( ! pending.image &&
				!! c?.flowId &&
				( c.state === 'bot' ||
					!! currentPrompt( this.deps.sync.store.messages, c )
						.question ) );
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
		const { api, sessions, sync } = this.deps;
		let answered: Promise< unknown > = Promise.resolve();
		try {
			await this.deps.started();
			const conversation = action
				? sync.conversation
				: await sync.ensureConversation();
			if ( ! conversation ) {
				throw new ApiError( 409, 'conflict', 'No conversation.' );
			}
			const body = await this.messageBody( pending );
			const { message } = await sessions.authed( ( t ) =>
				action
					? api.action( t, conversation.id, action )
					: api.sendMessage( t, conversation.id, body )
			);
			// 201 (new) and 200 (replay of this clientId) both mean "stored".
			this.keep( ( p ) => p.clientId !== pending.clientId );
			sync.ingest( [ message ] );
			if ( conversation.flowId ) {
				// The bot answered in the same request: fetch it now rather than wait for realtime.
				answered = sync.catchUp( true );
			}
		} catch ( e ) {
			this.failed( pending, e );
			this.deps.emit();
		} finally {
			if ( botAnswers ) {
				void answered.finally( () => {
					this.botTyping--;
					this.deps.emit();
				} );
			}
		}
	}

	/**
	 * The text, or the image: uploaded once, its id kept on the pending message for retries.
	 * @param pending The message to deliver.
	 */
	private async messageBody(
		pending: PendingMessage
	): Promise< SendMessageBody > {
		const image = pending.image;
		if ( ! image ) {
			return { clientId: pending.clientId, text: pending.text };
		}
		if ( ! image.uploadId ) {
			try {
				const upload = await this.deps.sessions.authed( ( t ) =>
					this.deps.api.uploadImage( t, image.file, image.name )
				);
				image.uploadId = upload.id;
			} catch ( e ) {
				pending.problem = uploadProblem( e );
				throw e;
			}
		}
		return {
			clientId: pending.clientId,
			uploadId: image.uploadId,
			...( pending.text ? { text: pending.text } : {} ),
		};
	}

	private failed( pending: PendingMessage, e: unknown ): void {
		const action = pending.action;
		const status = e instanceof ApiError ? e.status : 0;
		if ( action && status === 409 ) {
			// A stale step or a state that changed meanwhile: show the truth, softly.
			this.keep( ( p ) => p.clientId !== pending.clientId );
			this.notice = {
				action: action.type,
				message: e instanceof Error ? e.message : String( e ),
			};
			void this.deps.sync.catchUp( true );
			return;
		}
		if ( isRetryable( e ) ) {
			pending.status = 'failed';
			pending.error = undefined;
			return;
		}
		pending.status = 'rejected';
		pending.error = e instanceof Error ? e.message : String( e );
		if ( status === 409 && this.deps.sync.conversation ) {
			void this.deps.sync.catchUp( true ); // Most likely closed meanwhile: show it.
		}
	}
}

/**
 * Upload refusals the view explains in the visitor's language.
 * @param e What the upload threw.
 */
function uploadProblem( e: unknown ): SendProblem | undefined {
	switch ( e instanceof ApiError ? e.status : 0 ) {
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
