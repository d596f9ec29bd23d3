/**
 * Test harness: a real bridge (sqlite3 file in a temp folder, embedded realtime
 * server on a free port, HTTP on a free port) and helpers to act as WordPress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { ADVISOR_AUDIENCE } from '@handoff-chat/contracts';
import { createApp } from '../app';
import {
	SIGNATURE_HEADER,
	signRequest,
	SITE_HEADER,
	TIMESTAMP_HEADER,
} from '../auth/signed-request';
import { loadConfig } from '../config';
import {
	createContext,
	type AppContext,
	type ServiceOptions,
} from '../context';
import { createLogger, type Logger } from '../logger';
import type { Site } from '../services/sites';
import { databaseUrlFor, dropDatabaseFor, onPostgres } from './test-database';

/** Running bridges, so advisorToken() can grant licences like a site owner would. */
const running = new Set< AppContext >();

export interface Harness {
	ctx: AppContext;
	url: string;
	site: Site;
	dataDir: string;
	close: () => Promise< void >;
}

/**
 * `dataDir` + `site` reopen an existing bridge's data (restart tests); `keepData`
 * leaves the folder in place on close so another bridge can reopen it; `services`
 * passes test seams (a licence policy, notifier timings).
 */
export async function startBridge(
	env: Record< string, string > = {},
	opts: {
		dataDir?: string;
		site?: Site;
		keepData?: boolean;
		services?: ServiceOptions;
		/** The bridge's logger (default: silent in tests). */
		log?: Logger;
	} = {}
): Promise< Harness > {
	const dataDir =
		opts.dataDir ?? mkdtempSync( path.join( tmpdir(), 'handoff-bridge-' ) );
	// The bridge-pg jest project: the same tests on PostgreSQL, one database per data folder.
	const database =
		onPostgres() && ! env.DATABASE_URL
			? { DATABASE_URL: await databaseUrlFor( dataDir ) }
			: {};
	const config = loadConfig( {
		DATA_DIR: dataDir,
		BRIDGE_PORT: '0',
		REALTIME_PORT: '0',
		...database,
		...env,
	} );
	const ctx = await createContext(
		config,
		opts.log ?? createLogger(),
		opts.services
	);
	running.add( ctx );
	const server: Server = createApp( ctx ).listen( 0, '127.0.0.1' );
	ctx.attach( server );
	await new Promise( ( r ) => server.once( 'listening', r ) );
	const url = `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`;
	const site =
		opts.site ??
		( await ctx.services.sites.create( {
			name: 'Test site',
			url: 'http://127.0.0.1',
			// The bot tests run the demo flow, as the demo does.
			demoFlow: true,
		} ) );
	return {
		ctx,
		url,
		site,
		dataDir,
		async close() {
			running.delete( ctx );
			server.closeAllConnections();
			await ctx.detach();
			await new Promise( ( r ) => server.close( r ) );
			await ctx.close();
			if ( ! opts.keepData ) {
				rmSync( dataDir, { recursive: true, force: true } );
				await dropDatabaseFor( dataDir );
			}
		},
	};
}

/**
 * Two bridges on one database (sqlite3: one file; PostgreSQL: one database), as two processes
 * behind a load balancer; the second keeps the first's data. Close the second first.
 */
export async function startTwoBridges(
	env: Record< string, string > = {}
): Promise< [ Harness, Harness ] > {
	const a = await startBridge( env );
	const b = await startBridge(
		{
			...env,
			...( a.ctx.config.database.client === 'pg'
				? { DATABASE_URL: a.ctx.config.database.connection as string }
				: {} ),
		},
		{ dataDir: a.dataDir, site: a.site, keepData: true }
	).catch( async ( err ) => {
		await a.close();
		throw err;
	} );
	return [ a, b ];
}

/**
 * Mints an advisor token exactly as the WordPress plugin does (HS256 with the site secret).
 * Like a site owner on the Advisors screen, it first makes the user an advisor of the
 * running bridge holding a licence (while seats are free), unless `licensed: false`.
 */
export async function advisorToken(
	site: Pick< Site, 'id' | 'secret' >,
	userId: string,
	opts: {
		name?: string;
		ttl?: number;
		secret?: string;
		iss?: string;
		manage?: boolean;
		/** The `avatar` claim (WordPress: the media-library pick, else Gravatar). */
		avatar?: string;
		licensed?: boolean;
		/** `iat`, Unix seconds (default now). */
		issuedAt?: number;
	} = {}
): Promise< string > {
	if ( opts.licensed !== false ) {
		await licenseForTests(
			site.id,
			userId,
			opts.name ?? `Advisor ${ userId }`
		);
	}
	const now = opts.issuedAt ?? Math.floor( Date.now() / 1000 );
	const claims = {
		site: site.id,
		name: opts.name ?? `Advisor ${ userId }`,
		...( opts.manage ? { manage: true } : {} ),
		...( opts.avatar ? { avatar: opts.avatar } : {} ),
	};
	return new SignJWT( claims )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setIssuer( opts.iss ?? 'wordpress' )
		.setAudience( ADVISOR_AUDIENCE )
		.setSubject( userId )
		.setIssuedAt( now )
		.setExpirationTime( now + ( opts.ttl ?? 900 ) )
		.sign( new TextEncoder().encode( opts.secret ?? site.secret ) );
}

async function licenseForTests( siteId: string, userId: string, name: string ) {
	for ( const ctx of running ) {
		if ( ! ( await ctx.services.sites.get( siteId ) ) ) {
			continue;
		}
		await ctx.services.advisors.syncOne( siteId, userId, {
			displayName: name,
			email: null,
			avatar: null,
			canAnswer: true,
		} );
		await ctx.services.licences.grant( siteId, userId );
		return;
	}
}

/** The headers WordPress's signed calls carry (plugin/includes/bridge/class-request-signer.php). */
export function signedHeaders(
	site: Pick< Site, 'id' | 'secret' >,
	method: string,
	urlPath: string,
	body = ''
): Record< string, string > {
	const timestamp = String( Math.floor( Date.now() / 1000 ) );
	return {
		[ SITE_HEADER ]: site.id,
		[ TIMESTAMP_HEADER ]: timestamp,
		[ SIGNATURE_HEADER ]: signRequest( site.secret, {
			method,
			path: urlPath,
			timestamp,
			body,
		} ),
	};
}

/** Thin JSON client over fetch, the way browsers call the bridge. */
export function client( baseUrl: string ) {
	return async function call< T = any >(
		method: string,
		p: string,
		opts: {
			token?: string;
			body?: unknown;
			raw?: string;
			contentType?: string;
			headers?: Record< string, string >;
		} = {}
	): Promise< { status: number; body: T; headers: Headers } > {
		const headers: Record< string, string > = { ...opts.headers };
		if ( opts.token ) {
			headers.Authorization = `Bearer ${ opts.token }`;
		}
		let body: string | undefined;
		if ( opts.raw !== undefined ) {
			body = opts.raw;
			headers[ 'Content-Type' ] = opts.contentType ?? 'application/json';
		} else if ( opts.body !== undefined ) {
			body = JSON.stringify( opts.body );
			headers[ 'Content-Type' ] = 'application/json';
		}
		const res = await fetch( baseUrl + p, { method, headers, body } );
		const text = await res.text();
		return {
			status: res.status,
			body: text ? JSON.parse( text ) : null,
			headers: res.headers,
		};
	};
}

/** Waits for a predicate on collected values, failing after `ms`. */
export async function waitFor< T >(
	fn: () => T | undefined | false,
	ms = 3000,
	label = 'condition'
): Promise< T > {
	for ( const deadline = Date.now() + ms; ; ) {
		const v = fn();
		if ( v ) {
			return v;
		}
		if ( Date.now() > deadline ) {
			throw new Error( `Timed out waiting for ${ label }` );
		}
		await new Promise( ( r ) => setTimeout( r, 10 ) );
	}
}
