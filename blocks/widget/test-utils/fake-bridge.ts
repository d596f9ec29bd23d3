/**
 * An in-memory stand-in for the bridge HTTP API, behind the `fetch` signature that
 * api.ts takes, plus a fake realtime factory. For unit tests of the panel logic only.
 *
 * What the bot awaits is not restated here: each conversation keeps a flow position,
 * set from the bot messages a test adds (buttons → a press, a question → an answer, the
 * question while `waiting` → the offline email question), and its `awaits` is the
 * contracts' `awaitsOf` of that position and the current state, as the bridge stores it.
 */
import type {
	BotAwaits,
	Conversation,
	Message,
	MessageKind,
	MessageMeta,
	RealtimeClientConfig,
	VisitorSession,
} from '@handoff-chat/contracts';
import { awaitsOf } from '@handoff-chat/contracts/conversation-rules';
import type {
	FlowState,
	PendingTransfer,
} from '@handoff-chat/contracts/flow-engine';
import type {
	RealtimeFactory,
	RealtimeHandlers,
	RealtimeLink,
	RealtimeOptions,
} from '../realtime';

export interface Call {
	method: string;
	path: string;
	body: any;
	token: string | null;
}

const realtimeConfig: RealtimeClientConfig = {
	key: 'k',
	wsHost: '127.0.0.1',
	wsPort: 6001,
	wssPort: 6001,
	forceTLS: false,
	cluster: 'mt1',
};

export function fakeBridge() {
	const calls: Call[] = [];
	const conversations: Conversation[] = [];
	const messages: Message[] = [];
	let visitors = 0;
	let tokens = 0;
	const validTokens = new Map< string, string >();
	const failures: Array<
		'network' | { status: number; code: string; message: string }
	> = [];
	let pageSize = 100;
	const expired = new Set< string >();
	/** Uploads by id: owner and the message that took it, if any. */
	const uploads = new Map<
		string,
		{ visitorId: string; messageId: string | null; type: string }
	>();

	const reply = ( status: number, body: unknown ) =>
		Promise.resolve( {
			ok: status >= 200 && status < 300,
			status,
			statusText: String( status ),
			json: async () => body,
		} as Response );
	const error = ( status: number, code: string, message: string ) =>
		reply( status, { error: { code, message } } );

	const issue = ( visitorId: string ): VisitorSession => {
		const token = 'tok' + ++tokens;
		validTokens.set( token, visitorId );
		return {
			visitorId,
			token,
			expiresAt: '2099-01-01T00:00:00.000Z',
			realtime: realtimeConfig,
		};
	};

	/** The flow position of each conversation, as the bot's messages leave it. */
	const positions = new Map< string, FlowState >();
	const position = (
		stepId: string | null,
		over: Partial< FlowState >
	) => ( {
		start: 'welcome',
		sequence: 'welcome',
		step: 0,
		stepId,
		waiting: 'end' as const,
		...over,
	} );
	/**
	 * Where the bot stands after one of its messages.
	 * @param c    The conversation.
	 * @param meta The message's step extras.
	 */
	const botWrote = ( c: Conversation, meta: MessageMeta ) => {
		const stepId = meta.stepId ?? null;
		const q = meta.question;
		let fs = position( stepId, {} );
		if ( meta.buttons?.length ) {
			fs = position( stepId, { waiting: 'buttons' } );
		} else if ( q && c.state === 'waiting' ) {
			fs = position( stepId, {
				waiting: 'fallback_email',
				transfer: {
					stepId: stepId ?? '',
					emailVariable: q.variable,
				} as PendingTransfer,
			} );
		} else if ( q ) {
			fs = position( stepId, { waiting: 'question', question: q } );
		}
		positions.set( c.id, fs );
	};
	/**
	 * Gives a new conversation its `awaits`, always read from its state and position.
	 * @param c The conversation, just created.
	 */
	const track = ( c: Conversation ) =>
		Object.defineProperty( c, 'awaits', {
			enumerable: true,
			get: (): BotAwaits =>
				awaitsOf( c.state, positions.get( c.id ) ?? null ),
		} );

	const append = (
		c: Conversation,
		m: Omit< Message, 'id' | 'seq' | 'conversationId' | 'createdAt' >
	): Message => {
		c.lastSeq += 1;
		const msg: Message = {
			id: 'm' + c.lastSeq,
			conversationId: c.id,
			seq: c.lastSeq,
			createdAt: new Date().toISOString(),
			...m,
		};
		messages.push( msg );
		return msg;
	};

	const bridge = {
		calls,
		conversations,
		messages,
		uploads,
		/** Runs when a bot conversation starts (the bot's first messages). */
		onStart: null as null | ( ( c: Conversation ) => void ),
		/** Runs after an accepted action is stored (the bot's answer). */
		onAction: null as null | ( ( c: Conversation, body: any ) => void ),
		/**
		 * A bot message, as the flow engine would store it.
		 * @param conversationId Conversation to write in.
		 * @param text           Message text.
		 * @param meta           Bot step extras (buttons, question, image…).
		 * @param kind           `text` or `image`.
		 */
		addBotMessage(
			conversationId: string,
			text: string,
			meta: MessageMeta = {},
			kind: MessageKind = 'text'
		): Message {
			const c = conversations.find( ( x ) => x.id === conversationId )!;
			botWrote( c, meta );
			return append( c, {
				clientId: null,
				kind,
				author: { type: 'bot', id: null, name: null },
				text,
				meta,
			} );
		},
		/**
		 * The next requests fail, in order: 'network' rejects, an object answers with an error.
		 * @param {...any} f
		 */
		failNext( ...f: typeof failures ) {
			failures.push( ...f );
		},
		setPageSize( n: number ) {
			pageSize = n;
		},
		/**
		 * Expired: refused by the API (401) but still good for a refresh, as within the bridge's grace period.
		 * @param token A token the bridge issued.
		 */
		expire( token: string ) {
			expired.add( token );
		},
		/**
		 * A message written by someone else (advisor), as the bridge would store it.
		 * @param conversationId Conversation to write in.
		 * @param text           Message text.
		 * @param name           Advisor's display name.
		 */
		addAdvisorMessage(
			conversationId: string,
			text: string,
			name = 'Camille'
		): Message {
			const c = conversations.find( ( x ) => x.id === conversationId )!;
			c.lastSeq += 1;
			const m: Message = {
				id: 'm' + c.lastSeq,
				conversationId,
				seq: c.lastSeq,
				clientId: null,
				kind: 'text',
				author: { type: 'advisor', id: '1', name },
				text,
				createdAt: new Date().toISOString(),
			};
			messages.push( m );
			return m;
		},
		/**
		 * An advisor's state change, as the bridge records it (a system `event` message).
		 * @param conversationId Conversation to write in.
		 * @param meta           `event`, `actor`, `assignee`.
		 */
		addEvent( conversationId: string, meta: MessageMeta ): Message {
			const c = conversations.find( ( x ) => x.id === conversationId )!;
			if ( meta.event === 'closed' || meta.event === 'reopened' ) {
				c.state = meta.event === 'closed' ? 'closed' : 'live';
			}
			return append( c, {
				clientId: null,
				kind: 'event',
				author: { type: 'system', id: null, name: null },
				text: 'English fallback',
				meta,
			} );
		},
		/**
		 * A private note: it takes a seq but visitors never receive it.
		 * @param conversationId Conversation the note belongs to.
		 */
		addNote( conversationId: string ) {
			const c = conversations.find( ( x ) => x.id === conversationId )!;
			c.lastSeq += 1;
		},
		fetch: async (
			url: string,
			init: RequestInit
		): Promise< Response > => {
			const u = new URL( url );
			const auth =
				( init.headers as Record< string, string > ).Authorization ??
				null;
			const token = auth ? auth.replace( /^Bearer /, '' ) : null;
			let body: any;
			if ( init.body instanceof FormData ) {
				body = Object.fromEntries( init.body.entries() );
			} else if ( init.body ) {
				body = JSON.parse( String( init.body ) );
			}
			calls.push( {
				method: init.method ?? 'GET',
				path: u.pathname + u.search,
				body,
				token,
			} );
			const f = failures.shift();
			if ( f === 'network' ) {
				throw new TypeError( 'Failed to fetch' );
			}
			if ( f ) {
				return error( f.status, f.code, f.message );
			}
			const path = u.pathname;
			if (
				init.method === 'POST' &&
				/^\/v1\/sites\/[^/]+\/visitors$/.test( path )
			) {
				const previous = body?.token && validTokens.get( body.token );
				return reply(
					previous ? 200 : 201,
					issue( previous || 'v' + ++visitors )
				);
			}
			const visitorId =
				token && ! expired.has( token )
					? validTokens.get( token )
					: undefined;
			if ( ! visitorId ) {
				return error( 401, 'unauthorized', 'Invalid token.' );
			}
			if ( init.method === 'POST' && path === '/v1/conversations' ) {
				if ( body.flowId === 'missing' ) {
					return error(
						400,
						'bad_request',
						'flowId: this site has no flow "missing".'
					);
				}
				const c: Conversation = {
					id: 'c' + ( conversations.length + 1 ),
					siteId: 'site_1',
					visitorId,
					state: body.mode === 'bot' ? 'bot' : 'waiting',
					mode: body.mode,
					flowId:
						body.mode === 'bot' ? ( body.flowId ?? 'demo' ) : null,
					backToBotLabel: null,
					assignedAdvisorId: null,
					lastSeq: 0,
					lastMessageAt: null,
					lastMessagePreview: null,
					lastMessageAuthorType: null,
					pageUrl: body.pageUrl ?? null,
					pageTitle: body.pageTitle ?? null,
					createdAt: new Date().toISOString(),
					updatedAt: new Date().toISOString(),
				} as Conversation;
				conversations.push( track( c ) );
				if ( c.flowId ) {
					bridge.onStart?.( c );
				}
				return reply( 201, { conversation: c } );
			}
			if ( init.method === 'POST' && path === '/v1/realtime/auth' ) {
				return reply( 200, {
					auth: `k:${ visitorId }:${ body.channel_name }`,
				} );
			}
			if ( init.method === 'POST' && path === '/v1/uploads' ) {
				const file = body?.file;
				if ( ! ( file instanceof Blob ) ) {
					return error( 400, 'bad_request', 'Send a file.' );
				}
				if ( file.size > 5 * 1024 * 1024 ) {
					return error(
						413,
						'too_large',
						'Images are limited to 5 MB.'
					);
				}
				// The real bridge sniffs the content; the type stands in for it here.
				if ( ! /^image\/(png|jpeg|gif|webp)$/.test( file.type ) ) {
					return error( 400, 'bad_request', 'Not an image.' );
				}
				const id = ( 'u' + ( uploads.size + 1 ) ).padEnd( 32, '0' );
				uploads.set( id, {
					visitorId,
					messageId: null,
					type: file.type,
				} );
				return reply( 201, {
					upload: {
						id,
						url: '/v1/uploads/' + id,
						type: file.type,
						bytes: file.size,
					},
				} );
			}
			if ( path === '/v1/conversations/current' ) {
				const c = [ ...conversations ]
					.reverse()
					.find(
						( x ) =>
							x.visitorId === visitorId && x.state !== 'closed'
					);
				return c
					? reply( 200, { conversation: c } )
					: error( 404, 'not_found', 'Conversation not found.' );
			}
			const m =
				/^\/v1\/conversations\/([^/]+)(\/messages|\/actions|\/typing|\/read)?$/.exec(
					path
				);
			const c =
				m &&
				conversations.find(
					( x ) => x.id === m[ 1 ] && x.visitorId === visitorId
				);
			if ( ! m || ! c ) {
				return error( 404, 'not_found', 'Conversation not found.' );
			}
			if ( ! m[ 2 ] ) {
				return reply( 200, { conversation: c } );
			}
			if ( m[ 2 ] === '/typing' ) {
				return c.state === 'closed'
					? error( 409, 'conflict', 'Closed.' )
					: reply( 200, { sent: true } );
			}
			if ( m[ 2 ] === '/read' ) {
				c.visitorLastReadSeq = Math.max(
					c.visitorLastReadSeq ?? 0,
					Math.min( body.seq, c.lastSeq )
				);
				return reply( 200, { conversation: { ...c } } );
			}
			if ( m[ 2 ] === '/actions' ) {
				const existing = messages.find(
					( x ) =>
						x.conversationId === c.id &&
						x.clientId === body.clientId
				);
				if ( existing ) {
					return reply( 200, { message: existing } );
				}
				const visitor = {
					type: 'visitor' as const,
					id: visitorId,
					name: null,
				};
				let msg: Message;
				if ( body.type === 'button' ) {
					const step = [ ...messages ]
						.reverse()
						.find(
							( x ) =>
								x.conversationId === c.id &&
								x.author.type === 'bot' &&
								x.meta?.stepId === body.stepId
						);
					const button = step?.meta?.buttons?.find(
						( b ) => b.id === body.buttonId
					);
					const { awaits } = c;
					if (
						awaits.type !== 'button' ||
						awaits.stepId !== body.stepId ||
						! button
					) {
						return error(
							409,
							'conflict',
							'These buttons are no longer active.'
						);
					}
					msg = append( c, {
						clientId: body.clientId,
						kind: 'text',
						author: visitor,
						text: button.label,
						meta: {
							pressed: {
								stepId: body.stepId,
								buttonId: body.buttonId,
							},
						},
					} );
				} else if ( body.type === 'request_human' ) {
					if ( c.state !== 'bot' ) {
						return error(
							409,
							'conflict',
							'The advisors already have this conversation.'
						);
					}
					msg = append( c, {
						clientId: body.clientId,
						kind: 'event',
						author: visitor,
						text: 'Talk to a human',
						meta: { event: 'human_requested' },
					} );
					append( c, {
						clientId: null,
						kind: 'event',
						author: { type: 'system', id: null, name: null },
						text: 'Transferred to an advisor.',
						meta: {
							event: 'transferred',
							transfer: { backToBotLabel: '' },
						},
					} );
					c.state = 'waiting';
				} else {
					if ( c.state === 'bot' ) {
						return error(
							409,
							'conflict',
							'The chatbot is already answering.'
						);
					}
					msg = append( c, {
						clientId: body.clientId,
						kind: 'event',
						author: visitor,
						text: 'Back to chatbot',
						meta: { event: 'back_to_bot' },
					} );
					c.state = 'bot';
					c.backToBotLabel = null;
				}
				// The bot moved on; what it awaits next comes with what it writes now.
				positions.set(
					c.id,
					position( null, {
						waiting: c.state === 'waiting' ? 'transfer' : 'end',
					} )
				);
				bridge.onAction?.( c, body );
				return reply( 201, { message: msg } );
			}
			if ( init.method === 'POST' ) {
				const existing = messages.find(
					( x ) =>
						x.conversationId === c.id &&
						x.clientId === body.clientId
				);
				if ( existing ) {
					return reply( 200, { message: existing } );
				}
				if ( c.state === 'closed' ) {
					return error(
						409,
						'conflict',
						'This conversation is closed. Start a new one.'
					);
				}
				const upload = body.uploadId && uploads.get( body.uploadId );
				if ( body.uploadId && upload?.visitorId !== visitorId ) {
					return error( 400, 'bad_request', 'No such upload.' );
				}
				if ( upload && upload.messageId ) {
					return error( 409, 'conflict', 'Already attached.' );
				}
				c.lastSeq += 1;
				const msg: Message = {
					id: 'm' + c.lastSeq,
					conversationId: c.id,
					seq: c.lastSeq,
					clientId: body.clientId,
					kind: upload ? 'image' : 'text',
					author: { type: 'visitor', id: visitorId, name: null },
					text: body.text ?? '',
					createdAt: new Date().toISOString(),
					...( upload
						? {
								meta: {
									image: {
										url: '/v1/uploads/' + body.uploadId,
										alt: body.text ?? '',
									},
								},
							}
						: {} ),
				};
				if ( upload ) {
					upload.messageId = msg.id;
				}
				messages.push( msg );
				return reply( 201, { message: msg } );
			}
			const after = Number( u.searchParams.get( 'after' ) ?? 0 );
			const rows = messages.filter(
				( x ) => x.conversationId === c.id && x.seq > after
			);
			return reply( 200, {
				messages: rows.slice( 0, pageSize ),
				lastSeq: c.lastSeq,
				hasMore: rows.length > pageSize,
			} );
		},
	};
	return bridge;
}

export function fakeRealtime() {
	const state = {
		handlers: null as RealtimeHandlers | null,
		subscribed: [] as string[],
		/** The authorisation function the controller handed to realtime. */
		authorize: null as RealtimeOptions[ 'authorize' ] | null,
		/** Every setPresence call: a channel name, or '(none)' when left. */
		presence: [] as string[],
		/** The visitor channel held now, if any. */
		present: null as string | null,
	};
	const factory: RealtimeFactory = ( options, handlers ) => {
		state.handlers = handlers;
		state.authorize = options.authorize;
		const link: RealtimeLink = {
			subscribe: ( name ) => void state.subscribed.push( name ),
			unsubscribe: () => void state.subscribed.push( '(none)' ),
			setPresence: ( name ) => {
				if ( name !== state.present ) {
					state.present = name;
					state.presence.push( name ?? '(none)' );
				}
			},
			disconnect: () => {
				state.present = null;
			},
		};
		return link;
	};
	return { state, factory };
}

/**
 * Lets pending promise chains run.
 * @param rounds How many macrotask turns to wait.
 */
export async function flush( rounds = 10 ): Promise< void > {
	for ( let i = 0; i < rounds; i++ ) {
		await Promise.resolve();
		await new Promise( ( r ) => setTimeout( r, 0 ) );
	}
}
