/**
 * ESLint for the browser code (widget block, admin app, e2e specs): the WordPress
 * defaults of @wordpress/scripts, with two changes for TypeScript. The signature already
 * names and types every parameter, so JSDoc need not repeat them; `_`-prefixed arguments
 * mark a callback's unused ones on purpose.
 */
const defaults = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	...defaults,
	{
		ignores: [
			'plugin/build/**',
			'bridge-server/dist/**',
			'contracts/dist/**',
			'.cache/**',
			'test-results/**',
		],
	},
	{
		files: [ '**/*.{ts,tsx}' ],
		rules: {
			'jsdoc/require-param': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					ignoreRestSiblings: true,
				},
			],
		},
	},
	{
		// The bridge reads binary formats (image headers, PNG CRCs in tests): bit operations are the point there.
		files: [ 'bridge-server/src/**' ],
		rules: {
			'no-bitwise': 'off',
		},
	},
];
