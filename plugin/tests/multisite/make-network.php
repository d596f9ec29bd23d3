<?php
/**
 * Turns the test site into a network (run by run.mjs with the PHP CLI, twice):
 *   php make-network.php <site dir> install   WordPress's network tables, as Tools → Network Setup does
 *   php make-network.php <site dir> sites     two sites with their own bridge settings, the plugin network-activated
 *
 * @package HandoffChat
 */

list( , $handoff_chat_dir, $handoff_chat_step ) = $argv + array( '', '', '' );
$handoff_chat_url                               = getenv( 'HANDOFF_CHAT_NETWORK_HOST' );
$_SERVER['HTTP_HOST']                           = $handoff_chat_url;
$_SERVER['SERVER_NAME']                         = '127.0.0.1';
$_SERVER['REQUEST_URI']                         = '/';
$_SERVER['REMOTE_ADDR']                         = '127.0.0.1';

if ( 'install' === $handoff_chat_step ) {
	define( 'WP_INSTALLING_NETWORK', true );
	define( 'WP_ALLOW_MULTISITE', true );
	require $handoff_chat_dir . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/admin.php';
	require_once ABSPATH . 'wp-admin/includes/network.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	foreach ( $wpdb->tables( 'ms_global' ) as $handoff_chat_table => $handoff_chat_prefixed ) {
		$wpdb->$handoff_chat_table = $handoff_chat_prefixed;
	}
	install_network();
	$handoff_chat_result = populate_network( 1, $handoff_chat_url, 'admin@example.com', 'Handoff Chat network', '/', false );
	if ( is_wp_error( $handoff_chat_result ) ) {
		fwrite( STDERR, $handoff_chat_result->get_error_message() . "\n" );
		exit( 1 );
	}
	exit( 0 );
}

require $handoff_chat_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
if ( ! is_multisite() ) {
	fwrite( STDERR, "The site is not a network: add the MULTISITE constants first.\n" );
	exit( 1 );
}
wp_set_current_user( 1 );
foreach ( json_decode( (string) getenv( 'HANDOFF_CHAT_NETWORK_SITES' ), true ) as $handoff_chat_site ) {
	$handoff_chat_id = wpmu_create_blog( $handoff_chat_url, '/' . $handoff_chat_site['slug'] . '/', $handoff_chat_site['name'], 1 );
	if ( is_wp_error( $handoff_chat_id ) ) {
		fwrite( STDERR, $handoff_chat_id->get_error_message() . "\n" );
		exit( 1 );
	}
	switch_to_blog( $handoff_chat_id );
	update_option( 'handoff_chat_bridge_url', $handoff_chat_site['bridgeUrl'] );
	update_option( 'handoff_chat_site_id', $handoff_chat_site['siteId'] );
	update_option( 'handoff_chat_site_secret', $handoff_chat_site['secret'] );
	restore_current_blog();
}
// As Network Admin → Plugins → Network Activate does: the activation hook with $network_wide.
$handoff_chat_result = activate_plugin( 'handoff-chat/handoff-chat.php', '', true );
if ( is_wp_error( $handoff_chat_result ) ) {
	fwrite( STDERR, $handoff_chat_result->get_error_message() . "\n" );
	exit( 1 );
}
// Discard what the site creations queued for the bridge (nobody listens on these URLs).
HandoffChat\Plugin::instance()->advisor_sync->discard_pending();
exit( 0 );
