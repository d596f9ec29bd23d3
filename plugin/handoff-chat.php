<?php
/**
 * Plugin Name:       Handoff Chat
 * Description:       A chatbot on your pages that hands the conversation to a human advisor, who answers from wp-admin. Needs a Handoff Chat bridge server.
 * Version:           0.1.0
 * Requires at least: 6.6
 * Requires PHP:      8.1
 * Author:            Handoff Chat contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       handoff-chat
 * Domain Path:       /languages
 *
 * @package HandoffChat
 */

defined( 'ABSPATH' ) || exit;

define( 'HANDOFF_CHAT_VERSION', '0.1.0' );
define( 'HANDOFF_CHAT_FILE', __FILE__ );
define( 'HANDOFF_CHAT_DIR', plugin_dir_path( __FILE__ ) );
define( 'HANDOFF_CHAT_URL', plugin_dir_url( __FILE__ ) );

/*
 * HandoffChat\Foo_Bar → includes/class-foo-bar.php, HandoffChat\Rest\Foo → includes/rest/class-foo.php.
 * No Composer at run time: the plugin zip is installed as is.
 */
spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'HandoffChat\\';
		if ( ! str_starts_with( $class_name, $prefix ) ) {
			return;
		}
		$parts = explode( '\\', strtolower( str_replace( '_', '-', substr( $class_name, strlen( $prefix ) ) ) ) );
		$file  = array_pop( $parts );
		$path  = HANDOFF_CHAT_DIR . 'includes/' . ( $parts ? implode( '/', $parts ) . '/' : '' ) . 'class-' . $file . '.php';
		if ( is_readable( $path ) ) {
			require $path;
		}
	}
);

register_activation_hook( __FILE__, array( HandoffChat\Plugin::class, 'activate' ) );

HandoffChat\Plugin::boot();
