/** GET /v1/search: messages and visitor variables, case-insensitive, literal, paginated. */
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();
let site: Site;
let anna: string;
const ids: Record< string, string > = {};

beforeAll( async () => {
	site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Search site',
	} );
	anna = await advisorToken( site, '11', { name: 'Anna' } );
	const make = async (
		key: string,
		says: string[],
		variables?: Record< string, string >
	) => {
		const v = await c.visitor( site.id );
		const id = ( await c.start( v.token, { mode: 'live' } ) ).body
			.conversation.id as string;
		for ( const text of says ) {
			await c.say( v.token, id, text );
		}
		if ( variables ) {
			await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
				token: anna,
				body: { variables },
			} );
		}
		ids[ key ] = id;
		await new Promise( ( r ) => setTimeout( r, 3 ) );
	};
	await make( 'percent', [ 'Where is my 50% discount?', 'Hello again' ] );
	await make( 'fifty', [ 'I paid 500 euros' ] );
	await make( 'underscore', [], { EMAIL: 'lea_smith@example.org' } );
	await make( 'lookalike', [], { EMAIL: 'leaXsmith@example.org' } );
	await make( 'noted', [ 'Just browsing' ] );
	await c.note( anna, ids.noted, 'Offer the DISCOUNT code' );
	await c.patch( anna, ids.fifty, { type: 'close' } );
	const elsewhere = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Elsewhere',
	} );
	const v = await c.visitor( elsewhere.id );
	const other = ( await c.start( v.token, { mode: 'live' } ) ).body
		.conversation.id;
	await c.say( v.token, other, 'discount please' );
} );

const search = ( q: string, extra = '', token = anna ) =>
	c.call( 'GET', `/v1/search?q=${ encodeURIComponent( q ) }${ extra }`, {
		token,
	} );
const found = async ( q: string ) =>
	( await search( q ) ).body.results.map( ( r: any ) => r.conversation.id );

it( 'finds messages (notes included) and variables, newest first, case-insensitively, on this site only', async () => {
	const res = await search( 'discount' );
	expect( res.status ).toBe( 200 );
	expect(
		res.body.results.map( ( r: any ) => [
			r.conversation.id,
			r.message?.text,
		] )
	).toEqual( [
		[ ids.noted, 'Offer the DISCOUNT code' ],
		[ ids.percent, 'Where is my 50% discount?' ],
	] );
	expect( res.body.results[ 0 ].conversation ).toEqual(
		expect.objectContaining( { unread: true, visitorOnline: false } )
	);
	expect( await found( 'LEA_SMITH' ) ).toEqual( [ ids.underscore ] );
	const byVariable = ( await search( 'example.org' ) ).body.results;
	expect(
		byVariable.map( ( r: any ) => [ r.conversation.id, r.message ] )
	).toEqual( [
		[ ids.lookalike, null ],
		[ ids.underscore, null ],
	] );
} );

it( 'matches % and _ literally', async () => {
	expect( await found( '50%' ) ).toEqual( [ ids.percent ] );
	expect( await found( 'a_s' ) ).toEqual( [ ids.underscore ] );
	expect( await found( '50\\' ) ).toEqual( [] );
	expect( ( await search( '%%%' ) ).body.results ).toEqual( [] );
	// Event messages ("Conversation closed by Anna.") are not searched.
	expect( await found( 'closed by' ) ).toEqual( [] );
} );

it( 'pages with a cursor', async () => {
	const first = await search( 'example', '&limit=1' );
	expect( first.body.results ).toHaveLength( 1 );
	expect( first.body.nextCursor ).toEqual( expect.any( String ) );
	const second = await search(
		'example',
		`&limit=1&cursor=${ encodeURIComponent( first.body.nextCursor ) }`
	);
	expect(
		second.body.results.map( ( r: any ) => r.conversation.id )
	).toEqual( [ ids.underscore ] );
	expect( second.body.nextCursor ).toBeNull();
} );

it( 'refuses short or missing queries, visitors and bad cursors', async () => {
	for ( const [ q, message ] of [
		[ '/v1/search?q=d', 'q: q must be at least 3 characters' ],
		[ '/v1/search?q=%20%20do%20', 'q: q must be at least 3 characters' ],
		// Two characters, four UTF-16 units: trigrams count characters.
		[
			`/v1/search?q=${ encodeURIComponent( '😀😀' ) }`,
			'q: q must be at least 3 characters',
		],
		[ '/v1/search', 'q: q is required' ],
		[
			`/v1/search?q=${ 'x'.repeat( 101 ) }`,
			'q: q is limited to 100 characters',
		],
		[ '/v1/search?q=okay&cursor=%%%', 'Invalid cursor.' ],
		[ '/v1/search?q=okay&limit=51', 'limit' ],
	] ) {
		const res = await c.call( 'GET', q, { token: anna } );
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toContain( message );
	}
	const v = await c.visitor( site.id );
	expect( ( await search( 'discount', '', v.token ) ).status ).toBe( 403 );
} );
