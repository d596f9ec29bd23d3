/** Idempotency keys for sends: generated once per message and reused on every retry. */
export function newClientId(): string {
	const c = globalThis.crypto;
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
