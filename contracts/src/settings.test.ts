import { parseChannel, visitorChannel, visitorChannelPrefix } from './channels';
import {
	renderPseudonym,
	settingsBody,
	templateIssue,
	templateVariables,
} from './settings';

describe( 'renderPseudonym', () => {
	const t = '{{PRENOM}} ({{SOCIETE}})';
	it( 'fills the template and tidies what unset variables leave', () => {
		expect( renderPseudonym( t, { PRENOM: 'Léa', SOCIETE: 'ACME' } ) ).toBe(
			'Léa (ACME)'
		);
		expect( renderPseudonym( t, { PRENOM: 'Léa' } ) ).toBe( 'Léa' );
		expect( renderPseudonym( t, { PRENOM: 'Léa', SOCIETE: '  ' } ) ).toBe(
			'Léa'
		);
		expect(
			renderPseudonym( '{{PRENOM}} - {{SOCIETE}} - {{EMAIL}}', {
				PRENOM: 'Léa',
				EMAIL: 'l@x.fr',
			} )
		).toBe( 'Léa - l@x.fr' );
		expect(
			renderPseudonym( '{{SOCIETE}} · {{PRENOM}}', { PRENOM: 'Léa' } )
		).toBe( 'Léa' );
	} );
	it( 'is null when nothing is known, and never re-reads braces inside values', () => {
		expect( renderPseudonym( t, {} ) ).toBeNull();
		expect( renderPseudonym( 'Visitor', { PRENOM: 'Léa' } ) ).toBeNull();
		expect( renderPseudonym( '', { PRENOM: 'Léa' } ) ).toBeNull();
		expect(
			renderPseudonym( '{{PRENOM}}', {
				PRENOM: '{{SOCIETE}}',
				SOCIETE: 'x',
			} )
		).toBe( '{{SOCIETE}}' );
	} );
} );

describe( 'templateIssue and settingsBody', () => {
	it( 'accepts {{VARIABLE}} only', () => {
		expect( templateIssue( '{{PRENOM}} ({{ SOCIETE }})' ) ).toBeNull();
		expect( templateVariables( '{{PRENOM}} ({{ SOCIETE }})' ) ).toEqual( [
			'PRENOM',
			'SOCIETE',
		] );
		for ( const bad of [
			'{{prenom}}',
			'{PRENOM}',
			'{{PRENOM}',
			'{{PRENOM}}}',
			'{{1X}}',
			'x'.repeat( 201 ),
		] ) {
			expect( templateIssue( bad ) ).toEqual( expect.any( String ) );
		}
	} );
	it( 'validates canned responses: slugs, unique ids and shortcuts, at most 200', () => {
		const ok = settingsBody.safeParse( {
			cannedResponses: [
				{ id: 'r1', shortcut: 'hello', text: 'Hello!' },
			],
		} );
		expect( ok.success ).toBe( true );
		const dup = settingsBody.safeParse( {
			cannedResponses: [
				{ id: 'r1', shortcut: 'hello', text: 'a' },
				{ id: 'r2', shortcut: 'hello', text: 'b' },
			],
		} );
		expect( dup.success ).toBe( false );
		expect( dup.error?.issues[ 0 ].message ).toBe(
			'duplicate shortcut "hello"'
		);
		expect(
			settingsBody.safeParse( {
				cannedResponses: [
					{ id: 'r1', shortcut: 'Hi There', text: 'a' },
				],
			} ).success
		).toBe( false );
		const many = Array.from( { length: 201 }, ( _, i ) => ( {
			id: `r${ i }`,
			shortcut: `s${ i }`,
			text: 'x',
		} ) );
		expect(
			settingsBody.safeParse( { cannedResponses: many } ).success
		).toBe( false );
		expect( settingsBody.safeParse( { other: 1 } ).success ).toBe( false );
	} );
} );

describe( 'visitor channels', () => {
	it( 'are allow-listed and parsed', () => {
		const name = visitorChannel( 'site_abcd', 'v_0123' );
		expect( name ).toBe( 'private-visitor-site_abcd-v_0123' );
		expect( name.startsWith( visitorChannelPrefix( 'site_abcd' ) ) ).toBe(
			true
		);
		expect( parseChannel( name ) ).toEqual( {
			kind: 'visitor',
			siteId: 'site_abcd',
			visitorId: 'v_0123',
		} );
		expect( parseChannel( 'private-visitor-site_abcd-' ) ).toBeNull();
		expect( parseChannel( 'presence-visitor-site_abcd-v_1' ) ).toBeNull();
	} );
} );
