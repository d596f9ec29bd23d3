<?php
/**
 * Whether visitors on the internet can reach a host name or address.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Classifies a host without resolving it (cheap, and what matters is what visitors are
 * given): this computer only, a private network, or public. The browser check
 * (admin/src/connection-check/checks.ts, hostReach()) applies the same rules.
 */
final class Address {

	public const LOOPBACK = 'loopback';
	public const PRIVATE  = 'private';
	public const PUBLIC   = 'public';

	/**
	 * Where a host can be reached from.
	 *
	 * @param string $host A host name or an IP address (IPv6 with or without brackets).
	 * @return string One of LOOPBACK, PRIVATE, PUBLIC.
	 */
	public static function reach( string $host ): string {
		$host = strtolower( trim( $host, "[] \t\n\r\0\x0B." ) );
		if ( '' === $host || 'localhost' === $host || str_ends_with( $host, '.localhost' ) ) {
			return self::LOOPBACK;
		}
		if ( false !== filter_var( $host, FILTER_VALIDATE_IP ) ) {
			if ( '::1' === $host || str_starts_with( $host, '127.' ) || '0.0.0.0' === $host || '::' === $host ) {
				return self::LOOPBACK;
			}
			if ( false === filter_var( $host, FILTER_VALIDATE_IP, FILTER_FLAG_NO_PRIV_RANGE | FILTER_FLAG_NO_RES_RANGE ) ) {
				return self::PRIVATE;
			}
			// 100.64.0.0/10 (carrier-grade NAT) is not in PHP's private ranges.
			if ( preg_match( '/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./', $host ) ) {
				return self::PRIVATE;
			}
			return self::PUBLIC;
		}
		// A single label ("bridge") or a local-only suffix resolves on the local network at best.
		if ( ! str_contains( $host, '.' ) || preg_match( '/\.(local|lan|internal|intranet|home\.arpa|test|invalid)$/', $host ) ) {
			return self::PRIVATE;
		}
		return self::PUBLIC;
	}

	/**
	 * Whether the site's own address is public: only then is a loopback or private bridge a
	 * mistake (a development site on 127.0.0.1 talks to a bridge on 127.0.0.1 on purpose).
	 *
	 * @return bool
	 */
	public static function site_is_public(): bool {
		return self::PUBLIC === self::reach( (string) wp_parse_url( home_url(), PHP_URL_HOST ) );
	}

	/**
	 * Whether the site's pages are served over HTTPS (then the bridge must be too).
	 *
	 * @return bool
	 */
	public static function site_is_https(): bool {
		return 'https' === wp_parse_url( home_url(), PHP_URL_SCHEME );
	}
}
