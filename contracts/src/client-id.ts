/** Idempotency keys for sends (8–64 of [A-Za-z0-9_-], see clientIdSchema): one per message, reused on every retry. Zod-free: the widget imports it. */
export function newClientId(): string {
	const c = typeof crypto !== 'undefined' ? crypto : undefined;
	if ( c && typeof c.randomUUID === 'function' ) {
		return c.randomUUID();
	}
	const bytes = new Uint8Array( 16 );
	if ( c && typeof c.getRandomValues === 'function' ) {
		c.getRandomValues( bytes );
	} else {
		for ( let i = 0; i < bytes.length; i++ ) {
			bytes[ i ] = Math.floor( Math.random() * 256 );
		}
	}
	return Array.from( bytes, ( b ) =>
		b.toString( 16 ).padStart( 2, '0' )
	).join( '' );
}
