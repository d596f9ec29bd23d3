<?php
/**
 * Tests of the connection settings and their sanitize callbacks.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests;

use HandoffChat\Plugin;
use HandoffChat\Settings;

/**
 * The sanitize callbacks as options.php runs them: through update_option() once the
 * settings are registered (admin_init).
 */
final class SettingsTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		Plugin::instance()->settings_page->register_settings();
	}

	private static function error_codes( string $setting ): array {
		return array_column( get_settings_errors( $setting ), 'code' );
	}

	public function test_public_api_reads_the_options(): void {
		$this->assertSame( self::BRIDGE_URL, Settings::get_bridge_url() );
		$this->assertSame( self::SITE_ID, Settings::get_site_id() );
		$this->assertSame( self::SECRET, Settings::get_site_secret() );
		$this->assertTrue( Settings::is_configured() );

		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'https://chat.example.com/' );
		$this->assertSame( 'https://chat.example.com', Settings::get_bridge_url(), 'No trailing slash.' );

		self::set_option_raw( Settings::OPTION_SITE_ID, '' );
		$this->assertFalse( Settings::is_configured() );
	}

	/**
	 * A bad bridge URL is refused with a message, and the previous one kept.
	 *
	 * @dataProvider bad_urls
	 *
	 * @param string $bad The URL submitted.
	 */
	public function test_bad_bridge_urls_are_rejected_and_the_previous_value_kept( string $bad ): void {
		update_option( Settings::OPTION_BRIDGE_URL, $bad );
		$this->assertSame( self::BRIDGE_URL, get_option( Settings::OPTION_BRIDGE_URL ) );
		$this->assertSame( array( 'invalid_bridge_url' ), self::error_codes( Settings::OPTION_BRIDGE_URL ) );
	}

	public static function bad_urls(): array {
		return array(
			'no scheme'     => array( 'chat.example.com' ),
			'ftp'           => array( 'ftp://chat.example.com' ),
			'javascript'    => array( 'javascript:alert(1)' ),
			'no host'       => array( 'https://' ),
			'credentials'   => array( 'https://user:pass@chat.example.com' ),
			'query'         => array( 'https://chat.example.com/?x=1' ),
			'space in host' => array( 'https://chat example.com' ),
			'bad port'      => array( 'http://127.0.0.1:99999' ),
			'words'         => array( 'not a url' ),
		);
	}

	/**
	 * A good bridge URL is saved, without its trailing slash.
	 *
	 * @dataProvider good_urls
	 *
	 * @param string $good  The URL submitted.
	 * @param string $saved What is stored.
	 */
	public function test_good_bridge_urls_are_saved_without_trailing_slash( string $good, string $saved ): void {
		update_option( Settings::OPTION_BRIDGE_URL, $good );
		$this->assertSame( $saved, get_option( Settings::OPTION_BRIDGE_URL ) );
		$this->assertSame( array(), self::error_codes( Settings::OPTION_BRIDGE_URL ) );
	}

	public static function good_urls(): array {
		return array(
			'https'         => array( 'https://chat.example.com/', 'https://chat.example.com' ),
			'loopback demo' => array( 'http://127.0.0.1:8787', 'http://127.0.0.1:8787' ),
			'localhost'     => array( 'http://localhost:8787/', 'http://localhost:8787' ),
			'path prefix'   => array( 'https://example.com/bridge/', 'https://example.com/bridge' ),
			'trimmed'       => array( '  https://chat.example.com  ', 'https://chat.example.com' ),
		);
	}

	public function test_bad_site_ids_are_rejected_and_good_ones_saved(): void {
		foreach ( array( 'abc', 'has-dash', 'has space', str_repeat( 'a', 41 ), 'émoji' ) as $bad ) {
			$GLOBALS['wp_settings_errors'] = array();
			update_option( Settings::OPTION_SITE_ID, $bad );
			$this->assertSame( self::SITE_ID, get_option( Settings::OPTION_SITE_ID ), $bad );
			$this->assertSame( array( 'invalid_site_id' ), self::error_codes( Settings::OPTION_SITE_ID ), $bad );
		}

		$GLOBALS['wp_settings_errors'] = array();
		update_option( Settings::OPTION_SITE_ID, 'Site_2024' );
		$this->assertSame( 'Site_2024', get_option( Settings::OPTION_SITE_ID ) );
		$this->assertSame( array(), self::error_codes( Settings::OPTION_SITE_ID ) );
	}

	public function test_bad_secrets_are_rejected_and_the_previous_secret_kept(): void {
		foreach ( array( 'short1234', str_repeat( 'a', 31 ), str_repeat( 'a', 129 ), str_repeat( 'a', 31 ) . '-', str_repeat( 'é', 40 ) ) as $bad ) {
			$GLOBALS['wp_settings_errors'] = array();
			update_option( Settings::OPTION_SITE_SECRET, $bad );
			$this->assertSame( self::SECRET, get_option( Settings::OPTION_SITE_SECRET ) );
			$this->assertSame( array( 'invalid_site_secret' ), self::error_codes( Settings::OPTION_SITE_SECRET ) );
		}
	}

	public function test_an_empty_secret_field_keeps_the_saved_secret_silently(): void {
		update_option( Settings::OPTION_SITE_SECRET, '' );
		$this->assertSame( self::SECRET, get_option( Settings::OPTION_SITE_SECRET ) );
		$this->assertSame( array(), self::error_codes( Settings::OPTION_SITE_SECRET ) );
	}

	public function test_good_secrets_are_saved(): void {
		$new = str_repeat( 'Ab9', 20 );
		update_option( Settings::OPTION_SITE_SECRET, $new );
		$this->assertSame( $new, get_option( Settings::OPTION_SITE_SECRET ) );
	}

	public function test_a_field_not_submitted_keeps_its_value(): void {
		// options.php passes null for a field absent from the form (read-only because of a constant).
		update_option( Settings::OPTION_BRIDGE_URL, null );
		update_option( Settings::OPTION_SITE_ID, null );
		$this->assertSame( self::BRIDGE_URL, get_option( Settings::OPTION_BRIDGE_URL ) );
		$this->assertSame( self::SITE_ID, get_option( Settings::OPTION_SITE_ID ) );
	}

	public function test_an_error_is_reported_once_when_the_option_did_not_exist(): void {
		// update_option() on a missing option sanitizes twice (update, then add).
		delete_option( Settings::OPTION_SITE_ID );
		update_option( Settings::OPTION_SITE_ID, 'no!' );
		$this->assertSame( array( 'invalid_site_id' ), self::error_codes( Settings::OPTION_SITE_ID ) );
	}

	public function test_settings_are_not_exposed_in_the_rest_settings_endpoint(): void {
		$registered = get_registered_settings();
		foreach ( array_keys( Settings::CONSTANTS ) as $option ) {
			$this->assertArrayHasKey( $option, $registered );
			$this->assertFalse( $registered[ $option ]['show_in_rest'] );
		}
	}

	/**
	 * Constants cannot be undefined: this one runs in its own PHP process.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_wp_config_constants_override_the_options(): void {
		define( 'HANDOFF_CHAT_BRIDGE_URL', 'https://from-constant.example.com/' );
		define( 'HANDOFF_CHAT_SITE_SECRET', str_repeat( 'C', 40 ) );

		$this->assertSame( 'https://from-constant.example.com', Settings::get_bridge_url() );
		$this->assertSame( self::SITE_ID, Settings::get_site_id() );
		$this->assertSame( str_repeat( 'C', 40 ), Settings::get_site_secret() );
		$this->assertTrue( Settings::is_constant( Settings::OPTION_BRIDGE_URL ) );
		$this->assertFalse( Settings::is_constant( Settings::OPTION_SITE_ID ) );

		// The stored option is left alone whatever is submitted.
		update_option( Settings::OPTION_BRIDGE_URL, 'https://other.example.com' );
		$this->assertSame( self::BRIDGE_URL, get_option( Settings::OPTION_BRIDGE_URL ) );
	}
}
