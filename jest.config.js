/**
 * One jest run, two projects: the bridge (Node, TypeScript through Babel) and the
 * browser code of the widget block, the admin app and their shared client core
 * (jsdom, WordPress preset).
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

module.exports = {
	projects: [
		{
			displayName: 'bridge',
			testEnvironment: 'node',
			roots: [ '<rootDir>/bridge-server/src', '<rootDir>/contracts/src' ],
			testMatch: [ '**/*.test.ts' ],
			transform: nodeTransform,
			moduleNameMapper: {
				'^@handoff-chat/contracts$': '<rootDir>/contracts/src/index.ts',
				'^@handoff-chat/client-core$': '<rootDir>/client-core/src/index.ts',
				'^@handoff-chat/client-core/(.*)$': '<rootDir>/client-core/src/$1',
			},
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
