<?php
/**
 * Tests of Bridge_Client: signed calls to the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/FakeBridge.php';

/** Bridge_Client::signed_request(): what goes on the wire, and how answers and failures come back. */
final class BridgeClientTest extends TestCase {

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		parent::tearDown();
	}

	/**
	 * The bridge's check (bridge-server/src/auth/signed-request.ts), written out again independently.
	 *
	 * @param string $method    The HTTP method.
	 * @param string $path      From the bridge's root, with its query.
	 * @param string $timestamp The timestamp header.
	 * @param string $body      The raw body.
	 * @param string $secret    The site secret.
	 */
	private static function expected_signature( string $method, string $path, string $timestamp, string $body, string $secret = self::SECRET ): string {
		return hash_hmac( 'sha256', $method . "\n" . $path . "\n" . $timestamp . "\n" . hash( 'sha256', $body ), $secret );
	}

	public function test_a_get_is_signed_over_method_path_timestamp_and_the_empty_body(): void {
		$this->bridge->on( 'GET', '/v1/flows?x=1', array( 200, array( 'flows' => array() ) ) );

		$before = time();
		$result = ( new Bridge_Client() )->signed_request( 'get', '/v1/flows?x=1' );
		$this->assertSame( array( 'flows' => array() ), $result );

		$this->assertCount( 1, $this->bridge->requests );
		$sent = $this->bridge->requests[0];
		$this->assertSame( self::BRIDGE_URL . '/v1/flows?x=1', $sent['url'] );
		$this->assertSame( 'GET', $sent['method'] );
		$this->assertSame( '', $sent['body'] );
		$this->assertLessThanOrEqual( 5, $sent['timeout'] );
		$this->assertSame( self::SITE_ID, $sent['headers']['X-Handoff-Site'] );
		$timestamp = $sent['headers']['X-Handoff-Timestamp'];
		$this->assertMatchesRegularExpression( '/^\d+$/', $timestamp );
		$this->assertGreaterThanOrEqual( $before, (int) $timestamp );
		$this->assertLessThanOrEqual( time(), (int) $timestamp );
		$this->assertSame( self::expected_signature( 'GET', '/v1/flows?x=1', $timestamp, '' ), $sent['headers']['X-Handoff-Signature'] );
		$this->assertArrayNotHasKey( 'Authorization', $sent['headers'] );
	}

	public function test_a_body_is_sent_as_json_and_its_exact_bytes_are_signed(): void {
		$this->bridge->on( 'PUT', '/v1/flows/faq', array( 201, array( 'flow' => array( 'id' => 'faq' ) ) ) );

		$result = ( new Bridge_Client() )->signed_request( 'PUT', '/v1/flows/faq', array( 'name' => 'Café / FAQ' ) );
		$this->assertSame( array( 'flow' => array( 'id' => 'faq' ) ), $result );

		$sent = $this->bridge->requests[0];
		$this->assertSame( '{"name":"Café / FAQ"}', $sent['body'] );
		$this->assertSame( 'application/json', $sent['headers']['Content-Type'] );
		$this->assertSame(
			self::expected_signature( 'PUT', '/v1/flows/faq', $sent['headers']['X-Handoff-Timestamp'], '{"name":"Café / FAQ"}' ),
			$sent['headers']['X-Handoff-Signature']
		);
		// Another secret gives another signature: the secret is what is proven.
		$this->assertNotSame(
			self::expected_signature( 'PUT', '/v1/flows/faq', $sent['headers']['X-Handoff-Timestamp'], '{"name":"Café / FAQ"}', 'OtherSecret0123456789abcdefghijklmnopqrs' ),
			$sent['headers']['X-Handoff-Signature']
		);
	}

	public function test_no_request_leaves_when_the_plugin_is_not_configured(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$result = ( new Bridge_Client() )->signed_request( 'GET', '/v1/flows' );
		$this->assertWPError( $result, 'handoff_chat_not_configured', 503 );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_an_unreachable_bridge_is_a_503(): void {
		$this->bridge->on( 'GET', '/v1/flows', new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' ) );
		$result = ( new Bridge_Client() )->signed_request( 'GET', '/v1/flows' );
		$this->assertWPError( $result, 'handoff_chat_bridge_unreachable', 503 );
		$this->assertStringContainsString( 'cURL error 7', $result->get_error_message() );
	}

	public function test_a_refused_signature_is_a_502_that_says_what_to_check(): void {
		$this->bridge->on(
			'GET',
			'/v1/flows',
			array(
				401,
				array(
					'error' => array(
						'code'    => 'unauthorized',
						'message' => 'Invalid signature.',
					),
				),
			)
		);
		$result = ( new Bridge_Client() )->signed_request( 'GET', '/v1/flows' );
		$this->assertWPError( $result, 'handoff_chat_bridge_error', 502 );
		$this->assertSame( 401, $result->get_error_data()['bridge_status'] );
		$this->assertStringContainsString( 'site secret', $result->get_error_message() );
	}

	public function test_other_errors_carry_the_bridge_status_and_message(): void {
		$this->bridge->on(
			'GET',
			'/v1/flows',
			array(
				500,
				array(
					'error' => array(
						'code'    => 'internal',
						'message' => '<b>Internal</b> error.',
					),
				),
			)
		);
		$result = ( new Bridge_Client() )->signed_request( 'GET', '/v1/flows' );
		$this->assertWPError( $result, 'handoff_chat_bridge_error', 502 );
		$this->assertSame( 500, $result->get_error_data()['bridge_status'] );
		$this->assertSame( 'The bridge answered with an error (HTTP 500): Internal error.', $result->get_error_message() );

		$result = ( new Bridge_Client() )->signed_request( 'GET', '/v1/flows/gone' );
		$this->assertSame( 404, $result->get_error_data()['bridge_status'] );
	}

	public function test_unreadable_answers_are_a_502_and_204_is_empty(): void {
		$this->bridge->on( 'GET', '/v1/flows', array( 200, '<html>proxy page</html>' ) );
		$this->bridge->on( 'DELETE', '/v1/flows/faq', array( 204, '' ) );
		$client = new Bridge_Client();
		$this->assertWPError( $client->signed_request( 'GET', '/v1/flows' ), 'handoff_chat_bridge_bad_response', 502 );
		$this->assertSame( array(), $client->signed_request( 'DELETE', '/v1/flows/faq' ) );
	}

	public function test_paths_must_start_from_the_bridge_root(): void {
		$this->expectException( \InvalidArgumentException::class );
		( new Bridge_Client() )->signed_request( 'GET', 'v1/flows' );
	}

	private function assertWPError( $value, string $code, int $status ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
		$this->assertSame( $code, $value->get_error_code() );
		$this->assertSame( $status, $value->get_error_data()['status'] ?? null );
		$this->assertNotEmpty( $value->get_error_message() );
	}
}
