<?php
/**
 * Giving someone the ability to answer, or taking it away, in one click.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Advisors;

use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * What the Advisors screen changes in WordPress. Only the capability and the Advisor role
 * are ever touched: never another role, so nobody loses what they do on the site besides
 * answering conversations. Telling the bridge is the caller's job (Advisors_Controller,
 * through Advisor_Sync).
 */
final class Advisor_Roster {

	/** The limit wp_insert_user() puts on logins. */
	private const LOGIN_MAX = 60;

	/**
	 * Invites by email: an existing user gets the capability, anybody else a new account
	 * with the Advisor role and WordPress's "set your password" email.
	 *
	 * @param string      $email Their email address.
	 * @param string|null $name  Their display name; null or '': the email's local part.
	 * @return array{user: \WP_User, created: bool}|\WP_Error 400 for a bad email, 409 when they can already answer.
	 */
	public function invite( string $email, ?string $name = null ) {
		$email = trim( $email );
		if ( ! is_email( $email ) ) {
			return new \WP_Error(
				'handoff_chat_invalid_email',
				__( 'This is not a valid email address.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		$user = get_user_by( 'email', $email );
		if ( $user instanceof \WP_User ) {
			return $this->grant( $user );
		}
		return $this->create( $email, $name );
	}

	/**
	 * Lets an existing user answer.
	 *
	 * @param \WP_User $user The user.
	 * @return array{user: \WP_User, created: bool}|\WP_Error
	 */
	private function grant( \WP_User $user ) {
		if ( Advisor_Profile::can_answer( $user ) ) {
			return self::already_advisor( $user );
		}
		if ( array() === $user->roles ) {
			// No role on this site (not even `read`): the Advisor role lets them into wp-admin.
			Capabilities::ensure_role();
			$user->add_role( Capabilities::ROLE );
		} elseif ( false === ( $user->caps[ Capabilities::ANSWER ] ?? null ) ) {
			// Removed earlier from someone whose role grants it: lift the per-user denial.
			$user->remove_cap( Capabilities::ANSWER );
		}
		$user = self::fresh( $user->ID );
		if ( ! Advisor_Profile::can_answer( $user ) ) {
			$user->add_cap( Capabilities::ANSWER );
			$user = self::fresh( $user->ID );
		}
		return array(
			'user'    => $user,
			'created' => false,
		);
	}

	/**
	 * A new account with the Advisor role, and WordPress's "set your password" email.
	 *
	 * @param string      $email Their email address.
	 * @param string|null $name  Their display name; null or '': the email's local part.
	 * @return array{user: \WP_User, created: bool}|\WP_Error
	 */
	private function create( string $email, ?string $name ) {
		$local = (string) strstr( $email, '@', true );
		$name  = trim( (string) $name );
		// REST calls run no admin_init: the role may not exist yet right after an update.
		Capabilities::ensure_role();
		$id = wp_insert_user(
			array(
				'user_login'   => self::unique_login( $local ),
				'user_email'   => $email,
				'user_pass'    => wp_generate_password( 32, true, true ),
				'display_name' => '' !== $name ? $name : $local,
				'nickname'     => '' !== $name ? $name : $local,
				'role'         => Capabilities::ROLE,
			)
		);
		if ( is_wp_error( $id ) ) {
			return new \WP_Error(
				'handoff_chat_user_not_created',
				/* translators: %s: why WordPress refused, e.g. "Sorry, that email address is already used!" */
				sprintf( __( 'WordPress could not create the account: %s', 'handoff-chat' ), $id->get_error_message() ),
				array( 'status' => 400 )
			);
		}
		// The user chooses a password from the link in this email; nobody ever knows the one above.
		wp_new_user_notification( $id, null, 'user' );
		return array(
			'user'    => self::fresh( $id ),
			'created' => true,
		);
	}

	/**
	 * Takes the ability to answer away. The Advisor role goes (a user with no other role
	 * keeps their account, with no role on this site); a capability given to the user goes;
	 * one that comes from another role (administrators) is denied to this user only.
	 *
	 * @param \WP_User $user The user.
	 * @return \WP_User|\WP_Error The user as they are now; 409 when WordPress still lets them answer.
	 */
	public function remove( \WP_User $user ) {
		if ( in_array( Capabilities::ROLE, $user->roles, true ) && ! self::role_keeps_own_management( $user ) ) {
			$user->remove_role( Capabilities::ROLE );
		}
		if ( true === (bool) ( $user->caps[ Capabilities::ANSWER ] ?? false ) ) {
			$user->remove_cap( Capabilities::ANSWER );
		}
		$user = self::fresh( $user->ID );
		if ( Advisor_Profile::can_answer( $user ) ) {
			$user->add_cap( Capabilities::ANSWER, false );
			$user = self::fresh( $user->ID );
		}
		if ( Advisor_Profile::can_answer( $user ) ) {
			// A network administrator, or a plugin's user_has_cap filter: not ours to override.
			return new \WP_Error(
				'handoff_chat_still_advisor',
				__( 'WordPress still lets this user answer conversations (for instance because they administer the network). Change it under Users.', 'handoff-chat' ),
				array( 'status' => 409 )
			);
		}
		return $user;
	}

	/**
	 * The 409 answer for inviting someone who can already answer.
	 *
	 * @param \WP_User $user The user.
	 */
	public static function already_advisor( \WP_User $user ): \WP_Error {
		return new \WP_Error(
			'handoff_chat_already_advisor',
			/* translators: %s: the user's display name. */
			sprintf( __( '%s can already answer conversations.', 'handoff-chat' ), Advisor_Profile::display_name( $user ) ),
			array(
				'status' => 409,
				'userId' => $user->ID,
			)
		);
	}

	/**
	 * An owner may have given the Advisor role more with a role editor: a manager removing
	 * their own ability to answer must not lock themselves out of managing the site.
	 *
	 * @param \WP_User $user The user losing the ability to answer.
	 */
	private static function role_keeps_own_management( \WP_User $user ): bool {
		return get_current_user_id() === $user->ID && (bool) get_role( Capabilities::ROLE )?->has_cap( Capabilities::MANAGE );
	}

	/**
	 * A login from the email's local part, unique on the site (name, name2, name3…).
	 *
	 * @param string $local The email's local part.
	 */
	private static function unique_login( string $local ): string {
		$base  = substr( sanitize_user( $local, true ), 0, self::LOGIN_MAX - 4 );
		$base  = '' !== trim( $base ) ? $base : 'advisor';
		$login = $base;
		$n     = 2;
		while ( username_exists( $login ) ) {
			$login = $base . $n;
			++$n;
		}
		return $login;
	}

	/**
	 * A new WP_User: the old object keeps capabilities it computed before a change.
	 *
	 * @param int $user_id The user.
	 */
	private static function fresh( int $user_id ): \WP_User {
		return new \WP_User( $user_id );
	}
}
