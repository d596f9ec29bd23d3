<?php
/**
 * Tests of the plugin header, constants, autoloader and hooks.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Plugin;

/** The plugin as WordPress loads it: header, constants, autoloader, hooks wired in one place. */
final class PluginTest extends TestCase {

	public function test_header_and_constants(): void {
		$data = get_plugin_data( HANDOFF_CHAT_FILE, false, false );
		$this->assertSame( 'Handoff Chat', $data['Name'] );
		$this->assertSame( HANDOFF_CHAT_VERSION, $data['Version'] );
		$this->assertSame( '6.6', $data['RequiresWP'] );
		$this->assertSame( '8.1', $data['RequiresPHP'] );
		$this->assertSame( 'handoff-chat', $data['TextDomain'] );
		$this->assertSame( '/languages', $data['DomainPath'] );
		$this->assertStringEndsWith( '/', HANDOFF_CHAT_DIR );
		$this->assertStringEndsWith( '/wp-content/plugins/handoff-chat/', HANDOFF_CHAT_URL );
	}

	public function test_boot_is_idempotent(): void {
		$this->assertSame( Plugin::boot(), Plugin::boot() );
		$this->assertSame( 10, has_action( 'rest_api_init', array( Plugin::instance()->advisor_token_controller, 'register_routes' ) ) );
	}

	public function test_hooks_are_wired(): void {
		$plugin = Plugin::instance();
		$this->assertSame( 10, has_action( 'init', array( $plugin, 'load_textdomain' ) ) );
		$this->assertSame( 10, has_action( 'init', array( $plugin->blocks, 'register' ) ) );
		$this->assertSame( 10, has_action( 'admin_menu', array( $plugin->admin_page, 'add_menu' ) ) );
		$this->assertSame( 11, has_action( 'admin_menu', array( $plugin->settings_page, 'add_menu' ) ) );
		$this->assertSame( 10, has_action( 'admin_enqueue_scripts', array( $plugin->menu_badge, 'enqueue' ) ) );
		$this->assertSame( 10, has_action( 'admin_enqueue_scripts', array( $plugin->admin_assets, 'enqueue' ) ) );
		$this->assertSame( 10, has_action( 'admin_init', array( $plugin->settings_page, 'register_settings' ) ) );
		$this->assertSame( 10, has_action( 'admin_init', array( \HandoffChat\Capabilities::class, 'maybe_upgrade' ) ) );
		$this->assertSame( 10, has_action( 'rest_api_init', array( $plugin->advisors_controller, 'register_routes' ) ) );
		$this->assertSame( 10, has_filter( 'gettext_with_context_default', array( \HandoffChat\Capabilities::class, 'translate_role_name' ) ) );
		$this->assertSame( 10, has_action( 'add_user_meta', array( $plugin->capability_watcher, 'before_add' ) ) );
		$this->assertSame( 10, has_action( 'update_user_meta', array( $plugin->capability_watcher, 'before_change' ) ) );
		$this->assertSame( 10, has_action( 'delete_user_meta', array( $plugin->capability_watcher, 'before_change' ) ) );
		$this->assertSame( 10, has_action( 'profile_update', array( $plugin->capability_watcher, 'profile_updated' ) ) );
		$this->assertSame( 10, has_action( 'delete_user', array( $plugin->capability_watcher, 'user_deleting' ) ) );
		$this->assertSame( 10, has_action( 'shutdown', array( $plugin->advisor_sync, 'flush' ) ) );
		$this->assertSame( 10, has_action( 'wpmu_delete_user', array( $plugin->capability_watcher, 'network_user_deleting' ) ) );
		$this->assertSame( 10, has_action( 'network_admin_menu', array( $plugin->admin_page, 'add_network_menu' ) ) );
		$this->assertSame( 20, has_action( 'wp_initialize_site', array( \HandoffChat\Network::class, 'initialize_site' ) ) );
	}

	public function test_autoloader_maps_namespaces_to_files(): void {
		foreach ( array(
			\HandoffChat\Settings::class                 => 'includes/class-settings.php',
			\HandoffChat\Rest\Advisor_Token_Controller::class => 'includes/rest/class-advisor-token-controller.php',
			\HandoffChat\Bridge\Token_Signer::class      => 'includes/bridge/class-token-signer.php',
			\HandoffChat\Admin\Admin_Page::class         => 'includes/admin/class-admin-page.php',
			\HandoffChat\Admin\Admin_Assets::class       => 'includes/admin/class-admin-assets.php',
			\HandoffChat\Admin\App_Build::class          => 'includes/admin/class-app-build.php',
			\HandoffChat\Admin\Menu_Badge::class         => 'includes/admin/class-menu-badge.php',
			\HandoffChat\Bridge\Request_Signer::class    => 'includes/bridge/class-request-signer.php',
			\HandoffChat\Bridge\Connection_Test::class   => 'includes/bridge/class-connection-test.php',
			\HandoffChat\Blocks\Blocks::class            => 'includes/blocks/class-blocks.php',
			\HandoffChat\Advisors\Advisor_Profile::class => 'includes/advisors/class-advisor-profile.php',
			\HandoffChat\Advisors\Advisor_Sync::class    => 'includes/advisors/class-advisor-sync.php',
			\HandoffChat\Advisors\Advisor_Roster::class  => 'includes/advisors/class-advisor-roster.php',
			\HandoffChat\Advisors\Capability_Watcher::class => 'includes/advisors/class-capability-watcher.php',
			\HandoffChat\Rest\Advisors_Controller::class => 'includes/rest/class-advisors-controller.php',
			\HandoffChat\Network::class                  => 'includes/class-network.php',
		) as $class => $file ) {
			$this->assertSame( realpath( HANDOFF_CHAT_DIR . $file ), ( new \ReflectionClass( $class ) )->getFileName() );
		}
	}

	public function test_only_the_plugin_class_adds_hooks(): void {
		$offenders = array();
		$files     = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( HANDOFF_CHAT_DIR . 'includes' ) );
		foreach ( $files as $file ) {
			if ( $file->isFile() && 'class-plugin.php' !== $file->getFilename() && preg_match( '/\badd_(action|filter)\s*\(/', (string) file_get_contents( $file->getPathname() ) ) ) {
				$offenders[] = $file->getFilename();
			}
		}
		$this->assertSame( array(), $offenders );
	}
}
