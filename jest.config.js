/**
 * One jest run, three projects: the bridge (Node, TypeScript through Babel), the bridge's
 * hostile suites (`*.hostile.test.ts`: every route called as an attacker, malformed and
 * flooding clients, SIGTERM and kill -9 under load; npm test runs them as their own step) and the browser code of the widget block,
 * the admin app and their shared client core (jsdom, WordPress preset).
 * Browser end-to-end specs live in e2e/ and are run by Playwright, not jest.
 */
const nodeTransform = {
	'^.+\\.[jt]sx?$': [
		'babel-jest',
		{
			presets: [
				[ '@babel/preset-env', { targets: { node: 'current' } } ],
				'@babel/preset-typescript',
			],
		},
	],
};

const bridgeModules = {
	'^@handoff-chat/contracts$': '<rootDir>/contracts/src/index.ts',
	'^@handoff-chat/client-core$': '<rootDir>/client-core/src/index.ts',
	'^@handoff-chat/client-core/(.*)$': '<rootDir>/client-core/src/$1',
};

/** Bridge test files with no database behind a bridge: the `bridge` project runs them once. */
const pgIgnored = [
	'/src/server-log\\.test',
	'/src/services/rate-limit\\.test',
	'/src/services/events\\.test',
	'/src/services/recent-writes\\.test',
	'/src/services/expiring-cache\\.test',
	'/src/services/image-sniff\\.test',
	'/src/refusal-log\\.test',
	'/src/drain\\.test',
	'/src/realtime/embedded/server\\.test',
	'/src/realtime/embedded/channels\\.test',
	'/src/realtime/drivers\\.test',
	'/src/storage/upload-store\\.test',
	'/src/config\\.test',
	// The s3 driver's bridge test: its database work is the same as routes/uploads.test's.
	'/src/routes/uploads-s3\\.test',
	'/src/cli/index\\.test',
	// sqlite3 itself: WAL checkpoints, the read-only pool, migrations up and down on sqlite3
	// files (on PostgreSQL every test database is migrated from zero), FTS5 and inbox query plans.
	'/src/db/checkpoint\\.test',
	'/src/db/index\\.test',
	'/src/db/migrations/migrations\\.test',
	'/src/services/inbox-scale\\.test',
];

module.exports = {
	projects: [
		{
			displayName: 'bridge',
			testEnvironment: 'node',
			roots: [ '<rootDir>/bridge-server/src', '<rootDir>/contracts/src' ],
			testMatch: [ '**/*.test.ts' ],
			// The attacker's-eye suites run in their own project (npm test's `hostile` step);
			// PostgreSQL's own (`*.pg.test.ts`) in `bridge-pg`.
			testPathIgnorePatterns: [ '/node_modules/', '\\.hostile\\.test\\.ts$', '\\.pg\\.test\\.ts$' ],
			transform: nodeTransform,
			moduleNameMapper: bridgeModules,
		},
		{
			// The same bridge suites on PostgreSQL (test-utils/test-database.ts): a throwaway server
			// started by scripts/jest/pg-global-setup.mjs (or scripts/test-pg.mjs), one database per bridge.
			displayName: 'bridge-pg',
			testEnvironment: 'node',
			roots: [ '<rootDir>/bridge-server/src' ],
			testMatch: [ '**/*.test.ts' ],
			// Files that start no bridge (pure units, sqlite3's own files) run once, in `bridge`.
			testPathIgnorePatterns: [ '/node_modules/', '\\.hostile\\.test\\.ts$', ...pgIgnored ],
			globals: { HANDOFF_TEST_DB: 'pg' },
			globalSetup: '<rootDir>/scripts/jest/pg-global-setup.mjs',
			globalTeardown: '<rootDir>/scripts/jest/pg-global-teardown.mjs',
			transform: nodeTransform,
			moduleNameMapper: bridgeModules,
		},
		{
			displayName: 'hostile',
			testEnvironment: 'node',
			roots: [ '<rootDir>/bridge-server/src' ],
			testMatch: [ '**/*.hostile.test.ts' ],
			transform: nodeTransform,
			moduleNameMapper: bridgeModules,
		},
		{
			// The hostile suites on PostgreSQL (kill -9 and SIGTERM under load among them): scripts/test-pg.mjs.
			displayName: 'hostile-pg',
			testEnvironment: 'node',
			roots: [ '<rootDir>/bridge-server/src' ],
			testMatch: [ '**/*.hostile.test.ts' ],
			globals: { HANDOFF_TEST_DB: 'pg' },
			globalSetup: '<rootDir>/scripts/jest/pg-global-setup.mjs',
			globalTeardown: '<rootDir>/scripts/jest/pg-global-teardown.mjs',
			transform: nodeTransform,
			moduleNameMapper: bridgeModules,
		},
		{
			displayName: 'wp',
			preset: '@wordpress/jest-preset-default',
			// The same Babel preset as the @wordpress/scripts build (JSX, TypeScript), without a root babel.config that would also reach the bridge.
			transform: {
				'\\.[cm]?[jt]sx?$': [ 'babel-jest', { presets: [ '@wordpress/babel-preset-default' ] } ],
			},
			// @wordpress/components pulls in ES-module-only packages (uuid 14, @wordpress/theme).
			transformIgnorePatterns: [ '/node_modules/(?!(uuid|@wordpress/theme)/)' ],
			roots: [ '<rootDir>/blocks', '<rootDir>/admin/src', '<rootDir>/client-core' ],
			testMatch: [ '**/*.test.[jt]s?(x)' ],
			moduleNameMapper: {
				'^@handoff-chat/contracts$': '<rootDir>/contracts/src/index.ts',
				'^@handoff-chat/contracts/(.*)$': '<rootDir>/contracts/src/$1',
				'^@handoff-chat/client-core$': '<rootDir>/client-core/src/index.ts',
				'^@handoff-chat/client-core/(.*)$': '<rootDir>/client-core/src/$1',
				'\\.(css|scss)$': '<rootDir>/scripts/jest/style-stub.js',
			},
		},
	],
};
