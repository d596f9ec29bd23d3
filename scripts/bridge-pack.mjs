#!/usr/bin/env node
/**
 * `npm run bridge-pack`: the bridge as an operator installs it — `handoff-bridge-<version>.tgz`,
 * a self-contained npm package (`npm install ./handoff-bridge-<version>.tgz`, then
 * `npx handoff-bridge serve`). The private contracts workspace travels inside it as a bundled
 * dependency, so nothing private is fetched from a registry. Both are compiled afresh from
 * their sources into a staging folder (no stale output, no source maps, no tests, no
 * declarations), the package.json is derived from bridge-server/package.json, then `npm pack`.
 *
 *   npm run bridge-pack [-- --out <folder>]     (default: the repository's root)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const TSC = path.join( ROOT, 'node_modules', '.bin', 'tsc' );
const CONTRACTS = '@handoff-chat/contracts';
export const PACKAGE_NAME = 'handoff-bridge';

const readJson = ( file ) => JSON.parse( readFileSync( path.join( ROOT, file ), 'utf8' ) );

/** What an operator reads on the package's page and in node_modules/handoff-bridge. */
const README = ( version ) => `# handoff-bridge ${ version }

The bridge server of Handoff Chat (a WordPress chatbot with human handoff): conversations,
bot flows, licences and a Pusher-protocol realtime server, on sqlite3 in one data folder.

    npm install ./handoff-bridge-${ version }.tgz
    DATA_DIR=/var/lib/handoff-bridge npx handoff-bridge serve
    npx handoff-bridge sites:create --name "My site" --url https://www.example.com

\`sites:create\` prints a one-time connection code (for the bridge's \`PUBLIC_URL\`) to paste in
WordPress → Conversations → Settings → "Connect with a code".
\`npx handoff-bridge --help\` lists the commands and the main settings (environment variables);
the project's README has the full configuration table, the systemd unit, the container recipe
and the reverse-proxy examples (deploy/).
`;

/**
 * Compiles contracts and bridge into a fresh staging folder, packs it into `outDir` and returns
 * `{ file, size, files }` (the tarball, its size in bytes and the paths it holds).
 */
export function packBridge( outDir = ROOT ) {
	const bridge = readJson( 'bridge-server/package.json' );
	const contracts = readJson( 'contracts/package.json' );
	const stage = path.join( ROOT, '.data', 'bridge-pack', PACKAGE_NAME );
	const contractsDir = path.join( stage, 'node_modules', ...CONTRACTS.split( '/' ) );
	rmSync( stage, { recursive: true, force: true } );
	mkdirSync( contractsDir, { recursive: true } );
	const tsc = ( ...args ) => execFileSync( TSC, args, { cwd: ROOT, stdio: 'inherit' } );
	// The bridge's compile reads the contracts' declarations from the workspace build (contracts/dist).
	tsc( '-p', 'contracts/tsconfig.json' );
	tsc( '-p', 'contracts/tsconfig.json', '--outDir', path.join( contractsDir, 'dist' ), '--declaration', 'false' );
	tsc( '-p', 'bridge-server/tsconfig.build.json', '--outDir', path.join( stage, 'dist' ), '--sourceMap', 'false' );
	writeFileSync(
		path.join( contractsDir, 'package.json' ),
		JSON.stringify( { name: contracts.name, version: contracts.version, main: 'dist/index.js', dependencies: contracts.dependencies, license: 'GPL-2.0-or-later' }, null, 2 ) + '\n'
	);
	const { [ CONTRACTS ]: contractsVersion, ...registryDeps } = bridge.dependencies;
	const pkg = {
		name: PACKAGE_NAME,
		version: bridge.version,
		description: bridge.description,
		license: 'GPL-2.0-or-later',
		keywords: [ 'wordpress', 'chat', 'chatbot', 'live-chat', 'pusher' ],
		engines: { node: '>=20' },
		main: 'dist/server.js',
		bin: { [ PACKAGE_NAME ]: 'dist/cli/index.js' },
		files: [ 'dist' ],
		dependencies: { ...registryDeps, [ CONTRACTS ]: contractsVersion },
		bundleDependencies: [ CONTRACTS ],
	};
	writeFileSync( path.join( stage, 'package.json' ), JSON.stringify( pkg, null, 2 ) + '\n' );
	writeFileSync( path.join( stage, 'README.md' ), README( bridge.version ) );
	mkdirSync( outDir, { recursive: true } );
	const [ packed ] = JSON.parse(
		execFileSync( 'npm', [ 'pack', '--json', '--pack-destination', outDir ], { cwd: stage, encoding: 'utf8' } )
	);
	const file = path.join( outDir, packed.filename );
	return { file, size: statSync( file ).size, files: packed.files.map( ( f ) => f.path ) };
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	const { values } = parseArgs( { options: { out: { type: 'string' } } } );
	const { file, size, files } = packBridge( path.resolve( values.out ?? ROOT ) );
	process.stdout.write( `${ path.relative( process.cwd(), file ) || file }: ${ files.length } files, ${ ( size / 1024 ).toFixed( 0 ) } KB\n` );
}
