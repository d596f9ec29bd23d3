<?php
/**
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Capabilities;

final class CapabilitiesTest extends TestCase {

	protected function tearDown(): void {
		// Back to what activation leaves, whatever a test did to the roles.
		get_role( 'administrator' )->add_cap( Capabilities::ANSWER );
		get_role( 'editor' )->remove_cap( Capabilities::ANSWER );
		parent::tearDown();
	}

	public function test_activation_grants_administrators_and_not_editors(): void {
		get_role( 'administrator' )->remove_cap( Capabilities::ANSWER );
		$this->assertFalse( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );

		// The real activation hook, as activate_plugin() fires it.
		do_action( 'activate_' . plugin_basename( HANDOFF_CHAT_FILE ) );

		$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
		$this->assertFalse( get_role( 'editor' )->has_cap( Capabilities::ANSWER ) );
		$this->assertTrue( user_can( $this->create_user( 'administrator' ), Capabilities::ANSWER ) );
		$this->assertFalse( user_can( $this->create_user( 'editor' ), Capabilities::ANSWER ) );
		$this->assertFalse( user_can( $this->create_user( 'subscriber' ), Capabilities::ANSWER ) );
	}

	public function test_admin_init_grants_it_once_after_an_update(): void {
		get_role( 'administrator' )->remove_cap( Capabilities::ANSWER );

		// Same version: the owner's choice to remove it is respected.
		Capabilities::maybe_upgrade();
		$this->assertFalse( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );

		// Files replaced by a newer version without activation.
		update_option( Capabilities::VERSION_OPTION, '0.0.1' );
		Capabilities::maybe_upgrade();
		$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
		$this->assertSame( HANDOFF_CHAT_VERSION, get_option( Capabilities::VERSION_OPTION ) );
	}

	public function test_remove_takes_it_from_roles_and_users(): void {
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );

		Capabilities::remove();

		$this->assertFalse( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
		$this->assertFalse( user_can( $editor->ID, Capabilities::ANSWER ) );
		$this->assertFalse( get_option( Capabilities::VERSION_OPTION ) );
	}
}
