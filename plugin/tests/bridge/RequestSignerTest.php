<?php
/**
 * Tests of Request_Signer: the HMAC of the calls between WordPress and the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Request_Signer;
use HandoffChat\Tests\TestCase;

/** One canonical string, both ways: what WordPress signs, and what it accepts from the bridge. */
final class RequestSignerTest extends TestCase {

	private const NOW = 1700000000;

	/** The string to sign spelled out, with the SHA-256 of the empty body. */
	private const VECTOR = "GET\n/v1/flows\n1700000000\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	public function test_sign_matches_a_known_vector(): void {
		$headers = ( new Request_Signer( 'site_1234', 'secret' ) )->sign( 'GET', '/v1/flows', '', self::NOW );
		$this->assertSame(
			array(
				'X-Handoff-Site'      => 'site_1234',
				'X-Handoff-Timestamp' => '1700000000',
				'X-Handoff-Signature' => hash_hmac( 'sha256', self::VECTOR, 'secret' ),
			),
			$headers
		);
		// The method is upper-cased before signing.
		$this->assertSame( $headers, ( new Request_Signer( 'site_1234', 'secret' ) )->sign( 'get', '/v1/flows', '', self::NOW ) );
	}

	public function test_for_site_uses_the_settings(): void {
		$this->assertSame(
			( new Request_Signer( self::SITE_ID, self::SECRET ) )->sign( 'PUT', '/v1/flows/faq', '{}', self::NOW ),
			Request_Signer::for_site()->sign( 'PUT', '/v1/flows/faq', '{}', self::NOW )
		);
	}

	/**
	 * Verifies a call as the notify route does.
	 *
	 * @param array $headers The signature headers received.
	 * @param array $o       Overrides: method, paths, body, now.
	 * @return true|\WP_Error
	 */
	private static function verify( array $headers, array $o = array() ) {
		return ( new Request_Signer( 'site_1234', 'secret' ) )->verify(
			$o['method'] ?? 'POST',
			$o['paths'] ?? array( '/wp-json/handoff-chat/v1/notify' ),
			$o['body'] ?? '{"a":1}',
			$headers[ Request_Signer::SITE_HEADER ] ?? '',
			$headers[ Request_Signer::TIMESTAMP_HEADER ] ?? '',
			$headers[ Request_Signer::SIGNATURE_HEADER ] ?? '',
			$o['now'] ?? self::NOW
		);
	}

	/**
	 * The headers of a call signed by the bridge.
	 *
	 * @param array $o Overrides: site, secret, path, body, timestamp.
	 */
	private static function signed( array $o = array() ): array {
		return ( new Request_Signer( $o['site'] ?? 'site_1234', $o['secret'] ?? 'secret' ) )->sign(
			'POST',
			$o['path'] ?? '/wp-json/handoff-chat/v1/notify',
			$o['body'] ?? '{"a":1}',
			$o['timestamp'] ?? self::NOW
		);
	}

	public function test_what_it_signs_it_verifies(): void {
		$this->assertTrue( self::verify( self::signed() ) );
		// Upper-case hex is the same signature.
		$headers                                     = self::signed();
		$headers[ Request_Signer::SIGNATURE_HEADER ] = strtoupper( $headers[ Request_Signer::SIGNATURE_HEADER ] );
		$this->assertTrue( self::verify( $headers ) );
		// Any of the paths the call may have been signed for.
		$this->assertTrue( self::verify( self::signed( array( 'path' => '/blog/wp-json/handoff-chat/v1/notify' ) ), array( 'paths' => array( '/x', '/blog/wp-json/handoff-chat/v1/notify' ) ) ) );
		// Inside the window, either way.
		$this->assertTrue( self::verify( self::signed( array( 'timestamp' => self::NOW - 300 ) ) ) );
		$this->assertTrue( self::verify( self::signed( array( 'timestamp' => self::NOW + 300 ) ) ) );
	}

	/**
	 * Calls that must be refused.
	 *
	 * @return array<string, array{0: array, 1: array}> signed()'s options, verify()'s options.
	 */
	public static function bad_calls(): array {
		return array(
			'other secret'          => array( array( 'secret' => 'other' ), array() ),
			'other site'            => array( array( 'site' => 'site_9999' ), array() ),
			'other body'            => array( array(), array( 'body' => '{"a":2}' ) ),
			'other method'          => array( array(), array( 'method' => 'PUT' ) ),
			'other path'            => array( array( 'path' => '/v1/flows' ), array() ),
			'too old'               => array( array( 'timestamp' => self::NOW - 301 ), array() ),
			'too far in the future' => array( array( 'timestamp' => self::NOW + 301 ), array() ),
			'no path accepted'      => array( array(), array( 'paths' => array() ) ),
		);
	}

	/**
	 * Any other signature, site, body, method, path or time is refused.
	 *
	 * @dataProvider bad_calls
	 *
	 * @param array $sign  signed()'s options.
	 * @param array $check verify()'s options.
	 */
	public function test_anything_else_is_a_401( array $sign, array $check ): void {
		$result = self::verify( self::signed( $sign ), $check );
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertSame( 'handoff_chat_bad_signature', $result->get_error_code() );
		$this->assertSame( 401, $result->get_error_data()['status'] );
		$this->assertNotEmpty( $result->get_error_message() );
	}

	public function test_missing_or_malformed_headers_are_a_401(): void {
		$headers = self::signed();
		foreach ( array_keys( $headers ) as $name ) {
			$partial = $headers;
			unset( $partial[ $name ] );
			$this->assertInstanceOf( \WP_Error::class, self::verify( $partial ), $name );
		}
		foreach ( array( 'zz', str_repeat( 'g', 64 ), substr( $headers[ Request_Signer::SIGNATURE_HEADER ], 1 ) ) as $signature ) {
			$this->assertInstanceOf( \WP_Error::class, self::verify( array( Request_Signer::SIGNATURE_HEADER => $signature ) + $headers ), $signature );
		}
		foreach ( array( '1.7e9', '-1700000000', ' 1700000000', '17000000001234' ) as $timestamp ) {
			$this->assertInstanceOf( \WP_Error::class, self::verify( array( Request_Signer::TIMESTAMP_HEADER => $timestamp ) + $headers ), $timestamp );
		}
	}

	public function test_the_errors_say_what_to_check(): void {
		$this->assertStringContainsString( 'not signed for this site', self::verify( self::signed( array( 'site' => 'site_9999' ) ) )->get_error_message() );
		$this->assertStringContainsString( 'clocks', self::verify( self::signed( array( 'timestamp' => self::NOW - 301 ) ) )->get_error_message() );
		$this->assertStringContainsString( 'not valid', self::verify( self::signed( array( 'secret' => 'other' ) ) )->get_error_message() );
	}
}
