<?php
/**
 * Server-to-server signatures between WordPress and the bridge, both ways.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * HMAC-SHA256 of the site secret over METHOD, path with query, Unix timestamp and the
 * SHA-256 of the exact body (bridge-server/src/auth/signed-request.ts). WordPress signs
 * its calls to the bridge with sign(); the bridge signs its calls to WordPress (the
 * notify route) the same way, checked by verify(). One string_to_sign() serves both, so
 * the two directions cannot drift apart.
 */
final class Request_Signer {

	public const SITE_HEADER      = 'X-Handoff-Site';
	public const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';
	public const SIGNATURE_HEADER = 'X-Handoff-Signature';

	/** Seconds the timestamp may be from this server's clock, either way (the bridge's window). */
	public const WINDOW = 300;

	/**
	 * A signer for one site.
	 *
	 * @param string $site_id The site's id on the bridge.
	 * @param string $secret  The secret it shares with the bridge.
	 */
	public function __construct(
		private readonly string $site_id,
		private readonly string $secret
	) {}

	/** The site's own id and secret, from the settings. */
	public static function for_site(): self {
		return new self( Settings::get_site_id(), Settings::get_site_secret() );
	}

	/**
	 * The three signature headers of a call to the bridge.
	 *
	 * @param string $method    The HTTP method.
	 * @param string $path      From the bridge's root, with its query.
	 * @param string $body      The exact raw body.
	 * @param int    $timestamp Unix time of the call.
	 * @return array<string, string>
	 */
	public function sign( string $method, string $path, string $body, int $timestamp ): array {
		return array(
			self::SITE_HEADER      => $this->site_id,
			self::TIMESTAMP_HEADER => (string) $timestamp,
			self::SIGNATURE_HEADER => $this->signature( $method, $path, $body, $timestamp ),
		);
	}

	/**
	 * Checks a call the bridge signed: this site's id, a timestamp inside the window, and a
	 * signature over one of the paths it may have requested, compared in constant time.
	 *
	 * @param string   $method    The request's method.
	 * @param string[] $paths     Paths the bridge may have signed (see Notify_Controller).
	 * @param string   $body      The exact raw body.
	 * @param string   $site_id   The site header as received.
	 * @param string   $timestamp The timestamp header as received.
	 * @param string   $signature The signature header as received (hex, any case).
	 * @param int|null $now       Unix time; tests pass one.
	 * @return true|\WP_Error 401 `handoff_chat_bad_signature`, saying what to check.
	 */
	public function verify( string $method, array $paths, string $body, string $site_id, string $timestamp, string $signature, ?int $now = null ) {
		if ( ! hash_equals( $this->site_id, $site_id ) ) {
			return self::unauthorized( __( 'This call is not signed for this site.', 'handoff-chat' ) );
		}
		if ( ! preg_match( '/^\d{1,12}$/D', $timestamp ) || abs( ( $now ?? time() ) - (int) $timestamp ) > self::WINDOW ) {
			return self::unauthorized( __( 'The signature has expired. Check that the clocks of WordPress and the bridge are right.', 'handoff-chat' ) );
		}
		$signature = strtolower( $signature );
		if ( preg_match( '/^[0-9a-f]{64}$/D', $signature ) ) {
			foreach ( $paths as $path ) {
				if ( hash_equals( $this->signature( $method, $path, $body, (int) $timestamp ), $signature ) ) {
					return true;
				}
			}
		}
		return self::unauthorized( __( 'The signature of this call is not valid.', 'handoff-chat' ) );
	}

	/**
	 * Lower-case hex HMAC of the canonical string.
	 *
	 * @param string $method    The HTTP method.
	 * @param string $path      From the bridge's root, with its query.
	 * @param string $body      The exact raw body.
	 * @param int    $timestamp Unix time of the call.
	 */
	private function signature( string $method, string $path, string $body, int $timestamp ): string {
		return hash_hmac( 'sha256', self::string_to_sign( $method, $path, $body, $timestamp ), $this->secret );
	}

	/**
	 * The canonical string, the same for both directions.
	 *
	 * @param string $method    The HTTP method.
	 * @param string $path      From the bridge's root, with its query.
	 * @param string $body      The exact raw body.
	 * @param int    $timestamp Unix time of the call.
	 */
	private static function string_to_sign( string $method, string $path, string $body, int $timestamp ): string {
		return strtoupper( $method ) . "\n" . $path . "\n" . $timestamp . "\n" . hash( 'sha256', $body );
	}

	/**
	 * A 401 with what to check.
	 *
	 * @param string $message Translated reason.
	 */
	private static function unauthorized( string $message ): \WP_Error {
		return new \WP_Error( 'handoff_chat_bad_signature', $message, array( 'status' => 401 ) );
	}
}
