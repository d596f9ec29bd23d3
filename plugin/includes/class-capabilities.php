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
 * activation; site owners hand it to other roles or users with any role editor, or invite
 * people with the Advisor role, which holds nothing but `read` and the capability.
 *
 * Site managers hold WordPress's `manage_options`: they edit the settings and the bot
 * flows, and their advisor token carries the bridge's `manage` claim. This class is the
 * only place that names it.
 */
final class Capabilities {

	public const ANSWER = 'handoff_chat_answer';

	/** Settings, bot flows, pseudonym template and canned responses: site configuration. */
	public const MANAGE = 'manage_options';

	/** The network admin's Advisors screen (every site's advisors): network administrators. */
	public const NETWORK_MANAGE = 'manage_network_users';

	/** Roles that receive the capability by default. */
	public const DEFAULT_ROLES = array( 'administrator' );

	/** The role of people who only answer conversations (Conversations → Advisors invites them). */
	public const ROLE = 'handoff_chat_advisor';

	/** Stored in English, as WordPress stores its own roles; translated when shown (translate_role_name()). */
	public const ROLE_NAME = 'Advisor';

	/** `read`: without it WordPress keeps a user out of wp-admin, where the inbox is. */
	public const ROLE_CAPS = array(
		'read'       => true,
		self::ANSWER => true,
	);

	/** Plugin version (and defaults revision) whose defaults were last applied. */
	public const VERSION_OPTION = 'handoff_chat_caps_version';

	/** Raised when the defaults change between two plugin versions (2: the Advisor role). */
	public const DEFAULTS_REVISION = 2;

	/**
	 * Whether a user manages the site's Handoff Chat configuration.
	 *
	 * @param \WP_User|int|null $user Null: the current user.
	 */
	public static function can_manage( \WP_User|int|null $user = null ): bool {
		return null === $user ? current_user_can( self::MANAGE ) : user_can( $user, self::MANAGE );
	}

	/** Gives the default roles the capability, creates the Advisor role and records this version's defaults. */
	public static function grant(): void {
		foreach ( self::DEFAULT_ROLES as $role_name ) {
			get_role( $role_name )?->add_cap( self::ANSWER );
		}
		self::ensure_role();
		update_option( self::VERSION_OPTION, self::defaults_version(), true );
	}

	/**
	 * Creates the Advisor role, or gives an existing one back the two capabilities it
	 * needs. Whatever an owner added to it with a role editor is left alone.
	 */
	public static function ensure_role(): void {
		$role = get_role( self::ROLE );
		if ( null === $role ) {
			add_role( self::ROLE, self::ROLE_NAME, self::ROLE_CAPS );
			return;
		}
		foreach ( array_keys( self::ROLE_CAPS ) as $capability ) {
			$role->add_cap( $capability );
		}
	}

	/**
	 * Filter `gettext_with_context_default`: WordPress shows role names through
	 * translate_user_role(), in its own text domain; the Advisor role is translated in
	 * the plugin's, in the language of whoever reads it.
	 *
	 * @param string $translation What WordPress found.
	 * @param string $text        The untranslated text.
	 * @param string $context     Its context ('User role' for role names).
	 */
	public static function translate_role_name( $translation, $text, $context ) {
		if ( self::ROLE_NAME === $text && 'User role' === $context ) {
			return _x( 'Advisor', 'User role', 'handoff-chat' );
		}
		return $translation;
	}

	/**
	 * Updates that replace the files do not run the activation hook: apply the defaults
	 * once per version. Keyed on the version, so an owner who later removes the
	 * capability from administrators is not overruled on every page load.
	 */
	public static function maybe_upgrade(): void {
		if ( get_option( self::VERSION_OPTION ) !== self::defaults_version() ) {
			self::grant();
		}
	}

	/** What VERSION_OPTION holds once this version's defaults are applied, e.g. '0.1.0+2'. */
	public static function defaults_version(): string {
		return HANDOFF_CHAT_VERSION . '+' . self::DEFAULTS_REVISION;
	}

	/**
	 * Uninstall: the capability from every role and every user it was given to or denied
	 * (a per-user `false`), and the Advisor role. Its members keep their accounts, with no
	 * role on this site, as when WordPress's "No role for this site" is chosen.
	 */
	public static function remove(): void {
		foreach ( get_users(
			array(
				'role'   => self::ROLE,
				'fields' => 'ID',
			)
		) as $user_id ) {
			( new \WP_User( (int) $user_id ) )->remove_role( self::ROLE );
		}
		remove_role( self::ROLE );
		foreach ( wp_roles()->role_objects as $role ) {
			$role->remove_cap( self::ANSWER );
		}
		// The capability query matches the name in the user's capabilities, granted or denied.
		foreach ( get_users(
			array(
				'capability' => self::ANSWER,
				'fields'     => 'ID',
			)
		) as $user_id ) {
			( new \WP_User( (int) $user_id ) )->remove_cap( self::ANSWER );
		}
		delete_option( self::VERSION_OPTION );
	}
}
