<?php
/**
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\Settings_Page;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

/** Against a fixture build, so it does not depend on `npm run build` having run. */
final class AdminPageTest extends TestCase {

	private string $build_dir;

	protected function setUp(): void {
		parent::setUp();
		$this->build_dir = trailingslashit( get_temp_dir() ) . 'handoff-admin-build-' . wp_generate_password( 8, false ) . '/';
		wp_mkdir_p( $this->build_dir );
		file_put_contents( $this->build_dir . 'index.js', 'void 0;' );
		file_put_contents( $this->build_dir . 'index.css', '.handoff-chat-admin{}' );
		file_put_contents(
			$this->build_dir . 'index.asset.php',
			"<?php return array( 'dependencies' => array( 'react-jsx-runtime', 'wp-api-fetch', 'wp-components', 'wp-element', 'wp-i18n' ), 'version' => 'fixture1' );"
		);
		file_put_contents( $this->build_dir . 'menu-badge.js', 'void 0;' );
		file_put_contents(
			$this->build_dir . 'menu-badge.asset.php',
			"<?php return array( 'dependencies' => array( 'wp-api-fetch', 'wp-dom-ready', 'wp-i18n' ), 'version' => 'badge1' );"
		);
	}

	protected function tearDown(): void {
		wp_dequeue_script( Admin_Page::SCRIPT_HANDLE );
		wp_deregister_script( Admin_Page::SCRIPT_HANDLE );
		wp_dequeue_style( Admin_Page::SCRIPT_HANDLE );
		wp_deregister_style( Admin_Page::SCRIPT_HANDLE );
		wp_dequeue_script( Admin_Page::BADGE_HANDLE );
		wp_deregister_script( Admin_Page::BADGE_HANDLE );
		wp_dequeue_style( Admin_Page::BADGE_HANDLE );
		wp_deregister_style( Admin_Page::BADGE_HANDLE );
		foreach ( array( 'index.js', 'index.css', 'index.asset.php', 'menu-badge.js', 'menu-badge.asset.php' ) as $file ) {
			@unlink( $this->build_dir . $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- may already be gone.
		}
		@rmdir( $this->build_dir ); // phpcs:ignore WordPress.PHP.NoSilencedErrors
		parent::tearDown();
	}

	private function page_with_menu( string $build_dir = null ): Admin_Page {
		$page = new Admin_Page( $build_dir ?? $this->build_dir, 'http://127.0.0.1:8889/fixture/' );
		$page->add_menu();
		return $page;
	}

	public function test_menu_entry(): void {
		global $menu;
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = $this->page_with_menu();

		$this->assertSame( 'toplevel_page_handoff-chat', $page->get_hook_suffix() );
		$this->assertSame( 'Conversations', $menu[26][0] ?? null );
		$this->assertSame( Capabilities::ANSWER, $menu[26][1] );
		$this->assertSame( Admin_Page::SLUG, $menu[26][2] );
		$this->assertSame( 'dashicons-format-chat', $menu[26][6] );
	}

	public function test_markup_has_the_root_element(): void {
		ob_start();
		( new Admin_Page( $this->build_dir ) )->render();
		$html = (string) ob_get_clean();

		$this->assertMatchesRegularExpression( '#<div class="wrap">.*<div id="handoff-chat-admin" class="handoff-chat-admin"></div>#s', $html );
		$this->assertStringContainsString( '<noscript>', $html );
		$this->assertStringNotContainsString( 'npm run build', $html );
	}

	public function test_a_missing_build_shows_a_notice_instead_of_failing(): void {
		$page = new Admin_Page( $this->build_dir . 'nothing-here/' );
		ob_start();
		$page->render();
		$html = (string) ob_get_clean();

		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( '<code>npm run build</code>', $html );
		$this->assertStringContainsString( 'id="handoff-chat-admin"', $html );

		$page->add_menu();
		$page->enqueue( $page->get_hook_suffix() );
		$this->assertFalse( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_assets_load_on_its_page_only(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = $this->page_with_menu();

		$page->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'registered' ) );

		$page->enqueue( $page->get_hook_suffix() );
		$this->assertTrue( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'enqueued' ) );
		$script = wp_scripts()->registered[ Admin_Page::SCRIPT_HANDLE ];
		$this->assertSame( 'http://127.0.0.1:8889/fixture/index.js', $script->src );
		$this->assertSame( 'fixture1', $script->ver );
		$this->assertContains( 'wp-api-fetch', $script->deps );
		$this->assertSame( 'handoff-chat', $script->textdomain );
		$this->assertSame( HANDOFF_CHAT_DIR . 'languages', $script->translations_path );

		$this->assertTrue( wp_style_is( Admin_Page::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertSame( array( 'wp-components' ), wp_styles()->registered[ Admin_Page::SCRIPT_HANDLE ]->deps );
	}

	public function test_initial_state_is_valid_json_with_the_documented_shape_and_no_secret(): void {
		$admin = $this->create_user( 'administrator', array( 'display_name' => 'Ada Admin' ) );
		wp_set_current_user( $admin->ID );
		$hostile = static fn() => 'https://example.com/a.png?x=</script><script>alert(1)</script>';
		add_filter( 'get_avatar_url', $hostile );
		$page = $this->page_with_menu();
		$page->enqueue( $page->get_hook_suffix() );
		remove_filter( 'get_avatar_url', $hostile );

		$before = wp_scripts()->get_data( Admin_Page::SCRIPT_HANDLE, 'before' );
		$this->assertIsArray( $before );
		$inline = implode( "\n", array_filter( $before ) );
		$this->assertStringNotContainsString( self::SECRET, $inline );
		$this->assertMatchesRegularExpression( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline );
		preg_match( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline, $m );

		$state = json_decode( $m[1], true, 512, JSON_THROW_ON_ERROR );
		$this->assertSame(
			array(
				'view'        => 'inbox',
				'configured'  => true,
				'bridgeUrl'   => self::BRIDGE_URL,
				'siteId'      => self::SITE_ID,
				'settingsUrl' => Settings_Page::url(),
				'tokenPath'   => '/handoff-chat/v1/advisor-token',
				'user'        => array(
					'id'     => (string) $admin->ID,
					'name'   => get_userdata( $admin->ID )->display_name,
					'avatar' => $hostile(),
				),
				'canManage'   => true,
			),
			$state
		);
		$this->assertStringContainsString( 'admin.php?page=handoff-chat-settings', $state['settingsUrl'] );
		// A value cannot close the inline <script> element.
		$this->assertStringNotContainsString( '</script', $inline );
	}

	public function test_bot_flows_submenu_is_for_site_managers(): void {
		global $submenu;
		$submenu = array(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- a fresh menu for this test.
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = $this->page_with_menu();

		$this->assertNotSame( '', $page->get_flows_hook_suffix() );
		$this->assertStringEndsWith( '_page_' . Admin_Page::FLOWS_SLUG, $page->get_flows_hook_suffix() );
		$entries = array_values(
			array_filter(
				$submenu[ Admin_Page::SLUG ] ?? array(),
				static fn( $item ) => Admin_Page::FLOWS_SLUG === $item[2]
			)
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'Bot flows', $entries[0][0] );
		$this->assertSame( 'manage_options', $entries[0][1] );
	}

	public function test_advisors_who_cannot_manage_options_get_no_flows_page(): void {
		global $submenu;
		$submenu = array(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- a fresh menu for this test.
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$this->assertTrue( current_user_can( Capabilities::ANSWER ) );
		$this->assertFalse( current_user_can( 'manage_options' ) );

		$page = $this->page_with_menu();
		$this->assertNotSame( '', $page->get_hook_suffix() );
		$this->assertSame( '', $page->get_flows_hook_suffix() );
		$this->assertSame(
			array(),
			array_filter( $submenu[ Admin_Page::SLUG ] ?? array(), static fn( $item ) => Admin_Page::FLOWS_SLUG === $item[2] )
		);
		// And nothing of the app loads for the flows screen's hook.
		$page->enqueue( 'conversations_page_' . Admin_Page::FLOWS_SLUG );
		$this->assertFalse( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_the_flows_page_loads_the_same_app_with_view_flows_and_the_media_library(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = $this->page_with_menu();
		$page->enqueue( $page->get_flows_hook_suffix() );

		$this->assertTrue( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertSame( 'http://127.0.0.1:8889/fixture/index.js', wp_scripts()->registered[ Admin_Page::SCRIPT_HANDLE ]->src );
		$this->assertTrue( wp_style_is( Admin_Page::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertTrue( wp_script_is( 'media-editor', 'enqueued' ) );

		$inline = implode( "\n", array_filter( (array) wp_scripts()->get_data( Admin_Page::SCRIPT_HANDLE, 'before' ) ) );
		$this->assertMatchesRegularExpression( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline );
		preg_match( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline, $m );
		$state = json_decode( $m[1], true, 512, JSON_THROW_ON_ERROR );
		$this->assertSame( 'flows', $state['view'] );
		$this->assertSame( '/handoff-chat/v1/advisor-token', $state['tokenPath'] );
		$this->assertStringNotContainsString( self::SECRET, $inline );
	}

	public function test_the_flows_page_markup_has_the_root_element(): void {
		ob_start();
		( new Admin_Page( $this->build_dir ) )->render_flows();
		$html = (string) ob_get_clean();

		$this->assertMatchesRegularExpression( '#<div class="wrap">.*<div id="handoff-chat-admin" class="handoff-chat-admin"></div>#s', $html );
		$this->assertStringContainsString( 'bot flow editor needs JavaScript', $html );
	}

	public function test_initial_state_view_is_inbox_or_flows(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = new Admin_Page( $this->build_dir );
		$this->assertSame( 'inbox', $page->get_initial_state()['view'] );
		$this->assertSame( 'flows', $page->get_initial_state( 'flows' )['view'] );
		$this->assertSame( 'inbox', $page->get_initial_state( 'anything' )['view'] );
	}

	public function test_initial_state_when_not_configured(): void {
		self::set_option_raw( \HandoffChat\Settings::OPTION_BRIDGE_URL, '' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );

		$state = ( new Admin_Page( $this->build_dir ) )->get_initial_state();
		$this->assertFalse( $state['configured'] );
		$this->assertSame( '', $state['bridgeUrl'] );
	}

	public function test_can_manage_follows_manage_options(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = new Admin_Page( $this->build_dir );
		$this->assertTrue( $page->get_initial_state()['canManage'] );

		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$this->assertFalse( $page->get_initial_state()['canManage'] );
	}

	/** @return array<string, mixed> The badge's inline state. */
	private function badge_state(): array {
		$inline = implode( "\n", array_filter( (array) wp_scripts()->get_data( Admin_Page::BADGE_HANDLE, 'before' ) ) );
		$this->assertMatchesRegularExpression( '/^window\.handoffChatMenuBadge = (\{.*\});$/s', $inline );
		preg_match( '/^window\.handoffChatMenuBadge = (\{.*\});$/s', $inline, $m );
		$this->assertStringNotContainsString( self::SECRET, $inline );
		return json_decode( $m[1], true, 512, JSON_THROW_ON_ERROR );
	}

	public function test_menu_badge_loads_on_every_admin_page_for_advisors(): void {
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$page = $this->page_with_menu();

		foreach ( array( 'index.php', 'edit.php', 'options-general.php', $page->get_hook_suffix() ) as $hook ) {
			wp_dequeue_script( Admin_Page::BADGE_HANDLE );
			wp_deregister_script( Admin_Page::BADGE_HANDLE );
			$page->enqueue( $hook );
			$this->assertTrue( wp_script_is( Admin_Page::BADGE_HANDLE, 'enqueued' ), $hook );
		}
		// The app itself stays on its own screens.
		wp_dequeue_script( Admin_Page::SCRIPT_HANDLE );
		wp_deregister_script( Admin_Page::SCRIPT_HANDLE );
		$page->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Page::SCRIPT_HANDLE, 'registered' ) );

		$script = wp_scripts()->registered[ Admin_Page::BADGE_HANDLE ];
		$this->assertSame( 'http://127.0.0.1:8889/fixture/menu-badge.js', $script->src );
		$this->assertSame( 'badge1', $script->ver );
		$this->assertSame( array( 'wp-api-fetch', 'wp-dom-ready', 'wp-i18n' ), $script->deps );
		$this->assertSame( 'handoff-chat', $script->textdomain );
		$this->assertSame(
			array(
				'configured' => true,
				'bridgeUrl'  => self::BRIDGE_URL,
				'siteId'     => self::SITE_ID,
				'tokenPath'  => '/handoff-chat/v1/advisor-token',
			),
			$this->badge_state()
		);
		// WordPress's own count markup, in orange.
		$this->assertTrue( wp_style_is( Admin_Page::BADGE_HANDLE, 'enqueued' ) );
		$this->assertContains( Admin_Page::BADGE_CSS, (array) wp_styles()->get_data( Admin_Page::BADGE_HANDLE, 'after' ) );
	}

	public function test_menu_badge_is_for_advisors_only(): void {
		foreach ( array( 'subscriber', 'editor', 'author' ) as $role ) {
			wp_set_current_user( $this->create_user( $role )->ID );
			$this->assertFalse( current_user_can( Capabilities::ANSWER ) );
			$page = $this->page_with_menu();
			$page->enqueue( 'index.php' );
			$this->assertFalse( wp_script_is( Admin_Page::BADGE_HANDLE, 'registered' ), $role );
			$this->assertFalse( wp_style_is( Admin_Page::BADGE_HANDLE, 'enqueued' ), $role );
		}
	}

	public function test_menu_badge_waits_for_the_settings_and_the_build(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );

		$page = new Admin_Page( $this->build_dir . 'nothing-here/', 'http://127.0.0.1:8889/fixture/' );
		$page->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Page::BADGE_HANDLE, 'registered' ) );

		self::set_option_raw( \HandoffChat\Settings::OPTION_BRIDGE_URL, '' );
		$this->page_with_menu()->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Page::BADGE_HANDLE, 'registered' ) );
	}
}
