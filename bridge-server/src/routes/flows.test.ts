/** The flows API of the admin editor, and the variables endpoint, through createApp() on sqlite3. */
import { DEMO_FLOW, type FlowInput } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
let manager: string;
let advisor: string;

beforeAll( async () => {
	manager = await advisorToken( h.site, '1', { manage: true } );
	advisor = await advisorToken( h.site, '2' );
} );

const faqFlow = ( overrides: Partial< FlowInput > = {} ): FlowInput =>
	( {
		name: 'FAQ',
		startSequence: 'start',
		sequences: [
			{
				id: 'start',
				name: 'Start',
				steps: [
					{ id: 'hi', type: 'text', text: 'Hi {{PRENOM}}' },
					{
						id: 'to-anna',
						type: 'transfer',
						assign: 'advisor',
						advisorId: '42',
						backToBot: { label: 'Bot', sequence: null },
					},
				],
			},
		],
		...overrides,
	} ) as FlowInput;

it( 'gives every new site the demo flow, readable by any advisor of the site', async () => {
	const list = await c.call( 'GET', '/v1/flows', { token: advisor } );
	expect( list.status ).toBe( 200 );
	expect( list.body.flows ).toEqual( [
		expect.objectContaining( {
			id: 'demo',
			name: DEMO_FLOW.name,
			mode: 'bot',
		} ),
	] );
	const one = await c.call( 'GET', '/v1/flows/demo', { token: advisor } );
	expect( one.body.flow ).toEqual( DEMO_FLOW );
	expect( one.body.updatedAt ).toEqual( expect.any( String ) );
	expect(
		( await c.call( 'GET', '/v1/flows/nope', { token: advisor } ) ).status
	).toBe( 404 );
	expect(
		( await c.call( 'GET', '/v1/flows/..%2Fetc', { token: advisor } ) )
			.status
	).toBe( 404 );
} );

it( 'lets only managers write, and only advisors read', async () => {
	const visitor = ( await c.visitor() ).token;
	expect( ( await c.call( 'GET', '/v1/flows', {} ) ).status ).toBe( 401 );
	expect(
		( await c.call( 'GET', '/v1/flows', { token: visitor } ) ).status
	).toBe( 403 );
	const denied = await c.call( 'PUT', '/v1/flows/faq', {
		token: advisor,
		body: faqFlow(),
	} );
	expect( denied.status ).toBe( 403 );
	expect( denied.body.error.code ).toBe( 'forbidden' );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/faq', {
				token: visitor,
				body: faqFlow(),
			} )
		).status
	).toBe( 403 );
	expect(
		( await c.call( 'DELETE', '/v1/flows/demo', { token: advisor } ) )
			.status
	).toBe( 403 );
	// A claim that is not exactly `true` grants nothing.
	const sneaky = await advisorToken( h.site, '3', { name: 'x' } );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/faq', {
				token: sneaky,
				body: faqFlow(),
			} )
		).status
	).toBe( 403 );
} );

it( 'creates, replaces and deletes flows; the demo stays', async () => {
	const created = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: faqFlow(),
	} );
	expect( created.status ).toBe( 201 );
	expect( created.body.flow ).toEqual(
		expect.objectContaining( { id: 'faq', mode: 'bot', name: 'FAQ' } )
	);
	const replaced = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: faqFlow( { name: 'FAQ 2' } ),
	} );
	expect( replaced.status ).toBe( 200 );
	expect( replaced.body.createdAt ).toBe( created.body.createdAt );
	expect(
		(
			await c.call( 'GET', '/v1/flows', { token: advisor } )
		).body.flows.map( ( f: any ) => f.name )
	).toEqual( [ DEMO_FLOW.name, 'FAQ 2' ] );

	// Create-only writes never replace: a colleague's flow with the same id stays.
	const onlyIfAbsent = { 'If-None-Match': '*' };
	const taken = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: faqFlow( { name: 'Imported' } ),
		headers: onlyIfAbsent,
	} );
	expect( taken.status ).toBe( 409 );
	expect( taken.body.error.message ).toBe(
		'A flow with the id "faq" already exists: choose another id.'
	);
	expect(
		( await c.call( 'GET', '/v1/flows/faq', { token: advisor } ) ).body.flow
			.name
	).toBe( 'FAQ 2' );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/faq-2', {
				token: manager,
				body: faqFlow(),
				headers: onlyIfAbsent,
			} )
		).status
	).toBe( 201 );

	const demo = await c.call( 'DELETE', '/v1/flows/demo', { token: manager } );
	expect( demo.status ).toBe( 409 );
	expect( demo.body.error.message ).toMatch( /default/ );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/doomed', {
				token: manager,
				body: faqFlow(),
			} )
		).status
	).toBe( 201 );
	expect(
		( await c.call( 'DELETE', '/v1/flows/doomed', { token: manager } ) )
			.status
	).toBe( 204 );
	expect(
		( await c.call( 'DELETE', '/v1/flows/doomed', { token: manager } ) )
			.status
	).toBe( 404 );
} );

it( 'answers 400 with every issue, where it occurs, for an invalid flow', async () => {
	const bad: any = faqFlow();
	bad.sequences[ 0 ].steps[ 0 ].text = '';
	bad.sequences[ 0 ].steps.push( {
		id: 'go',
		type: 'goto',
		sequence: 'missing',
	} );
	const shape = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: bad,
	} );
	expect( shape.status ).toBe( 400 );
	expect( shape.body.error.details ).toEqual( [
		{ path: 'sequences.0.steps.0.text', message: 'must not be empty' },
	] );

	bad.sequences[ 0 ].steps[ 0 ].text = 'ok';
	const refs = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: bad,
	} );
	expect( refs.status ).toBe( 400 );
	expect( refs.body.error.details ).toEqual( [
		{
			path: 'sequences.0.steps.2.sequence',
			message: 'unknown sequence "missing"',
		},
	] );
	expect( refs.body.error.message ).toMatch(
		/^The flow has 1 problem: sequences\.0\.steps\.2\.sequence/
	);

	const loop = faqFlow( {
		sequences: [
			{
				id: 'start',
				name: 'S',
				steps: [ { id: 'g', type: 'goto', sequence: 'b' } ],
			},
			{
				id: 'b',
				name: 'B',
				steps: [ { id: 'g', type: 'goto', sequence: 'start' } ],
			},
		],
	} );
	const looped = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: loop,
	} );
	expect( looped.status ).toBe( 400 );
	expect( looped.body.error.details[ 0 ].message ).toMatch(
		/loop without any question or button/
	);

	const mismatch = await c.call( 'PUT', '/v1/flows/faq', {
		token: manager,
		body: { ...faqFlow(), id: 'other' },
	} );
	expect( mismatch.status ).toBe( 400 );
	expect( mismatch.body.error.details ).toEqual( [
		{ path: 'id', message: 'must be "faq", as in the URL' },
	] );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/Bad%20Id', {
				token: manager,
				body: faqFlow(),
			} )
		).status
	).toBe( 400 );
	expect(
		( await c.call( 'PUT', '/v1/flows/faq', { token: manager, body: [] } ) )
			.status
	).toBe( 400 );
	// The stored flow is untouched by refused writes.
	expect(
		( await c.call( 'GET', '/v1/flows/faq', { token: advisor } ) ).body.flow
			.name
	).toBe( 'FAQ 2' );
} );

it( 'assigns the advisor a transfer step names, even offline, and hands over when a flow is deleted mid-conversation', async () => {
	// Anna (42) can answer and holds a licence; she is not online.
	await advisorToken( h.site, '42', { name: 'Anna' } );
	expect(
		(
			await c.call( 'PUT', '/v1/flows/named', {
				token: manager,
				body: faqFlow(),
			} )
		).status
	).toBe( 201 );
	const v = await c.visitor();
	const conv = ( await c.start( v.token, { flowId: 'named' } ) ).body
		.conversation;
	expect( await c.conversation( v.token, conv.id ) ).toEqual(
		expect.objectContaining( { state: 'waiting', assignedAdvisorId: '42' } )
	);

	const menu = (
		await c.start( ( await c.visitor() ).token, { flowId: 'faq' } )
	).body.conversation;
	expect( menu.state ).toBe( 'waiting' );

	// A flow deleted under a running conversation: the next input goes to the advisors, with a note.
	const put = await c.call( 'PUT', '/v1/flows/temp', {
		token: manager,
		body: faqFlow( {
			sequences: [
				{
					id: 'start',
					name: 'S',
					steps: [
						{
							id: 'q',
							type: 'question',
							text: 'Name?',
							variable: 'PRENOM',
						},
					],
				},
			],
		} ),
	} );
	expect( put.status ).toBe( 201 );
	const w = await c.visitor();
	const temp = ( await c.start( w.token, { flowId: 'temp' } ) ).body
		.conversation;
	await c.call( 'DELETE', '/v1/flows/temp', { token: manager } );
	expect( ( await c.say( w.token, temp.id, 'Léa' ) ).status ).toBe( 201 );
	expect( ( await c.conversation( w.token, temp.id ) ).state ).toBe(
		'waiting'
	);
	const notes = ( await c.messages( advisor, temp.id ) ).filter(
		( m ) => m.kind === 'note'
	);
	expect( notes[ 0 ].text ).toMatch( /the flow no longer exists/ );
} );

it( 'shows variables to the site’s advisors and the owning visitor only', async () => {
	const v = await c.visitor();
	const id = ( await c.start( v.token ) ).body.conversation.id;
	await c.say( v.token, id, 'Léa' );
	const path = `/v1/conversations/${ id }/variables`;
	expect(
		( await c.call( 'GET', path, { token: advisor } ) ).body.variables
	).toEqual( [
		{ name: 'PRENOM', value: 'Léa', updatedAt: expect.any( String ) },
	] );
	expect(
		( await c.call( 'GET', path, { token: ( await c.visitor() ).token } ) )
			.status
	).toBe( 404 );
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other',
	} );
	expect(
		(
			await c.call( 'GET', path, {
				token: await advisorToken( other, '1' ),
			} )
		).status
	).toBe( 404 );
	// Variables belong to the visitor: a new conversation of theirs greets them by name.
	await c.call( 'PUT', '/v1/flows/greet', {
		token: manager,
		body: faqFlow( {
			sequences: [
				{
					id: 'start',
					name: 'S',
					steps: [
						{
							id: 'hi',
							type: 'end',
							text: 'Welcome back {{PRENOM}}',
						},
					],
				},
			],
		} ),
	} );
	const again = ( await c.start( v.token, { flowId: 'greet' } ) ).body
		.conversation;
	expect(
		( await c.messages( v.token, again.id ) ).map( ( m ) => m.text )
	).toEqual( [ 'Welcome back Léa' ] );
} );
