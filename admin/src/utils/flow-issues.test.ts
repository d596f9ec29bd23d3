import { DEMO_FLOW, validateFlow, type Flow } from '@handoff-chat/contracts';
import {
	anchorOf,
	fieldDomId,
	indexIssues,
	issueMessage,
	renderedPaths,
} from './flow-issues';

const demo = (): Flow => JSON.parse( JSON.stringify( DEMO_FLOW ) );

describe( 'flow issues in place', () => {
	it( 'puts each issue on the field its path names', () => {
		const f = demo();
		( f.sequences[ 0 ].steps[ 0 ] as { text: string } ).text = '';
		(
			f.sequences[ 4 ].steps[ 1 ] as { backToBot: { sequence: string } }
		 ).backToBot.sequence = 'nowhere';
		const { issues } = validateFlow( f );
		expect( issues.map( ( i ) => i.path ) ).toEqual( [
			'sequences.0.steps.0.text',
		] );

		const index = indexIssues( f, issues );
		expect( index.at( 'sequences.0.steps.0.text' ) ).toEqual( [
			'This cannot be empty.',
		] );
		expect( index.countUnder( 'sequences.0' ) ).toBe( 1 );
		expect( index.countUnder( 'sequences.0.steps.0' ) ).toBe( 1 );
		expect( index.countUnder( 'sequences.1' ) ).toBe( 0 );

		// Once the shape is fine, reference checks run too.
		( f.sequences[ 0 ].steps[ 0 ] as { text: string } ).text = 'Hi';
		const refs = indexIssues( f, validateFlow( f ).issues );
		expect( refs.at( 'sequences.4.steps.1.backToBot.sequence' ) ).toEqual( [
			'There is no sequence "nowhere": choose another one.',
		] );
	} );

	it( 'sends paths without a field to the nearest card', () => {
		const f = demo();
		const rendered = renderedPaths( f );
		expect(
			anchorOf(
				'sequences.1.steps.0.buttons.2.action.sequence',
				rendered
			)
		).toBe( 'sequences.1.steps.0.buttons.2.action.sequence' );
		expect( anchorOf( 'sequences.1.steps.0.buttons.2.id', rendered ) ).toBe(
			'sequences.1.steps.0.buttons'
		);
		expect( anchorOf( 'sequences.2.steps.0.type', rendered ) ).toBe(
			'sequences.2.steps.0'
		);
		expect( anchorOf( 'sequences.2', rendered ) ).toBe( 'sequences.2' );
		expect( anchorOf( 'sequences.9.steps.0.text', rendered ) ).toBe(
			'sequences'
		);
		expect( anchorOf( 'id', rendered ) ).toBe( '' );
		expect( fieldDomId( 'sequences.1.name' ) ).toBe(
			'handoff-chat-flow-sequences-1-name'
		);
		expect( fieldDomId( '' ) ).toBe( 'handoff-chat-flow-settings' );
	} );

	it( 'shows a loop on its sequence card, translated', () => {
		const f = demo();
		f.sequences[ 2 ].steps = [
			{ id: 'back', type: 'goto', sequence: 'faq-delivery' },
		];
		f.sequences[ 3 ].steps = [
			{ id: 'back', type: 'goto', sequence: 'faq-hours' },
		];
		const index = indexIssues( f, validateFlow( f ).issues );
		const [ issue ] = index.all;
		expect( index.anchorOf( issue ) ).toMatch( /^sequences\.[23]$/ );
		expect( index.at( index.anchorOf( issue ) )[ 0 ] ).toMatch(
			/^These sequences lead to each other forever without a question or buttons: faq-/
		);
	} );

	it( 'translates the known messages and keeps unknown ones', () => {
		expect(
			issueMessage( 'Too big: expected string to have <=80 characters' )
		).toBe( 'Too long: at most 80 characters.' );
		expect( issueMessage( 'Invalid URL' ) ).toBe(
			'Enter a full address starting with https:// or http://.'
		);
		expect( issueMessage( 'duplicate step id "a"' ) ).toBe(
			'Another step of this sequence already has the id "a".'
		);
		expect(
			issueMessage(
				'WP_ variables are set only by WordPress for logged-in visitors: choose another name'
			)
		).toMatch( /^Names starting with WP_ are set only by WordPress/ );
		expect( issueMessage( 'something new' ) ).toBe( 'something new' );
	} );
} );
