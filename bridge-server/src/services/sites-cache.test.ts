/**
 * Two bridges on one database (two processes behind a load balancer): a site secret rotated
 * through one is accepted by the other at once, although the other had the old one cached
 * (sites.changedSince), for WordPress's signed calls and for tokens alike.
 */
import {
	advisorToken,
	signedHeaders,
	startTwoBridges,
	type Harness,
} from '../test-utils/harness';

let both: Harness[] = [];
afterEach( async () => {
	for ( const h of both.reverse() ) {
		await h.close();
	}
	both = [];
} );

const signedGet = ( h: Harness, secret: string ) =>
	fetch( `${ h.url }/v1/site`, {
		headers: signedHeaders( { id: h.site.id, secret }, 'GET', '/v1/site' ),
	} );

it( 'honours a secret rotated through another process at once, for signatures and tokens', async () => {
	const [ a, b ] = await startTwoBridges();
	both = [ a, b ];
	const old = a.site.secret;
	// B reads the site (and caches it) before A rotates the secret.
	expect( ( await signedGet( b, old ) ).status ).toBe( 200 );

	const rotated = await fetch( `${ a.url }/v1/site/secret`, {
		method: 'POST',
		headers: signedHeaders( a.site, 'POST', '/v1/site/secret' ),
	} );
	expect( rotated.status ).toBe( 200 );
	const { secret } = ( await rotated.json() ) as { secret: string };

	// WordPress now signs with the new secret, whichever process its next call reaches.
	expect( ( await signedGet( b, secret ) ).status ).toBe( 200 );
	expect( ( await signedGet( a, secret ) ).status ).toBe( 200 );
	// The old one is refused by the process that rotated it, and by B once it has the new row.
	expect( ( await signedGet( a, old ) ).status ).toBe( 401 );
	expect( ( await signedGet( b, old ) ).status ).toBe( 401 );

	// A token signed with the new secret works on both.
	const token = await advisorToken( a.site, '42', {
		secret,
		licensed: false,
	} );
	for ( const h of [ a, b ] ) {
		const r = await fetch( `${ h.url }/v1/inbox/online`, {
			headers: { Authorization: `Bearer ${ token }` },
		} );
		expect( r.status ).toBe( 200 );
	}
} );

it( 'refuses a wrong secret without reading the site again more than once a second', async () => {
	const [ a, b ] = await startTwoBridges();
	both = [ a, b ];
	const reads: string[] = [];
	b.ctx.db.on( 'query', ( q: { sql: string } ) => {
		if ( /from\s+["`]sites["`]/i.test( q.sql ) ) {
			reads.push( q.sql );
		}
	} );
	expect( ( await signedGet( b, a.site.secret ) ).status ).toBe( 200 );
	const before = reads.length;
	for ( let i = 0; i < 5; i++ ) {
		expect( ( await signedGet( b, 'f'.repeat( 64 ) ) ).status ).toBe( 401 );
	}
	expect( reads.length - before ).toBeLessThanOrEqual( 1 );
} );
