#!/usr/bin/env node
/**
 * Operator CLI: starting the bridge and provisioning sites, their connection codes and licence quotas.
 *   handoff-bridge [serve]
 *   handoff-bridge realtime (the Pusher-protocol server alone, for several bridges)
 *   handoff-bridge sites:create --name "My site" [--url https://…] [--quota 5] [--demo-flow] [--json]
 *   handoff-bridge sites:connect-code <siteId> · sites:rotate-secret <siteId> · sites:url <siteId> <url>
 *   handoff-bridge sites:list [--json]
 *   handoff-bridge sites:quota <siteId> <quota>
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db';
import { createLogger } from '../logger';
import {
	ConnectService,
	DEFAULT_CODE_TTL_HOURS,
	MAX_CODE_TTL_HOURS,
} from '../services/connect';
import { SitesService } from '../services/sites';

const USAGE = `Usage:
  handoff-bridge [serve]            start the bridge (the default command); SIGTERM drains and stops it
  handoff-bridge realtime           start the realtime (Pusher-protocol) server alone, for bridges
                                    run with REALTIME_DRIVER=pusher (REALTIME_APP_ID, REALTIME_KEY,
                                    REALTIME_SECRET, REALTIME_BIND_HOST, REALTIME_PORT)
  handoff-bridge sites:create --name <name> [--url <url>] [--quota <n>] [--demo-flow] [--json] [code options]
  handoff-bridge sites:connect-code <siteId> [--json] [code options]
  handoff-bridge sites:rotate-secret <siteId> [--json] [code options]
  handoff-bridge sites:url <siteId> <url>
  handoff-bridge sites:list [--json]
  handoff-bridge sites:quota <siteId> <quota>
  handoff-bridge --help | --version

Code options: --bridge-url <url> (default: PUBLIC_URL, the address WordPress reaches the
bridge at) and --expires-in <hours> (default 24). Paste the connection code in WordPress →
Conversations → Settings, or run \`wp handoff-chat connect <code>\`; it works once.

A new site's widgets run live chat (no bot) until a flow is built in WordPress
(Conversations → Bot flows offers a starter flow); --demo-flow seeds the demo's
bilingual demo bot instead.

Every command reads its settings from the environment (the sites:* commands need the
server's DATA_DIR or DATABASE_URL). The main ones:
  DATA_DIR                  data folder: sqlite3 database, uploads, generated secrets (./.data/bridge)
  DATABASE_URL              postgres://… to use PostgreSQL instead of sqlite3
  BRIDGE_HOST, BRIDGE_PORT  where the HTTP API listens (127.0.0.1, 8787)
  PUBLIC_URL                the bridge's address as WordPress reaches it, written into connection codes
  REALTIME_SHARE_HTTP_PORT  true: the realtime WebSocket on BRIDGE_PORT too (/app/<key>), one port
  REALTIME_PORT             else the embedded realtime server's own port (6001)
  REALTIME_PUBLIC_HOST, REALTIME_PUBLIC_PORT, REALTIME_PUBLIC_TLS
                            the realtime address browsers are given (behind a TLS proxy: its name, 443, true)
  TRUST_PROXY               proxy hops in front of the bridge (1 behind nginx or Caddy)
  CORS_ORIGINS              the WordPress sites' origins, comma-separated (*)
  UPLOAD_DIR                the uploaded images' folder, shareable by several bridges (DATA_DIR/uploads);
                            or UPLOAD_DRIVER=s3 and S3_BUCKET (S3_ENDPOINT, S3_REGION…) for a bucket
  LOG_LEVEL                 error, warn, info (one line per request), debug or silent (info)
All settings: the README's "Configuration (bridge environment)" table.`;

/** The bridge's version, from its package.json (dist/cli → ../../package.json). */
function version(): string {
	return require( '../../package.json' ).version as string;
}

function fail( message: string ): never {
	process.stderr.write( message + '\n' );
	process.exit( 2 );
}

function quotaArg( v: string | undefined ): number | undefined {
	if ( v === undefined ) {
		return undefined;
	}
	const n = Number( v );
	if ( ! Number.isInteger( n ) || n < 0 || n > 10000 ) {
		fail( 'quota must be an integer from 0 to 10000' );
	}
	return n;
}

function hoursArg( v: string | undefined ): number {
	if ( v === undefined ) {
		return DEFAULT_CODE_TTL_HOURS;
	}
	const n = Number( v );
	if ( ! Number.isFinite( n ) || n <= 0 || n > MAX_CODE_TTL_HOURS ) {
		fail(
			`--expires-in must be a number of hours from 0 to ${ MAX_CODE_TTL_HOURS }`
		);
	}
	return n;
}

function urlArg( name: string, v: string ): string {
	if ( ! /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test( v ) ) {
		fail( `${ name } must be an http:// or https:// URL` );
	}
	return v.replace( /\/+$/, '' );
}

/** How a person reads a new code: one line to paste, when it stops working. */
function codeText(
	c: { code: string; expiresAt: string },
	siteUrl: string | null
): string {
	// With the site's address known, a link that fills the code in (Connect still has to be pressed).
	const settings = `${ siteUrl?.replace( /\/+$/, '' ) }/wp-admin/admin.php?page=handoff-chat-settings`;
	const link = siteUrl
		? `Or open, logged in as an administrator:\n  ${ settings }&handoff_chat_connection_code=${ c.code }\n`
		: '';
	return `  connection code (works once, until ${ c.expiresAt }):\n\n    ${ c.code }\n\nPaste it in WordPress → Conversations → Settings → "Connect with a code"\n(or run: wp handoff-chat connect <code>).\n${ link }`;
}

async function main( argv: string[] ) {
	const { values, positionals } = parseArgs( {
		args: argv,
		allowPositionals: true,
		options: {
			name: { type: 'string' },
			url: { type: 'string' },
			quota: { type: 'string' },
			'bridge-url': { type: 'string' },
			'expires-in': { type: 'string' },
			json: { type: 'boolean', default: false },
			'demo-flow': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
			version: { type: 'boolean', short: 'v', default: false },
		},
	} );
	if ( values.help ) {
		process.stdout.write( USAGE + '\n' );
		return;
	}
	if ( values.version ) {
		process.stdout.write( version() + '\n' );
		return;
	}
	const [ command = 'serve', ...rest ] = positionals;
	if ( command === 'serve' ) {
		// server.ts starts the bridge as it loads, with its own signal and crash handling.
		await import( '../server' );
		return;
	}
	if ( command === 'realtime' ) {
		const { serveStandaloneRealtime } =
			await import( '../realtime/standalone' );
		await serveStandaloneRealtime( createLogger() );
		return;
	}
	const config = loadConfig();
	const db = createDb( config.database );
	try {
		await migrateLatest( db );
		const sites = new SitesService( db );
		const connect = new ConnectService( db, sites );
		const bridgeUrl = values[ 'bridge-url' ]
			? urlArg( '--bridge-url', values[ 'bridge-url' ] )
			: config.publicUrl;
		const ttl = hoursArg( values[ 'expires-in' ] );
		const noBridgeUrl =
			'A connection code needs the address WordPress reaches the bridge at: set PUBLIC_URL or pass --bridge-url https://…';
		/** sites:connect-code and sites:rotate-secret: the site, checked before anything changes. */
		const siteArg = async () => {
			const [ siteId ] = rest;
			if ( ! siteId ) {
				fail( USAGE );
			}
			if ( ! bridgeUrl ) {
				fail( noBridgeUrl );
			}
			const site = await sites.get( siteId );
			if ( ! site ) {
				fail( `No site ${ siteId }` );
			}
			return { site, bridgeUrl };
		};
		switch ( command ) {
			case 'sites:create': {
				if ( ! values.name?.trim() ) {
					fail( '--name is required\n' + USAGE );
				}
				if ( values.url && ! /^https?:\/\//.test( values.url ) ) {
					fail( '--url must start with http:// or https://' );
				}
				const site = await sites.create( {
					name: values.name.trim(),
					url: values.url ?? null,
					quota: quotaArg( values.quota ),
					demoFlow: values[ 'demo-flow' ],
				} );
				// The site exists either way; without a public URL there is no code to print.
				const issued = bridgeUrl
					? await connect.issue( site.id, bridgeUrl, ttl )
					: null;
				if ( values.json ) {
					// For provisioning scripts (the demo, benchmarks) that write the secret into
					// wp-config.php themselves; the first code exchange replaces it.
					process.stdout.write(
						JSON.stringify( {
							siteId: site.id,
							secret: site.secret,
							quota: site.licenceQuota,
							connectionCode: issued?.code ?? null,
							codeExpiresAt: issued?.expiresAt ?? null,
						} ) + '\n'
					);
				} else {
					process.stdout.write(
						`Site created.\n  site id: ${ site.id }\n  licence quota: ${ site.licenceQuota }\n` +
							( issued
								? codeText( issued, site.url )
								: `${ noBridgeUrl }, then run: handoff-bridge sites:connect-code ${ site.id }\n` )
					);
				}
				break;
			}
			case 'sites:connect-code':
			case 'sites:rotate-secret': {
				const { site, bridgeUrl: base } = await siteArg();
				// Rotating first: the old secret stops working even if the code is never used.
				if ( command === 'sites:rotate-secret' ) {
					await sites.rotateSecret( site.id );
				}
				const issued = await connect.issue( site.id, base, ttl );
				if ( values.json ) {
					process.stdout.write(
						JSON.stringify( {
							siteId: site.id,
							connectionCode: issued.code,
							codeExpiresAt: issued.expiresAt,
						} ) + '\n'
					);
				} else {
					process.stdout.write(
						( command === 'sites:rotate-secret'
							? `The secret of ${ site.id } was replaced: WordPress stays disconnected until it uses this code.\n`
							: `Site ${ site.id } (${ site.name }).\n` ) +
							codeText( issued, site.url )
					);
				}
				break;
			}
			case 'sites:url': {
				const [ siteId, url ] = rest;
				if ( ! siteId || ! url ) {
					fail( USAGE );
				}
				const site = await sites.setUrl(
					siteId,
					urlArg( 'The URL', url )
				);
				if ( ! site ) {
					fail( `No site ${ siteId }` );
				}
				process.stdout.write(
					`The address of ${ site.id } is now ${ site.url }.\n`
				);
				break;
			}
			case 'sites:list': {
				const all = await sites.list();
				if ( values.json ) {
					process.stdout.write(
						JSON.stringify(
							all.map( ( s ) => ( {
								siteId: s.id,
								name: s.name,
								url: s.url,
								quota: s.licenceQuota,
							} ) )
						) + '\n'
					);
				} else {
					for ( const s of all ) {
						process.stdout.write(
							`${ s.id }\t${ s.licenceQuota }\t${ s.name }\t${ s.url ?? '' }\n`
						);
					}
				}
				break;
			}
			case 'sites:quota': {
				const [ siteId, q ] = rest;
				const quota = quotaArg( q );
				if ( ! siteId || quota === undefined ) {
					fail( USAGE );
				}
				const site = await sites.setQuota( siteId, quota );
				if ( ! site ) {
					fail( `No site ${ siteId }` );
				}
				process.stdout.write(
					`Licence quota of ${ site.id } is now ${ site.licenceQuota }.\n`
				);
				break;
			}
			default:
				fail( `Unknown command ${ command }\n` + USAGE );
		}
	} finally {
		await db.destroy();
	}
}

main( process.argv.slice( 2 ) ).catch( ( err ) => {
	// parseArgs's own refusals (an unknown option) come with the usage.
	if ( err?.code?.startsWith?.( 'ERR_PARSE_ARGS' ) ) {
		fail( `${ err.message }\n${ USAGE }` );
	}
	process.stderr.write( ( err?.message ?? String( err ) ) + '\n' );
	process.exit( 1 );
} );
