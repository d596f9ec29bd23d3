import { formatRelativeTime } from './relative-time';
import { safeHttpUrl } from './safe-url';

describe( 'formatRelativeTime', () => {
	const now = Date.parse( '2025-01-10T12:00:00Z' );
	it.each( [
		[ '2025-01-10T11:59:30Z', 'now' ],
		[ '2025-01-10T12:00:20Z', 'now' ],
		[ '2025-01-10T11:55:00Z', '5 minutes ago' ],
		[ '2025-01-10T09:00:00Z', '3 hours ago' ],
		[ '2025-01-09T11:00:00Z', 'yesterday' ],
		[ '2024-12-20T12:00:00Z', '3 weeks ago' ],
	] )( '%s reads "%s"', ( iso, text ) => {
		expect( formatRelativeTime( iso, now, 'en' ) ).toBe( text );
	} );

	it( 'follows the page locale', () => {
		expect(
			formatRelativeTime( '2025-01-10T11:55:00Z', now, 'fr-FR' )
		).toBe( 'il y a 5 minutes' );
		expect( formatRelativeTime( 'not a date', now, 'en' ) ).toBe( '' );
	} );
} );

describe( 'safeHttpUrl', () => {
	it( 'links only http(s) pages', () => {
		expect( safeHttpUrl( 'https://example.test/a?b=1' ) ).toBe(
			'https://example.test/a?b=1'
		);
		expect( safeHttpUrl( 'javascript:alert(1)' ) ).toBeNull();
		expect( safeHttpUrl( 'JaVaScRiPt:alert(1)' ) ).toBeNull();
		expect( safeHttpUrl( 'data:text/html,x' ) ).toBeNull();
		expect( safeHttpUrl( '/relative' ) ).toBeNull();
		expect( safeHttpUrl( null ) ).toBeNull();
	} );
} );
