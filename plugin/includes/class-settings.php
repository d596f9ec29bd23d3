<?php
/**
 * The connection to the bridge: bridge URL, site id and site secret.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

defined( 'ABSPATH' ) || exit;

/**
 * Stored as options, each overridable by a wp-config.php constant (for hosts that keep
 * secrets out of the database). Static, because the widget's render.php and every class
 * read the same three values.
 */
final class Settings {

	public const OPTION_BRIDGE_URL  = 'handoff_chat_bridge_url';
	public const OPTION_SITE_ID     = 'handoff_chat_site_id';
	public const OPTION_SITE_SECRET = 'handoff_chat_site_secret';

	/** Option name → the wp-config.php constant that overrides it. */
	public const CONSTANTS = array(
		self::OPTION_BRIDGE_URL  => 'HANDOFF_CHAT_BRIDGE_URL',
		self::OPTION_SITE_ID     => 'HANDOFF_CHAT_SITE_ID',
		self::OPTION_SITE_SECRET => 'HANDOFF_CHAT_SITE_SECRET',
	);

	/** Same rules as the bridge's site ids and secrets (operator CLI `sites:create`). */
	public const SITE_ID_PATTERN = '/^[A-Za-z0-9_]{4,40}$/';
	public const SECRET_PATTERN  = '/^[A-Za-z0-9]{32,128}$/';

	/** Bridge base URL, without trailing slash; '' when not set. */
	public static function get_bridge_url(): string {
		return untrailingslashit( self::get( self::OPTION_BRIDGE_URL ) );
	}

	/** The site's id on the bridge; '' when not set. */
	public static function get_site_id(): string {
		return self::get( self::OPTION_SITE_ID );
	}

	/** The secret shared with the bridge; '' when not set. */
	public static function get_site_secret(): string {
		return self::get( self::OPTION_SITE_SECRET );
	}

	/** True when all three values are present and valid: only then can tokens be minted. */
	public static function is_configured(): bool {
		return self::is_valid_bridge_url( self::get_bridge_url() )
			&& 1 === preg_match( self::SITE_ID_PATTERN, self::get_site_id() )
			&& 1 === preg_match( self::SECRET_PATTERN, self::get_site_secret() );
	}

	/**
	 * Whether wp-config.php sets this option's value (the form then shows it read-only).
	 *
	 * @param string $option Option name (one of the OPTION_* constants).
	 */
	public static function is_constant( string $option ): bool {
		return isset( self::CONSTANTS[ $option ] ) && defined( self::CONSTANTS[ $option ] );
	}

	/**
	 * An option's value, from its wp-config.php constant when there is one, trimmed.
	 *
	 * @param string $option Option name.
	 */
	private static function get( string $option ): string {
		if ( self::is_constant( $option ) ) {
			return trim( (string) constant( self::CONSTANTS[ $option ] ) );
		}
		$value = get_option( $option, '' );
		return is_string( $value ) ? trim( $value ) : '';
	}

	/**
	 * Creates the options on activation. An option that already exists is updated, not
	 * added, which runs its sanitize callback once instead of twice.
	 */
	public static function add_options(): void {
		foreach ( array_keys( self::CONSTANTS ) as $option ) {
			add_option( $option, '', '', true );
		}
	}

	/** Deletes the options (uninstall). */
	public static function delete_options(): void {
		foreach ( array_keys( self::CONSTANTS ) as $option ) {
			delete_option( $option );
		}
	}

	/**
	 * An absolute http(s) URL with a host and nothing WordPress would have to strip.
	 * Unlike wp_http_validate_url(), loopback and private addresses are accepted: the
	 * bridge often runs next to WordPress (127.0.0.1 in the demo).
	 *
	 * @param string $url The URL to check.
	 */
	public static function is_valid_bridge_url( string $url ): bool {
		if ( '' === $url || ! preg_match( '#^https?://#i', $url ) ) {
			return false;
		}
		if ( esc_url_raw( $url, array( 'http', 'https' ) ) !== $url ) {
			return false;
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) ) {
			return false;
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return false;
		}
		if ( isset( $parts['port'] ) && ( $parts['port'] < 1 || $parts['port'] > 65535 ) ) {
			return false;
		}
		$host = trim( $parts['host'], '[]' );
		return false !== filter_var( $host, FILTER_VALIDATE_IP )
			|| false !== filter_var( $host, FILTER_VALIDATE_DOMAIN, FILTER_FLAG_HOSTNAME );
	}

	/*
	 * Sanitize callbacks of register_setting(). On bad input they report why and return
	 * the stored value, so a typo never erases a working configuration. `null` means the
	 * field was not submitted (read-only because of a constant): keep what is stored.
	 */

	/**
	 * Sanitize callback of the bridge URL.
	 *
	 * @param mixed $value Submitted value; null when the field was not submitted.
	 */
	public static function sanitize_bridge_url( $value ): string {
		$previous = self::stored( self::OPTION_BRIDGE_URL );
		if ( null === $value || self::is_constant( self::OPTION_BRIDGE_URL ) ) {
			return $previous;
		}
		$value = untrailingslashit( trim( (string) $value ) );
		if ( '' === $value || self::is_valid_bridge_url( $value ) ) {
			return $value;
		}
		self::error(
			self::OPTION_BRIDGE_URL,
			'invalid_bridge_url',
			__( 'The bridge URL must be a full http:// or https:// address, such as https://chat.example.com. The previous value was kept.', 'handoff-chat' )
		);
		return $previous;
	}

	/**
	 * Sanitize callback of the site id.
	 *
	 * @param mixed $value Submitted value; null when the field was not submitted.
	 */
	public static function sanitize_site_id( $value ): string {
		$previous = self::stored( self::OPTION_SITE_ID );
		if ( null === $value || self::is_constant( self::OPTION_SITE_ID ) ) {
			return $previous;
		}
		$value = trim( (string) $value );
		if ( '' === $value || preg_match( self::SITE_ID_PATTERN, $value ) ) {
			return $value;
		}
		self::error(
			self::OPTION_SITE_ID,
			'invalid_site_id',
			__( 'The site id must be 4 to 40 letters, digits or underscores, as printed by the bridge. The previous value was kept.', 'handoff-chat' )
		);
		return $previous;
	}

	/**
	 * Sanitize callback of the site secret. An empty field keeps the stored secret: the
	 * form never shows it, so empty means "unchanged".
	 *
	 * @param mixed $value Submitted value; null when the field was not submitted.
	 */
	public static function sanitize_site_secret( $value ): string {
		$previous = self::stored( self::OPTION_SITE_SECRET );
		if ( null === $value || self::is_constant( self::OPTION_SITE_SECRET ) ) {
			return $previous;
		}
		$value = trim( (string) $value );
		if ( '' === $value ) {
			return $previous;
		}
		if ( preg_match( self::SECRET_PATTERN, $value ) ) {
			return $value;
		}
		self::error(
			self::OPTION_SITE_SECRET,
			'invalid_site_secret',
			__( 'The site secret must be 32 to 128 letters and digits, as printed by the bridge. The previous secret was kept.', 'handoff-chat' )
		);
		return $previous;
	}

	/**
	 * The value in the database, ignoring constants.
	 *
	 * @param string $option Option name.
	 */
	private static function stored( string $option ): string {
		$value = get_option( $option, '' );
		return is_string( $value ) ? $value : '';
	}

	/**
	 * Reports a rejected value on the settings screen, once.
	 *
	 * @param string $setting Option name.
	 * @param string $code    Error code.
	 * @param string $message Translated message.
	 */
	private static function error( string $setting, string $code, string $message ): void {
		// Outside the settings screen (WP-CLI, tests without admin code) there is no one to tell.
		if ( ! function_exists( 'add_settings_error' ) ) {
			return;
		}
		// update_option() on a missing option sanitizes twice; report once.
		foreach ( get_settings_errors( $setting ) as $existing ) {
			if ( $existing['code'] === $code ) {
				return;
			}
		}
		add_settings_error( $setting, $code, $message, 'error' );
	}
}
