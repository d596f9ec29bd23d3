<?php
/**
 * Asked by run.mjs with the PHP CLI, inside the WordPress made from the release zip:
 *   php check.php <site dir>
 * Prints one line, HANDOFF_RELEASE {json}: whether the plugin is active, where WordPress
 * loaded it from, whether the block is registered, whether an administrator gets the menu,
 * whether its French translation loads, and which WordPress it runs on.
 *
 * @package HandoffChat
 */

list( , $handoff_chat_dir ) = $argv + array( '', '' );
$_SERVER['HTTP_HOST']       = '127.0.0.1:9';
$_SERVER['SERVER_NAME']     = '127.0.0.1';
$_SERVER['REQUEST_URI']     = '/wp-admin/';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
define( 'WP_ADMIN', true );

// The site in French from the start, so the plugin loads its textdomain as it would for a
// French site (a filter set before WordPress loads: WP_Hook's pre-initialised hooks).
$GLOBALS['wp_filter'] = array(
	'locale' => array(
		10 => array(
			array(
				'function'      => static fn() => 'fr_FR',
				'accepted_args' => 1,
			),
		),
	),
);

require $handoff_chat_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

$handoff_chat_admin = get_user_by( 'login', 'admin' );
wp_set_current_user( $handoff_chat_admin ? $handoff_chat_admin->ID : 0 );

// What wp-admin does to build its menu: core's items, then every plugin's (admin_menu).
global $menu, $submenu, $_wp_submenu_nopriv, $_wp_menu_nopriv, $pagenow;
$pagenow = 'index.php';
require ABSPATH . 'wp-admin/menu.php';
$handoff_chat_menu = false;
foreach ( (array) $menu as $handoff_chat_item ) {
	if ( isset( $handoff_chat_item[2] ) && 'handoff-chat' === $handoff_chat_item[2] ) {
		$handoff_chat_menu = true;
	}
}

$handoff_chat_translated = 'Scénarios du chatbot' === __( 'Bot flows', 'handoff-chat' );
// What WordPress translates without a call in the code: block.json and the plugin header.
$handoff_chat_block    = WP_Block_Type_Registry::get_instance()->get_registered( 'handoff-chat/widget' );
$handoff_chat_header   = get_plugin_data( WP_PLUGIN_DIR . '/handoff-chat/handoff-chat.php', false, true );
$handoff_chat_metadata = $handoff_chat_block && str_starts_with( (string) $handoff_chat_block->description, 'Un bouton de chat' )
	&& in_array( 'assistance', (array) $handoff_chat_block->keywords, true )
	&& str_starts_with( (string) $handoff_chat_header['Description'], 'Un chatbot sur vos pages' );

echo 'HANDOFF_RELEASE ' . wp_json_encode(
	array(
		'active'       => is_plugin_active( 'handoff-chat/handoff-chat.php' ),
		'pluginDir'    => realpath( WP_PLUGIN_DIR . '/handoff-chat' ) ? WP_PLUGIN_DIR . '/handoff-chat' : null,
		'block'        => WP_Block_Type_Registry::get_instance()->is_registered( 'handoff-chat/widget' ),
		'menu'         => $handoff_chat_menu,
		'translations' => $handoff_chat_translated,
		'metadata'     => $handoff_chat_metadata,
		'wordpress'    => get_bloginfo( 'version' ),
	)
) . "\n";
