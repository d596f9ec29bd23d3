<?php
/**
 * Who may answer conversations, and who manages the plugin.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

defined( 'ABSPATH' ) || exit;

/**
 * Advisors are WordPress users holding `handoff_chat_answer`. Administrators get it on
 * activation; site owners hand it to other roles or users with any role editor.
 *
 * Site managers hold WordPress's `manage_options`: they edit the settings and the bot
 * flows, and their advisor token carries the bridge's `manage` claim. This class is the
 * only place that names it.
 */
final class Capabilities {

	public const ANSWER = 'handoff_chat_answer';

	/** Settings, bot flows, pseudonym template and canned responses: site configuration. */
	public const MANAGE = 'manage_options';

	/** Roles that receive the capability by default. */
	public const DEFAULT_ROLES = array( 'administrator' );

	/** Plugin version whose defaults were last applied. */
	public const VERSION_OPTION = 'handoff_chat_caps_version';

	/**
	 * Whether a user manages the site's Handoff Chat configuration.
	 *
	 * @param \WP_User|int|null $user Null: the current user.
	 */
	public static function can_manage( \WP_User|int|null $user = null ): bool {
		return null === $user ? current_user_can( self::MANAGE ) : user_can( $user, self::MANAGE );
	}

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
