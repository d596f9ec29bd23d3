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
