/**
 * What the bridge scenarios (../chat/bridge-scenarios.test.ts) drive and record: a visitor of one
 * bridge, through the widget's own API client, and a transcript of what each call answered.
 */
import type {
	Conversation,
	Message,
	MessagesPage,
} from '@handoff-chat/contracts';
import { BridgeError } from '@handoff-chat/client-core/errors';
import type { BridgeApi, SendResult } from '../chat/api';

/** One bridge as a scenario sees it: the widget's client, and an advisor who can close. */
export interface Target {
	api: BridgeApi;
	close: ( conversationId: string ) => Promise< void >;
}

/**
 * What a scenario saw, without what differs by nature between two bridges (ids, times):
 * the visitor's own id reads as `visitor`.
 */
export class Transcript {
	readonly seen: Array< [ string, unknown ] > = [];
	constructor( private readonly visitorId: string ) {}

	message = ( m: Message ) => ( {
		seq: m.seq,
		clientId: m.clientId,
		kind: m.kind,
		author: {
			type: m.author.type,
			id: m.author.id === this.visitorId ? 'visitor' : m.author.id,
			name: m.author.name,
		},
		text: m.text,
		meta: m.meta,
	} );

	conversation = ( c: Conversation ) => ( {
		state: c.state,
		mode: c.mode,
		flowId: c.flowId,
		backToBotLabel: c.backToBotLabel,
		assignedAdvisorId: c.assignedAdvisorId,
		lastSeq: c.lastSeq,
		awaits: c.awaits,
	} );

	/**
	 * Records a step's answer under `label`, in comparable form, and returns that form.
	 * @param label What the step was.
	 * @param value Its answer.
	 */
	note< T >( label: string, value: T ) {
		let shape: any = value;
		if ( value instanceof BridgeError ) {
			const { status, code, message } = value;
			shape = { status, code, message };
		} else if ( value && typeof value === 'object' && 'awaits' in value ) {
			shape = this.conversation( value as unknown as Conversation );
		} else if (
			value &&
			typeof value === 'object' &&
			'replayed' in value
		) {
			const r = value as unknown as SendResult;
			shape = {
				replayed: r.replayed,
				message: this.message( r.message ),
			};
		} else if ( value && typeof value === 'object' && 'hasMore' in value ) {
			const p = value as unknown as MessagesPage;
			shape = {
				messages: p.messages.map( this.message ),
				lastSeq: p.lastSeq,
				hasMore: p.hasMore,
			};
		}
		this.seen.push( [ label, shape ] );
		return shape;
	}
}

/** A visitor of one target, with shortcuts over the widget's API client. */
export async function visitorOf( t: Target ) {
	const { api } = t;
	const session = await api.createVisitor();
	const { token } = session;
	const log = new Transcript( session.visitorId );
	let n = 0;
	const clientId = () => `scenario-${ ++n }-0000`;
	let after = 0;
	const self = {
		log,
		conversationId: '',
		/**
		 * What a call answered, or the error it threw.
		 * @param label What the step is.
		 * @param call  The call.
		 */
		async step< T >( label: string, call: () => Promise< T > ) {
			try {
				return log.note( label, await call() );
			} catch ( e ) {
				return log.note( label, e );
			}
		},
		start: ( body: Parameters< BridgeApi[ 'startConversation' ] >[ 1 ] ) =>
			self.step( 'start', async () => {
				const { conversation } = await api.startConversation(
					token,
					body
				);
				self.conversationId = conversation.id;
				return conversation;
			} ),
		/** The messages since the last read. */
		news: () =>
			self.step( 'messages', async () => {
				const page = await api.messages(
					token,
					self.conversationId,
					after
				);
				after = page.lastSeq;
				return page;
			} ),
		conversation: () =>
			self.step( 'conversation', () =>
				api.getConversation( token, self.conversationId )
			),
		say: ( text: string, id = clientId() ) =>
			self.step( 'send', () =>
				api.sendMessage( token, self.conversationId, {
					clientId: id,
					text,
				} )
			),
		act: (
			body: { type: string; stepId?: string; buttonId?: string },
			id = clientId()
		) =>
			self.step( body.type, () =>
				api.action( token, self.conversationId, {
					clientId: id,
					...body,
				} as Parameters< BridgeApi[ 'action' ] >[ 2 ] )
			),
		/** Started on the demo flow, both of its questions answered: the menu is up. */
		async atMenu() {
			await self.start( { mode: 'bot' } );
			await self.say( 'Ada' );
			await self.say( 'ACME' );
			await self.news();
		},
		typing: () =>
			self.step( 'typing', () =>
				api.typing( token, self.conversationId )
			),
		current: () =>
			self.step( 'current', () => api.currentConversation( token ) ),
	};
	return self;
}

export type Visitor = Awaited< ReturnType< typeof visitorOf > >;
