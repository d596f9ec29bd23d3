<?php
/**
 * Plugin Name: Handoff Chat — local offline site
 * Description: Installed by scripts/wp/site.mjs on local demo and test sites only. WordPress.org is out of reach there, so update checks are skipped and report "up to date", instead of failing with a PHP warning in debug.log on admin pages.
 */

foreach ( array( 'load-plugins.php', 'load-update.php', 'load-update-core.php', 'admin_init', 'wp_update_plugins' ) as $handoff_offline_hook ) {
	remove_action( $handoff_offline_hook, 'wp_update_plugins' );
	remove_action( $handoff_offline_hook, '_maybe_update_plugins' );
}
foreach ( array( 'load-themes.php', 'load-update.php', 'load-update-core.php', 'admin_init', 'wp_update_themes' ) as $handoff_offline_hook ) {
	remove_action( $handoff_offline_hook, 'wp_update_themes' );
	remove_action( $handoff_offline_hook, '_maybe_update_themes' );
}
remove_action( 'admin_init', '_maybe_update_core' );
remove_action( 'wp_version_check', 'wp_version_check' );

$handoff_offline_checked = static function () {
	return (object) array(
		'last_checked'    => time(),
		'version_checked' => $GLOBALS['wp_version'] ?? '',
		'updates'         => array(),
		'translations'    => array(),
		'response'        => array(),
		'no_update'       => array(),
		'checked'         => array(),
	);
};
add_filter( 'pre_site_transient_update_core', $handoff_offline_checked );
add_filter( 'pre_site_transient_update_plugins', $handoff_offline_checked );
add_filter( 'pre_site_transient_update_themes', $handoff_offline_checked );
unset( $handoff_offline_checked, $handoff_offline_hook );
