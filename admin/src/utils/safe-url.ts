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
