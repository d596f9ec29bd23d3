/**
 * Page URLs come from visitors' browsers: only http(s) URLs become links, so a
 * `javascript:` URL can never be clicked in wp-admin.
 */
export function safeHttpUrl( url: string | null | undefined ): string | null {
	if ( ! url ) {
		return null;
	}
	try {
		const u = new URL( url );
		return u.protocol === 'http:' || u.protocol === 'https:'
			? u.href
			: null;
	} catch {
		return null;
	}
}

/**
 * Image steps may name an absolute http(s) URL or a path on the site (`/wp-content/…`):
 * paths are resolved against this page's origin; any other scheme (data:, javascript:)
 * gives null.
 */
export function safeImageUrl(
	url: string | null | undefined,
	origin: string = typeof window !== 'undefined' ? window.location.origin : ''
): string | null {
	if ( ! url ) {
		return null;
	}
	if ( url.startsWith( '/' ) && ! url.startsWith( '//' ) ) {
		try {
			const u = new URL( url, origin );
			return u.origin === origin ? u.href : null;
		} catch {
			return null;
		}
	}
	return safeHttpUrl( url );
}

/**
 * Images of messages: uploads have a root-relative URL on the bridge (`/v1/uploads/<id>`),
 * resolved against the bridge URL (`new URL( url, bridgeUrl )`); anything else follows
 * safeImageUrl's rules.
 */
export function messageImageUrl(
	url: string | null | undefined,
	bridgeUrl: string | null | undefined
): string | null {
	if ( url && /^\/v1\/uploads\/[0-9a-f]{32}$/.test( url ) && bridgeUrl ) {
		try {
			const base = new URL( bridgeUrl );
			if ( base.protocol !== 'http:' && base.protocol !== 'https:' ) {
				return null;
			}
			// The bridge may live under a sub-path: keep it.
			return new URL(
				url.slice( 1 ),
				base.href.endsWith( '/' ) ? base.href : `${ base.href }/`
			).href;
		} catch {
			return null;
		}
	}
	return safeImageUrl( url );
}
