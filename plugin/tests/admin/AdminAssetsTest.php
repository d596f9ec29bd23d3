<?php
/**
 * Tests of the admin app's assets and initial state.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\First_Run_Checklist;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\Settings_Page;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/AppBuildFixture.php';

/** The app's script, style and initial state, on its own screens only. */
final class AdminAssetsTest extends TestCase {

	/**
	 * A built admin app in a temporary folder.
	 *
	 * @var App_Build_Fixture
	 */
	private App_Build_Fixture $fixture;

	protected function setUp(): void {
		parent::setUp();
		$this->fixture = new App_Build_Fixture();
	}

	protected function tearDown(): void {
		wp_dequeue_script( Admin_Assets::SCRIPT_HANDLE );
		wp_deregister_script( Admin_Assets::SCRIPT_HANDLE );
		wp_dequeue_style( Admin_Assets::SCRIPT_HANDLE );
		wp_deregister_style( Admin_Assets::SCRIPT_HANDLE );
		$this->fixture->remove();
		parent::tearDown();
	}

	/**
	 * The page and its assets after admin_menu, as WordPress runs them.
	 *
	 * @return array{0: Admin_Page, 1: Admin_Assets}
	 */
	private function page_and_assets(): array {
		$page = new Admin_Page( $this->fixture->build() );
		$page->add_menu();
		return array( $page, new Admin_Assets( $page, $this->fixture->build() ) );
	}

	/**
	 * The app's inline state.
	 *
	 * @return array<string, mixed> The app's inline state.
	 */
	private function initial_state(): array {
		$inline = implode( "\n", array_filter( (array) wp_scripts()->get_data( Admin_Assets::SCRIPT_HANDLE, 'before' ) ) );
		$this->assertMatchesRegularExpression( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline );
		preg_match( '/^window\.handoffChatAdmin = (\{.*\});$/s', $inline, $m );
		$this->assertStringNotContainsString( self::SECRET, $inline );
		// A value cannot close the inline <script> element.
		$this->assertStringNotContainsString( '</script', $inline );
		return json_decode( $m[1], true, 512, JSON_THROW_ON_ERROR );
	}

	public function test_assets_load_on_its_page_only(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		list( $page, $assets ) = $this->page_and_assets();

		$assets->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );

		$assets->enqueue( $page->get_hook_suffix() );
		$this->assertTrue( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'enqueued' ) );
		$script = wp_scripts()->registered[ Admin_Assets::SCRIPT_HANDLE ];
		$this->assertSame( App_Build_Fixture::URL . 'index.js', $script->src );
		$this->assertSame( 'fixture1', $script->ver );
		$this->assertContains( 'wp-api-fetch', $script->deps );
		$this->assertSame( 'handoff-chat', $script->textdomain );
		$this->assertSame( HANDOFF_CHAT_DIR . 'languages', $script->translations_path );

		$this->assertTrue( wp_style_is( Admin_Assets::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertSame( App_Build_Fixture::URL . 'index.css', wp_styles()->registered[ Admin_Assets::SCRIPT_HANDLE ]->src );
		$this->assertSame( array( 'wp-components' ), wp_styles()->registered[ Admin_Assets::SCRIPT_HANDLE ]->deps );
	}

	public function test_a_missing_build_loads_nothing(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = new Admin_Page( $this->fixture->missing() );
		$page->add_menu();
		( new Admin_Assets( $page, $this->fixture->missing() ) )->enqueue( $page->get_hook_suffix() );
		$this->assertFalse( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );
		$this->assertFalse( wp_style_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_initial_state_is_valid_json_with_the_documented_shape_and_no_secret(): void {
		$admin = $this->create_user( 'administrator', array( 'display_name' => 'Ada Admin' ) );
		wp_set_current_user( $admin->ID );
		$hostile               = static fn() => 'https://example.com/a.png?x=</script><script>alert(1)</script>';
		add_filter( 'get_avatar_url', $hostile );
		list( $page, $assets ) = $this->page_and_assets();
		$assets->enqueue( $page->get_hook_suffix() );
		remove_filter( 'get_avatar_url', $hostile );

		$state = $this->initial_state();
		$this->assertSame(
			array(
				'view'          => 'inbox',
				'configured'    => true,
				'bridgeUrl'     => self::BRIDGE_URL,
				'siteId'        => self::SITE_ID,
				'settingsUrl'   => Settings_Page::url(),
				'tokenPath'     => '/handoff-chat/v1/advisor-token',
				'user'          => array(
					'id'     => (string) $admin->ID,
					'name'   => get_userdata( $admin->ID )->display_name,
					'avatar' => $hostile(),
				),
				'canManage'     => true,
				'currentUserId' => (string) $admin->ID,
				'advisorsPath'  => '/handoff-chat/v1/advisors',
				'pagesPerPage'  => 100,
				'advisorsUrl'   => admin_url( 'admin.php?page=handoff-chat-advisors' ),
				'timeFormat'    => get_option( 'time_format' ),
				'locale'        => 'en_US',
				'timeZone'      => Admin_Assets::site_time_zone(),
				// Managers get the first-run checklist on the inbox.
				'checklist'     => First_Run_Checklist::state( $admin ),
			),
			$state
		);
		$this->assertStringContainsString( 'admin.php?page=handoff-chat-settings', $state['settingsUrl'] );
	}

	public function test_the_initial_state_carries_the_sites_time_format_in_the_users_language(): void {
		$french = $this->create_user( 'administrator', array( 'locale' => 'fr_FR' ) );
		wp_set_current_user( $french->ID );
		$saved = get_option( 'time_format' );
		update_option( 'time_format', 'G \\h i' );
		try {
			list( , $assets ) = $this->page_and_assets();
			$state            = $assets->get_initial_state();
		} finally {
			update_option( 'time_format', $saved );
		}
		$this->assertSame( 'G \\h i', $state['timeFormat'] );
		// The user's language, not the site's (English here).
		$this->assertSame( 'fr_FR', $state['locale'] );
	}

	public function test_the_initial_state_carries_the_sites_time_zone_for_the_opening_hours(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$saved = get_option( 'timezone_string' );
		try {
			update_option( 'timezone_string', 'Europe/Paris' );
			list( , $assets ) = $this->page_and_assets();
			$this->assertSame( 'Europe/Paris', $assets->get_initial_state()['timeZone'] );
			// A plain UTC offset: its Etc/ name (see the Reports test), UTC at offset 0.
			update_option( 'timezone_string', '' );
			$this->assertSame( 'UTC', $assets->get_initial_state()['timeZone'] );
		} finally {
			update_option( 'timezone_string', $saved );
		}
	}

	public function test_the_flows_page_loads_the_same_app_with_view_flows_and_the_media_library(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		list( $page, $assets ) = $this->page_and_assets();
		$assets->enqueue( $page->get_flows_hook_suffix() );

		$this->assertTrue( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertSame( App_Build_Fixture::URL . 'index.js', wp_scripts()->registered[ Admin_Assets::SCRIPT_HANDLE ]->src );
		$this->assertTrue( wp_style_is( Admin_Assets::SCRIPT_HANDLE, 'enqueued' ) );
		$this->assertTrue( wp_script_is( 'media-editor', 'enqueued' ) );

		$state = $this->initial_state();
		$this->assertSame( 'flows', $state['view'] );
		$this->assertSame( '/handoff-chat/v1/advisor-token', $state['tokenPath'] );
	}

	public function test_the_advisors_page_loads_the_app_with_view_advisors_and_the_media_library(): void {
		$admin = $this->create_user( 'administrator' );
		wp_set_current_user( $admin->ID );
		list( $page, $assets ) = $this->page_and_assets();
		$assets->enqueue( $page->get_advisors_hook_suffix() );

		$this->assertTrue( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'enqueued' ) );
		// Avatars are picked in the media library.
		$this->assertTrue( wp_script_is( 'media-editor', 'enqueued' ) );

		$state = $this->initial_state();
		$this->assertSame( 'advisors', $state['view'] );
		$this->assertTrue( $state['canManage'] );
		$this->assertSame( (string) $admin->ID, $state['currentUserId'] );
		$this->assertSame( $state['user']['id'], $state['currentUserId'] );
		$this->assertSame( '/handoff-chat/v1/advisors', $state['advisorsPath'] );
		$this->assertSame( '/handoff-chat/v1/advisor-token', $state['tokenPath'] );
		$this->assertSame( 100, $state['pagesPerPage'] );
	}

	public function test_the_reports_page_carries_the_sites_time_zone_as_an_iana_name(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		list( $page, $assets ) = $this->page_and_assets();
		$saved_string          = get_option( 'timezone_string' );
		$saved_offset          = get_option( 'gmt_offset' );
		try {
			update_option( 'timezone_string', 'Europe/Paris' );
			$assets->enqueue( $page->get_reports_hook_suffix() );
			$state = $this->initial_state();
			$this->assertSame( 'reports', $state['view'] );
			$this->assertSame( 'Europe/Paris', $state['timeZone'] );

			// A manual offset: Etc/GMT with POSIX's inverted sign, or UTC when it has no such name.
			update_option( 'timezone_string', '' );
			update_option( 'gmt_offset', 2 );
			$this->assertSame( 'Etc/GMT-2', Admin_Assets::site_time_zone() );
			update_option( 'gmt_offset', -5 );
			$this->assertSame( 'Etc/GMT+5', Admin_Assets::site_time_zone() );
			update_option( 'gmt_offset', 5.5 );
			$this->assertSame( 'UTC', Admin_Assets::site_time_zone() );
			update_option( 'gmt_offset', 0 );
			$this->assertSame( 'UTC', Admin_Assets::site_time_zone() );
		} finally {
			update_option( 'timezone_string', $saved_string );
			update_option( 'gmt_offset', $saved_offset );
		}
	}

	public function test_the_user_s_avatar_is_the_one_the_bridge_knows(): void {
		$admin = $this->create_user( 'administrator' );
		wp_set_current_user( $admin->ID );
		list( , $assets ) = $this->page_and_assets();
		$this->assertSame( \HandoffChat\Advisors\Advisor_Profile::avatar_url( $admin ), $assets->get_initial_state()['user']['avatar'] );
	}

	public function test_initial_state_view_is_inbox_flows_or_advisors(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		list( , $assets ) = $this->page_and_assets();
		$this->assertSame( 'inbox', $assets->get_initial_state()['view'] );
		$this->assertSame( 'flows', $assets->get_initial_state( 'flows' )['view'] );
		$this->assertSame( 'advisors', $assets->get_initial_state( 'advisors' )['view'] );
		$this->assertSame( 'inbox', $assets->get_initial_state( 'anything' )['view'] );
	}

	public function test_initial_state_when_not_configured(): void {
		self::set_option_raw( \HandoffChat\Settings::OPTION_BRIDGE_URL, '' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );

		list( , $assets ) = $this->page_and_assets();
		$state            = $assets->get_initial_state();
		$this->assertFalse( $state['configured'] );
		$this->assertSame( '', $state['bridgeUrl'] );
	}

	public function test_can_manage_is_for_site_managers_only(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		list( , $assets ) = $this->page_and_assets();
		$this->assertTrue( $assets->get_initial_state()['canManage'] );

		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$this->assertFalse( $assets->get_initial_state()['canManage'] );
		$this->assertSame( '', $assets->get_initial_state()['advisorsUrl'], 'Only managers may open the Advisors page.' );
	}
}
