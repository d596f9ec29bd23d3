import { act, renderHook } from '@testing-library/react';
import { useQueryParam } from './use-query-param';

const ID = /^[a-z0-9_]+$/;

describe( 'useQueryParam', () => {
	beforeEach( () =>
		window.history.replaceState( null, '', '/wp-admin/admin.php?page=x' )
	);

	it( 'reads the address, refusing values outside the pattern', () => {
		window.history.replaceState( null, '', '?page=x&conversation=c_1' );
		expect(
			renderHook( () => useQueryParam( 'conversation', { pattern: ID } ) )
				.result.current[ 0 ]
		).toBe( 'c_1' );
		window.history.replaceState( null, '', '?page=x&conversation=<b>' );
		expect(
			renderHook( () => useQueryParam( 'conversation', { pattern: ID } ) )
				.result.current[ 0 ]
		).toBeNull();
	} );

	it( 'replaces the address by default, pushes when asked, and follows Back', () => {
		const before = window.history.length;
		const { result } = renderHook( () => useQueryParam( 'conversation' ) );
		act( () => result.current[ 1 ]( 'c_2' ) );
		expect( window.location.search ).toBe( '?page=x&conversation=c_2' );
		expect( window.history.length ).toBe( before );

		const flow = renderHook( () =>
			useQueryParam( 'flow', { push: true } )
		);
		act( () => flow.result.current[ 1 ]( 'demo' ) );
		expect( window.history.length ).toBe( before + 1 );
		expect( flow.result.current[ 0 ] ).toBe( 'demo' );

		act( () => result.current[ 1 ]( null ) );
		expect( window.location.search ).toBe( '?page=x&flow=demo' );

		window.history.replaceState( null, '', '?page=x' );
		act( () => {
			window.dispatchEvent( new PopStateEvent( 'popstate' ) );
		} );
		expect( flow.result.current[ 0 ] ).toBeNull();
	} );
} );
