/**
 * What a new site gets: no flow, so widgets that name none offer live chat (no demo bot);
 * the demo site (`sites:create --demo-flow`, the test harness) keeps the demo flow.
 */
import { DEMO_FLOW, NO_DEFAULT_FLOW } from '@handoff-chat/contracts';
import type { Site } from '../services/sites';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

let site: Site;
beforeAll( async () => {
	site = await h.ctx.services.sites.create( {
		name: 'A real shop',
		url: 'https://shop.example',
	} );
} );

const flowsOf = async ( s: Site ) =>
	(
		await c.call( 'GET', '/v1/flows', {
			token: await advisorToken( s, '1', { manage: true } ),
		} )
	).body;

it( 'gives a new site no flow, and the demo site the demo flow', async () => {
	expect( ( await flowsOf( site ) ).flows ).toEqual( [] );
	expect(
		( await flowsOf( h.site ) ).flows.map( ( f: { id: string } ) => f.id )
	).toEqual( [ DEMO_FLOW.id ] );
} );

it( 'answers a widget in bot mode that names no flow with no_default_flow, and creates nothing', async () => {
	const v = await c.visitor( site.id );
	const res = await c.start( v.token, { mode: 'bot' } );
	expect( res.status ).toBe( 409 );
	expect( res.body.error ).toEqual( {
		code: NO_DEFAULT_FLOW,
		message:
			'This site has no default flow: start the conversation in live chat.',
	} );
	const owner = await advisorToken( site, '1', { manage: true } );
	const inbox = await c.call( 'GET', '/v1/inbox?list=live', {
		token: owner,
	} );
	expect( inbox.body.conversations ).toEqual( [] );
	// The widget's live chat then starts with the visitor's first message.
	const live = await c.start( v.token, { mode: 'live' } );
	expect( live.body.conversation ).toEqual(
		expect.objectContaining( { state: 'waiting', mode: 'live' } )
	);
} );

it( 'still refuses a flow or start sequence the widget names and the site lacks', async () => {
	const v = await c.visitor( site.id );
	const named = await c.start( v.token, { mode: 'bot', flowId: 'demo' } );
	expect( named.status ).toBe( 400 );
	expect( named.body.error.message ).toBe(
		'flowId: this site has no flow "demo".'
	);
	const sequence = await c.start( v.token, {
		mode: 'bot',
		startSequence: 'menu',
	} );
	expect( sequence.status ).toBe( 400 );
} );

it( 'runs the flow saved as the default once the owner builds one', async () => {
	const owner = await advisorToken( site, '1', { manage: true } );
	const saved = await c.call( 'PUT', `/v1/flows/${ DEMO_FLOW.id }`, {
		token: owner,
		body: DEMO_FLOW,
	} );
	expect( saved.status ).toBe( 201 );
	const v = await c.visitor( site.id );
	const res = await c.start( v.token, { mode: 'bot' } );
	expect( res.body.conversation ).toEqual(
		expect.objectContaining( { state: 'bot', flowId: DEMO_FLOW.id } )
	);
} );
