import { readConfig } from './config';

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
	title: ' Hi ',
	position: 'left',
};

describe( 'readConfig', () => {
	it( 'reads and normalises the configuration render.php prints', () => {
		expect( readConfig( mount( valid ) ) ).toEqual( {
			bridgeUrl: 'https://bridge.example',
			siteId: 'site_abc123',
			mode: 'bot',
			title: 'Hi',
			position: 'left',
		} );
	} );

	it( 'falls back to the defaults for unknown enum values', () => {
		expect(
			readConfig(
				mount( { ...valid, mode: 'x', position: 'top', title: 3 } )
			)
		).toMatchObject( {
			mode: 'live',
			position: 'right',
			title: '',
		} );
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
