#!/usr/bin/env node
/**
 * `npm test`'s `pg` step: the bridge's suites again on PostgreSQL (jest projects `bridge-pg`
 * and `hostile-pg`, test-utils/test-database.ts). Starts a throwaway PostgreSQL (scripts/lib/postgres.mjs),
 * runs jest against it, removes it. When PostgreSQL cannot start here, says so loudly and
 * skips (exit 0); extra arguments go to jest (a test path, -t …).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipBanner, startPostgres } from './lib/postgres.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

let pg;
try {
	pg = await startPostgres();
} catch ( err ) {
	process.stderr.write( skipBanner( err.message ) );
	process.exit( 0 );
}
const stop = () => pg.stop();
process.on( 'exit', stop );
for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
	process.on( signal, () => process.exit( 130 ) );
}
process.stdout.write( `PostgreSQL on 127.0.0.1:${ pg.port } (${ pg.dir })\n` );
const r = spawnSync(
	'npx',
	// The extra arguments first: --selectProjects takes every word after it.
	[ 'jest', '--ci', ...process.argv.slice( 2 ), '--selectProjects', 'bridge-pg', 'hostile-pg' ],
	{ stdio: 'inherit', cwd: ROOT, env: { ...process.env, HANDOFF_TEST_PG_URL: pg.url } }
);
process.exitCode = r.status ?? 1;
