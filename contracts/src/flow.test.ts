import { flowSchema, interpolate, validateFlow, type FlowInput } from './flow';
import { DEMO_FLOW } from './demo-flow';

const base = (): FlowInput => ( {
	id: 'demo',
	name: 'Demo',
	startSequence: 'welcome',
	allowedLinkDomains: [ 'example.com' ],
	sequences: [
		{
			id: 'welcome',
			name: 'Welcome',
			steps: [
				{ id: 'hello', type: 'text', text: 'Bonjour !' },
				{
					id: 'ask',
					type: 'question',
					text: 'Your first name?',
					variable: 'PRENOM',
				},
				{
					id: 'check',
					type: 'condition',
					variable: 'PRENOM',
					operator: 'is_set',
					then: 'menu',
				},
			],
		},
		{
			id: 'menu',
			name: 'Menu',
			steps: [
				{
					id: 'choices',
					type: 'buttons',
					text: 'How can I help, {{PRENOM}}?',
					buttons: [
						{
							id: 'human',
							label: 'Talk to a human',
							action: { type: 'goto', sequence: 'human' },
						},
						{
							id: 'site',
							label: 'Website',
							action: { type: 'url', url: 'https://example.com' },
						},
					],
				},
			],
		},
		{
			id: 'human',
			name: 'Human',
			steps: [
				{
					id: 'transfer',
					type: 'transfer',
					backToBot: { label: 'Back', sequence: 'menu' },
				},
			],
		},
	],
} );

it( 'lets link buttons open only the allowed domains and their subdomains', () => {
	const withUrl = ( url: string, domains?: string[] ) => {
		const f: any = base();
		f.sequences[ 1 ].steps[ 0 ].buttons[ 1 ].action.url = url;
		if ( domains ) {
			f.allowedLinkDomains = domains;
		}
		return validateFlow( f ).issues;
	};
	expect( withUrl( 'https://shop.example.com/cart' ) ).toEqual( [] );
	expect( withUrl( 'https://example.com.evil.test/' ) ).toEqual( [
		{
			path: 'sequences.1.steps.0.buttons.1.action.url',
			message: expect.stringMatching( /allowed link domains/ ),
		},
	] );
	expect( withUrl( 'https://notexample.com/' ) ).toHaveLength( 1 );
	expect( withUrl( 'https://example.com/', [] ) ).toHaveLength( 1 );
	expect(
		validateFlow( {
			...base(),
			allowedLinkDomains: [ 'https://example.com' ],
		} ).issues[ 0 ].path
	).toBe( 'allowedLinkDomains.0' );
} );

it( 'accepts a well-formed flow and fills defaults', () => {
	const { flow, issues } = validateFlow( base() );
	expect( issues ).toEqual( [] );
	const transfer = flow!.sequences[ 2 ].steps[ 0 ];
	expect( transfer ).toEqual(
		expect.objectContaining( {
			assign: 'none',
			fallback: {
				text: '',
				askEmail: true,
				emailVariable: 'EMAIL',
				thanksText: '',
			},
			backToBot: { label: 'Back', sequence: 'menu' },
		} )
	);
	expect( flow!.mode ).toBe( 'bot' );
} );

it( 'reports shape errors with their path', () => {
	const bad: any = base();
	bad.sequences[ 0 ].steps[ 1 ].variable = 'prenom';
	bad.sequences[ 1 ].steps[ 0 ].buttons = [];
	const { flow, issues } = validateFlow( bad );
	expect( flow ).toBeNull();
	expect( issues.map( ( i ) => i.path ) ).toEqual(
		expect.arrayContaining( [
			'sequences.0.steps.1.variable',
			'sequences.1.steps.0.buttons',
		] )
	);
} );

it( 'refuses unknown sequences, duplicate ids and an unnamed advisor', () => {
	const bad: any = base();
	bad.startSequence = 'nowhere';
	bad.sequences[ 1 ].steps[ 0 ].buttons[ 0 ].action.sequence = 'missing';
	bad.sequences[ 2 ].id = 'menu';
	bad.sequences[ 2 ].steps[ 0 ].assign = 'advisor';
	const messages = validateFlow( bad ).issues.map(
		( i ) => `${ i.path }: ${ i.message }`
	);
	expect( messages ).toEqual(
		expect.arrayContaining( [
			'startSequence: unknown sequence "nowhere"',
			'sequences.1.steps.0.buttons.0.action.sequence: unknown sequence "missing"',
			'sequences.2.id: duplicate sequence id "menu"',
			'sequences.2.steps.0.advisorId: choose the advisor to assign',
		] )
	);
} );

it( 'refuses a step writing a WP_ variable, which only WordPress sets, but lets conditions read one', () => {
	const flow = base() as any;
	flow.sequences[ 0 ].steps[ 1 ].variable = 'WP_EMAIL';
	flow.sequences[ 0 ].steps[ 2 ].variable = 'WP_NAME';
	flow.sequences[ 1 ].steps.push( {
		id: 'set',
		type: 'set_variable',
		variable: 'WP_USER_ID',
		value: '1',
	} );
	flow.sequences[ 2 ].steps[ 0 ].fallback = { emailVariable: 'WP_EMAIL' };
	const { flow: valid, issues } = validateFlow( flow );
	expect( valid ).toBeNull();
	expect( issues.map( ( i ) => i.path ) ).toEqual( [
		'sequences.0.steps.1.variable',
		'sequences.1.steps.1.variable',
		'sequences.2.steps.0.fallback.emailVariable',
	] );
	expect( issues[ 0 ].message ).toMatch(
		/^WP_ variables are set only by WordPress/
	);
	// A fallback that asks no email writes nothing.
	flow.sequences[ 2 ].steps[ 0 ].fallback.askEmail = false;
	flow.sequences[ 0 ].steps[ 1 ].variable = 'EMAIL';
	flow.sequences[ 1 ].steps.pop();
	expect( validateFlow( flow ).issues ).toEqual( [] );
} );

it( 'refuses loops that never wait for the visitor, and allows loops through a question', () => {
	const loop: any = base();
	loop.sequences.push(
		{
			id: 'a',
			name: 'A',
			steps: [
				{ id: 's', type: 'set_variable', variable: 'X', value: '1' },
				{ id: 'g', type: 'goto', sequence: 'b' },
			],
		},
		{
			id: 'b',
			name: 'B',
			steps: [
				{
					id: 'c',
					type: 'condition',
					variable: 'X',
					operator: 'equals',
					value: '1',
					then: 'a',
				},
			],
		}
	);
	const { issues } = validateFlow( loop );
	expect( issues ).toHaveLength( 1 );
	expect( issues[ 0 ].message ).toMatch(
		/loop without any question or button: .*a.*b/
	);

	const fine: any = base();
	fine.sequences.push( {
		id: 'again',
		name: 'Again',
		steps: [
			{ id: 'q', type: 'question', text: 'Again?', variable: 'AGAIN' },
			{ id: 'g', type: 'goto', sequence: 'again' },
		],
	} );
	expect( validateFlow( fine ).issues ).toEqual( [] );
} );

it( 'interpolates variables and blanks unknown ones', () => {
	expect(
		interpolate( 'Bonjour {{PRENOM}} ({{ SOCIETE }}){{NOPE}}', {
			PRENOM: 'Léa',
			SOCIETE: 'ACME',
		} )
	).toBe( 'Bonjour Léa (ACME)' );
} );

it( 'exports a JSON Schema for the editor', () => {
	const { toJSONSchema } = require( 'zod' );
	const schema = toJSONSchema( flowSchema, { io: 'input' } );
	expect( schema.properties.sequences.type ).toBe( 'array' );
} );

it( 'ships a demo flow that passes its own validation unchanged', () => {
	const { flow, issues } = validateFlow( DEMO_FLOW );
	expect( issues ).toEqual( [] );
	// Written with every default spelled out, so parsing changes nothing.
	expect( flow ).toEqual( DEMO_FLOW );
	const variables = JSON.stringify( DEMO_FLOW ).match( /\{\{[A-Z_]+\}\}/g );
	expect( new Set( variables ) ).toEqual(
		new Set( [ '{{PRENOM}}', '{{SOCIETE}}', '{{EMAIL}}' ] )
	);
} );
