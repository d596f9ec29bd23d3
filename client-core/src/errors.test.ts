import { BridgeError, isRetryable, messageOf, statusOf } from './errors';

describe( 'BridgeError', () => {
	it( 'carries the status, code, message and details of a failed call', () => {
		const e = new BridgeError( 400, 'bad_request', 'No.', [
			{ path: 'x' },
		] );
		expect( e ).toBeInstanceOf( Error );
		expect( e.name ).toBe( 'BridgeError' );
		expect( [ e.status, e.code, e.message, e.details ] ).toEqual( [
			400,
			'bad_request',
			'No.',
			[ { path: 'x' } ],
		] );
		expect( statusOf( e ) ).toBe( 400 );
		expect( statusOf( new Error( 'x' ) ) ).toBe( 0 );
	} );

	it.each( [
		[ 0, true ],
		[ 408, true ],
		[ 429, true ],
		[ 500, true ],
		[ 503, true ],
		[ 400, false ],
		[ 401, false ],
		[ 403, false ],
		[ 409, false ],
		[ 413, false ],
	] )( 'status %i is retryable: %s', ( status, retryable ) => {
		expect( isRetryable( new BridgeError( status, 'x', 'x' ) ) ).toBe(
			retryable
		);
	} );

	it( 'counts anything else thrown as retryable', () => {
		expect( isRetryable( new TypeError( 'Failed to fetch' ) ) ).toBe(
			true
		);
		expect( isRetryable( 'boom' ) ).toBe( true );
	} );

	it( 'gives a message for any thrown value', () => {
		expect(
			messageOf( new BridgeError( 409, 'conflict', 'Closed.' ) )
		).toBe( 'Closed.' );
		expect( messageOf( 'boom' ) ).toBe( 'boom' );
	} );
} );
