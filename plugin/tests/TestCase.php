<?php
/**
 * Base of the plugin's tests: a real WordPress, cleaned after each test.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Plugin;
use HandoffChat\Settings;

/**
 * Users created through create_user() are deleted and the plugin's options restored after
 * each test, so the suite can run any number of times on the same site.
 */
abstract class TestCase extends \PHPUnit\Framework\TestCase {

	protected const BRIDGE_URL = 'http://127.0.0.1:9';
	protected const SITE_ID    = 'phpunit_site';
	protected const SECRET     = 'TestSecret0123456789abcdefghijklmnopqrstuv';

	private const OPTIONS = array(
		Settings::OPTION_BRIDGE_URL,
		Settings::OPTION_SITE_ID,
		Settings::OPTION_SITE_SECRET,
		'handoff_chat_caps_version',
	);

	/**
	 * Users created by the test, deleted after it.
	 *
	 * @var int[]
	 */
	private array $user_ids = array();

	/**
	 * Options as they were before the test, put back after it.
	 *
	 * @var array<string, mixed>
	 */
	private array $saved_options = array();

	protected function setUp(): void {
		parent::setUp();
		foreach ( self::OPTIONS as $option ) {
			$this->saved_options[ $option ] = get_option( $option );
		}
		$this->configure();
		wp_set_current_user( 0 );
		$GLOBALS['wp_settings_errors'] = array();
		// Advisor syncs queued by an earlier test (its users' roles) are not this test's.
		Plugin::instance()->advisor_sync->discard_pending();
	}

	protected function tearDown(): void {
		wp_set_current_user( 0 );
		foreach ( $this->user_ids as $user_id ) {
			// On a network wp_delete_user() only takes the user off the current site.
			is_multisite() ? wpmu_delete_user( $user_id ) : wp_delete_user( $user_id );
		}
		$this->user_ids = array();
		// Nothing is sent to the bridge at the end of the run for users that no longer exist.
		Plugin::instance()->advisor_sync->discard_pending();
		foreach ( $this->saved_options as $option => $value ) {
			false === $value ? delete_option( $option ) : self::set_option_raw( $option, $value );
		}
		$GLOBALS['wp_settings_errors'] = array();
		parent::tearDown();
	}

	/**
	 * Known, valid settings.
	 *
	 * @param string $secret The site secret to store.
	 */
	protected function configure( string $secret = self::SECRET ): void {
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, self::BRIDGE_URL );
		self::set_option_raw( Settings::OPTION_SITE_ID, self::SITE_ID );
		self::set_option_raw( Settings::OPTION_SITE_SECRET, $secret );
	}

	/**
	 * An option stored without its sanitize callback, which refuses some values on purpose
	 * (an empty secret).
	 *
	 * @param string $option Option name.
	 * @param mixed  $value  Its value.
	 */
	protected static function set_option_raw( string $option, $value ): void {
		global $wp_filter;
		$hook    = 'sanitize_option_' . $option;
		$filters = $wp_filter[ $hook ] ?? null;
		unset( $wp_filter[ $hook ] );
		update_option( $option, $value );
		if ( null !== $filters ) {
			$wp_filter[ $hook ] = $filters;
		}
	}

	protected function create_user( string $role, array $fields = array() ): \WP_User {
		$login   = 'hc_' . strtolower( wp_generate_password( 10, false ) );
		$user_id = wp_insert_user(
			$fields + array(
				'user_login' => $login,
				'user_pass'  => wp_generate_password( 20 ),
				'user_email' => $login . '@example.com',
				'role'       => $role,
			)
		);
		$this->assertIsInt( $user_id, is_wp_error( $user_id ) ? $user_id->get_error_message() : '' );
		$this->user_ids[] = $user_id;
		return new \WP_User( $user_id );
	}

	/**
	 * Splits a JWT without trusting it.
	 *
	 * @param string $token The JWT.
	 * @return array{header: array, payload: array, signing_input: string, signature: string, parts: string[]}
	 */
	protected static function decode_jwt( string $token ): array {
		$parts = explode( '.', $token );
		self::assertCount( 3, $parts, 'A JWT has three dot-separated parts.' );
		$decode = static function ( string $part ): string {
			$b64 = strtr( $part, '-_', '+/' );
			return (string) base64_decode( str_pad( $b64, strlen( $b64 ) + ( 4 - strlen( $b64 ) % 4 ) % 4, '=' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- reads a JWT's parts.
		};
		return array(
			'header'        => json_decode( $decode( $parts[0] ), true ),
			'payload'       => json_decode( $decode( $parts[1] ), true ),
			'signing_input' => $parts[0] . '.' . $parts[1],
			'signature'     => $decode( $parts[2] ),
			'parts'         => $parts,
		);
	}

	/**
	 * HS256 check as the bridge does it (constant-time comparison).
	 *
	 * @param string $token  The JWT.
	 * @param string $secret The HMAC key.
	 */
	protected static function jwt_signature_valid( string $token, string $secret ): bool {
		$jwt = self::decode_jwt( $token );
		return hash_equals( hash_hmac( 'sha256', $jwt['signing_input'], $secret, true ), $jwt['signature'] );
	}
}
