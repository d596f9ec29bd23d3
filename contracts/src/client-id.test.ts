import { clientIdSchema } from './api';
import { newClientId } from './client-id';

it( 'makes ids the bridge accepts, different every time, with or without randomUUID', () => {
	const ids = Array.from( { length: 50 }, newClientId );
	expect( new Set( ids ).size ).toBe( 50 );
	ids.forEach( ( id ) =>
		expect( clientIdSchema.safeParse( id ).success ).toBe( true )
	);
	const real = globalThis.crypto.randomUUID;
	try {
		( globalThis.crypto as any ).randomUUID = undefined;
		expect( clientIdSchema.safeParse( newClientId() ).success ).toBe(
			true
		);
	} finally {
		( globalThis.crypto as any ).randomUUID = real;
	}
} );
