import { __, _n, setLocaleData, sprintf } from './i18n';

/** A translation file as `wp i18n make-json` writes it (plugin/languages/*.json). */
const FRENCH = {
	domain: 'messages',
	locale_data: {
		messages: {
			'': {
				domain: 'messages',
				lang: 'fr_FR',
				'plural-forms': 'nplurals=2; plural=n > 1;',
			},
			'Chat with us': [ 'Discutez avec nous' ],
			'Open chat, %d unread message': [
				'Ouvrir le chat, %d message non lu',
				'Ouvrir le chat, %d messages non lus',
			],
		},
	},
};

const unread = ( n: number ) =>
	sprintf(
		/* translators: %d: number of unread chat messages. */
		_n(
			'Open chat, %d unread message',
			'Open chat, %d unread messages',
			n,
			'handoff-chat'
		),
		n
	);

describe( 'the panel’s gettext', () => {
	it( 'speaks English until its translations arrive, then the site’s language with its plural rule', () => {
		expect( __( 'Chat with us', 'handoff-chat' ) ).toBe( 'Chat with us' );
		expect( [ 0, 1, 2 ].map( unread ) ).toEqual( [
			'Open chat, 0 unread messages',
			'Open chat, 1 unread message',
			'Open chat, 2 unread messages',
		] );
		setLocaleData( null );
		setLocaleData( { something: 'else' } );
		expect( __( 'Chat with us', 'handoff-chat' ) ).toBe( 'Chat with us' );

		setLocaleData( FRENCH );
		expect( __( 'Chat with us', 'handoff-chat' ) ).toBe(
			'Discutez avec nous'
		);
		// French: 0 and 1 take the singular.
		expect( [ 0, 1, 2 ].map( unread ) ).toEqual( [
			'Ouvrir le chat, 0 message non lu',
			'Ouvrir le chat, 1 message non lu',
			'Ouvrir le chat, 2 messages non lus',
		] );
		expect( __( 'Not translated', 'handoff-chat' ) ).toBe(
			'Not translated'
		);
	} );
} );
