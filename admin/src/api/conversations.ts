/** A conversation and its messages, notes and typing hints. */
import type {
	InboxConversation,
	Message,
	MessagesPage,
	PatchConversationBody,
} from '@handoff-chat/contracts';
import type { Transport } from './transport';

export interface ConversationsApi {
	getConversation: ( id: string ) => Promise< InboxConversation >;
	listMessages: (
		conversationId: string,
		after: number,
		limit?: number
	) => Promise< MessagesPage >;
	/** Older history: the `limit` messages just before `before`, in seq order. */
	listMessagesBefore: (
		conversationId: string,
		before: number,
		limit?: number
	) => Promise< MessagesPage >;
	/** 201 new or 200 replay: either way the stored message. `uploadId`: an image (text is its caption). */
	sendMessage: (
		conversationId: string,
		body: { clientId: string; text?: string; uploadId?: string }
	) => Promise< Message >;
	/** A private note (201 new, 200 replay); 403 without a licence. */
	addNote: (
		conversationId: string,
		body: { clientId: string; text: string }
	) => Promise< Message >;
	/** close, reopen, take, assign, read: the conversation as this advisor now sees it; 409 with a message. */
	patchConversation: (
		conversationId: string,
		body: PatchConversationBody
	) => Promise< InboxConversation >;
	/** The advisor is typing (the bridge throttles to one event per 2 s). */
	sendTyping: ( conversationId: string ) => Promise< void >;
	/** Managers: deletes the conversation, its messages and images for good (204). */
	deleteConversation: ( conversationId: string ) => Promise< void >;
	/** Managers: the transcript file (not JSON-wrapped: read with the token, outside `bridge`). */
	downloadTranscript: (
		conversationId: string,
		format: TranscriptFormat
	) => Promise< { blob: Blob; filename: string } >;
}

export type TranscriptFormat = 'text' | 'json' | 'csv';

/** `/v1/conversations/:id`, the base of every per-conversation route. */
export const conversationPath = ( id: string ) =>
	`/v1/conversations/${ encodeURIComponent( id ) }`;

export function conversationsApi( {
	bridge,
	file,
}: Transport ): ConversationsApi {
	return {
		async getConversation( id ) {
			const body = await bridge< { conversation: InboxConversation } >(
				conversationPath( id )
			);
			return body.conversation;
		},

		listMessages( conversationId, after, limit = 200 ) {
			return bridge< MessagesPage >(
				`${ conversationPath(
					conversationId
				) }/messages?after=${ after }&limit=${ limit }`
			);
		},

		listMessagesBefore( conversationId, before, limit = 100 ) {
			return bridge< MessagesPage >(
				`${ conversationPath(
					conversationId
				) }/messages?before=${ before }&limit=${ limit }`
			);
		},

		async sendMessage( conversationId, { clientId, text, uploadId } ) {
			const body = await bridge< { message: Message } >(
				`${ conversationPath( conversationId ) }/messages`,
				{
					method: 'POST',
					body: { clientId, text, uploadId },
				}
			);
			return body.message;
		},

		async addNote( conversationId, { clientId, text } ) {
			const body = await bridge< { message: Message } >(
				`${ conversationPath( conversationId ) }/notes`,
				{ method: 'POST', body: { clientId, text } }
			);
			return body.message;
		},

		async patchConversation( conversationId, patch ) {
			const body = await bridge< { conversation: InboxConversation } >(
				conversationPath( conversationId ),
				{ method: 'PATCH', body: patch }
			);
			return body.conversation;
		},

		async sendTyping( conversationId ) {
			await bridge< unknown >(
				`${ conversationPath( conversationId ) }/typing`,
				{ method: 'POST', body: {} }
			);
		},

		async deleteConversation( conversationId ) {
			await bridge< unknown >( conversationPath( conversationId ), {
				method: 'DELETE',
			} );
		},

		async downloadTranscript( conversationId, format ) {
			const blob = await file(
				`${ conversationPath(
					conversationId
				) }/transcript?format=${ format }`
			);
			// Named here: Content-Disposition is not exposed to another origin's script.
			const ext = format === 'text' ? 'txt' : format;
			return {
				blob,
				filename: `conversation-${ conversationId }.${ ext }`,
			};
		},
	};
}
