/**
 * Advisor tokens: WordPress mints 15 minutes; a longer one, one issued in the future, or one past
 * `exp` beyond the small clock skew is refused with a 401 that says which.
 */
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import {
	ADVISOR_TOKEN_MAX_LIFETIME,
	TOKEN_CLOCK_SKEW_SECONDS,
	verifyToken,
} from './tokens';

const { h, c } = setUpBridge();

const me = ( token: string ) => c.call( 'GET', '/v1/advisors/me', { token } );

it( 'keeps the limits WordPress mints by: 15 minutes, a few seconds of skew', () => {
	expect( ADVISOR_TOKEN_MAX_LIFETIME ).toBe( 15 * 60 );
	expect( TOKEN_CLOCK_SKEW_SECONDS ).toBe( 5 );
} );

it( 'accepts a 15-minute token as WordPress mints it', async () => {
	const res = await me( await advisorToken( h.site, '41', { ttl: 900 } ) );
	expect( res.status ).toBe( 200 );
	expect( res.body.advisor.id ).toBe( '41' );
} );

it( 'refuses a token that lives longer than 15 minutes, on every route', async () => {
	const long = await advisorToken( h.site, '42', { ttl: 16 * 60 } );
	const res = await me( long );
	expect( res.status ).toBe( 401 );
	expect( res.body.error ).toEqual( {
		code: 'token_too_long',
		message:
			'Advisor tokens must be issued now and last at most 15 minutes.',
	} );
	const auth = await c.call( 'POST', '/v1/realtime/auth', {
		token: long,
		body: {
			socket_id: '1.2',
			channel_name: `private-inbox-${ h.site.id }`,
		},
	} );
	expect( auth.status ).toBe( 401 );
	expect( auth.body.error.code ).toBe( 'token_too_long' );
} );

it( 'refuses a token 10 seconds past its expiry', async () => {
	const now = Math.floor( Date.now() / 1000 );
	// Issued 15 minutes and 10 seconds ago: expired 10 s ago (the clock only moves on).
	const stale = await advisorToken( h.site, '43', {
		issuedAt: now - 910,
		ttl: 900,
	} );
	const res = await me( stale );
	expect( res.status ).toBe( 401 );
	expect( res.body.error ).toEqual( {
		code: 'token_expired',
		message: 'Token expired.',
	} );
} );

describe( 'at a given instant', () => {
	const T = 2_000_000_000;
	const verify = ( token: string, now = T ) =>
		verifyToken( token, h.site.secret, h.site.id, { now } );
	const mint = ( iat: number, ttl: number ) =>
		advisorToken( h.site, '44', { issuedAt: iat, ttl, licensed: false } );

	it( 'allows less than the clock skew past exp, never more', async () => {
		const token = await mint( T - 900, 900 );
		await expect( verify( token, T + 4.9 ) ).resolves.toMatchObject( {
			role: 'advisor',
			expiresAt: T,
		} );
		await expect( verify( token, T + 5 ) ).rejects.toMatchObject( {
			code: 'token_expired',
		} );
	} );

	it( 'measures the lifetime from iat to exp, and refuses a token issued in the future', async () => {
		await expect( verify( await mint( T, 901 ) ) ).rejects.toMatchObject( {
			code: 'token_too_long',
		} );
		await expect( verify( await mint( T, 900 ) ) ).resolves.toMatchObject( {
			issuedAt: T,
			expiresAt: T + 900,
		} );
		// Within the skew of WordPress's clock being ahead; beyond it, no.
		await expect(
			verify( await mint( T + 5, 900 ) )
		).resolves.toMatchObject( { issuedAt: T + 5 } );
		await expect(
			verify( await mint( T + 60, 900 ) )
		).rejects.toMatchObject( { code: 'token_too_long' } );
	} );
} );
