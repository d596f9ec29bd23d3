<?php
/**
 * What WordPress tells the bridge about an advisor: name, email, avatar.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Advisors;

use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * One place that turns a WordPress user into the fields the bridge keeps from WordPress
 * (contracts/src/advisors.ts `syncedAdvisor`), so the syncs and the advisor token's
 * `name` and `avatar` claims always agree. The avatar is the media-library image a
 * manager picked for the user on the Advisors screen, else Gravatar.
 */
final class Advisor_Profile {

	/** User meta: the attachment id of the avatar a manager picked. */
	public const AVATAR_META = 'handoff_chat_avatar_id';

	/** A registered image size, small: visitors see the avatar at 40 px or so. */
	public const AVATAR_SIZE = 'thumbnail';

	/** The contract's limits (syncedAdvisor). */
	private const NAME_MAX  = 200;
	private const EMAIL_MAX = 254;
	private const URL_MAX   = 2048;

	/**
	 * Whether the user may answer conversations on this site now.
	 *
	 * @param \WP_User $user The user.
	 */
	public static function can_answer( \WP_User $user ): bool {
		return $user->exists() && user_can( $user, Capabilities::ANSWER );
	}

	/**
	 * The user as `PUT /v1/advisors` lists them.
	 *
	 * @param \WP_User $user The user.
	 * @return array{id: string, displayName: string, email: ?string, avatar: ?string}
	 */
	public static function synced( \WP_User $user ): array {
		return array(
			'id'          => (string) $user->ID,
			'displayName' => self::display_name( $user ),
			'email'       => self::email( $user ),
			'avatar'      => self::avatar_url( $user ),
		);
	}

	/**
	 * The body of `PUT /v1/advisors/:id`.
	 *
	 * @param \WP_User  $user       The user.
	 * @param bool|null $can_answer Null: whether the user can answer now.
	 * @return array{displayName: string, email: ?string, avatar: ?string, canAnswer: bool}
	 */
	public static function single( \WP_User $user, ?bool $can_answer = null ): array {
		$fields = self::synced( $user );
		unset( $fields['id'] );
		$fields['canAnswer'] = $can_answer ?? self::can_answer( $user );
		return $fields;
	}

	/**
	 * WordPress's display name as stored (the bridge renders it as text), else the login: 1 to 200 characters.
	 *
	 * @param \WP_User $user The user.
	 */
	public static function display_name( \WP_User $user ): string {
		$name = trim( (string) $user->display_name );
		if ( '' === $name ) {
			$name = (string) $user->user_login;
		}
		if ( '' === $name ) {
			$name = (string) $user->ID;
		}
		return mb_substr( $name, 0, self::NAME_MAX );
	}

	/**
	 * The user's email when the bridge's contract accepts it.
	 *
	 * @param \WP_User $user The user.
	 */
	private static function email( \WP_User $user ): ?string {
		$email = (string) $user->user_email;
		return '' !== $email && strlen( $email ) <= self::EMAIL_MAX && is_email( $email ) ? $email : null;
	}

	/**
	 * The picked image at a small size, else Gravatar (get_avatar_url(), which avatar
	 * plugins filter); null when neither gives an http(s) URL the bridge accepts. A
	 * picked attachment that was deleted, or is no longer an image, falls back too.
	 *
	 * @param \WP_User $user The user.
	 */
	public static function avatar_url( \WP_User $user ): ?string {
		$picked = self::avatar_id( $user->ID );
		$url    = null === $picked ? false : wp_get_attachment_image_url( $picked, self::AVATAR_SIZE );
		if ( ! is_string( $url ) || '' === $url ) {
			$url = get_avatar_url( $user->ID );
		}
		return self::valid_url( $url ) ? $url : null;
	}

	/**
	 * The attachment a manager picked, when it is still an image of this site.
	 *
	 * @param int $user_id The user.
	 */
	public static function avatar_id( int $user_id ): ?int {
		$id = (int) get_user_meta( $user_id, self::AVATAR_META, true );
		return $id > 0 && wp_attachment_is_image( $id ) ? $id : null;
	}

	/**
	 * Stores or clears (null) the picked attachment.
	 *
	 * @param int      $user_id       The user.
	 * @param int|null $attachment_id The image; null clears the pick.
	 * @return bool False when the attachment is not an image of the media library.
	 */
	public static function set_avatar_id( int $user_id, ?int $attachment_id ): bool {
		if ( null === $attachment_id ) {
			delete_user_meta( $user_id, self::AVATAR_META );
			return true;
		}
		if ( $attachment_id <= 0 || 'attachment' !== get_post_type( $attachment_id ) || ! wp_attachment_is_image( $attachment_id ) ) {
			return false;
		}
		update_user_meta( $user_id, self::AVATAR_META, $attachment_id );
		return true;
	}

	/** Uninstall: every user's pick. */
	public static function delete_all(): void {
		delete_metadata( 'user', 0, self::AVATAR_META, '', true );
	}

	/**
	 * Whether a URL is one the bridge accepts: http(s), no spaces, not too long.
	 *
	 * @param mixed $url What a filter or WordPress returned.
	 */
	private static function valid_url( $url ): bool {
		return is_string( $url ) && strlen( $url ) <= self::URL_MAX && 1 === preg_match( '#^https?://[^\s]+$#i', $url );
	}
}
