/**
 * The widget's only client of the bridge HTTP API (CONVENTIONS 4): its endpoints over the
 * client core's transport, which throws the core's BridgeError. Typed with the shared
 * contracts; types only, so no validation library enters the bundle.
 */
import type {
	Conversation,
	ConversationActionBody,
	Message,
	MessagesPage,
	SendMessageBody,
	StartConversationBody,
	StartConversationResponse,
	Upload,
	UploadResponse,
	VisitorSession,
} from '@handoff-chat/contracts';
import type { ChannelAuth } from '@handoff-chat/client-core/connection';
import { statusOf } from '@handoff-chat/client-core/errors';
import {
	createTransport,
	type FetchLike,
	type RequestOptions,
} from '@handoff-chat/client-core/transport';

export interface SendResult {
	message: Message;
	/** True when the bridge answered 200: this clientId had already been stored. */
	replayed: boolean;
}

export interface BridgeApi {
	/**
	 * `POST /v1/sites/:siteId/visitors`; a previous token keeps the same visitor, WordPress's
	 * signed identity gives a logged-in customer their own.
	 */
	createVisitor: (
		previousToken?: string,
		identity?: string
	) => Promise< VisitorSession >;
	/** `GET /v1/conversations/current`; null when the visitor has no open conversation. */
	currentConversation: ( token: string ) => Promise< Conversation | null >;
	getConversation: ( token: string, id: string ) => Promise< Conversation >;
	/** The new conversation and the bot's first messages (already stored). */
	startConversation: (
		token: string,
		body: StartConversationBody
	) => Promise< StartConversationResponse >;
	messages: (
		token: string,
		conversationId: string,
		after: number
	) => Promise< MessagesPage >;
	sendMessage: (
		token: string,
		conversationId: string,
		body: SendMessageBody
	) => Promise< SendResult >;
	/** `POST /v1/conversations/:id/actions`: a button press, "talk to a human", "back to chatbot". */
	action: (
		token: string,
		conversationId: string,
		body: ConversationActionBody
	) => Promise< SendResult >;
	/** `POST /v1/uploads` (multipart, field `file`): the bridge checks the content and size. */
	uploadImage: (
		token: string,
		file: Blob,
		name: string
	) => Promise< Upload >;
	/** `POST /v1/conversations/:id/typing`; false when the bridge throttled it. */
	typing: ( token: string, conversationId: string ) => Promise< boolean >;
	/** `POST /v1/conversations/:id/read`: the visitor has seen up to seq. */
	markRead: (
		token: string,
		conversationId: string,
		seq: number
	) => Promise< Conversation >;
	/** `POST /v1/realtime/auth`: pusher-js's authorisation of a channel for this visitor. */
	authorizeChannel: (
		token: string,
		socketId: string,
		channelName: string
	) => Promise< ChannelAuth >;
}

/** An image may take a while on a slow uplink. */
const UPLOAD_TIMEOUT_MS = 120000;

export function createBridgeApi(
	bridgeUrl: string,
	siteId: string,
	fetchImpl?: FetchLike
): BridgeApi {
	const request = createTransport( { baseUrl: bridgeUrl, fetch: fetchImpl } );
	const enc = encodeURIComponent;
	const conversationPath = ( id: string, rest = '' ) =>
		`/v1/conversations/${ enc( id ) }${ rest }`;
	/** The answer's body. */
	const read = async < T >( path: string, options: RequestOptions ) =>
		( await request< T >( path, options ) ).data;
	const conversation = async ( path: string, options: RequestOptions ) =>
		( await read< { conversation: Conversation } >( path, options ) )
			.conversation;
	/** A stored message: 201 new, 200 a replay of this clientId (stored earlier). */
	const stored = async (
		path: string,
		token: string,
		body: unknown
	): Promise< SendResult > => {
		const { status, data } = await request< { message: Message } >( path, {
			token,
			body,
		} );
		return { message: data.message, replayed: status === 200 };
	};

	return {
		createVisitor: ( previousToken, identity ) =>
			read( `/v1/sites/${ enc( siteId ) }/visitors`, {
				body: { token: previousToken, identity },
				// No preflight: the first call of a visit costs one round trip, not two.
				simple: true,
			} ),

		async currentConversation( token ) {
			try {
				return await conversation( '/v1/conversations/current', {
					token,
				} );
			} catch ( e ) {
				if ( statusOf( e ) === 404 ) {
					return null;
				}
				throw e;
			}
		},

		getConversation: ( token, id ) =>
			conversation( conversationPath( id ), { token } ),

		startConversation: ( token, body ) =>
			read( '/v1/conversations', { token, body } ),

		messages: ( token, conversationId, after ) =>
			read(
				conversationPath(
					conversationId,
					`/messages?after=${ Math.max( 0, Math.floor( after ) ) }`
				),
				{ token }
			),

		sendMessage: ( token, conversationId, body ) =>
			stored(
				conversationPath( conversationId, '/messages' ),
				token,
				body
			),

		action: ( token, conversationId, body ) =>
			stored(
				conversationPath( conversationId, '/actions' ),
				token,
				body
			),

		async uploadImage( token, file, name ) {
			const form = new FormData();
			form.append( 'file', file, name );
			const data = await read< UploadResponse >( '/v1/uploads', {
				token,
				body: form,
				timeoutMs: UPLOAD_TIMEOUT_MS,
			} );
			return data.upload;
		},

		async typing( token, conversationId ) {
			const data = await read< { sent: boolean } | null >(
				conversationPath( conversationId, '/typing' ),
				{ token, body: {} }
			);
			return !! data?.sent;
		},

		markRead: ( token, conversationId, seq ) =>
			conversation( conversationPath( conversationId, '/read' ), {
				token,
				body: { seq },
			} ),

		authorizeChannel: ( token, socketId, channelName ) =>
			read( '/v1/realtime/auth', {
				token,
				body: { socket_id: socketId, channel_name: channelName },
			} ),
	};
}
