/**
 * The fake bridge's conversations, in memory. Nothing here decides: every start, send,
 * action and advisor change is an event for the contracts' conversation rules
 * (`decide`, DESIGN.md "Rules live once"), and this module only stores the outcome the
 * way the bridge's ConversationTx does — messages in order (the first `actor` one takes
 * the client id), variables, then the state patch — so states, refusals, bot messages
 * and `awaits` cannot drift from the bridge. The bot runs the site's flows (the demo
 * flow unless a test adds its own); a transfer's routing finds advisors online or not
 * as the test says (`advisorsOnline`), then the rules write what follows.
 */
import {
	awaitsOf,
	handoffOf,
	consultsBot,
	decide,
	DEFAULT_FLOW_ID,
	NO_DEFAULT_FLOW,
	DEMO_FLOW,
	initialState,
	validateFlow,
	type Actor,
	type Conversation,
	type ConversationEvent,
	type Flow,
	type FlowState,
	type Message,
	type MessageAuthor,
	type MessageKind,
	type MessageMeta,
	type Outcome,
	type RulesConversation,
	type StartConversationBody,
} from '@handoff-chat/contracts';
import { isRefusal, refusal, type Refusal } from './fake-uploads';

/** The advisor the tests' advisor side acts as, unless told otherwise. */
export const CAMILLE: Actor = { id: '1', name: 'Camille' };

const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };
const advisorAuthor = ( a: Actor ): MessageAuthor => ( {
	type: 'advisor',
	id: a.id,
	name: a.name,
} );

/** A message to store; the store gives it its id, seq and time. */
interface NewMessage {
	clientId: string | null;
	kind?: MessageKind;
	text: string;
	meta?: MessageMeta;
}

export function fakeConversations() {
	const conversations: Conversation[] = [];
	/** Every stored message, private notes included (visitors never read those). */
	const messages: Message[] = [];
	const flows = new Map< string, Flow >( [ [ DEFAULT_FLOW_ID, DEMO_FLOW ] ] );
	/** What the rules keep of a conversation beyond its public fields. */
	const positions = new Map<
		string,
		{ flowState: FlowState | null; backToBotSequence: string | null }
	>();
	/** The visitors' variables (the bot's answers), by visitor id. */
	const variables = new Map< string, Record< string, string > >();
	const settings = { advisorsOnline: false };

	const find = ( id: string ) => conversations.find( ( c ) => c.id === id );
	const varsOf = ( visitorId: string ) => {
		if ( ! variables.has( visitorId ) ) {
			variables.set( visitorId, {} );
		}
		return variables.get( visitorId )!;
	};
	const rulesOf = ( c: Conversation ): RulesConversation => {
		const p = positions.get( c.id )!;
		return {
			state: c.state,
			flowId: c.flowId,
			assignedAdvisorId: c.assignedAdvisorId,
			flowState: p.flowState,
			backToBot: {
				sequence: p.backToBotSequence,
				label: c.backToBotLabel,
			},
		};
	};

	/** Appends one message (gap-free seq), as the bridge's ConversationTx.append. */
	function append(
		c: Conversation,
		author: MessageAuthor,
		m: NewMessage
	): Message {
		c.lastSeq += 1;
		const now = new Date().toISOString();
		const message: Message = {
			id: 'm' + c.lastSeq,
			conversationId: c.id,
			seq: c.lastSeq,
			createdAt: now,
			clientId: m.clientId,
			kind: m.kind ?? 'text',
			author,
			text: m.text,
			...( m.meta && Object.keys( m.meta ).length
				? { meta: m.meta }
				: {} ),
		};
		messages.push( message );
		c.updatedAt = now;
		return message;
	}

	/** The rules' answer to `event`, with the flow and variables when the bot may run. */
	function decideOn(
		c: Conversation,
		event: ConversationEvent
	): Outcome | Refusal {
		const rules = rulesOf( c );
		const bot = consultsBot( rules, event );
		const d = decide( rules, event, {
			flow: bot && c.flowId ? ( flows.get( c.flowId ) ?? null ) : null,
			variables: bot ? varsOf( c.visitorId ) : {},
		} );
		if ( ! d.ok ) {
			const code = d.status === 400 ? 'bad_request' : 'conflict';
			return refusal( d.status, code, d.message );
		}
		return d.outcome;
	}

	/** Stores an outcome, then runs its follow-ups; returns the actor's own message. */
	function store(
		c: Conversation,
		outcome: Outcome,
		who: { author: MessageAuthor; clientId: string | null }
	): Message | null {
		let own: Message | null = null;
		for ( const v of outcome.variables ) {
			varsOf( c.visitorId )[ v.name ] = v.value;
		}
		for ( const m of outcome.messages ) {
			const isActor = m.author === 'actor';
			const author = { actor: who.author, bot: BOT, system: SYSTEM }[
				m.author
			];
			const message = append( c, author, {
				clientId: isActor && ! own ? who.clientId : null,
				kind: m.kind,
				text: m.text,
				meta: m.meta,
			} );
			if ( isActor && ! own ) {
				own = message;
			}
		}
		const { patch } = outcome;
		const p = positions.get( c.id )!;
		if ( patch.state !== undefined ) {
			c.state = patch.state;
		}
		if ( patch.assignedAdvisorId !== undefined ) {
			c.assignedAdvisorId = patch.assignedAdvisorId;
		}
		if ( patch.flowState !== undefined ) {
			p.flowState = patch.flowState;
		}
		if ( patch.backToBot !== undefined ) {
			p.backToBotSequence = patch.backToBot.sequence;
			c.backToBotLabel = patch.backToBot.label || null;
		}
		for ( const f of outcome.followUps ) {
			// The bridge routes after commit, then tells the rules whether anyone was online.
			const resolved = decideOn( c, {
				type: 'transfer_resolved',
				stepId: f.stepId,
				online: settings.advisorsOnline,
			} );
			if ( ! isRefusal( resolved ) ) {
				store( c, resolved, { author: BOT, clientId: null } );
			}
		}
		return own;
	}

	/**
	 * Decides `event` and stores it; `before` writes the sender's own message first (a
	 * send is decided on the conversation as it was, then stored after the message).
	 */
	function play(
		c: Conversation,
		event: ConversationEvent,
		who: { author: MessageAuthor; clientId: string | null },
		before?: () => Message | Refusal
	): Message | null | Refusal {
		const outcome = decideOn( c, event );
		if ( isRefusal( outcome ) ) {
			return outcome;
		}
		const sent = before?.();
		if ( isRefusal( sent ) ) {
			return sent;
		}
		const own = store( c, outcome, {
			author: who.author,
			clientId: sent ? null : who.clientId,
		} );
		return sent ?? own;
	}

	/**
	 * An advisor's change (take, assign, close, reopen), as the bridge's advisor routes
	 * play it; returns the event line it wrote. A refusal throws: tests set up what may happen.
	 * @param conversationId The conversation.
	 * @param event          The advisor event.
	 */
	function advise(
		conversationId: string,
		event: Extract<
			ConversationEvent,
			{ type: 'take' | 'assign' | 'close' | 'reopen' }
		>
	): Message {
		const actor = 'actor' in event ? event.actor : event.advisor;
		const result = play( find( conversationId )!, event, {
			author: advisorAuthor( actor ),
			clientId: null,
		} );
		if ( isRefusal( result ) ) {
			throw new Error( `${ event.type } refused: ${ result.message }` );
		}
		return messages.at( -1 )!;
	}

	/**
	 * An advisor's reply: stored, then what the rules make of it (the advisor takes the
	 * conversation from the queue or from the bot).
	 * @param conversationId The conversation.
	 * @param text           The reply.
	 * @param name           The advisor's display name.
	 * @param avatar         Their avatar's URL: the bridge puts it on their messages.
	 */
	function addAdvisorMessage(
		conversationId: string,
		text: string,
		name = CAMILLE.name,
		avatar?: string
	): Message {
		const c = find( conversationId )!;
		const advisor = { id: CAMILLE.id, name, avatar };
		const author = advisorAuthor( advisor );
		const result = play(
			c,
			{ type: 'advisor_reply', advisor },
			{ author, clientId: null },
			() =>
				append( c, author, {
					clientId: null,
					text,
					...( avatar ? { meta: { avatar } } : {} ),
				} )
		);
		if ( ! result || isRefusal( result ) ) {
			throw new Error( `reply refused: ${ result?.message }` );
		}
		// Replying reads the thread, as on the bridge.
		c.advisorsLastReadSeq = result.seq;
		return result;
	}

	return {
		conversations,
		messages,
		flows,
		settings,
		find,
		append,
		play,
		advise,
		addAdvisorMessage,

		/**
		 * A private note: it takes a seq, but visitors never read it.
		 * @param conversationId The conversation.
		 */
		addNote( conversationId: string ): Message {
			return append( find( conversationId )!, advisorAuthor( CAMILLE ), {
				clientId: null,
				kind: 'note',
				text: 'A private note',
			} );
		},

		/**
		 * Adds a flow to the site, checked as the bridge checks a saved flow.
		 * @param input The flow.
		 */
		addFlow( input: unknown ): Flow {
			const { flow, issues } = validateFlow( input );
			if ( ! flow ) {
				throw new Error( JSON.stringify( issues ) );
			}
			flows.set( flow.id, flow );
			return flow;
		},

		/**
		 * `POST /v1/conversations`, as the bridge's BotService.start: the flow named, or the
		 * site's default; a flow set to live chat starts without the bot.
		 * @param visitorId Who starts it.
		 * @param body      The request body, validated.
		 */
		start(
			visitorId: string,
			body: StartConversationBody
		): Conversation | Refusal {
			const mode = body.mode ?? ( body.flowId ? 'bot' : 'live' );
			let flow: Flow | null = null;
			if ( mode === 'bot' ) {
				const flowId = body.flowId ?? DEFAULT_FLOW_ID;
				flow = flows.get( flowId ) ?? null;
				const bad = ( message: string ) =>
					refusal( 400, 'bad_request', message );
				if ( ! flow && ! body.flowId && ! body.startSequence ) {
					return refusal(
						409,
						NO_DEFAULT_FLOW,
						'This site has no default flow: start the conversation in live chat.'
					);
				}
				if ( ! flow ) {
					return bad(
						`flowId: this site has no flow "${ flowId }".`
					);
				}
				const seq = body.startSequence;
				if ( seq && ! flow.sequences.some( ( s ) => s.id === seq ) ) {
					return bad(
						`startSequence: flow "${ flowId }" has no sequence "${ seq }".`
					);
				}
				flow = flow.mode === 'live' ? null : flow;
			}
			const now = new Date().toISOString();
			const started = flow ? 'bot' : 'live';
			const c: Conversation = Object.defineProperties(
				{
					id: 'c' + ( conversations.length + 1 ),
					siteId: 'site_1',
					visitorId,
					state: initialState( started ),
					mode: started,
					flowId: flow?.id ?? null,
					backToBotLabel: null,
					assignedAdvisorId: null,
					lastSeq: 0,
					lastMessageAt: null,
					lastMessagePreview: null,
					lastMessageAuthorType: null,
					pageUrl: body.pageUrl ?? null,
					pageTitle: body.pageTitle ?? null,
					createdAt: now,
					updatedAt: now,
					visitorLastReadSeq: 0,
					advisorsLastReadSeq: 0,
				} as Omit< Conversation, 'awaits' | 'handoff' > as Conversation,
				{
					// Read from the state and the flow position, as the bridge maps its row.
					awaits: {
						enumerable: true,
						get: () =>
							awaitsOf(
								c.state,
								positions.get( c.id )!.flowState
							),
					},
					handoff: {
						enumerable: true,
						get: () =>
							handoffOf(
								c.state,
								positions.get( c.id )!.flowState
							),
					},
				}
			);
			positions.set( c.id, { flowState: null, backToBotSequence: null } );
			conversations.push( c );
			if ( flow ) {
				play(
					c,
					{ type: 'start', sequence: body.startSequence },
					{ author: BOT, clientId: null }
				);
			}
			return c;
		},
	};
}

export type FakeConversations = ReturnType< typeof fakeConversations >;
