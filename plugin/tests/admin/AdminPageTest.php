<?php
/**
 * Tests of the Conversations, Bot flows and Advisors pages.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/AppBuildFixture.php';

/** The menu entries and the root element. */
final class AdminPageTest extends TestCase {

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
		$this->fixture->remove();
		parent::tearDown();
	}

	private function page_with_menu(): Admin_Page {
		$page = new Admin_Page( $this->fixture->build() );
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
		( new Admin_Page( $this->fixture->build() ) )->render();
		$html = (string) ob_get_clean();

		$this->assertMatchesRegularExpression( '#<div class="wrap">.*<div id="handoff-chat-admin" class="handoff-chat-admin"></div>#s', $html );
		$this->assertStringContainsString( '<noscript>', $html );
		$this->assertStringNotContainsString( 'npm run build', $html );
	}

	public function test_a_missing_build_shows_a_notice_instead_of_failing(): void {
		$page = new Admin_Page( $this->fixture->missing() );
		ob_start();
		$page->render();
		$html = (string) ob_get_clean();

		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( '<code>npm run build</code>', $html );
		$this->assertStringContainsString( 'id="handoff-chat-admin"', $html );

		$page->add_menu();
		( new Admin_Assets( $page, $this->fixture->missing() ) )->enqueue( $page->get_hook_suffix() );
		$this->assertFalse( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_bot_flows_submenu_is_for_site_managers(): void {
		global $submenu;
		$submenu = array();
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
		$this->assertSame( Capabilities::MANAGE, $entries[0][1] );
		$this->assertSame( admin_url( 'admin.php?page=handoff-chat-flows' ), Admin_Page::flows_url() );
	}

	public function test_advisors_who_are_not_site_managers_get_no_flows_page(): void {
		global $submenu;
		$submenu = array();
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$this->assertTrue( current_user_can( Capabilities::ANSWER ) );
		$this->assertFalse( Capabilities::can_manage() );

		$page = $this->page_with_menu();
		$this->assertNotSame( '', $page->get_hook_suffix() );
		$this->assertSame( '', $page->get_flows_hook_suffix() );
		$this->assertSame(
			array(),
			array_filter( $submenu[ Admin_Page::SLUG ] ?? array(), static fn( $item ) => Admin_Page::FLOWS_SLUG === $item[2] )
		);
		// And nothing of the app loads for the flows screen's hook.
		$this->assertNull( $page->view_for( 'conversations_page_' . Admin_Page::FLOWS_SLUG ) );
		( new Admin_Assets( $page, $this->fixture->build() ) )->enqueue( 'conversations_page_' . Admin_Page::FLOWS_SLUG );
		$this->assertFalse( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_advisors_submenu_is_for_site_managers(): void {
		global $submenu;
		$submenu = array();
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = $this->page_with_menu();

		$this->assertStringEndsWith( '_page_' . Admin_Page::ADVISORS_SLUG, $page->get_advisors_hook_suffix() );
		$entries = array_values(
			array_filter(
				$submenu[ Admin_Page::SLUG ] ?? array(),
				static fn( $item ) => Admin_Page::ADVISORS_SLUG === $item[2]
			)
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'Advisors', $entries[0][0] );
		$this->assertSame( Capabilities::MANAGE, $entries[0][1] );
		$this->assertSame( 'handoff-chat-advisors', Admin_Page::ADVISORS_SLUG );
		$this->assertSame( admin_url( 'admin.php?page=handoff-chat-advisors' ), Admin_Page::advisors_url() );

		// Advisors who do not manage the site get no such page.
		$submenu = array();
		wp_set_current_user( $this->create_user( Capabilities::ROLE )->ID );
		$page = $this->page_with_menu();
		$this->assertNotSame( '', $page->get_hook_suffix() );
		$this->assertSame( '', $page->get_advisors_hook_suffix() );
		$this->assertNull( $page->view_for( 'conversations_page_' . Admin_Page::ADVISORS_SLUG ) );
	}

	public function test_integrations_submenu_is_for_site_managers(): void {
		global $submenu;
		$submenu = array();
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page    = $this->page_with_menu();
		$entries = array_values(
			array_filter(
				$submenu[ Admin_Page::SLUG ] ?? array(),
				static fn( $item ) => Admin_Page::INTEGRATIONS_SLUG === $item[2]
			)
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'Integrations', $entries[0][0] );
		$this->assertSame( Capabilities::MANAGE, $entries[0][1] );

		$submenu = array();
		wp_set_current_user( $this->create_user( Capabilities::ROLE )->ID );
		$page = $this->page_with_menu();
		$this->assertSame( '', $page->get_integrations_hook_suffix() );
	}

	public function test_reports_submenu_is_for_site_managers(): void {
		global $submenu;
		$submenu = array();
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page    = $this->page_with_menu();
		$entries = array_values(
			array_filter(
				$submenu[ Admin_Page::SLUG ] ?? array(),
				static fn( $item ) => Admin_Page::REPORTS_SLUG === $item[2]
			)
		);
		$this->assertCount( 1, $entries );
		$this->assertSame( 'Reports', $entries[0][0] );
		$this->assertSame( Capabilities::MANAGE, $entries[0][1] );
		$this->assertSame( 'reports', $page->view_for( $page->get_reports_hook_suffix() ) );

		$submenu = array();
		wp_set_current_user( $this->create_user( Capabilities::ROLE )->ID );
		$page = $this->page_with_menu();
		$this->assertSame( '', $page->get_reports_hook_suffix() );
	}

	public function test_the_advisors_page_markup_has_the_root_element(): void {
		ob_start();
		( new Admin_Page( $this->fixture->build() ) )->render_advisors();
		$html = (string) ob_get_clean();

		$this->assertMatchesRegularExpression( '#<div class="wrap">.*<div id="handoff-chat-admin" class="handoff-chat-admin"></div>#s', $html );
		$this->assertStringContainsString( 'Advisors screen needs JavaScript', $html );
	}

	public function test_each_screen_is_a_view_of_the_app(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$page = new Admin_Page( $this->fixture->build() );
		// Before admin_menu, no screen is the app's.
		$this->assertNull( $page->view_for( '' ) );

		$page->add_menu();
		$this->assertSame( 'inbox', $page->view_for( $page->get_hook_suffix() ) );
		$this->assertSame( 'flows', $page->view_for( $page->get_flows_hook_suffix() ) );
		$this->assertSame( 'advisors', $page->view_for( $page->get_advisors_hook_suffix() ) );
		$this->assertSame( 'integrations', $page->view_for( $page->get_integrations_hook_suffix() ) );
		$this->assertNull( $page->view_for( 'index.php' ) );
	}

	public function test_the_flows_page_markup_has_the_root_element(): void {
		ob_start();
		( new Admin_Page( $this->fixture->build() ) )->render_flows();
		$html = (string) ob_get_clean();

		$this->assertMatchesRegularExpression( '#<div class="wrap">.*<div id="handoff-chat-admin" class="handoff-chat-admin"></div>#s', $html );
		$this->assertStringContainsString( 'bot flow editor needs JavaScript', $html );
	}
}
