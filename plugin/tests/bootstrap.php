<?php
/**
 * Loads the real WordPress site made by scripts/test-php.mjs (SQLite drop-in, this
 * plugin symlinked and active), then the admin API the settings screen uses.
 *
 * @package HandoffChat
 */

$handoff_chat_wp_dir = getenv( 'HANDOFF_CHAT_WP_DIR' );
if ( ! $handoff_chat_wp_dir || ! is_file( $handoff_chat_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "HANDOFF_CHAT_WP_DIR must point at a WordPress site. Run the tests with: node scripts/test-php.mjs\n" );
	exit( 1 );
}

// What a web request would provide; WP_HOME in wp-config.php gives the rest.
$_SERVER['HTTP_HOST']       = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
$_SERVER['SERVER_NAME']     = $_SERVER['SERVER_NAME'] ?? '127.0.0.1';
$_SERVER['REQUEST_URI']     = $_SERVER['REQUEST_URI'] ?? '/';
$_SERVER['REQUEST_METHOD']  = $_SERVER['REQUEST_METHOD'] ?? 'GET';
$_SERVER['REMOTE_ADDR']     = $_SERVER['REMOTE_ADDR'] ?? '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = $_SERVER['SERVER_PROTOCOL'] ?? 'HTTP/1.1';

require $handoff_chat_wp_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

if ( ! class_exists( \HandoffChat\Plugin::class ) || ! is_plugin_active( 'handoff-chat/handoff-chat.php' ) ) {
	fwrite( STDERR, "The handoff-chat plugin is not active on the test site.\n" );
	exit( 1 );
}
// The site links this repository's plugin/: make sure these are the files under test.
if ( realpath( HANDOFF_CHAT_DIR ) !== realpath( dirname( __DIR__ ) ) ) {
	fwrite( STDERR, 'The test site runs the plugin from ' . HANDOFF_CHAT_DIR . ', not from ' . dirname( __DIR__ ) . "\n" );
	exit( 1 );
}

require __DIR__ . '/TestCase.php';
