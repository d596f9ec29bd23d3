/**
 * Page restrictions of advisors: which conversations an advisor may receive, from the page
 * the conversation started on. Pure and zod-free: the bridge enforces it, the Advisors
 * screen previews it.
 */

export interface RestrictedPage {
	/** WordPress post id. */
	id: number;
	url: string;
	title: string;
}

export type PageRestriction =
	| { mode: 'all' }
	| { mode: 'some'; pages: RestrictedPage[]; prefixes: string[] };

export const ALL_PAGES: PageRestriction = { mode: 'all' };

/** Query parameters that name a post when permalinks are plain (`/?page_id=12`). */
const POST_PARAMS = [ 'page_id', 'p', 'post' ];

/**
 * What a page URL is compared by: its path with one trailing slash, plus the post named in
 * the query under plain permalinks. Null for what is not an absolute http(s) URL.
 */
export function pageKey( url: string ): string | null {
	let u: URL;
	try {
		u = new URL( url );
	} catch {
		return null;
	}
	if ( u.protocol !== 'http:' && u.protocol !== 'https:' ) {
		return null;
	}
	const path = u.pathname.endsWith( '/' ) ? u.pathname : u.pathname + '/';
	const post = POST_PARAMS.map( ( k ) => u.searchParams.get( k ) ).find(
		Boolean
	);
	return post ? `${ path }?post=${ post }` : path;
}

/**
 * Whether a conversation started on `pageUrl` is within the restriction. A restricted
 * advisor never receives conversations whose page is unknown.
 */
export function pageAllowed(
	restriction: PageRestriction,
	pageUrl: string | null
): boolean {
	if ( restriction.mode === 'all' ) {
		return true;
	}
	const key = pageUrl ? pageKey( pageUrl ) : null;
	if ( ! key ) {
		return false;
	}
	if ( restriction.pages.some( ( p ) => pageKey( p.url ) === key ) ) {
		return true;
	}
	const path = key.split( '?' )[ 0 ];
	return restriction.prefixes.some( ( prefix ) => path.startsWith( prefix ) );
}
