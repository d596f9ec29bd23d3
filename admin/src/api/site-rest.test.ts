import { isEmbeddable, restRootOf, restUrl } from './site-rest';

describe( 'site REST URLs', () => {
	it( 'finds a site’s REST root from its advisor routes, pretty or plain permalinks', () => {
		expect(
			restRootOf(
				'https://net.test/shop/wp-json/handoff-chat/v1/advisors'
			)
		).toBe( 'https://net.test/shop/wp-json' );
		expect(
			restRootOf(
				'https://net.test/shop/?rest_route=/handoff-chat/v1/advisors'
			)
		).toBe( 'https://net.test/shop/?rest_route=' );
		expect( restRootOf( 'https://net.test/shop/wp-json/other' ) ).toBe(
			''
		);
	} );

	it( 'puts a route and its query under either kind of root', () => {
		expect(
			restUrl(
				'https://net.test/shop/wp-json',
				'/wp/v2/pages?per_page=5'
			)
		).toBe( 'https://net.test/shop/wp-json/wp/v2/pages?per_page=5' );
		expect(
			restUrl(
				'https://net.test/shop/?rest_route=',
				'/wp/v2/pages?per_page=5&search=a'
			)
		).toBe(
			'https://net.test/shop/?rest_route=/wp/v2/pages&per_page=5&search=a'
		);
	} );

	it( 'embeds only same-origin sites whose routes it can read', () => {
		const site = ( host: string ) => ( {
			advisorsRestUrl: `https://${ host }/wp-json/handoff-chat/v1/advisors`,
			tokenRestUrl: `https://${ host }/wp-json/handoff-chat/v1/advisor-token`,
		} );
		expect(
			isEmbeddable( site( 'net.test/shop' ), 'https://net.test' )
		).toBe( true );
		expect(
			isEmbeddable( site( 'shop.net.test' ), 'https://net.test' )
		).toBe( false );
		expect(
			isEmbeddable(
				{ advisorsRestUrl: '', tokenRestUrl: '' },
				'https://net.test'
			)
		).toBe( false );
	} );
} );
