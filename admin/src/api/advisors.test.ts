import {
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
} from '../test-utils/fake-bridge';
import { advisorsApi } from './advisors';
import { BridgeError } from './errors';

/** What each api-fetch call asked WordPress for. */
const callsOf = ( apiFetch: jest.Mock ) =>
	( apiFetch.mock.calls as unknown[][] ).map( ( c ) => c[ 0 ] );

const LIST = { advisors: [], licences: { granted: 1, quota: 5 } };

describe( 'advisors api', () => {
	it( 'reads the list and /me, and patches an advisor on the bridge', async () => {
		const { transport, fetch } = fakeBridge();
		const api = advisorsApi( transport );
		fetch.mockImplementation( () => json( 200, LIST ) );
		await api.getAdvisors();
		await api.getSelf();
		await api.patchAdvisor( '12', { licensed: true, capacity: null } );
		expect( requestsOf( fetch ) ).toEqual( [
			[ `${ BRIDGE }/v1/advisors`, 'GET', null ],
			[ `${ BRIDGE }/v1/advisors/me`, 'GET', null ],
			[
				`${ BRIDGE }/v1/advisors/12`,
				'PATCH',
				'{"licensed":true,"capacity":null}',
			],
		] );
	} );

	it( 'asks WordPress to sync, invite, remove and set avatars at the advisors path', async () => {
		const { transport, apiFetch } = fakeBridge();
		const api = advisorsApi( transport, {
			advisorsPath: '/handoff-chat/v1/advisors',
		} );
		apiFetch.mockImplementation( ( ( o: { path: string } ) =>
			Promise.resolve(
				o.path.endsWith( '/avatar' )
					? { avatar: 'https://example.test/a.png' }
					: LIST
			) ) as never );
		await api.syncAdvisors();
		await api.inviteAdvisor( { email: 'lea@example.test' } );
		await api.inviteAdvisor( { email: 'max@example.test', name: 'Max' } );
		await api.removeAdvisor( '12' );
		expect( await api.setAdvisorAvatar( '12', 34 ) ).toBe(
			'https://example.test/a.png'
		);
		await api.setAdvisorAvatar( '12', null );
		expect( callsOf( apiFetch ) ).toEqual( [
			{ path: '/handoff-chat/v1/advisors/sync', method: 'POST' },
			{
				path: '/handoff-chat/v1/advisors',
				method: 'POST',
				data: { email: 'lea@example.test' },
			},
			{
				path: '/handoff-chat/v1/advisors',
				method: 'POST',
				data: { email: 'max@example.test', name: 'Max' },
			},
			{ path: '/handoff-chat/v1/advisors/12', method: 'DELETE' },
			{
				path: '/handoff-chat/v1/advisors/12/avatar',
				method: 'PUT',
				data: { attachmentId: 34 },
			},
			{
				path: '/handoff-chat/v1/advisors/12/avatar',
				method: 'PUT',
				data: { attachmentId: null },
			},
		] );
	} );

	it( 'turns WordPress refusals into errors with WordPress’s message', async () => {
		const { transport, apiFetch } = fakeBridge();
		const api = advisorsApi( transport );
		apiFetch.mockImplementation( ( () =>
			Promise.reject( {
				code: 'handoff_chat_already_advisor',
				message: 'This user can already answer conversations.',
				data: { status: 409 },
			} ) ) as never );
		const err = await api
			.inviteAdvisor( { email: 'lea@example.test' } )
			.catch( ( e ) => e );
		expect( err ).toBeInstanceOf( BridgeError );
		expect( err ).toMatchObject( {
			status: 409,
			code: 'handoff_chat_already_advisor',
			message: 'This user can already answer conversations.',
		} );
	} );

	it( 'lists published pages with their titles as text, searched when asked', async () => {
		const { transport, apiFetch } = fakeBridge();
		const api = advisorsApi( transport, { pagesPerPage: 50 } );
		apiFetch.mockImplementation( ( () =>
			Promise.resolve( [
				{
					id: 12,
					link: 'https://example.test/caf/',
					title: { rendered: 'Caf&eacute; &amp; <em>Co</em>' },
				},
				{ id: 13, link: 'javascript:alert(1)', title: {} },
				{ id: 'x' },
			] ) ) as never );
		expect( await api.searchPages() ).toEqual( [
			{ id: 12, url: 'https://example.test/caf/', title: 'Café & Co' },
		] );
		await api.searchPages( ' shop & co ' );
		expect( callsOf( apiFetch ) ).toEqual( [
			{
				path: '/wp/v2/pages?per_page=50&_fields=id,link,title&status=publish',
				method: 'GET',
			},
			{
				path: '/wp/v2/pages?per_page=50&_fields=id,link,title&status=publish&search=shop%20%26%20co',
				method: 'GET',
			},
		] );
	} );
} );
