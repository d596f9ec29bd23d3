import type {
	Conversation,
	Message,
	MessageMeta,
} from '@handoff-chat/contracts';
import {
	currentAdvisorName,
	currentPrompt,
	decorateItems,
	NO_PROMPT,
	safeButtonHref,
	safeImageSrc,
} from './bot-steps';
import { toItems } from './message-store';

const conversation = ( over: Partial< Conversation > = {} ) =>
	( { id: 'c1', state: 'bot', flowId: 'demo', ...over } ) as Conversation;

let seq = 0;
const msg = (
	author: Message[ 'author' ][ 'type' ],
	text: string,
	meta?: MessageMeta,
	kind: Message[ 'kind' ] = 'text',
	name: string | null = null
): Message => {
	seq++;
	return {
		id: 'm' + seq,
		conversationId: 'c1',
		seq,
		clientId: author === 'visitor' ? 'client-' + seq : null,
		kind,
		author: { type: author, id: null, name },
		text,
		createdAt: '2025-03-12T14:05:00.000Z',
		...( meta ? { meta } : {} ),
	};
};

const menu = ( stepId = 'choices' ) =>
	msg( 'bot', 'How can I help?', {
		stepId,
		buttons: [
			{ id: 'hours', label: 'Hours' },
			{ id: 'site', label: 'Site', url: 'https://example.com' },
		],
	} );
const question = ( answerType: 'email' | 'text' = 'email', invalid = false ) =>
	msg( 'bot', 'Your email?', {
		stepId: 'ask',
		question: { variable: 'EMAIL', answerType },
		...( invalid ? { invalid } : {} ),
	} );

beforeEach( () => {
	seq = 0;
} );

describe( 'currentPrompt', () => {
	it( 'offers only the latest step’s buttons', () => {
		const old = menu();
		const pressed = msg( 'visitor', 'Hours', {
			pressed: { stepId: 'choices', buttonId: 'hours' },
		} );
		const answer = msg( 'bot', 'We open at 9.', { stepId: 'answer' } );
		const again = menu();
		const messages = [ old, pressed, answer, again ];
		expect( currentPrompt( messages, conversation() ) ).toEqual( {
			buttonsMessageId: again.id,
			question: null,
		} );
		// Pressed and not answered yet: nothing to press until the bot speaks.
		expect(
			currentPrompt( [ old, pressed ], conversation() ).buttonsMessageId
		).toBeNull();
	} );

	it( 'keeps the buttons under a free text the bot has not answered yet', () => {
		const m = menu();
		expect(
			currentPrompt( [ m, msg( 'visitor', 'hello?' ) ], conversation() )
				.buttonsMessageId
		).toBe( m.id );
	} );

	it( 'offers no buttons once the advisors have the conversation or without a flow', () => {
		const messages = [ menu() ];
		for ( const state of [ 'waiting', 'live', 'closed' ] as const ) {
			expect(
				currentPrompt( messages, conversation( { state } ) )
			).toEqual( { buttonsMessageId: null, question: null } );
		}
		expect(
			currentPrompt( messages, conversation( { flowId: null } ) )
				.buttonsMessageId
		).toBeNull();
		expect( currentPrompt( messages, null ).buttonsMessageId ).toBeNull();
	} );

	it( 'follows questions, re-asks and the fallback email question while waiting', () => {
		const q = [
			question(),
			msg( 'visitor', 'nope' ),
			question( 'email', true ),
		];
		expect( currentPrompt( q, conversation() ).question ).toEqual( {
			variable: 'EMAIL',
			answerType: 'email',
		} );
		expect(
			currentPrompt( q, conversation( { state: 'waiting' } ) ).question
		).not.toBeNull();
		expect(
			currentPrompt( q, conversation( { state: 'live' } ) ).question
		).toBeNull();
		expect(
			currentPrompt(
				[ ...q, msg( 'bot', 'Thanks!', { stepId: 'thanks' } ) ],
				conversation()
			).question
		).toBeNull();
		expect(
			currentPrompt(
				[ ...q, msg( 'advisor', 'Hi', undefined, 'text', 'Camille' ) ],
				conversation( { state: 'waiting' } )
			).question
		).toBeNull();
	} );
} );

describe( 'URL filters', () => {
	it.each( [
		[ 'https://cdn.example/a.png', 'https://cdn.example/a.png' ],
		[ 'http://cdn.example/a b.png', 'http://cdn.example/a%20b.png' ],
		[ '/\t/evil.example/a.png', null ],
		[ ' //evil.example/a.png', null ],
		[
			'/wp-content/uploads/a.png',
			'https://shop.example/wp-content/uploads/a.png',
		],
		[ '//evil.example/a.png', null ],
		[ '/\\evil.example/a.png', null ],
		[ 'javascript:alert(1)', null ],
		[ 'data:image/svg+xml,<svg onload=alert(1)>', null ],
		[ 'JaVaScRiPt:alert(1)', null ],
		[ 'a.png', null ],
		[ '', null ],
		[ undefined, null ],
	] )( 'image %p → %p', ( url, expected ) => {
		expect( safeImageSrc( url, 'https://shop.example/page/' ) ).toBe(
			expected
		);
	} );

	it( 'lets only absolute http(s) links through for buttons', () => {
		expect( safeButtonHref( 'https://example.com/x' ) ).toBe(
			'https://example.com/x'
		);
		expect( safeButtonHref( 'javascript:alert(1)' ) ).toBeNull();
		expect( safeButtonHref( '/relative' ) ).toBeNull();
		expect( safeButtonHref( 'https://' ) ).toBeNull();
	} );
} );

describe( 'decorateItems and currentAdvisorName', () => {
	it( 'marks the actionable buttons and says when an advisor joins after a handoff', () => {
		const m = menu();
		const messages = [
			m,
			msg( 'system', 'Transferred', { event: 'transferred' }, 'event' ),
			msg( 'advisor', 'Hello', undefined, 'text', 'Camille' ),
			msg( 'advisor', 'How can I help?', undefined, 'text', 'Camille' ),
		];
		const items = decorateItems(
			toItems( messages, [] ),
			{ buttonsMessageId: m.id, question: null },
			true
		);
		expect( items[ 0 ].quickReplies ).toBe( 'busy' );
		expect(
			items.filter( ( i ) => i.joinedName ).map( ( i ) => i.joinedName )
		).toEqual( [ 'Camille' ] );
		expect( items.map( ( i ) => i.key ) ).toEqual( [
			'm:m1',
			'm:m2',
			'j:m3',
			'm:m3',
			'm:m4',
		] );
		expect( currentAdvisorName( messages ) ).toBe( 'Camille' );
		expect(
			currentAdvisorName( [
				...messages,
				msg( 'visitor', '', { event: 'back_to_bot' }, 'event' ),
			] )
		).toBeNull();
	} );
} );

describe( 'assignment events', () => {
	it( 'names the assigned advisor once, and forgets them when unassigned', () => {
		const messages = [
			msg( 'system', 'Transferred', { event: 'transferred' }, 'event' ),
			msg(
				'system',
				'Camille joined',
				{ event: 'assigned', assignee: { id: '7', name: 'Camille' } },
				'event'
			),
		];
		expect( currentAdvisorName( messages ) ).toBe( 'Camille' );
		messages.push(
			msg( 'advisor', 'Hello', undefined, 'text', 'Camille' )
		);
		const items = decorateItems(
			toItems( messages, [] ),
			NO_PROMPT,
			false
		);
		// The event already said it: no second "joined" line.
		expect( items.filter( ( i ) => i.joinedName ) ).toEqual( [] );

		messages.push(
			msg( 'system', 'Unassigned', { event: 'unassigned' }, 'event' )
		);
		expect( currentAdvisorName( messages ) ).toBeNull();
		messages.push( msg( 'advisor', 'Back', undefined, 'text', 'Camille' ) );
		expect(
			decorateItems( toItems( messages, [] ), NO_PROMPT, false )
				.filter( ( i ) => i.joinedName )
				.map( ( i ) => i.key )
		).toEqual( [ 'j:m5' ] );
	} );
} );
