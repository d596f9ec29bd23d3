<?php
/**
 * Installs or updates a WordPress site from the command line (what wp-cli would do; it is
 * not packaged for Debian 12). Run by scripts/wp/site.mjs:
 *
 *   HANDOFF_SITE='{"dir":…}' php site-setup.php install     first run: tables, admin, permalinks
 *   HANDOFF_SITE='{"dir":…}' php site-setup.php configure   every run: plugin, settings, demo page
 *
 * `configure` prints one line `HANDOFF_SITE_RESULT {json}`.
 */

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$handoff_args = json_decode( (string) getenv( 'HANDOFF_SITE' ), true );
$handoff_mode = $argv[1] ?? '';
if ( ! is_array( $handoff_args ) || ! in_array( $handoff_mode, array( 'install', 'configure' ), true ) ) {
	fwrite( STDERR, "usage: HANDOFF_SITE=<json> php site-setup.php install|configure\n" );
	exit( 2 );
}

$url_parts               = parse_url( $handoff_args['url'] );
$_SERVER['HTTP_HOST']    = $url_parts['host'] . ( isset( $url_parts['port'] ) ? ':' . $url_parts['port'] : '' );
$_SERVER['SERVER_NAME']  = $url_parts['host'];
$_SERVER['SERVER_PORT']  = (string) ( $url_parts['port'] ?? 80 );
$_SERVER['REQUEST_URI']  = '/';
$_SERVER['REMOTE_ADDR']  = '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';

if ( 'install' === $handoff_mode ) {
	// Without it, wp-settings.php redirects a not-yet-installed site to install.php and exits.
	define( 'WP_INSTALLING', true );
	// No "your new site" e-mail: there is no mail server, and it would only be noise.
	function wp_new_blog_notification() {}
}

require $handoff_args['dir'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

// Nothing here needs the network; fail at once instead of waiting on it (install tests loopback permalinks).
add_filter(
	'pre_http_request',
	static fn() => new WP_Error( 'offline', 'Site setup makes no HTTP requests.' )
);

if ( 'install' === $handoff_mode ) {
	if ( ! is_blog_installed() ) {
		$result = wp_install(
			'Handoff Chat demo',
			$handoff_args['adminUser'],
			$handoff_args['adminEmail'],
			true,
			'',
			wp_slash( $handoff_args['adminPassword'] )
		);
		if ( empty( $result['user_id'] ) ) {
			fwrite( STDERR, "wp_install() failed\n" );
			exit( 1 );
		}
	}
	update_option( 'permalink_structure', '/%postname%/' );
	// Rewrite rules are rebuilt by the next normal request (configure), with plugins loaded.
	delete_option( 'rewrite_rules' );
	exit( 0 );
}

// configure: a normal load, so active plugins run and activation hooks behave as in wp-admin.

// Admin account: same login, password as given (sessions are kept when it did not change).
$admin = get_user_by( 'login', $handoff_args['adminUser'] );
if ( ! $admin ) {
	$admin_id = wp_insert_user(
		array(
			'user_login' => $handoff_args['adminUser'],
			'user_pass'  => $handoff_args['adminPassword'],
			'user_email' => $handoff_args['adminEmail'],
			'role'       => 'administrator',
		)
	);
	if ( is_wp_error( $admin_id ) ) {
		fwrite( STDERR, $admin_id->get_error_message() . "\n" );
		exit( 1 );
	}
	$admin = get_user_by( 'id', $admin_id );
} elseif ( ! wp_check_password( $handoff_args['adminPassword'], $admin->user_pass, $admin->ID ) ) {
	wp_set_password( $handoff_args['adminPassword'], $admin->ID );
}
if ( ! in_array( 'administrator', (array) $admin->roles, true ) ) {
	$admin->set_role( 'administrator' );
}

// The demo's language (DEMO_LOCALE), when one is asked for: the site's and the administrator's.
// WordPress takes a locale whose core files are missing (only its own strings stay English);
// the demo mu-plugin lists the plugin's translations as installed languages.
if ( isset( $handoff_args['locale'] ) && is_string( $handoff_args['locale'] ) ) {
	$handoff_locale = 'en_US' === $handoff_args['locale'] ? '' : $handoff_args['locale'];
	update_option( 'WPLANG', $handoff_locale );
	update_user_meta( $admin->ID, 'locale', $handoff_locale );
	// A core language pack would have installed the locale's own clock ("H:i" in French);
	// without one the site keeps English's "g:i a". Follow the locale's short time (ICU)
	// while the format is still WordPress's English default.
	if ( '' !== $handoff_locale && 'g:i a' === get_option( 'time_format' ) && class_exists( 'IntlDateFormatter' ) ) {
		$handoff_clock = new IntlDateFormatter( $handoff_locale, IntlDateFormatter::NONE, IntlDateFormatter::SHORT );
		if ( false !== strpos( (string) $handoff_clock->getPattern(), 'H' ) ) {
			update_option( 'time_format', 'H:i' );
		}
	}
}

// URLs: WP_HOME / WP_SITEURL in wp-config.php win, the options are kept in step for exports.
update_option( 'home', $handoff_args['url'] );
update_option( 'siteurl', $handoff_args['url'] );

// The SQLite plugin silently, as its own drop-in does (its hooks would redirect to its admin
// page); ours with its activation hook, as the Plugins screen does.
$handoff_plugins = array( 'sqlite-database-integration/load.php' => true );
if ( null !== $handoff_args['settings'] ) {
	$handoff_plugins['handoff-chat/handoff-chat.php'] = false;
}
foreach ( $handoff_plugins as $handoff_plugin => $silent ) {
	if ( ! is_plugin_active( $handoff_plugin ) ) {
		$result = activate_plugin( $handoff_plugin, '', false, $silent );
		if ( is_wp_error( $result ) ) {
			fwrite( STDERR, "Cannot activate $handoff_plugin: " . $result->get_error_message() . "\n" );
			exit( 1 );
		}
	}
}

// Without the plugin (`plugin: null` in site.mjs) there is nothing to configure.
if ( null !== $handoff_args['settings'] ) {
	update_option( 'handoff_chat_bridge_url', $handoff_args['settings']['bridgeUrl'] );
	update_option( 'handoff_chat_site_id', $handoff_args['settings']['siteId'] );
	update_option( 'handoff_chat_site_secret', $handoff_args['settings']['siteSecret'] );
}

/**
 * The demo pages, created once: the widget in "chatbot, then a human" mode on one, in
 * "live chat only" mode on the other — per-page targeting lives in the block's attributes.
 */
function handoff_demo_page( string $slug, string $title, string $intro, array $attrs, int $author ): string {
	$page = get_page_by_path( $slug, OBJECT, 'page' );
	if ( ! $page ) {
		$page_id = wp_insert_post(
			array(
				'post_type'    => 'page',
				'post_status'  => 'publish',
				'post_title'   => $title,
				'post_name'    => $slug,
				'post_author'  => $author,
				'post_content' => "<!-- wp:paragraph -->\n<p>{$intro}</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:handoff-chat/widget " . wp_json_encode( $attrs ) . ' /-->',
			),
			true
		);
		if ( is_wp_error( $page_id ) ) {
			fwrite( STDERR, $page_id->get_error_message() . "\n" );
			exit( 1 );
		}
		$page = get_post( $page_id );
	}
	return get_permalink( $page );
}

$demo_page_url      = null;
$live_demo_page_url = null;
if ( ! empty( $handoff_args['demoPage'] ) ) {
	$demo_page_url      = handoff_demo_page(
		'chat-demo',
		'Chat demo',
		'Questions? Open the chat in the corner of this page: the bot answers first, and an advisor takes over in wp-admin → Conversations.',
		array( 'mode' => 'bot' ),
		$admin->ID
	);
	$live_demo_page_url = handoff_demo_page(
		'live-chat-demo',
		'Live chat demo',
		'This page runs 100 % live chat: no bot, every conversation waits for an advisor in wp-admin → Conversations.',
		array( 'mode' => 'live' ),
		$admin->ID
	);
}

// Pretty permalinks need rules that include every plugin's; soft flush: no .htaccess here.
flush_rewrite_rules( false );

echo 'HANDOFF_SITE_RESULT ' . wp_json_encode( array( 'demoPageUrl' => $demo_page_url, 'liveDemoPageUrl' => $live_demo_page_url ) ) . "\n";
