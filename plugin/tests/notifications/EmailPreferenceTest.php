<?php
/**
 * Tests of the escalation-email opt-out on profiles.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Notifications;

use HandoffChat\Notifications\Email_Preference;
use HandoffChat\Plugin;
use HandoffChat\Tests\TestCase;

/** The opt-out checkbox on the profile screen. */
final class EmailPreferenceTest extends TestCase {

	private const NONCE_FIELD = '_handoff_chat_email_nonce';

	protected function tearDown(): void {
		$_POST = array();
		parent::tearDown();
	}

	private function render( \WP_User $user ): string {
		ob_start();
		Plugin::instance()->email_preference->render( $user );
		return (string) ob_get_clean();
	}

	/**
	 * What the profile form posts (core's fields included), with a nonce made for the current user.
	 *
	 * @param int         $user_id Whose profile.
	 * @param bool        $checked Whether the box is ticked.
	 * @param string|null $nonce   The nonce; null: a valid one, '': none.
	 */
	private static function post( int $user_id, bool $checked, ?string $nonce = null ): void {
		$_POST   = array(
			'user_id' => (string) $user_id,
			'email'   => get_userdata( $user_id )->user_email,
		);
		$nonce ??= wp_create_nonce( 'handoff_chat_email_notifications_' . $user_id );
		if ( '' !== $nonce ) {
			$_POST[ self::NONCE_FIELD ] = $nonce;
		}
		if ( $checked ) {
			$_POST[ Email_Preference::META_KEY ] = '1';
		}
	}

	public function test_hooks_are_wired_on_both_profile_screens(): void {
		$preference = Plugin::instance()->email_preference;
		foreach ( array( 'show_user_profile', 'edit_user_profile' ) as $hook ) {
			$this->assertSame( 10, has_action( $hook, array( $preference, 'render' ) ), $hook );
		}
		foreach ( array( 'personal_options_update', 'edit_user_profile_update' ) as $hook ) {
			$this->assertSame( 10, has_action( $hook, array( $preference, 'save' ) ), $hook );
		}
		$this->assertSame( 10, has_action( 'rest_api_init', array( Plugin::instance()->notify_controller, 'register_routes' ) ) );
	}

	public function test_emails_are_on_by_default(): void {
		$this->assertTrue( Email_Preference::wants_email( $this->create_user( 'administrator' )->ID ) );
	}

	public function test_the_checkbox_is_shown_only_to_advisors_checked_by_default(): void {
		$advisor = $this->create_user( 'administrator' );
		wp_set_current_user( $advisor->ID );
		$html = $this->render( $advisor );
		$this->assertStringContainsString( 'name="' . Email_Preference::META_KEY . '"', $html );
		$this->assertStringContainsString( "checked='checked'", $html );
		$this->assertStringContainsString( 'name="' . self::NONCE_FIELD . '"', $html );
		$this->assertStringContainsString( 'Email me when a conversation is escalated', $html );

		update_user_meta( $advisor->ID, Email_Preference::META_KEY, '0' );
		$this->assertStringNotContainsString( "checked='checked'", $this->render( $advisor ) );

		$this->assertSame( '', $this->render( $this->create_user( 'editor' ) ) );
	}

	public function test_an_advisor_unticks_and_ticks_on_their_own_profile(): void {
		$advisor = $this->create_user( 'administrator' );
		wp_set_current_user( $advisor->ID );

		self::post( $advisor->ID, false );
		do_action( 'personal_options_update', $advisor->ID );
		$this->assertFalse( Email_Preference::wants_email( $advisor->ID ) );

		self::post( $advisor->ID, true );
		do_action( 'personal_options_update', $advisor->ID );
		$this->assertTrue( Email_Preference::wants_email( $advisor->ID ) );
	}

	public function test_nothing_is_saved_without_a_valid_nonce(): void {
		$advisor = $this->create_user( 'administrator' );
		wp_set_current_user( $advisor->ID );

		self::post( $advisor->ID, false, '' );
		do_action( 'personal_options_update', $advisor->ID );
		self::post( $advisor->ID, false, 'not-a-nonce' );
		do_action( 'personal_options_update', $advisor->ID );
		// A nonce made for another user's form.
		self::post( $advisor->ID, false, wp_create_nonce( 'handoff_chat_email_notifications_' . ( $advisor->ID + 1 ) ) );
		do_action( 'personal_options_update', $advisor->ID );

		$this->assertSame( '', get_user_meta( $advisor->ID, Email_Preference::META_KEY, true ) );
		$this->assertTrue( Email_Preference::wants_email( $advisor->ID ) );
	}

	public function test_only_users_who_may_edit_that_user_can_change_it(): void {
		$advisor = $this->create_user( 'administrator' );
		$editor  = $this->create_user( 'editor' );

		// An editor, with a nonce valid for them, cannot edit an administrator.
		wp_set_current_user( $editor->ID );
		self::post( $advisor->ID, false );
		do_action( 'edit_user_profile_update', $advisor->ID );
		$this->assertTrue( Email_Preference::wants_email( $advisor->ID ) );

		// Another administrator can.
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		self::post( $advisor->ID, false );
		do_action( 'edit_user_profile_update', $advisor->ID );
		$this->assertFalse( Email_Preference::wants_email( $advisor->ID ) );
	}
}
