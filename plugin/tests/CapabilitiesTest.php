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

	public function test_site_managers_are_those_who_manage_options(): void {
		$this->assertSame( 'manage_options', Capabilities::MANAGE );
		$admin  = $this->create_user( 'administrator' );
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );

		$this->assertTrue( Capabilities::can_manage( $admin ) );
		$this->assertTrue( Capabilities::can_manage( $admin->ID ) );
		$this->assertFalse( Capabilities::can_manage( $editor ), 'Answering conversations is not managing the site.' );

		// Without a user: the current one.
		$this->assertFalse( Capabilities::can_manage() );
		wp_set_current_user( $admin->ID );
		$this->assertTrue( Capabilities::can_manage() );
		wp_set_current_user( $editor->ID );
		$this->assertFalse( Capabilities::can_manage() );
	}

	public function test_no_other_file_names_the_site_manager_capability(): void {
		$offenders = array();
		$files     = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( HANDOFF_CHAT_DIR . 'includes' ) );
		foreach ( $files as $file ) {
			if ( $file->isFile() && 'class-capabilities.php' !== $file->getFilename() && str_contains( (string) file_get_contents( $file->getPathname() ), Capabilities::MANAGE ) ) {
				$offenders[] = $file->getFilename();
			}
		}
		$this->assertSame( array(), $offenders, 'Use Capabilities::MANAGE or Capabilities::can_manage().' );
	}
}
