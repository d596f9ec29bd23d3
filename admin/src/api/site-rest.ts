/**
 * Another site's REST URLs (a network's subsites): its REST root from one of its absolute
 * route URLs, a route under that root, and whether the login cookie reaches it.
 */
import { ADVISORS_PATH } from './advisors-options';

/**
 * The REST root of a site from the absolute URL of its advisor routes:
 * 'https://net.test/shop/wp-json/handoff-chat/v1/advisors' → 'https://net.test/shop/wp-json',
 * 'https://net.test/shop/?rest_route=/handoff-chat/v1/advisors' → 'https://net.test/shop/?rest_route='.
 * '' when the URL does not end with the advisor routes.
 */
export function restRootOf( advisorsRestUrl: string ): string {
	const url = advisorsRestUrl.replace( /\/+$/, '' );
	return url.endsWith( ADVISORS_PATH )
		? url.slice( 0, -ADVISORS_PATH.length )
		: '';
}

/** A route path ('/wp/v2/pages?per_page=100') under a REST root, pretty or `?rest_route=`. */
export function restUrl( root: string, path: string ): string {
	if ( /[?&]rest_route=$/.test( root ) ) {
		// The route is a query value already: its own query goes on with '&'.
		return `${ root }${ path.replace( '?', '&' ) }`;
	}
	return `${ root.replace( /\/+$/, '' ) }${ path }`;
}

/**
 * Whether the page's login cookie goes with calls to this URL: same origin (a subdirectory
 * network). A subdomain network's other sites are another origin, which the cookie does
 * not reach; their screen is their own admin page.
 */
export function isSameOrigin( url: string, origin: string ): boolean {
	try {
		return new URL( url ).origin === new URL( origin ).origin;
	} catch {
		return false;
	}
}

/**
 * Whether the network screen can work on this site from here: its token and advisor
 * routes are same-origin absolute URLs under a REST root we can read.
 */
export function isEmbeddable(
	site: { advisorsRestUrl: string; tokenRestUrl: string },
	origin: string
): boolean {
	return (
		restRootOf( site.advisorsRestUrl ) !== '' &&
		isSameOrigin( site.advisorsRestUrl, origin ) &&
		isSameOrigin( site.tokenRestUrl, origin )
	);
}
