/**
 * One build, two outputs, both under plugin/build (the installable plugin's folder):
 * - blocks/: every block found by its block.json under blocks/ (entries, block.json
 *   and render.php copied by @wordpress/scripts itself);
 * - admin/: the wp-admin app.
 * Each compilation gets its own chunk-loading global, so lazily loaded chunks of the
 * widget and of the admin app never mix on a page.
 */
const path = require( 'node:path' );

// Read by @wordpress/scripts when its config is required: blocks live in blocks/, not src/.
process.env.WP_SOURCE_PATH ||= 'blocks';
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

const out = ( dir, uniqueName ) => ( {
	...defaultConfig.output,
	path: path.resolve( __dirname, 'plugin/build', dir ),
	uniqueName,
} );

const resolve = {
	...defaultConfig.resolve,
	alias: {
		...( defaultConfig.resolve?.alias ?? {} ),
		// Shared contracts are compiled from source, so the browser bundles hold only what they
		// import: `@handoff-chat/contracts/channels` pulls no validation library into the widget.
		'@handoff-chat/contracts': path.resolve( __dirname, 'contracts/src' ),
		// The client core shared by the widget's chat panel and the admin app, from source too.
		'@handoff-chat/client-core': path.resolve( __dirname, 'client-core/src' ),
	},
};

const blocks = {
	...defaultConfig,
	name: 'blocks',
	resolve,
	output: out( 'blocks', 'handoffChatBlocks' ),
	optimization: {
		...defaultConfig.optimization,
		// pusher-js belongs in the widget's lazy chat-panel chunk, not in an anonymous vendors file.
		splitChunks: {
			...defaultConfig.optimization.splitChunks,
			cacheGroups: { ...defaultConfig.optimization.splitChunks.cacheGroups, defaultVendors: false },
		},
	},
};

const admin = {
	...defaultConfig,
	name: 'admin',
	resolve,
	entry: {
		index: path.resolve( __dirname, 'admin/src/index.tsx' ),
		// The menu's live count, printed on every wp-admin page: kept apart and small.
		'menu-badge': path.resolve( __dirname, 'admin/src/menu-badge.ts' ),
		// Settings' "Check from this browser": only on that screen.
		'connection-check': path.resolve(
			__dirname,
			'admin/src/connection-check/index.ts'
		),
	},
	output: out( 'admin', 'handoffChatAdmin' ),
	// The admin app has no block.json or PHP to copy.
	plugins: defaultConfig.plugins.filter(
		( p ) => ! [ 'CopyPlugin', 'PhpFilePathsPlugin' ].includes( p.constructor.name )
	),
};

module.exports = [ blocks, admin ];
