import {
	BridgeError,
	errorMessage,
	flowIssuesOf,
	isNotConfigured,
	NOT_CONFIGURED,
	tokenError,
} from './errors';

describe( 'errors', () => {
	it( "keeps only well-formed flow issues of a BridgeError's details", () => {
		const details = [
			{
				path: 'sequences.1.steps.0.then',
				message: 'unknown sequence "x"',
			},
			{ nonsense: true },
		];
		const e = new BridgeError(
			400,
			'bad_request',
			'The flow has 1 problem',
			details
		);
		expect( flowIssuesOf( e ) ).toEqual( [ details[ 0 ] ] );
		expect( flowIssuesOf( new Error( 'x' ) ) ).toEqual( [] );
		expect(
			flowIssuesOf( new BridgeError( 400, 'bad_request', 'x' ) )
		).toEqual( [] );
	} );

	it( 'turns a refused token request into a readable BridgeError', () => {
		expect(
			tokenError( {
				code: 'rest_forbidden',
				message: 'No.',
				data: { status: 403 },
			} )
		).toMatchObject( {
			status: 403,
			code: 'rest_forbidden',
			message: 'No.',
		} );
		expect( tokenError( null ) ).toMatchObject( {
			status: 0,
			code: 'token_error',
			message:
				'WordPress did not issue a chat token. Reload the page and try again.',
		} );
		const notConfigured = tokenError( { data: { status: 503 } } );
		expect( notConfigured ).toMatchObject( {
			status: 503,
			code: NOT_CONFIGURED,
		} );
		expect( isNotConfigured( notConfigured ) ).toBe( true );
		expect( isNotConfigured( new Error( NOT_CONFIGURED ) ) ).toBe( false );
	} );

	it( 'has a message for any thrown value', () => {
		expect( errorMessage( new Error( 'Boom' ) ) ).toBe( 'Boom' );
		expect( errorMessage( 'nope' ) ).toBe(
			'Something went wrong. Please try again.'
		);
	} );
} );
