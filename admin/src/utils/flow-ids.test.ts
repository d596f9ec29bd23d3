import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import { canUseSequenceId, slugify, uniqueId } from './flow-ids';

describe( 'flow ids', () => {
	it( 'makes slugs from names and picks a free one', () => {
		expect( slugify( 'Démo : Été 2025 !' ) ).toBe( 'demo-ete-2025' );
		expect( slugify( '***' ) ).toBe( 'flow' );
		expect( uniqueId( 'demo', [ 'demo', 'demo-2' ] ) ).toBe( 'demo-3' );
	} );

	it( 'refuses a sequence id that is taken or not a slug', () => {
		const f: Flow = JSON.parse( JSON.stringify( DEMO_FLOW ) );
		expect( canUseSequenceId( f, 1, 'welcome' ) ).toBe( false );
		expect( canUseSequenceId( f, 1, 'Menu!' ) ).toBe( false );
		expect( canUseSequenceId( f, 1, 'menu' ) ).toBe( true );
	} );
} );
