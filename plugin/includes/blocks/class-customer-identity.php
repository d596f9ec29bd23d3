<?php
/**
 * Known customers: the widget's signed identity of a logged-in visitor.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Blocks;

use HandoffChat\Bridge\Token_Signer;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * `admin-ajax.php?action=handoff_chat_identity` (GET): the widget asks it when it needs a visitor
 * session, so nothing user-specific is in the page and pages stay cacheable. admin-ajax, not the
 * REST API: REST ignores the login cookie without a nonce, and a nonce in cached HTML is what
 * must not be. The read is safe with the cookie alone: it hands the user's own name and email,
 * signed for the bridge, to the user's own browser (same origin; no CORS header is sent).
 * Logged-out visitors get `{ "token": null }`.
 */
final class Customer_Identity {

	public const ACTION = 'handoff_chat_identity';

	/** The URL the widget's config carries: the same for every visitor, so cacheable. */
	public static function url(): string {
		return admin_url( 'admin-ajax.php?action=' . self::ACTION );
	}

	/**
	 * The answer's body for this user.
	 *
	 * @param \WP_User|null $user The logged-in user; null or an id-0 user when logged out.
	 * @return array{token: string|null, expiresAt?: int}
	 */
	public static function payload( ?\WP_User $user ): array {
		if ( ! $user || ! $user->exists() || ! Settings::is_configured() ) {
			return array( 'token' => null );
		}
		$signed = ( new Token_Signer( Settings::get_site_id(), Settings::get_site_secret() ) )->sign_identity_token( $user );
		return array(
			'token'     => $signed['token'],
			'expiresAt' => $signed['expires_at'],
		);
	}

	/**
	 * The headers of every answer: never stored by a browser or a proxy, and varying by cookie.
	 *
	 * @return array<string, string>
	 */
	public static function headers(): array {
		return array(
			'Cache-Control' => 'no-store, private, max-age=0',
			'Vary'          => 'Cookie',
		);
	}

	/** The wp_ajax_ and wp_ajax_nopriv_ handler. */
	public static function respond(): void {
		if ( ! headers_sent() ) {
			foreach ( self::headers() as $name => $value ) {
				header( $name . ': ' . $value );
			}
		}
		wp_send_json( self::payload( is_user_logged_in() ? wp_get_current_user() : null ) );
	}
}
