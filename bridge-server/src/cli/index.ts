#!/usr/bin/env node
/**
 * Operator CLI: provisioning sites and their licence quotas.
 *   handoff-bridge sites:create --name "My site" [--url https://…] [--quota 5] [--json]
 *   handoff-bridge sites:list [--json]
 *   handoff-bridge sites:quota <siteId> <quota>
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db';
import { SitesService } from '../services/sites';

const USAGE = `Usage:
  handoff-bridge sites:create --name <name> [--url <url>] [--quota <n>] [--json]
  handoff-bridge sites:list [--json]
  handoff-bridge sites:quota <siteId> <quota>
  handoff-bridge --help | --version

The bridge itself starts with \`node dist/server.js\` (npm start); both read the same
environment (DATA_DIR, DATABASE_URL…: see the README's configuration table).`;

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

async function main( argv: string[] ) {
	const { values, positionals } = parseArgs( {
		args: argv,
		allowPositionals: true,
		options: {
			name: { type: 'string' },
			url: { type: 'string' },
			quota: { type: 'string' },
			json: { type: 'boolean', default: false },
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
	const [ command, ...rest ] = positionals;
	if ( ! command ) {
		fail( USAGE );
	}
	const config = loadConfig();
	const db = createDb( config.database );
	try {
		await migrateLatest( db );
		const sites = new SitesService( db );
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
				} );
				if ( values.json ) {
					process.stdout.write(
						JSON.stringify( {
							siteId: site.id,
							secret: site.secret,
							quota: site.licenceQuota,
						} ) + '\n'
					);
				} else {
					process.stdout.write(
						`Site created.\n  site id: ${ site.id }\n  secret:  ${ site.secret }\n  licence quota: ${ site.licenceQuota }\nEnter both in WordPress → Conversations → Settings.\n`
					);
				}
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
