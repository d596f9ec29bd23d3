<?php
/**
 * Connection codes, as the bridge's operator CLI prints them.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

defined( 'ABSPATH' ) || exit;

/**
 * Reads `hc1_<base32 bridge URL>_<id>_<secret>_<check>` (mirror of
 * bridge-server/src/auth/connect-code.ts): Crockford base32 in lower case, read back
 * case-insensitively with o → 0 and i, l → 1; `check` catches a mistyped or truncated code
 * before anything is sent. The secret part never leaves this server: it derives the key
 * that signs the exchange and checks the bridge's answer.
 */
final class Connection_Code {

	private const PREFIX       = 'hc1_';
	private const ALPHABET     = '0123456789abcdefghjkmnpqrstvwxyz';
	private const SECRET_CHARS = 26;
	private const CHECK_CHARS  = 4;

	/**
	 * A parsed code.
	 *
	 * @param string $bridge_url Where the exchange is sent.
	 * @param string $id         Sent in clear: which code is exchanged.
	 * @param string $secret     Never sent.
	 */
	private function __construct(
		public readonly string $bridge_url,
		public readonly string $id,
		private readonly string $secret
	) {}

	/**
	 * The code as pasted (spaces, line breaks, upper case and look-alike letters allowed).
	 *
	 * @param string $pasted What the administrator pasted.
	 * @return self|null Null when it is not a well-formed code.
	 */
	public static function parse( string $pasted ): ?self {
		$text = strtolower( (string) preg_replace( '/\s+/', '', $pasted ) );
		if ( ! str_starts_with( $text, self::PREFIX ) ) {
			return null;
		}
		$rest  = strtr( substr( $text, strlen( self::PREFIX ) ), 'oil', '011' );
		$parts = explode( '_', $rest );
		if ( 4 !== count( $parts ) ) {
			return null;
		}
		list( $url, $id, $secret, $check ) = $parts;
		if ( 1 !== preg_match( '/^[0-9a-hjkmnp-tv-z]{10}$/D', $id )
			|| self::SECRET_CHARS !== strlen( $secret )
			|| ! hash_equals( self::checksum( self::PREFIX . $url . '_' . $id . '_' . $secret ), $check ) ) {
			return null;
		}
		$bridge_url = self::from_base32( $url );
		if ( null === $bridge_url || 1 !== preg_match( '#^https?://\S+$#D', $bridge_url ) ) {
			return null;
		}
		return new self( $bridge_url, $id, $secret );
	}

	/**
	 * The key both sides sign the exchange with: hex HMAC-SHA256 of the secret part.
	 *
	 * @return string 64 hex digits.
	 */
	public function key(): string {
		return hash_hmac( 'sha256', 'handoff-chat connect v1 ' . $this->id, $this->secret );
	}

	/**
	 * What the bridge signs its answers over (the exchange, and a secret rotation): the
	 * request's own signature, so an old answer cannot be replayed, and the exact body.
	 *
	 * @param string $key               Hex key (the code's, or the site secret).
	 * @param string $request_signature The signature WordPress sent.
	 * @param string $body              The raw answer.
	 * @return string Lower-case hex HMAC-SHA256.
	 */
	public static function response_signature( string $key, string $request_signature, string $body ): string {
		return hash_hmac( 'sha256', "RESPONSE\n" . strtolower( $request_signature ) . "\n" . hash( 'sha256', $body ), $key );
	}

	/**
	 * The first characters of the base32 SHA-256 of the code's body.
	 *
	 * @param string $body Everything before the check.
	 * @return string
	 */
	private static function checksum( string $body ): string {
		return substr( self::base32( hash( 'sha256', $body, true ) ), 0, self::CHECK_CHARS );
	}

	/**
	 * Bytes to Crockford base32 (lower case, no padding).
	 *
	 * @param string $bytes Raw bytes.
	 * @return string
	 */
	private static function base32( string $bytes ): string {
		$out   = '';
		$bits  = 0;
		$value = 0;
		foreach ( str_split( $bytes ) as $char ) {
			$value = ( ( $value << 8 ) | ord( $char ) ) & 0xffff;
			$bits += 8;
			while ( $bits >= 5 ) {
				$out  .= self::ALPHABET[ ( $value >> ( $bits - 5 ) ) & 31 ];
				$bits -= 5;
			}
		}
		if ( $bits > 0 ) {
			$out .= self::ALPHABET[ ( $value << ( 5 - $bits ) ) & 31 ];
		}
		return $out;
	}

	/**
	 * Crockford base32 (lower case) to bytes.
	 *
	 * @param string $text Base32 text.
	 * @return string|null Null on a character outside the alphabet.
	 */
	private static function from_base32( string $text ): ?string {
		$out   = '';
		$bits  = 0;
		$value = 0;
		foreach ( str_split( $text ) as $char ) {
			$v = strpos( self::ALPHABET, $char );
			if ( false === $v ) {
				return null;
			}
			$value = ( ( $value << 5 ) | $v ) & 0xffff;
			$bits += 5;
			if ( $bits >= 8 ) {
				$out  .= chr( ( $value >> ( $bits - 8 ) ) & 255 );
				$bits -= 8;
			}
		}
		return $out;
	}
}
