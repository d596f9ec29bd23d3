import type {
	BotAwaits,
	Conversation,
	Message,
	MessageMeta,
} from '@handoff-chat/contracts';
import {
	botAnswersText,
	currentAdvisorName,
	currentPrompt,
	decorateItems,
	NO_PROMPT,
	safeHttpUrl,
	safeImageSrc,
} from './bot-steps';
import { toItems } from './message-store';

const NOTHING: BotAwaits = { type: 'nothing' };

const conversation = ( over: Partial< Conversation > = {} ) =>
	( {
		id: 'c1',
		state: 'bot',
		flowId: 'demo',
		awaits: NOTHING,
		...over,
	} ) as Conversation;

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

describe( 'currentPrompt reads what the bridge says the bot awaits', () => {
	const pressOn = ( stepId: string ): BotAwaits => ( {
		type: 'button',
		stepId,
	} );

	it( 'offers the buttons of the awaited step, on its latest message', () => {
		const old = menu();
		const pressed = msg( 'visitor', 'Hours', {
			pressed: { stepId: 'choices', buttonId: 'hours' },
		} );
		const answer = msg( 'bot', 'We open at 9.', { stepId: 'answer' } );
		const again = menu();
		const messages = [ old, pressed, answer, again ];
		expect(
			currentPrompt(
				messages,
				conversation( { awaits: pressOn( 'choices' ) } )
			)
		).toEqual( { buttonsMessageId: again.id, question: null } );
		// A free text after the menu changes nothing: the bridge still awaits the press.
		expect(
			currentPrompt(
				[ ...messages, msg( 'visitor', 'hello?' ) ],
				conversation( { awaits: pressOn( 'choices' ) } )
			).buttonsMessageId
		).toBe( again.id );
	} );

	it( 'offers no buttons when the bot awaits nothing or another step', () => {
		const messages = [ menu() ];
		expect(
			currentPrompt( messages, conversation( { awaits: NOTHING } ) )
		).toEqual( NO_PROMPT );
		// The bridge moved on to a step whose message has not arrived yet.
		expect(
			currentPrompt(
				messages,
				conversation( { awaits: pressOn( 'next' ) } )
			)
		).toEqual( NO_PROMPT );
		// Only bot messages with buttons count, whatever their step id.
		expect(
			currentPrompt(
				[ msg( 'bot', 'We open at 9.', { stepId: 'answer' } ) ],
				conversation( { awaits: pressOn( 'answer' ) } )
			)
		).toEqual( NO_PROMPT );
		expect( currentPrompt( messages, null ) ).toEqual( NO_PROMPT );
		// A bridge that does not say yet: nothing is guessed.
		expect(
			currentPrompt(
				messages,
				conversation( { awaits: undefined as unknown as BotAwaits } )
			)
		).toEqual( NO_PROMPT );
	} );

	it( 'gives the composer the awaited answer, the offline email question included', () => {
		const awaits: BotAwaits = {
			type: 'answer',
			stepId: 'ask',
			variable: 'EMAIL',
			answerType: 'email',
		};
		for ( const state of [ 'bot', 'waiting' ] as const ) {
			expect(
				currentPrompt(
					[ question() ],
					conversation( { state, awaits } )
				)
			).toEqual( {
				buttonsMessageId: null,
				question: { variable: 'EMAIL', answerType: 'email' },
			} );
		}
	} );

	it( 'says when the bot will answer a visitor’s text', () => {
		expect( botAnswersText( conversation( { awaits: NOTHING } ) ) ).toBe(
			false
		);
		expect(
			botAnswersText( conversation( { awaits: pressOn( 'choices' ) } ) )
		).toBe( true );
		expect(
			botAnswersText(
				conversation( {
					state: 'waiting',
					awaits: {
						type: 'answer',
						stepId: 'transfer',
						variable: 'EMAIL',
						answerType: 'email',
					},
				} )
			)
		).toBe( true );
		expect( botAnswersText( null ) ).toBe( false );
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

	it( 'lets only absolute http(s) links through (buttons, message links)', () => {
		expect( safeHttpUrl( 'https://example.com/x' ) ).toBe(
			'https://example.com/x'
		);
		expect( safeHttpUrl( 'javascript:alert(1)' ) ).toBeNull();
		expect( safeHttpUrl( '/relative' ) ).toBeNull();
		expect( safeHttpUrl( 'https://' ) ).toBeNull();
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

	it( 'gives the joined line the avatar of the message it announces', () => {
		const joined = ( avatar?: string | null ) =>
			decorateItems(
				toItems(
					[
						msg(
							'advisor',
							'Hello',
							avatar === undefined ? undefined : { avatar },
							'text',
							'Camille'
						),
					],
					[]
				),
				NO_PROMPT,
				false
			)[ 0 ];
		expect( joined( 'https://cdn.test/camille.png' ) ).toMatchObject( {
			key: 'j:m1',
			joinedName: 'Camille',
			joinedAvatar: 'https://cdn.test/camille.png',
		} );
		expect( joined( null ).joinedAvatar ).toBeUndefined();
		expect( joined().joinedAvatar ).toBeUndefined();
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
