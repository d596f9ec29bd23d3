/**
 * The admin app's only door to the outside (CONVENTIONS 4): WordPress's REST API
 * through api-fetch (cookie + nonce) for advisor tokens, and the bridge over HTTPS
 * with those tokens. Everything else reads data through `data/use-*.ts` hooks.
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';
import type {
	AdvisorInboxPage,
	AdvisorsResponse,
	ApiErrorBody,
	Flow,
	FlowIssue,
	FlowResponse,
	FlowSummary,
	FlowsListResponse,
	InboxConversation,
	InboxSummary,
	Message,
	MessagesPage,
	OnlineVisitorsResponse,
	PatchConversationBody,
	SearchPage,
	SettingsBody,
	SettingsResponse,
	SiteConfigResponse,
	Upload,
	VariablesResponse,
	VisitorDetailsResponse,
	VisitorVariable,
} from '@handoff-chat/contracts';
import type { ChannelAuthorizationHandler } from 'pusher-js';
import type { InboxFilter, InboxListName } from './utils/inbox-list';

/** WordPress answers 503 with this code while the bridge settings are incomplete. */
export const NOT_CONFIGURED = 'handoff_chat_not_configured';

/** Refresh tokens this long before they expire, so a request never carries a dying one. */
const TOKEN_MARGIN_MS = 60_000;
const REQUEST_TIMEOUT_MS = 20_000;

/** A failed call, with a message fit to show to the advisor. */
export class BridgeError extends Error {
	readonly status: number;
	readonly code: string;
	/** `error.details` of the bridge's answer, e.g. a flow's `FlowIssue[]` on a 400. */
	readonly details: unknown;

	constructor(
		message: string,
		status: number,
		code: string,
		details?: unknown
	) {
		super( message );
		this.name = 'BridgeError';
		this.status = status;
		this.code = code;
		this.details = details;
	}
}

/** The flow problems a 400 from `PUT /v1/flows/:id` carries; [] for any other error. */
export function flowIssuesOf( e: unknown ): FlowIssue[] {
	const details = e instanceof BridgeError ? e.details : null;
	if ( ! Array.isArray( details ) ) {
		return [];
	}
	return details
		.filter(
			( d ): d is FlowIssue =>
				!! d &&
				typeof d === 'object' &&
				typeof ( d as FlowIssue ).path === 'string' &&
				typeof ( d as FlowIssue ).message === 'string'
		)
		.map( ( d ) => ( { path: d.path, message: d.message } ) );
}

export const isNotConfigured = ( e: unknown ): boolean =>
	e instanceof BridgeError && e.code === NOT_CONFIGURED;

/** A message to show for any thrown value. */
export function errorMessage( e: unknown ): string {
	if ( e instanceof Error && e.message ) {
		return e.message;
	}
	return __( 'Something went wrong. Please try again.', 'handoff-chat' );
}

export interface AdvisorToken {
	token: string;
	/** ISO 8601. */
	expiresAt: string;
	bridgeUrl: string;
	siteId: string;
}

export interface InboxQueryArgs {
	list: InboxListName;
	filter: InboxFilter;
	cursor?: string | null;
	limit?: number;
}

export interface ChannelAuth {
	auth: string;
	channel_data?: string;
}

export type AdvisorListItem = AdvisorsResponse[ 'advisors' ][ number ];

export interface HandoffApi {
	listInbox: ( args: InboxQueryArgs ) => Promise< AdvisorInboxPage >;
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
	/** Multipart upload of one image; the bridge checks the content. */
	uploadImage: ( file: Blob, name?: string ) => Promise< Upload >;
	getVisitor: ( conversationId: string ) => Promise< VisitorDetailsResponse >;
	/** null or '' deletes a variable. Answers every variable after the change. */
	putVariables: (
		conversationId: string,
		variables: Record< string, string | null >
	) => Promise< VisitorVariable[] >;
	getSummary: () => Promise< InboxSummary >;
	/** Visitor ids whose widget is open now. */
	getOnlineVisitors: () => Promise< string[] >;
	listAdvisors: () => Promise< AdvisorListItem[] >;
	/** The advisor is typing (the bridge throttles to one event per 2 s). */
	sendTyping: ( conversationId: string ) => Promise< void >;
	search: ( q: string, cursor?: string | null ) => Promise< SearchPage >;
	getSettings: () => Promise< SettingsResponse >;
	/** Needs `manage`; a 400 names the field at fault. */
	putSettings: ( body: SettingsBody ) => Promise< SettingsResponse >;
	getRealtimeConfig: () => Promise< SiteConfigResponse >;
	authorizeChannel: (
		socketId: string,
		channelName: string
	) => Promise< ChannelAuth >;
	/** For pusher-js `channelAuthorization.customHandler`: a fresh advisor token per call. */
	channelAuthorizer: ChannelAuthorizationHandler;
	/** The visitor's variables (captured by the bot, across conversations). */
	getVariables: ( conversationId: string ) => Promise< VisitorVariable[] >;
	listFlows: () => Promise< FlowSummary[] >;
	getFlow: ( id: string ) => Promise< FlowResponse >;
	/**
	 * Creates or replaces; a 400 carries the flow's issues (see `flowIssuesOf`). Needs
	 * `manage`. `create`: only if no flow has this id (new, duplicated or imported flows);
	 * a taken id answers 409 instead of replacing a colleague's flow.
	 */
	putFlow: (
		flow: Flow,
		options?: { create?: boolean }
	) => Promise< FlowResponse >;
	/** 409 for the default flow, with the bridge's message. Needs `manage`. */
	deleteFlow: ( id: string ) => Promise< void >;
}

export interface ApiOptions {
	tokenPath: string;
	/** Fallbacks from the initial state; the token response is authoritative. */
	bridgeUrl?: string;
	siteId?: string;
	/** Injected in tests. */
	fetch?: typeof fetch;
	apiFetch?: ( options: {
		path: string;
		method: string;
	} ) => Promise< unknown >;
	now?: () => number;
}

interface WpRestError {
	code?: string;
	message?: string;
	data?: { status?: number };
}

function tokenError( e: unknown ): BridgeError {
	const err = ( e ?? {} ) as WpRestError;
	const status = err.data?.status ?? 0;
	if ( err.code === NOT_CONFIGURED || status === 503 ) {
		return new BridgeError(
			err.message ||
				__( 'Handoff Chat is not configured yet.', 'handoff-chat' ),
			503,
			NOT_CONFIGURED
		);
	}
	return new BridgeError(
		err.message ||
			__(
				'WordPress did not issue a chat token. Reload the page and try again.',
				'handoff-chat'
			),
		status,
		err.code || 'token_error'
	);
}

export function createApi( options: ApiOptions ): HandoffApi {
	const doFetch =
		options.fetch ??
		( ( ...args: Parameters< typeof fetch > ) => fetch( ...args ) );
	const doApiFetch = options.apiFetch ?? ( ( o ) => apiFetch( o ) );
	const now = options.now ?? Date.now;

	let cached: { value: AdvisorToken; refreshAt: number } | null = null;
	let pending: Promise< AdvisorToken > | null = null;

	function getToken( force = false ): Promise< AdvisorToken > {
		if ( ! force && cached && now() < cached.refreshAt ) {
			return Promise.resolve( cached.value );
		}
		if ( pending ) {
			return pending;
		}
		pending = doApiFetch( { path: options.tokenPath, method: 'POST' } )
			.then(
				( raw ) => {
					const t = raw as Partial< AdvisorToken > | null;
					if ( ! t || typeof t.token !== 'string' || ! t.token ) {
						throw tokenError( null );
					}
					const value: AdvisorToken = {
						token: t.token,
						expiresAt: String( t.expiresAt ?? '' ),
						bridgeUrl: (
							t.bridgeUrl ||
							options.bridgeUrl ||
							''
						).replace( /\/+$/, '' ),
						siteId: t.siteId || options.siteId || '',
					};
					const expires = Date.parse( value.expiresAt );
					// Without a readable expiry, keep it briefly rather than asking on every call.
					const refreshAt = Number.isNaN( expires )
						? now() + 4 * 60_000
						: expires - TOKEN_MARGIN_MS;
					cached = { value, refreshAt };
					return value;
				},
				( e ) => {
					throw tokenError( e );
				}
			)
			.finally( () => {
				pending = null;
			} );
		return pending;
	}

	async function send(
		token: AdvisorToken,
		path: string,
		init: RequestInit
	): Promise< Response > {
		const controller =
			typeof AbortController === 'function'
				? new AbortController()
				: null;
		const timer = controller
			? setTimeout( () => controller.abort(), REQUEST_TIMEOUT_MS )
			: null;
		try {
			return await doFetch( `${ token.bridgeUrl }${ path }`, {
				...init,
				signal: controller?.signal,
				headers: {
					...( init.headers as Record< string, string > | undefined ),
					Accept: 'application/json',
					// FormData sets its own multipart boundary.
					...( init.body && typeof init.body === 'string'
						? { 'Content-Type': 'application/json' }
						: {} ),
					Authorization: `Bearer ${ token.token }`,
				},
			} );
		} catch {
			throw new BridgeError(
				__(
					'The chat server cannot be reached. Check your connection and try again.',
					'handoff-chat'
				),
				0,
				'network'
			);
		} finally {
			if ( timer ) {
				clearTimeout( timer );
			}
		}
	}

	async function readError( res: Response ): Promise< BridgeError > {
		let body: Partial< ApiErrorBody > | null = null;
		try {
			body = ( await res.json() ) as Partial< ApiErrorBody >;
		} catch {
			// Not JSON (a proxy's error page): fall through to a generic message.
		}
		const err = body?.error;
		if ( err && typeof err.message === 'string' ) {
			return new BridgeError(
				err.message,
				res.status,
				String( err.code ?? 'error' ),
				err.details
			);
		}
		return new BridgeError(
			sprintf(
				/* translators: %d: HTTP status code, e.g. 502. */
				__(
					'The chat server answered with an error (%d).',
					'handoff-chat'
				),
				res.status
			),
			res.status,
			'http_error'
		);
	}

	/** A bridge call with the advisor token; one new token and one retry on a 401. */
	async function bridge< T >(
		path: string,
		init: RequestInit = {}
	): Promise< T > {
		let token = await getToken();
		let res = await send( token, path, init );
		if ( res.status === 401 ) {
			token = await getToken( true );
			res = await send( token, path, init );
		}
		if ( ! res.ok ) {
			throw await readError( res );
		}
		// 204 No Content (a delete): nothing to read.
		return ( res.status === 204 ? undefined : await res.json() ) as T;
	}

	const enc = encodeURIComponent;

	const api: HandoffApi = {
		listInbox( { list, filter, cursor, limit } ) {
			const q = new URLSearchParams( { list, filter } );
			if ( cursor ) {
				q.set( 'cursor', cursor );
			}
			if ( limit ) {
				q.set( 'limit', String( limit ) );
			}
			return bridge< AdvisorInboxPage >( `/v1/inbox?${ q.toString() }` );
		},

		async getConversation( id ) {
			const body = await bridge< { conversation: InboxConversation } >(
				`/v1/conversations/${ enc( id ) }`
			);
			return body.conversation;
		},

		listMessagesBefore( conversationId, before, limit = 100 ) {
			return bridge< MessagesPage >(
				`/v1/conversations/${ enc( conversationId ) }/messages?before=${ before }&limit=${ limit }`
			);
		},

		async addNote( conversationId, { clientId, text } ) {
			const body = await bridge< { message: Message } >(
				`/v1/conversations/${ enc( conversationId ) }/notes`,
				{ method: 'POST', body: JSON.stringify( { clientId, text } ) }
			);
			return body.message;
		},

		async patchConversation( conversationId, patch ) {
			const body = await bridge< { conversation: InboxConversation } >(
				`/v1/conversations/${ enc( conversationId ) }`,
				{ method: 'PATCH', body: JSON.stringify( patch ) }
			);
			return body.conversation;
		},

		async uploadImage( file, name = 'image' ) {
			const form = new FormData();
			form.append( 'file', file, name );
			const body = await bridge< { upload: Upload } >( '/v1/uploads', {
				method: 'POST',
				body: form,
			} );
			return body.upload;
		},

		getVisitor( conversationId ) {
			return bridge< VisitorDetailsResponse >(
				`/v1/conversations/${ enc( conversationId ) }/visitor`
			);
		},

		async putVariables( conversationId, variables ) {
			const body = await bridge< VariablesResponse >(
				`/v1/conversations/${ enc( conversationId ) }/variables`,
				{ method: 'PUT', body: JSON.stringify( { variables } ) }
			);
			return body.variables;
		},

		getSummary() {
			return bridge< InboxSummary >( '/v1/inbox/summary' );
		},

		async getOnlineVisitors() {
			const body =
				await bridge< OnlineVisitorsResponse >( '/v1/inbox/online' );
			return body.visitorIds;
		},

		async listAdvisors() {
			const body = await bridge< AdvisorsResponse >( '/v1/advisors' );
			return body.advisors;
		},

		async sendTyping( conversationId ) {
			await bridge< unknown >(
				`/v1/conversations/${ enc( conversationId ) }/typing`,
				{ method: 'POST', body: '{}' }
			);
		},

		search( q, cursor ) {
			const query = new URLSearchParams( { q } );
			if ( cursor ) {
				query.set( 'cursor', cursor );
			}
			return bridge< SearchPage >( `/v1/search?${ query.toString() }` );
		},

		getSettings() {
			return bridge< SettingsResponse >( '/v1/settings' );
		},

		putSettings( settings ) {
			return bridge< SettingsResponse >( '/v1/settings', {
				method: 'PUT',
				body: JSON.stringify( settings ),
			} );
		},

		listMessages( conversationId, after, limit = 200 ) {
			return bridge< MessagesPage >(
				`/v1/conversations/${ enc( conversationId ) }/messages?after=${ after }&limit=${ limit }`
			);
		},

		async sendMessage( conversationId, { clientId, text, uploadId } ) {
			const body = await bridge< { message: Message } >(
				`/v1/conversations/${ enc( conversationId ) }/messages`,
				{
					method: 'POST',
					body: JSON.stringify( { clientId, text, uploadId } ),
				}
			);
			return body.message;
		},

		async getRealtimeConfig() {
			const token = await getToken();
			const res = await send(
				token,
				`/v1/sites/${ enc( token.siteId ) }/config`,
				{}
			);
			if ( ! res.ok ) {
				throw await readError( res );
			}
			return ( await res.json() ) as SiteConfigResponse;
		},

		authorizeChannel( socketId, channelName ) {
			return bridge< ChannelAuth >( '/v1/realtime/auth', {
				method: 'POST',
				body: JSON.stringify( {
					socket_id: socketId,
					channel_name: channelName,
				} ),
			} );
		},

		async getVariables( conversationId ) {
			const body = await bridge< VariablesResponse >(
				`/v1/conversations/${ enc( conversationId ) }/variables`
			);
			return body.variables;
		},

		async listFlows() {
			const body = await bridge< FlowsListResponse >( '/v1/flows' );
			return body.flows;
		},

		getFlow( id ) {
			return bridge< FlowResponse >( `/v1/flows/${ enc( id ) }` );
		},

		putFlow( flow, { create = false } = {} ) {
			return bridge< FlowResponse >( `/v1/flows/${ enc( flow.id ) }`, {
				method: 'PUT',
				body: JSON.stringify( flow ),
				...( create ? { headers: { 'If-None-Match': '*' } } : {} ),
			} );
		},

		async deleteFlow( id ) {
			await bridge< void >( `/v1/flows/${ enc( id ) }`, {
				method: 'DELETE',
			} );
		},

		channelAuthorizer( params, callback ) {
			api.authorizeChannel( params.socketId, params.channelName ).then(
				( data ) => callback( null, data ),
				( e: unknown ) =>
					callback(
						e instanceof Error ? e : new Error( errorMessage( e ) ),
						null
					)
			);
		},
	};
	return api;
}
