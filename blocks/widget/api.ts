/**
 * The widget's only client of the bridge HTTP API (CONVENTIONS 4). Typed with the
 * shared contracts; types only, so no validation library enters the bundle.
 */
import type {
	ApiErrorBody,
	Conversation,
	ConversationActionBody,
	Message,
	MessagesPage,
	SendMessageBody,
	StartConversationBody,
	Upload,
	UploadResponse,
	VisitorSession,
} from '@handoff-chat/contracts';

/** A failed call. `status` 0 means the bridge was not reached (network, timeout). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super( message );
		this.name = 'ApiError';
	}
}

/**
 * Worth retrying with the same clientId: the bridge may not have seen the request.
 * @param err What the call threw.
 */
export function isRetryable( err: unknown ): boolean {
	if ( ! ( err instanceof ApiError ) ) {
		return true;
	}
	return (
		err.status === 0 ||
		err.status === 408 ||
		err.status === 429 ||
		err.status >= 500
	);
}

export interface SendResult {
	message: Message;
	/** True when the bridge answered 200: this clientId had already been stored. */
	replayed: boolean;
}

export interface BridgeApi {
	/** `POST /v1/sites/:siteId/visitors`; a previous token keeps the same visitor. */
	createVisitor: ( previousToken?: string ) => Promise< VisitorSession >;
	/** `GET /v1/conversations/current`; null when the visitor has no open conversation. */
	currentConversation: ( token: string ) => Promise< Conversation | null >;
	getConversation: ( token: string, id: string ) => Promise< Conversation >;
	startConversation: (
		token: string,
		body: StartConversationBody
	) => Promise< Conversation >;
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
	/** Where pusher-js asks for channel authorisations. */
	readonly realtimeAuthUrl: string;
}

type FetchLike = ( input: string, init: RequestInit ) => Promise< Response >;

const TIMEOUT_MS = 15000;
/** An image may take a while on a slow uplink. */
const UPLOAD_TIMEOUT_MS = 120000;

export function createBridgeApi(
	bridgeUrl: string,
	siteId: string,
	fetchImpl: FetchLike = ( input, init ) => fetch( input, init )
): BridgeApi {
	const base = bridgeUrl.replace( /\/+$/, '' );
	const enc = encodeURIComponent;

	async function request< T >(
		method: 'GET' | 'POST',
		path: string,
		token: string | null,
		body?: unknown,
		timeoutMs = TIMEOUT_MS
	): Promise< { status: number; data: T } > {
		const headers: Record< string, string > = {
			Accept: 'application/json',
		};
		// The browser writes a multipart body's Content-Type itself (with its boundary).
		const form =
			typeof FormData !== 'undefined' && body instanceof FormData;
		if ( body !== undefined && ! form ) {
			headers[ 'Content-Type' ] = 'application/json';
		}
		if ( token ) {
			headers.Authorization = 'Bearer ' + token;
		}
		const controller =
			typeof AbortController !== 'undefined'
				? new AbortController()
				: null;
		const timer = controller
			? setTimeout( () => controller.abort(), timeoutMs )
			: null;
		let res: Response;
		try {
			res = await fetchImpl( base + path, {
				method,
				headers,
				body:
					form || body === undefined
						? ( body as FormData | undefined )
						: JSON.stringify( body ),
				// Bearer tokens, never cookies: the bridge is another origin.
				credentials: 'omit',
				cache: 'no-store',
				signal: controller?.signal,
			} );
		} catch ( e ) {
			throw new ApiError(
				0,
				'network',
				e instanceof Error ? e.message : String( e )
			);
		} finally {
			if ( timer ) {
				clearTimeout( timer );
			}
		}
		let data: unknown = null;
		try {
			data = await res.json();
		} catch {
			// An empty or non-JSON body (a proxy's error page): the status still speaks.
		}
		if ( ! res.ok ) {
			const err = ( data as Partial< ApiErrorBody > | null )?.error;
			throw new ApiError(
				res.status,
				typeof err?.code === 'string' ? err.code : 'http_' + res.status,
				typeof err?.message === 'string'
					? err.message
					: res.statusText || 'HTTP ' + res.status
			);
		}
		return { status: res.status, data: data as T };
	}

	return {
		realtimeAuthUrl: base + '/v1/realtime/auth',

		async createVisitor( previousToken ) {
			const { data } = await request< VisitorSession >(
				'POST',
				`/v1/sites/${ enc( siteId ) }/visitors`,
				null,
				previousToken ? { token: previousToken } : {}
			);
			return data;
		},

		async currentConversation( token ) {
			try {
				const { data } = await request< {
					conversation: Conversation;
				} >( 'GET', '/v1/conversations/current', token );
				return data.conversation;
			} catch ( e ) {
				if ( e instanceof ApiError && e.status === 404 ) {
					return null;
				}
				throw e;
			}
		},

		async getConversation( token, id ) {
			const { data } = await request< { conversation: Conversation } >(
				'GET',
				`/v1/conversations/${ enc( id ) }`,
				token
			);
			return data.conversation;
		},

		async startConversation( token, body ) {
			const { data } = await request< { conversation: Conversation } >(
				'POST',
				'/v1/conversations',
				token,
				body
			);
			return data.conversation;
		},

		async messages( token, conversationId, after ) {
			const { data } = await request< MessagesPage >(
				'GET',
				`/v1/conversations/${ enc( conversationId ) }/messages?after=${ Math.max( 0, Math.floor( after ) ) }`,
				token
			);
			return data;
		},

		async sendMessage( token, conversationId, body ) {
			const { status, data } = await request< { message: Message } >(
				'POST',
				`/v1/conversations/${ enc( conversationId ) }/messages`,
				token,
				body
			);
			return { message: data.message, replayed: status === 200 };
		},

		async uploadImage( token, file, name ) {
			const form = new FormData();
			form.append( 'file', file, name );
			const { data } = await request< UploadResponse >(
				'POST',
				'/v1/uploads',
				token,
				form,
				UPLOAD_TIMEOUT_MS
			);
			return data.upload;
		},

		async typing( token, conversationId ) {
			const { data } = await request< { sent: boolean } >(
				'POST',
				`/v1/conversations/${ enc( conversationId ) }/typing`,
				token,
				{}
			);
			return !! data?.sent;
		},

		async markRead( token, conversationId, seq ) {
			const { data } = await request< { conversation: Conversation } >(
				'POST',
				`/v1/conversations/${ enc( conversationId ) }/read`,
				token,
				{ seq }
			);
			return data.conversation;
		},

		async action( token, conversationId, body ) {
			const { status, data } = await request< { message: Message } >(
				'POST',
				`/v1/conversations/${ enc( conversationId ) }/actions`,
				token,
				body
			);
			return { message: data.message, replayed: status === 200 };
		},
	};
}
