import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import {
	activeButtons,
	EMPTY_PREVIEW,
	pendingQuestion,
	previewReducer,
	type PreviewAction,
	type PreviewState,
} from './flow-preview';

const NOW = '2025-01-01T10:00:00.000Z';

function play(
	flow: Flow,
	actions: PreviewAction[],
	advisorsOnline = true
): PreviewState {
	return actions.reduce(
		( p, a ) => previewReducer( flow, p, a, { advisorsOnline, now: NOW } ),
		EMPTY_PREVIEW
	);
}

const lines = ( p: PreviewState ) =>
	p.messages.map(
		( m ) => `${ m.author.type }/${ m.kind }: ${ m.meta?.event ?? m.text }`
	);

describe( 'flow preview', () => {
	it( 'plays the demo flow: PRENOM and SOCIETE captured, then the transfer', () => {
		let p = play( DEMO_FLOW, [ { type: 'start' } ] );
		expect( p.state ).toBe( 'bot' );
		expect( pendingQuestion( p ) ).toEqual( {
			variable: 'PRENOM',
			answerType: 'text',
		} );

		p = play( DEMO_FLOW, [
			{ type: 'start' },
			{ type: 'text', text: '  Léa ' },
			{ type: 'text', text: 'Acme' },
		] );
		expect( p.variables ).toEqual( { PRENOM: 'Léa', SOCIETE: 'Acme' } );
		expect( lines( p ) ).toContain( 'bot/text: Merci Léa ! / Thanks Léa!' );
		const buttons = activeButtons( DEMO_FLOW, p );
		expect( buttons.map( ( b ) => b.id ) ).toEqual( [
			'hours',
			'delivery',
			'human',
		] );

		p = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'button', stepId: 'choices', buttonId: 'human' },
			{ advisorsOnline: true, now: NOW }
		);
		expect( p.state ).toBe( 'waiting' );
		expect( lines( p ).slice( -4 ) ).toEqual( [
			'visitor/text: Parler à un humain / Talk to a human',
			'bot/note: Léa de Acme demande un humain / Léa from Acme asks for a human',
			'system/event: transferred',
			'bot/text: Je vous mets en relation avec un conseiller, un instant… / Connecting you with an advisor, one moment…',
		] );
		expect( p.backToBot ).toEqual( {
			label: 'Retour au chatbot / Back to chatbot',
			sequence: 'menu',
		} );
		expect( activeButtons( DEMO_FLOW, p ) ).toEqual( [] );

		// The bot is silent while the advisors have it; "back to chatbot" resumes the menu.
		p = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'text', text: 'hello?' },
			{ advisorsOnline: true, now: NOW }
		);
		expect( lines( p ).at( -1 ) ).toBe( 'visitor/text: hello?' );
		p = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'back_to_bot' },
			{ advisorsOnline: true, now: NOW }
		);
		expect( p.state ).toBe( 'bot' );
		expect( lines( p ).slice( -2 ) ).toEqual( [
			'visitor/event: back_to_bot',
			'bot/text: Comment puis-je vous aider ? / How can I help you?',
		] );
	} );

	it( 'with nobody online, asks for an email and keeps it', () => {
		let p = play(
			DEMO_FLOW,
			[
				{ type: 'start' },
				{ type: 'text', text: 'Léa' },
				{ type: 'text', text: 'Acme' },
				{ type: 'request_human' },
			],
			false
		);
		expect( p.state ).toBe( 'waiting' );
		expect( pendingQuestion( p ) ).toEqual( {
			variable: 'EMAIL',
			answerType: 'email',
		} );
		p = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'text', text: 'not an email' },
			{ advisorsOnline: false, now: NOW }
		);
		expect( p.messages.at( -1 )?.meta?.invalid ).toBe( true );
		p = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'text', text: 'lea@acme.fr' },
			{ advisorsOnline: false, now: NOW }
		);
		expect( p.variables.EMAIL ).toBe( 'lea@acme.fr' );
		expect( lines( p ).slice( -2 ) ).toEqual( [
			'bot/note: No advisor was online; the visitor left their email: lea@acme.fr',
			'bot/text: Merci, nous vous répondrons à lea@acme.fr. / Thank you, we will reply to lea@acme.fr.',
		] );
		expect( lines( p ) ).toContain( 'visitor/event: human_requested' );
	} );

	it( 'ignores stale buttons and starts afresh on restart', () => {
		const p = play( DEMO_FLOW, [ { type: 'start' } ] );
		expect(
			previewReducer(
				DEMO_FLOW,
				p,
				{ type: 'button', stepId: 'choices', buttonId: 'human' },
				{ advisorsOnline: true, now: NOW }
			)
		).toBe( p );
		const again = previewReducer(
			DEMO_FLOW,
			p,
			{ type: 'start', sequence: 'menu' },
			{ advisorsOnline: true, now: NOW }
		);
		expect( again.messages ).toHaveLength( 1 );
		expect( again.variables ).toEqual( {} );
	} );
} );
