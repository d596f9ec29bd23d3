/**
 * The licence gate: an advisor without a licence (the real LicencesService: Uma can answer
 * but was never granted one) sees anonymised conversations and no notes — in lists,
 * messages, variables, the visitor panel, search and realtime events.
 */
import { inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const UNLICENSED = '66';
const { h, c } = setUpBridge();

it( 'anonymises conversations and hides notes and variables from unlicensed advisors', async () => {
	const licensed = await advisorToken( h.site, '11', { name: 'Anna' } );
	const unlicensed = await advisorToken( h.site, UNLICENSED, {
		name: 'Uma',
		licensed: false,
	} );
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'bot' } ) ).body.conversation
		.id as string;
	await c.say( v.token, id, 'Léa' ); // PRENOM
	await c.say( v.token, id, 'ACME' ); // SOCIETE
	const onInbox = await c.listen(
		c.connect( unlicensed ),
		inboxChannel( h.site.id )
	);
	expect(
		( await c.note( licensed, id, 'Secret: contract renewal' ) ).status
	).toBe( 201 );

	const get = async ( token: string ) =>
		( await c.call( 'GET', `/v1/conversations/${ id }`, { token } ) ).body
			.conversation;
	expect( ( await get( licensed ) ).visitorName ).toBe( 'Léa (ACME)' );
	expect( ( await get( unlicensed ) ).visitorName ).toBeNull();
	const list = (
		await c.call( 'GET', '/v1/inbox?list=bot', { token: unlicensed } )
	).body.conversations;
	expect( list.find( ( x: any ) => x.id === id ).visitorName ).toBeNull();

	expect(
		( await c.messages( licensed, id ) ).some( ( m ) => m.kind === 'note' )
	).toBe( true );
	const theirs = await c.call(
		'GET',
		`/v1/conversations/${ id }/messages?before=100`,
		{ token: unlicensed }
	);
	expect( theirs.body.messages.length ).toBeGreaterThan( 0 );
	expect( JSON.stringify( theirs.body ) ).not.toMatch( /Secret/ );

	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ id }/variables`, {
				token: unlicensed,
			} )
		).body
	).toEqual( {
		variables: [],
		hidden: true,
	} );
	const panel = (
		await c.call( 'GET', `/v1/conversations/${ id }/visitor`, {
			token: unlicensed,
		} )
	).body;
	expect( panel ).toEqual(
		expect.objectContaining( { variables: [], variablesHidden: true } )
	);
	const put = await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
		token: unlicensed,
		body: { variables: { PRENOM: 'X' } },
	} );
	expect( put.status ).toBe( 403 );
	expect( ( await c.note( unlicensed, id, 'mine' ) ).status ).toBe( 403 );

	// Variables only an advisor set (not typed in the thread) are not searchable either.
	const set = await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
		token: licensed,
		body: { variables: { EMAIL: 'lea@example.org' } },
	} );
	expect( set.status ).toBe( 200 );
	for ( const q of [ 'Secret', 'example.org' ] ) {
		const found = await c.call( 'GET', `/v1/search?q=${ q }`, {
			token: unlicensed,
		} );
		expect( found.body.results ).toEqual( [] );
		const byLicensed = await c.call( 'GET', `/v1/search?q=${ q }`, {
			token: licensed,
		} );
		expect(
			byLicensed.body.results.map( ( r: any ) => r.conversation.id )
		).toContain( id );
	}

	// Realtime: the inbox channel (shared by all advisors) never carries the note's text.
	await waitFor(
		() => onInbox.events.find( ( e ) => e.data.kind === 'note' ),
		3000,
		'note hint'
	);
	expect( JSON.stringify( onInbox.events ) ).not.toMatch(
		/Secret|Léa \(ACME\)/
	);

	// Assignments go through the same gate.
	await c.call( 'GET', '/v1/inbox', { token: unlicensed } );
	const assign = await c.patch( licensed, id, {
		type: 'assign',
		advisorId: UNLICENSED,
	} );
	expect( assign.status ).toBe( 409 );
	expect( assign.body.error.message ).toBe(
		'Uma has no advisor licence: conversations cannot be assigned to them.'
	);
	const colleagues = (
		await c.call( 'GET', '/v1/advisors', { token: licensed } )
	).body.advisors;
	expect(
		colleagues.map( ( a: any ) => [ a.id, a.name, a.licensed ] )
	).toEqual( [
		[ '11', 'Anna', true ],
		[ UNLICENSED, 'Uma', false ],
	] );
} );
