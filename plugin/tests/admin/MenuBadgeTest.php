<?php
/**
 * Tests of the menu's live count.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\Menu_Badge;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/AppBuildFixture.php';

/** The menu's live count: every admin screen, advisors only, once configured and built. */
final class MenuBadgeTest extends TestCase {

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
		foreach ( array( Menu_Badge::HANDLE, Admin_Assets::SCRIPT_HANDLE ) as $handle ) {
			wp_dequeue_script( $handle );
			wp_deregister_script( $handle );
			wp_dequeue_style( $handle );
			wp_deregister_style( $handle );
		}
		$this->fixture->remove();
		parent::tearDown();
	}

	private function forget_badge(): void {
		wp_dequeue_script( Menu_Badge::HANDLE );
		wp_deregister_script( Menu_Badge::HANDLE );
		wp_dequeue_style( Menu_Badge::HANDLE );
		wp_deregister_style( Menu_Badge::HANDLE );
	}

	/**
	 * The badge's inline state.
	 *
	 * @return array<string, mixed> The badge's inline state.
	 */
	private function badge_state(): array {
		$inline = implode( "\n", array_filter( (array) wp_scripts()->get_data( Menu_Badge::HANDLE, 'before' ) ) );
		$this->assertMatchesRegularExpression( '/^window\.handoffChatMenuBadge = (\{.*\});$/s', $inline );
		preg_match( '/^window\.handoffChatMenuBadge = (\{.*\});$/s', $inline, $m );
		$this->assertStringNotContainsString( self::SECRET, $inline );
		return json_decode( $m[1], true, 512, JSON_THROW_ON_ERROR );
	}

	public function test_it_loads_for_advisors_with_its_state_and_colour(): void {
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );

		$badge = new Menu_Badge( $this->fixture->build() );
		$badge->enqueue();
		$this->assertTrue( wp_script_is( Menu_Badge::HANDLE, 'enqueued' ) );
		// Once per page, however often it is asked.
		$badge->enqueue();
		$this->assertCount( 1, array_filter( (array) wp_scripts()->get_data( Menu_Badge::HANDLE, 'before' ) ) );

		$script = wp_scripts()->registered[ Menu_Badge::HANDLE ];
		$this->assertSame( App_Build_Fixture::URL . 'menu-badge.js', $script->src );
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
		$this->assertTrue( wp_style_is( Menu_Badge::HANDLE, 'enqueued' ) );
		$this->assertContains( Menu_Badge::CSS, (array) wp_styles()->get_data( Menu_Badge::HANDLE, 'after' ) );
	}

	public function test_it_loads_on_every_screen_and_the_app_stays_on_its_own(): void {
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		wp_set_current_user( $advisor->ID );
		$page = new Admin_Page( $this->fixture->build() );
		$page->add_menu();
		$badge  = new Menu_Badge( $this->fixture->build() );
		$assets = new Admin_Assets( $page, $this->fixture->build() );

		foreach ( array( 'index.php', 'edit.php', 'options-general.php', $page->get_hook_suffix() ) as $hook ) {
			$this->forget_badge();
			// As admin_enqueue_scripts calls it: with the screen's hook, which it ignores.
			call_user_func( array( $badge, 'enqueue' ), $hook );
			$this->assertTrue( wp_script_is( Menu_Badge::HANDLE, 'enqueued' ), $hook );
		}
		$assets->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Admin_Assets::SCRIPT_HANDLE, 'registered' ) );
	}

	public function test_it_is_for_advisors_only(): void {
		foreach ( array( 'subscriber', 'editor', 'author' ) as $role ) {
			wp_set_current_user( $this->create_user( $role )->ID );
			$this->assertFalse( current_user_can( Capabilities::ANSWER ) );
			( new Menu_Badge( $this->fixture->build() ) )->enqueue();
			$this->assertFalse( wp_script_is( Menu_Badge::HANDLE, 'registered' ), $role );
			$this->assertFalse( wp_style_is( Menu_Badge::HANDLE, 'enqueued' ), $role );
		}
	}

	public function test_it_waits_for_the_settings_and_the_build(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );

		( new Menu_Badge( $this->fixture->missing() ) )->enqueue();
		$this->assertFalse( wp_script_is( Menu_Badge::HANDLE, 'registered' ) );

		self::set_option_raw( \HandoffChat\Settings::OPTION_BRIDGE_URL, '' );
		( new Menu_Badge( $this->fixture->build() ) )->enqueue();
		$this->assertFalse( wp_script_is( Menu_Badge::HANDLE, 'registered' ) );
	}
}
