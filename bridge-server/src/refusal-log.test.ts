/**
 * Refused connections are logged one by one up to a rate, then summed up in a line with the
 * same `msg` (one filter finds them all).
 */
import { refusalLog } from './refusal-log';

beforeEach( () => jest.useFakeTimers() );
afterEach( () => jest.useRealTimers() );

it( 'logs refusals one by one up to the rate, then sums up the rest under the same msg', () => {
	const warn = jest.fn();
	const refused = refusalLog( { warn }, 'http connection refused', 2 );
	for ( let i = 0; i < 5; i++ ) {
		refused( { cause: 'total', ip: '192.0.2.1', limit: 10 } );
	}
	expect( warn ).toHaveBeenCalledTimes( 2 );
	jest.advanceTimersByTime( 1000 );
	expect( warn ).toHaveBeenCalledTimes( 3 );
	expect( warn ).toHaveBeenLastCalledWith( 'http connection refused', {
		count: 3,
		summary: true,
	} );
	expect( new Set( warn.mock.calls.map( ( [ msg ] ) => msg ) ) ).toEqual(
		new Set( [ 'http connection refused' ] )
	);
} );
