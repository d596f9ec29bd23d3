import { RateLimiter } from './rate-limit';

it( 'allows `limit` hits per window and says when to come back', () => {
	let now = 1_000_000;
	const limiter = new RateLimiter( 2, 2000, () => now );
	expect( limiter.hit( 'a' ) ).toEqual( {
		allowed: true,
		remaining: 1,
		retryAfterSeconds: 2,
	} );
	expect( limiter.hit( 'a' ).allowed ).toBe( true );
	now += 500;
	expect( limiter.hit( 'a' ) ).toEqual( {
		allowed: false,
		remaining: 0,
		retryAfterSeconds: 2,
	} );
	expect( limiter.hit( 'b' ).allowed ).toBe( true ); // per key
	now += 1500;
	expect( limiter.hit( 'a' ).allowed ).toBe( true ); // a new window
} );
