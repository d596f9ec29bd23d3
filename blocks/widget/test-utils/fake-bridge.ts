/**
 * An in-memory stand-in for the bridge HTTP API, behind the `fetch` signature that
 * chat/api.ts takes (fake-realtime.ts stands in for pusher-js). For the widget's controller
 * and panel tests.
 *
 * It restates no rule: request bodies are checked with the contracts' schemas, and what
 * a start, a send or an action does — state changes, refusals, what the bot writes, what
 * it awaits — is the contracts' `decide()`, stored by fake-conversations.ts. What is left
 * here is transport: tokens, uploads, pages, and failures a test injects.
 * chat/bridge-scenarios.test.ts runs the same scenarios against it and a real bridge.
 */
import {
	conversationActionBody,
	ratingBody,
	sendMessageBody,
	startConversationBody,
	type Availability,
	type Message,
	type RealtimeClientConfig,
	type VisitorSession,
} from '@handoff-chat/contracts';
import { CAMILLE, fakeConversations } from './fake-conversations';
import {
	fakeUploads,
	isRefusal,
	parse,
	refusal,
	type Refusal,
} from './fake-uploads';

export { CAMILLE };

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
	const store = fakeConversations();
	const { conversations, messages } = store;
	let visitors = 0;
	let tokens = 0;
	const validTokens = new Map< string, string >();
	const failures: Array< 'network' | Refusal > = [];
	let pageSize = 100;
	const expired = new Set< string >();
	const uploads = fakeUploads();

	// A copy, as the network gives: the widget never holds the fake's own objects.
	const reply = ( status: number, body: unknown ) =>
		Promise.resolve( {
			ok: status >= 200 && status < 300,
			status,
			statusText: String( status ),
			json: async () => JSON.parse( JSON.stringify( body ) ),
		} as Response );
	const error = ( r: Refusal ) =>
		reply( r.status, { error: { code: r.code, message: r.message } } );
	/** 201 for a new message, 200 for a replay of its client id. */
	const stored = ( message: Message, created = true ) =>
		reply( created ? 201 : 200, { message } );

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

	const bridge = {
		calls,
		/** The site's `ratingEnabled` setting (on by default, as on the bridge). */
		ratingEnabled: true,
		/** What `GET /v1/availability` answers (open, somebody online, by default). */
		availability: {
			open: true,
			advisorsAvailable: true,
			nextOpenAt: null,
			replyByEmail: false,
		} as Availability,
		/**
		 * A resume link's token for a conversation, as the bridge signs it (here: readable).
		 * @param conversationId The conversation.
		 * @param stale          Past its 30 days.
		 */
		resumeToken( conversationId: string, stale = false ) {
			const c = store.find( conversationId )!;
			return `hcr1.${ c.visitorId }-${ c.id }${ stale ? '-x' : '' }.sig`;
		},
		conversations,
		messages,
		uploads: uploads.byId,
		/** The site's flows by id: the demo flow, and any a test adds. */
		flows: store.flows,
		addFlow: store.addFlow,
		/**
		 * Whether a transfer finds someone online (the visitor waits for them) or runs the
		 * fallback (the email question). Off by default, as on a test bridge.
		 * @param online Somebody may take it.
		 */
		setAdvisorsOnline( online: boolean ) {
			store.settings.advisorsOnline = online;
		},
		/** An advisor's reply (Camille unless named), through the rules: it takes the conversation. */
		addAdvisorMessage: store.addAdvisorMessage,
		/** An advisor's take, assign, close or reopen, through the rules; returns its event line. */
		advise: store.advise,
		/**
		 * Closes the conversation as an advisor would (the bridge's PATCH `close`).
		 * @param conversationId The conversation.
		 */
		close: ( conversationId: string ) =>
			store.advise( conversationId, { type: 'close', actor: CAMILLE } ),
		/**
		 * An advisor opened the conversation (PATCH `read`): returns the `advisors-read`
		 * event the bridge would publish, or null when no advisor read further.
		 * @param conversationId The conversation.
		 * @param seq            Read up to here (capped at the last seq).
		 */
		advisorRead( conversationId: string, seq: number ) {
			const c = store.find( conversationId )!;
			const target = Math.min( seq, c.lastSeq );
			if ( target <= ( c.advisorsLastReadSeq ?? 0 ) ) {
				return null;
			}
			c.advisorsLastReadSeq = target;
			return { conversationId, advisorsLastReadSeq: target };
		},
		/** A private note: it takes a seq but visitors never receive it. */
		addNote: store.addNote,
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
			const method = init.method ?? 'GET';
			calls.push( { method, path: u.pathname + u.search, body, token } );
			const f = failures.shift();
			if ( f === 'network' ) {
				throw new TypeError( 'Failed to fetch' );
			}
			if ( f ) {
				return error( f );
			}
			const path = u.pathname;
			if (
				method === 'POST' &&
				/^\/v1\/sites\/[^/]+\/visitors$/.test( path )
			) {
				if ( body?.resume !== undefined ) {
					const r = /^hcr1\.(\w+)-(\w+)(-x)?\.sig$/.exec(
						body.resume
					);
					const c = r && store.find( r[ 2 ] );
					if ( ! c || c.visitorId !== r[ 1 ] || r[ 3 ] ) {
						return error(
							r?.[ 3 ]
								? refusal(
										401,
										'resume_expired',
										'This link has expired.'
									)
								: refusal(
										401,
										'resume_invalid',
										'This link is not valid.'
									)
						);
					}
					return reply( 200, {
						...issue( c.visitorId ),
						resumeConversationId: c.id,
					} );
				}
				const previous = body?.token && validTokens.get( body.token );
				// A known customer (identity `customer:<wp user id>:<jti>`): one visitor on every device.
				const customer = /^customer:(\d+):/.exec(
					body?.identity ?? ''
				);
				if ( customer ) {
					const id = 'wp' + customer[ 1 ];
					const known = [ ...validTokens.values() ].includes( id );
					return reply( known ? 200 : 201, {
						...issue( id ),
						customer: true,
					} );
				}
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
				return error(
					refusal( 401, 'unauthorized', 'A valid token is required.' )
				);
			}
			const visitor = {
				type: 'visitor' as const,
				id: visitorId,
				name: null,
			};
			const notFound = () =>
				error( refusal( 404, 'not_found', 'Conversation not found.' ) );
			if ( method === 'GET' && path === '/v1/availability' ) {
				return reply( 200, bridge.availability );
			}
			if ( method === 'POST' && path === '/v1/conversations' ) {
				const input = parse( startConversationBody, body );
				const c = isRefusal( input )
					? input
					: store.start( visitorId, input );
				// The offline form's: its question is the first message, its email the reply address.
				if (
					! isRefusal( input ) &&
					input.offline &&
					! isRefusal( c )
				) {
					store.play(
						c,
						{ type: 'visitor_text', text: input.offline.question },
						{
							author: {
								type: 'visitor',
								id: visitorId,
								name: null,
							},
							clientId: null,
						},
						() =>
							store.append(
								c,
								{ type: 'visitor', id: visitorId, name: null },
								{
									clientId: null,
									text: input.offline!.question,
								}
							)
					);
					c.replyEmail = input.offline.email;
				}
				// As the bridge answers: the conversation and what its start stored.
				return isRefusal( c )
					? error( c )
					: reply( 201, {
							conversation: c,
							messages: messages.filter(
								( x ) =>
									x.conversationId === c.id &&
									x.kind !== 'note'
							),
						} );
			}
			if ( method === 'POST' && path === '/v1/realtime/auth' ) {
				return reply( 200, {
					auth: `k:${ visitorId }:${ body.channel_name }`,
				} );
			}
			if ( method === 'POST' && path === '/v1/uploads' ) {
				const made = uploads.create( visitorId, body?.file );
				return isRefusal( made )
					? error( made )
					: reply( 201, { upload: made } );
			}
			if ( path === '/v1/conversations/current' ) {
				const c = [ ...conversations ]
					.reverse()
					.find(
						( x ) =>
							x.visitorId === visitorId && x.state !== 'closed'
					);
				return c ? reply( 200, { conversation: c } ) : notFound();
			}
			const m =
				/^\/v1\/conversations\/([^/]+)(\/messages|\/actions|\/typing|\/read|\/rating|\/reply-by-email)?$/.exec(
					path
				);
			const c =
				m &&
				conversations.find(
					( x ) => x.id === m[ 1 ] && x.visitorId === visitorId
				);
			if ( ! m || ! c ) {
				return notFound();
			}
			const replayOf = ( clientId: string ) =>
				messages.find(
					( x ) =>
						x.conversationId === c.id && x.clientId === clientId
				);
			switch ( method + ' ' + ( m[ 2 ] ?? '' ) ) {
				case 'GET ':
					return reply( 200, { conversation: c } );
				case 'POST /typing':
					return c.state === 'closed'
						? error(
								refusal(
									409,
									'conflict',
									'This conversation is closed.'
								)
							)
						: reply( 200, { sent: true } );
				case 'GET /rating':
					return reply( 200, {
						enabled: bridge.ratingEnabled,
						rating: c.rating ?? null,
					} );
				case 'POST /rating': {
					const input = parse( ratingBody, body );
					if ( isRefusal( input ) ) {
						return error( input );
					}
					if ( c.state !== 'closed' || c.rating ) {
						return error(
							refusal(
								409,
								c.rating ? 'already_rated' : 'not_closed',
								c.rating
									? 'This conversation is already rated.'
									: 'Only a closed conversation can be rated.'
							)
						);
					}
					c.rating = {
						score: input.score,
						comment: input.comment || null,
						ratedAt: new Date().toISOString(),
					};
					return reply( 201, { conversation: c } );
				}
				case 'POST /reply-by-email':
					if (
						! /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test( body?.email ?? '' )
					) {
						return error(
							refusal(
								400,
								'bad_request',
								'email: not an email.'
							)
						);
					}
					c.replyEmail = body.email;
					return reply( 200, { conversation: c } );
				case 'POST /read':
					c.visitorLastReadSeq = Math.max(
						c.visitorLastReadSeq ?? 0,
						Math.min( body.seq, c.lastSeq )
					);
					return reply( 200, { conversation: c } );
				case 'POST /actions': {
					const input = parse( conversationActionBody, body );
					if ( isRefusal( input ) ) {
						return error( input );
					}
					const replayed = replayOf( input.clientId );
					if ( replayed ) {
						return stored( replayed, false );
					}
					const own = store.play(
						c,
						input.type === 'button'
							? {
									type: 'button',
									stepId: input.stepId,
									buttonId: input.buttonId,
								}
							: { type: input.type },
						{ author: visitor, clientId: input.clientId }
					);
					// Every accepted action writes the visitor's own line first (the rules guarantee it).
					return isRefusal( own ) ? error( own ) : stored( own! );
				}
				case 'POST /messages': {
					const input = parse( sendMessageBody, body );
					if ( isRefusal( input ) ) {
						return error( input );
					}
					const replayed = replayOf( input.clientId );
					if ( replayed ) {
						return stored( replayed, false );
					}
					const text = input.text ?? '';
					const { uploadId } = input;
					const sent = store.play(
						c,
						uploadId
							? { type: 'visitor_image' }
							: { type: 'visitor_text', text },
						{ author: visitor, clientId: input.clientId },
						() => {
							const image = uploadId
								? uploads.claim( visitorId, uploadId, text )
								: null;
							if ( isRefusal( image ) ) {
								return image;
							}
							const msg = store.append( c, visitor, {
								clientId: input.clientId,
								text,
								...( image
									? { kind: 'image', meta: { image } }
									: {} ),
							} );
							if ( uploadId ) {
								uploads.bind( uploadId, msg.id );
							}
							return msg;
						}
					);
					return isRefusal( sent ) ? error( sent ) : stored( sent! );
				}
				case 'GET /messages': {
					const after = Number( u.searchParams.get( 'after' ) ?? 0 );
					const rows = messages.filter(
						( x ) =>
							x.conversationId === c.id &&
							x.seq > after &&
							x.kind !== 'note'
					);
					return reply( 200, {
						messages: rows.slice( 0, pageSize ),
						lastSeq: c.lastSeq,
						hasMore: rows.length > pageSize,
					} );
				}
			}
			return notFound();
		},
	};
	return bridge;
}
