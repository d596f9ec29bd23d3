/** ExpiringCache: reused while fresh, read again once stale or forgotten, bounded. */
import { ExpiringCache } from './expiring-cache';

let now = 1_000_000;
beforeEach( () => {
	jest.spyOn( Date, 'now' ).mockImplementation( () => now );
} );
afterEach( () => jest.restoreAllMocks() );

it( 'reuses a value for its lifetime, then reads it again; forget() reads at once', async () => {
	const cache = new ExpiringCache< number >( 5_000 );
	let reads = 0;
	const load = async () => ++reads;
	expect( await cache.get( 's1', load ) ).toBe( 1 );
	now += 4_999;
	expect( await cache.get( 's1', load ) ).toBe( 1 );
	now += 1;
	expect( await cache.get( 's1', load ) ).toBe( 2 );
	// Another key is its own entry.
	expect( await cache.get( 's2', load ) ).toBe( 3 );
	cache.forget( 's1' );
	expect( await cache.get( 's1', load ) ).toBe( 4 );
	expect( await cache.get( 's2', load ) ).toBe( 3 );
} );

it( 'starts afresh past its bound rather than growing', async () => {
	const cache = new ExpiringCache< string >( 60_000, 2 );
	let reads = 0;
	const load = async () => `read ${ ++reads }`;
	await cache.get( 'a', load );
	await cache.get( 'b', load );
	await cache.get( 'c', load ); // over the bound: a and b are dropped
	expect( await cache.get( 'c', load ) ).toBe( 'read 3' );
	expect( await cache.get( 'a', load ) ).toBe( 'read 4' );
} );
