<?php
/**
 * Tests of the capability, the Advisor role and who manages the site.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Capabilities;

/** Granting and removing the capability and the Advisor role; who manages the site. */
final class CapabilitiesTest extends TestCase {

	protected function tearDown(): void {
		// Back to what activation leaves, whatever a test did to the roles.
		get_role( 'administrator' )->add_cap( Capabilities::ANSWER );
		get_role( 'editor' )->remove_cap( Capabilities::ANSWER );
		remove_role( Capabilities::ROLE );
		Capabilities::ensure_role();
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
		$this->assertSame( HANDOFF_CHAT_VERSION . '+' . Capabilities::DEFAULTS_REVISION, get_option( Capabilities::VERSION_OPTION ) );
	}

	public function test_remove_takes_it_from_roles_and_users(): void {
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );

		Capabilities::remove();

		$this->assertFalse( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
		$this->assertFalse( user_can( $editor->ID, Capabilities::ANSWER ) );
		$this->assertFalse( get_option( Capabilities::VERSION_OPTION ) );
	}

	public function test_activation_creates_the_advisor_role_with_read_and_answer_only(): void {
		remove_role( Capabilities::ROLE );
		$this->assertNull( get_role( Capabilities::ROLE ) );

		do_action( 'activate_' . plugin_basename( HANDOFF_CHAT_FILE ) );

		$role = get_role( Capabilities::ROLE );
		$this->assertInstanceOf( \WP_Role::class, $role );
		$this->assertSame( 'handoff_chat_advisor', Capabilities::ROLE );
		$this->assertSame(
			array(
				'read'                => true,
				'handoff_chat_answer' => true,
			),
			$role->capabilities
		);
		$this->assertSame( 'Advisor', wp_roles()->role_names[ Capabilities::ROLE ] );

		$advisor = $this->create_user( Capabilities::ROLE );
		$this->assertTrue( user_can( $advisor, Capabilities::ANSWER ) );
		$this->assertTrue( user_can( $advisor, 'read' ) );
		$this->assertFalse( user_can( $advisor, 'edit_posts' ) );
		$this->assertFalse( Capabilities::can_manage( $advisor ) );
	}

	public function test_an_existing_role_gets_its_two_capabilities_back_and_keeps_the_owners_additions(): void {
		$role = get_role( Capabilities::ROLE );
		$role->remove_cap( Capabilities::ANSWER );
		$role->add_cap( 'upload_files' );

		Capabilities::grant();

		$role = get_role( Capabilities::ROLE );
		$this->assertTrue( $role->has_cap( Capabilities::ANSWER ) );
		$this->assertTrue( $role->has_cap( 'read' ) );
		$this->assertTrue( $role->has_cap( 'upload_files' ) );
	}

	public function test_an_update_creates_the_role_on_sites_that_ran_an_earlier_version(): void {
		remove_role( Capabilities::ROLE );
		// What 0.1.0 stored before the Advisor role existed.
		update_option( Capabilities::VERSION_OPTION, HANDOFF_CHAT_VERSION );

		Capabilities::maybe_upgrade();
		$this->assertNotNull( get_role( Capabilities::ROLE ) );
		$this->assertSame( Capabilities::defaults_version(), get_option( Capabilities::VERSION_OPTION ) );

		// Once applied, an owner who deletes the role is not overruled on the next page load.
		remove_role( Capabilities::ROLE );
		Capabilities::maybe_upgrade();
		$this->assertNull( get_role( Capabilities::ROLE ) );
	}

	public function test_the_role_name_is_translated_where_wordpress_shows_role_names(): void {
		$this->assertSame( 10, has_filter( 'gettext_with_context_default', array( Capabilities::class, 'translate_role_name' ) ) );
		// A French translation of the plugin's string, without a language pack on this site.
		$french = static fn ( $translation, $text, $context ) => 'Advisor' === $text && 'User role' === $context ? 'Conseiller' : $translation;
		add_filter( 'gettext_with_context_handoff-chat', $french, 10, 3 );
		try {
			$this->assertSame( 'Conseiller', translate_user_role( wp_roles()->role_names[ Capabilities::ROLE ] ) );
			// WordPress's own roles are left to WordPress.
			$this->assertSame( 'Editor', translate_user_role( 'Editor' ) );
			$this->assertSame( 'Advisor', translate_user_role( 'Advisor', 'another-domain' ) );
		} finally {
			remove_filter( 'gettext_with_context_handoff-chat', $french, 10 );
		}
		$this->assertSame( 'Advisor', translate_user_role( 'Advisor' ) );
	}

	public function test_remove_takes_the_role_away_and_its_members_keep_their_accounts(): void {
		$advisor = $this->create_user( Capabilities::ROLE );
		$both    = $this->create_user( 'author' );
		$both->add_role( Capabilities::ROLE );
		$denied = $this->create_user( 'administrator' );
		$denied->add_cap( Capabilities::ANSWER, false );

		Capabilities::remove();

		$this->assertNull( get_role( Capabilities::ROLE ) );
		$advisor = get_userdata( $advisor->ID );
		$this->assertInstanceOf( \WP_User::class, $advisor, 'The account stays.' );
		$this->assertSame( array(), $advisor->roles );
		$this->assertSame( array(), get_user_meta( $advisor->ID, $GLOBALS['wpdb']->get_blog_prefix() . 'capabilities', true ) );
		$this->assertSame( array( 'author' ), array_values( get_userdata( $both->ID )->roles ) );
		// A per-user denial goes too: nothing of the plugin is left in the user's capabilities.
		$this->assertArrayNotHasKey( Capabilities::ANSWER, get_userdata( $denied->ID )->caps );
		$this->assertSame( array( 'administrator' ), array_values( get_userdata( $denied->ID )->roles ) );
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
