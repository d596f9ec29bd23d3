import { SLUG_PATTERN as CONTRACT_SLUG } from '@handoff-chat/contracts/flow';
import { readConfig, SLUG_PATTERN } from './config';

const mount = ( value: unknown ) => {
	const div = document.createElement( 'div' );
	div.setAttribute(
		'data-handoff-chat',
		typeof value === 'string' ? value : JSON.stringify( value )
	);
	return div;
};
const valid = {
	bridgeUrl: 'https://bridge.example/',
	siteId: 'site_abc123',
	mode: 'bot',
	flowId: 'sales',
	startSequence: 'pricing-2',
	title: ' Hi ',
	position: 'left',
	timeFormat: 'G \\h i',
	locale: 'fr_FR',
	labels: { open: 'Ouvrir le chat', close: 'Fermer le chat' },
	i18nUrl:
		'https://shop.example/wp-content/plugins/handoff-chat/languages/handoff-chat-fr_FR-handoff-chat-widget-view-script.json?ver=1',
	identityUrl:
		'https://shop.example/wp-admin/admin-ajax.php?action=handoff_chat_identity',
};

describe( 'readConfig', () => {
	it( 'reads and normalises the configuration render.php prints', () => {
		expect( readConfig( mount( valid ) ) ).toEqual( {
			bridgeUrl: 'https://bridge.example',
			siteId: 'site_abc123',
			mode: 'bot',
			flowId: 'sales',
			startSequence: 'pricing-2',
			title: 'Hi',
			position: 'left',
			timeFormat: 'G \\h i',
			locale: 'fr_FR',
			labels: { open: 'Ouvrir le chat', close: 'Fermer le chat' },
			i18nUrl: valid.i18nUrl,
			consent: null,
			identityUrl: valid.identityUrl,
		} );
		expect(
			readConfig( mount( { ...valid, mode: 'live' } ) )
		).toMatchObject( { mode: 'live' } );
	} );

	it( 'reads the consent step, keeping it (in English) even when its words were tampered with', () => {
		const consent = {
			text: 'Notre chat garde vos messages. Êtes-vous d’accord ?',
			policyUrl: 'https://shop.example/politique/',
			policyLabel: 'Lire notre politique de confidentialité',
			agree: 'J’accepte',
			decline: 'Pas maintenant',
		};
		expect( readConfig( mount( { ...valid, consent } ) )?.consent ).toEqual(
			consent
		);
		expect(
			readConfig(
				mount( {
					...valid,
					consent: { text: 3, policyUrl: 'javascript:alert(1)' },
				} )
			)?.consent
		).toEqual( {
			text: 'This chat stores your messages to answer you. Do you agree?',
			policyUrl: '',
			policyLabel: 'Privacy policy',
			agree: 'I agree',
			decline: 'Not now',
		} );
		expect(
			readConfig( mount( { ...valid, consent: null } ) )?.consent
		).toBeNull();
	} );

	it( 'names the launcher in English and loads no translations when the page predates them', () => {
		const older: Partial< typeof valid > = { ...valid };
		delete older.labels;
		delete older.i18nUrl;
		delete older.identityUrl;
		expect( readConfig( mount( older ) ) ).toMatchObject( {
			labels: { open: 'Open chat', close: 'Close chat' },
			i18nUrl: '',
			identityUrl: '',
		} );
		expect(
			readConfig(
				mount( {
					...valid,
					labels: { open: ' ', close: 3 },
					i18nUrl: 'javascript:alert(1)',
					identityUrl: 'javascript:alert(1)',
				} )
			)
		).toMatchObject( {
			labels: { open: 'Open chat', close: 'Close chat' },
			i18nUrl: '',
			identityUrl: '',
		} );
	} );

	it( 'falls back to the defaults for absent or unknown values', () => {
		expect(
			readConfig(
				mount( { ...valid, mode: 'x', position: 'top', title: 3 } )
			)
		).toMatchObject( {
			mode: 'bot',
			position: 'right',
			title: '',
		} );
		expect(
			readConfig(
				mount( {
					...valid,
					timeFormat: 3,
					locale: 'fr_FR"><script>',
				} )
			)
		).toMatchObject( { timeFormat: '', locale: '' } );
		const { flowId, startSequence, mode, timeFormat, locale, ...older } =
			valid;
		expect( readConfig( mount( older ) ) ).toMatchObject( {
			mode: 'bot',
			flowId: '',
			startSequence: '',
			timeFormat: '',
			locale: '',
		} );
	} );

	it.each( [
		'',
		'Sales',
		'-sales',
		'a b',
		'a/../b',
		'"><img>',
		'a'.repeat( 49 ),
		42,
		null,
		[ 'sales' ],
	] )(
		'turns a flow or sequence id that is not a slug (%p) into the default',
		( bad ) => {
			expect(
				readConfig(
					mount( { ...valid, flowId: bad, startSequence: bad } )
				)
			).toMatchObject( { flowId: '', startSequence: '' } );
		}
	);

	it( 'restates the contracts slug pattern exactly', () => {
		expect( SLUG_PATTERN.source ).toBe( CONTRACT_SLUG.source );
		expect( SLUG_PATTERN.flags ).toBe( CONTRACT_SLUG.flags );
	} );

	it( 'refuses broken or tampered markup', () => {
		expect( readConfig( mount( '{not json' ) ) ).toBeNull();
		expect(
			readConfig(
				mount( { ...valid, bridgeUrl: 'javascript:alert(1)' } )
			)
		).toBeNull();
		expect( readConfig( mount( { ...valid, siteId: 'a-b' } ) ) ).toBeNull();
		expect( readConfig( document.createElement( 'div' ) ) ).toBeNull();
	} );
} );
