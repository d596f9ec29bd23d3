/**
 * A fake WordPress token endpoint and bridge for the api/ tests: `apiFetch` mints
 * numbered tokens, `fetch` is a jest mock answering what each test tells it to.
 */
import { createTransport, type ApiOptions } from '../api/transport';

export const BRIDGE = 'https://bridge.test';
export const TOKEN_PATH = '/handoff-chat/v1/advisor-token';

// jsdom has no fetch Response: the part the transport reads is enough.
export function response( status: number, text: string ) {
	return Promise.resolve( {
		ok: status >= 200 && status < 300,
		status,
		json: () => Promise.resolve().then( () => JSON.parse( text ) ),
	} );
}

export const json = ( status: number, body: unknown ) =>
	response( status, JSON.stringify( body ) );

/** The Authorization header of one `fetch` call. */
export const authOf = ( call: unknown[] ) =>
	( call[ 1 ] as RequestInit & { headers: Record< string, string > } ).headers
		.Authorization;

/** What each `fetch` call asked for: [url, method, body or null]. */
export const requestsOf = ( fetch: jest.Mock ) =>
	fetch.mock.calls.map( ( [ url, init ]: [ string, RequestInit ] ) => [
		url,
		init.method ?? 'GET',
		init.body ?? null,
	] );

export function fakeBridge( { ttlMs = 15 * 60_000 } = {} ) {
	let clock = Date.parse( '2025-01-01T10:00:00Z' );
	let minted = 0;
	const apiFetch = jest.fn( () => {
		minted++;
		return Promise.resolve( {
			token: `token-${ minted }`,
			expiresAt: new Date( clock + ttlMs ).toISOString(),
			bridgeUrl: `${ BRIDGE }/`,
			siteId: 'site_abc1',
		} );
	} );
	const fetch = jest.fn();
	const options: ApiOptions = {
		tokenPath: TOKEN_PATH,
		apiFetch,
		fetch: fetch as unknown as typeof globalThis.fetch,
		now: () => clock,
	};
	return {
		options,
		transport: createTransport( options ),
		apiFetch,
		fetch,
		advance: ( ms: number ) => ( clock += ms ),
	};
}
