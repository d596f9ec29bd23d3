<?php
/**
 * Who may answer conversations.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

defined( 'ABSPATH' ) || exit;

/**
 * Advisors are WordPress users holding `handoff_chat_answer`. Administrators get it on
 * activation; site owners hand it to other roles or users with any role editor.
 */
final class Capabilities {

	public const ANSWER = 'handoff_chat_answer';

	/** Roles that receive the capability by default. */
	public const DEFAULT_ROLES = array( 'administrator' );

	/** Plugin version whose defaults were last applied. */
	public const VERSION_OPTION = 'handoff_chat_caps_version';

	public static function grant(): void {
		foreach ( self::DEFAULT_ROLES as $role_name ) {
			get_role( $role_name )?->add_cap( self::ANSWER );
		}
		update_option( self::VERSION_OPTION, HANDOFF_CHAT_VERSION, true );
	}

	/**
	 * Updates that replace the files do not run the activation hook: apply the defaults
	 * once per version. Keyed on the version, so an owner who later removes the
	 * capability from administrators is not overruled on every page load.
	 */
	public static function maybe_upgrade(): void {
		if ( get_option( self::VERSION_OPTION ) !== HANDOFF_CHAT_VERSION ) {
			self::grant();
		}
	}

	/** Uninstall: from every role and every user it was given to. */
	public static function remove(): void {
		foreach ( wp_roles()->role_objects as $role ) {
			$role->remove_cap( self::ANSWER );
		}
		foreach ( get_users( array( 'capability' => self::ANSWER, 'fields' => 'ID' ) ) as $user_id ) {
			( new \WP_User( (int) $user_id ) )->remove_cap( self::ANSWER );
		}
		delete_option( self::VERSION_OPTION );
	}
}
