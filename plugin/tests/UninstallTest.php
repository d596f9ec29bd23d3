<?php
/**
 * Tests of plugin/uninstall.php.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Admin\First_Run_Checklist;
use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Capabilities;
use HandoffChat\Settings;

/** The plugin's uninstall.php, run as the Plugins screen runs it (the options come back after each test). */
final class UninstallTest extends TestCase {

	protected function tearDown(): void {
		get_role( 'administrator' )->add_cap( Capabilities::ANSWER );
		Capabilities::ensure_role();
		parent::tearDown();
	}

	public function test_uninstall_removes_what_the_plugin_stored_and_keeps_the_accounts(): void {
		$advisor = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Invited Advisor' ) );
		$editor  = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );
		update_user_meta( $advisor->ID, Advisor_Profile::AVATAR_META, 123 );
		update_user_meta( $advisor->ID, First_Run_Checklist::META_DISMISSED, '1' );
		update_option( Site_Wide_Widget::OPTION, array( 'enabled' => true ) );
		update_option( \HandoffChat\Privacy\Consent::OPTION, array( 'enabled' => true ) );

		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'handoff-chat/handoff-chat.php' );
		}
		require HANDOFF_CHAT_DIR . 'uninstall.php';

		// A default passed here beats the one register_setting() adds for the settings screen.
		$this->assertSame( 'absent', get_option( Settings::OPTION_BRIDGE_URL, 'absent' ) );
		$this->assertSame( 'absent', get_option( Capabilities::VERSION_OPTION, 'absent' ) );
		$this->assertSame( 'absent', get_option( Site_Wide_Widget::OPTION, 'absent' ) );
		$this->assertSame( 'absent', get_option( \HandoffChat\Privacy\Consent::OPTION, 'absent' ) );
		$this->assertSame( '', get_user_meta( $advisor->ID, First_Run_Checklist::META_DISMISSED, true ) );
		$this->assertNull( get_role( Capabilities::ROLE ) );
		$this->assertFalse( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );

		$advisor = get_userdata( $advisor->ID );
		$this->assertInstanceOf( \WP_User::class, $advisor );
		$this->assertSame( 'Invited Advisor', $advisor->display_name );
		$this->assertSame( array(), $advisor->roles );
		$this->assertFalse( user_can( $advisor, Capabilities::ANSWER ) );
		$this->assertSame( '', get_user_meta( $advisor->ID, Advisor_Profile::AVATAR_META, true ) );
		$this->assertFalse( user_can( $editor->ID, Capabilities::ANSWER ) );
		$this->assertSame( array( 'editor' ), array_values( get_userdata( $editor->ID )->roles ) );
	}
}
