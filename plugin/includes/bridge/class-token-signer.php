<?php
/**
 * Advisor tokens for the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * HS256 JWTs signed with the site secret. WordPress is the identity provider: the bridge
 * trusts these claims (bridge-server/src/auth/tokens.ts, contracts AdvisorTokenClaims)
 * and never sees a WordPress password or cookie.
 */
final class Token_Signer {

	public const ISSUER            = 'wordpress';
	public const AUDIENCE          = 'handoff-chat:advisor';
	public const IDENTITY_AUDIENCE = 'handoff-chat:identity';

	/**
	 * Seconds an identity lives: the widget sends it at once. The bridge refuses one longer than
	 * five minutes (IDENTITY_TOKEN_MAX_LIFETIME in contracts/src/types.ts) and any second use.
	 */
	public const IDENTITY_TTL = 120;

	/**
	 * Seconds. Short, because a leaked token cannot be revoked; the bridge refuses longer ones
	 * (ADVISOR_TOKEN_MAX_LIFETIME in bridge-server/src/auth/tokens.ts: keep the two equal).
	 */
	public const TTL = 900;

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

	/**
	 * A short-lived advisor token (JWT, HS256) for the bridge.
	 *
	 * @param \WP_User $user The advisor.
	 * @param int|null $now  Unix time; tests pass one.
	 * @return array{token: string, expires_at: int} expires_at as a Unix timestamp.
	 */
	public function sign_advisor_token( \WP_User $user, ?int $now = null ): array {
		$iat    = $now ?? time();
		$claims = array(
			'iss'  => self::ISSUER,
			'aud'  => self::AUDIENCE,
			'sub'  => (string) $user->ID,
			'site' => $this->site_id,
			'name' => Advisor_Profile::display_name( $user ),
		);
		// The same name and avatar as the advisor syncs send: the media-library pick, else Gravatar.
		$avatar = Advisor_Profile::avatar_url( $user );
		if ( null !== $avatar ) {
			$claims['avatar'] = $avatar;
		}
		// Site owners edit bot flows on the bridge: the claim is how the bridge knows who may.
		if ( Capabilities::can_manage( $user ) ) {
			$claims['manage'] = true;
		}
		$claims['iat'] = $iat;
		$claims['exp'] = $iat + self::TTL;

		return array(
			'token'      => self::encode( $claims, $this->secret ),
			'expires_at' => $claims['exp'],
		);
	}

	/**
	 * The identity WordPress vouches for a logged-in visitor with (known customers): the bridge
	 * gives that user one visitor on every device, named and emailed as here. Single use (jti).
	 *
	 * @param \WP_User $user The logged-in visitor.
	 * @param int|null $now  Unix time; tests pass one.
	 * @return array{token: string, expires_at: int} expires_at as a Unix timestamp.
	 */
	public function sign_identity_token( \WP_User $user, ?int $now = null ): array {
		$iat    = $now ?? time();
		$claims = array(
			'iss'   => self::ISSUER,
			'aud'   => self::IDENTITY_AUDIENCE,
			'sub'   => (string) $user->ID,
			'site'  => $this->site_id,
			'name'  => Advisor_Profile::display_name( $user ),
			'email' => (string) $user->user_email,
			'iat'   => $iat,
			'exp'   => $iat + self::IDENTITY_TTL,
			'jti'   => bin2hex( random_bytes( 16 ) ),
		);
		return array(
			'token'      => self::encode( $claims, $this->secret ),
			'expires_at' => $claims['exp'],
		);
	}

	/**
	 * The token: header.payload.signature, each part base64url without padding (RFC 7515).
	 *
	 * @param array  $claims The payload.
	 * @param string $secret The HMAC key.
	 */
	public static function encode( array $claims, string $secret ): string {
		$header  = self::base64url_encode(
			self::json(
				array(
					'alg' => 'HS256',
					'typ' => 'JWT',
				)
			)
		);
		$payload = self::base64url_encode( self::json( $claims ) );
		$signed  = $header . '.' . $payload;
		return $signed . '.' . self::base64url_encode( hash_hmac( 'sha256', $signed, $secret, true ) );
	}

	/**
	 * Base64url without padding (RFC 4648 §5), as JWTs use.
	 *
	 * @param string $data Bytes.
	 */
	public static function base64url_encode( string $data ): string {
		return rtrim( strtr( base64_encode( $data ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- a JWT's encoding, not obfuscation.
	}

	/**
	 * JSON as the bridge verifies it: slashes and Unicode unescaped.
	 *
	 * @param array $data What to encode.
	 * @throws \RuntimeException When it cannot be encoded (invalid UTF-8).
	 */
	private static function json( array $data ): string {
		$json = wp_json_encode( $data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		if ( false === $json ) {
			throw new \RuntimeException( 'Token claims cannot be encoded as JSON.' );
		}
		return $json;
	}
}
