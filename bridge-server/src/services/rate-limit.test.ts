import { Throttle } from './rate-limit';

afterEach( () => jest.useRealTimers() );

it( 'allows `limit` hits per key and window', async () => {
	jest.useFakeTimers( { now: new Date( '2026-12-05T10:00:00Z' ) } );
	const throttle = new Throttle( 2, 2000 );
	expect( await throttle.allow( 'a' ) ).toBe( true );
	expect( await throttle.allow( 'a' ) ).toBe( true );
	jest.advanceTimersByTime( 500 );
	expect( await throttle.allow( 'a' ) ).toBe( false );
	expect( await throttle.allow( 'b' ) ).toBe( true ); // per key
	jest.advanceTimersByTime( 1500 );
	expect( await throttle.allow( 'a' ) ).toBe( true ); // a new window
	throttle.stop();
} );
