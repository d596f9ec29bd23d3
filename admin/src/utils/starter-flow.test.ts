import { validateFlow } from '@handoff-chat/contracts';
import {
	readStarterTexts,
	starterFlow,
	STARTER_TEXT_KEYS,
} from './starter-flow';

/** Texts as Starter_Flow::texts() sends them on a French site. */
export const FRENCH = {
	name: 'Scénario de départ',
	welcomeName: 'Accueil',
	greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
	talkLabel: 'Parler à quelqu’un',
	questionLabel: 'Laisser une question',
	waiting: 'Un instant, nous cherchons quelqu’un pour vous répondre…',
	fallback: 'Personne n’est disponible pour le moment.',
	thanks: 'Merci ! Nous vous répondrons à {{EMAIL}}.',
	backToMenu: 'Retour au menu',
	askQuestion: 'Quelle est votre question ?',
	questionSaved: 'Merci, votre question est transmise à notre équipe.',
};

describe( 'starterFlow', () => {
	it( 'is a valid flow per the contract, with no issue', () => {
		const flow = starterFlow( 'demo', FRENCH.name, FRENCH );
		const { flow: parsed, issues } = validateFlow( flow );
		expect( issues ).toEqual( [] );
		expect( parsed ).toEqual( flow );
	} );

	it( 'says every text in the language it was given, and nothing else', () => {
		const flow = starterFlow( 'starter', 'Mon parcours', FRENCH );
		const said = JSON.stringify( flow );
		for ( const k of STARTER_TEXT_KEYS.filter( ( x ) => x !== 'name' ) ) {
			expect( said ).toContain( JSON.stringify( FRENCH[ k ] ) );
		}
		expect( flow.name ).toBe( 'Mon parcours' );
		expect( said ).not.toMatch( /Hello|Bonjour ! 👋 \// );
		const [ welcome ] = flow.sequences;
		expect( welcome.steps[ 0 ] ).toMatchObject( {
			type: 'buttons',
			text: FRENCH.greeting,
			buttons: [
				{ label: FRENCH.talkLabel, action: { sequence: 'talk' } },
				{
					label: FRENCH.questionLabel,
					action: { sequence: 'question' },
				},
			],
		} );
		// Both ways end with an advisor, or the email question when nobody is online.
		for ( const s of flow.sequences.slice( 1 ) ) {
			expect( s.steps.at( -1 ) ).toMatchObject( {
				type: 'transfer',
				fallback: { askEmail: true, text: FRENCH.fallback },
			} );
		}
	} );

	it( 'reads the texts only when every one is there', () => {
		expect( readStarterTexts( FRENCH ) ).toEqual( FRENCH );
		expect( readStarterTexts( { ...FRENCH, greeting: '' } ) ).toBeNull();
		expect( readStarterTexts( null ) ).toBeNull();
		expect( readStarterTexts( { ...FRENCH, extra: 1 } ) ).toEqual( FRENCH );
	} );
} );
