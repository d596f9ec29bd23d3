<?php
/**
 * Tests of the connection checks (Settings, Site Health, WP-CLI).
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Health;

use HandoffChat\Bridge\Request_Signer;
use HandoffChat\Health\Check_Store;
use HandoffChat\Health\Connection_Checks;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';
require_once __DIR__ . '/PusherServer.php';

/**
 * The connection checks, each passing and failing with its cause: the bridge answers through
 * Fake_Bridge, the WebSocket check opens real sockets on loopback (a closed port, a fake
 * Pusher server in a child process), the notify round trip goes through the real notify route.
 */
final class ConnectionChecksTest extends TestCase {

	private const KEY = 'handoff-chat-key';

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	/**
	 * The site's address for this test; null: WordPress's own.
	 *
	 * @var string|null
	 */
	private ?string $home = null;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		add_filter( 'home_url', array( $this, 'home' ) );
		Check_Store::delete_all();
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		remove_filter( 'home_url', array( $this, 'home' ) );
		Check_Store::delete_all();
		parent::tearDown();
	}

	/**
	 * Filter home_url: the site's address as the test sets it.
	 *
	 * @param string $url WordPress's.
	 */
	public function home( string $url ): string {
		return $this->home ?? $url;
	}

	private function checks(): Connection_Checks {
		return new Connection_Checks();
	}

	private function realtime( int $port, string $host = '127.0.0.1', bool $tls = false ): void {
		$this->bridge->site_config( self::SITE_ID, $port, $host, $tls, self::KEY );
	}

	public function test_config_passes_with_the_settings_and_fails_when_missing(): void {
		$this->assertSame( 'good', $this->checks()->config()['status'] );
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$result = $this->checks()->config();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'Handoff Chat is not connected to a bridge', $result['label'] );
		// The network checks do not run: they say why.
		$this->assertSame( 'recommended', $this->checks()->check( 'websocket' )['status'] );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_config_fails_on_mixed_content_for_an_https_site(): void {
		$this->home = 'https://shop.example.com';
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'http://chat.example.com' );
		$result = $this->checks()->config();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'mixed content', $result['label'] );
		$this->assertStringContainsString( 'http://chat.example.com', $result['cause'] );
	}

	public function test_config_fails_on_a_loopback_bridge_seen_from_a_public_site(): void {
		$this->home = 'https://shop.example.com';
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'https://127.0.0.1:8787' );
		$result = $this->checks()->config();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( '127.0.0.1 is the server\'s own loopback address', $result['cause'] );
		// A development site on loopback may use a loopback bridge.
		$this->home = 'http://127.0.0.1:8888';
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'http://127.0.0.1:8787' );
		$this->assertSame( 'good', $this->checks()->config()['status'] );
	}

	public function test_websocket_passes_with_a_real_pusher_handshake(): void {
		$server = new Pusher_Server( self::KEY );
		try {
			$this->realtime( $server->port );
			$result = $this->checks()->websocket();
		} finally {
			$server->stop();
		}
		$this->assertSame( 'good', $result['status'], $result['cause'] );
		$this->assertStringContainsString( 'ws://127.0.0.1:' . $server->port, $result['cause'] );
	}

	public function test_websocket_port_closed_fails_with_the_cause(): void {
		$port = Pusher_Server::closed_port();
		$this->realtime( $port );
		$result = $this->checks()->websocket();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'Visitors\' realtime connection (WebSocket) fails', $result['label'] );
		$this->assertStringContainsString( 'WebSocket port closed: nothing accepts connections at ws://127.0.0.1:' . $port, $result['cause'] );
		$this->assertStringContainsString( 'Connection refused', $result['cause'] );
		$this->assertStringContainsString( 'REALTIME_PUBLIC_PORT', $result['action'] );
	}

	public function test_websocket_fails_on_a_wrong_app_key(): void {
		$server = new Pusher_Server( 'another-key' );
		try {
			$this->realtime( $server->port );
			$result = $this->checks()->websocket();
		} finally {
			$server->stop();
		}
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'refused the app key "' . self::KEY . '"', $result['cause'] );
	}

	public function test_websocket_fails_on_a_web_server_that_is_not_a_websocket_server(): void {
		$server = new Pusher_Server( self::KEY, 'http' );
		try {
			$this->realtime( $server->port );
			$result = $this->checks()->websocket();
		} finally {
			$server->stop();
		}
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'not as a WebSocket server (HTTP/1.1 404 Not Found)', $result['cause'] );
	}

	public function test_websocket_fails_on_a_private_address_for_a_public_site(): void {
		$this->home = 'https://shop.example.com';
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'https://chat.example.com' );
		$this->bridge = new Fake_Bridge( 'https://chat.example.com' );
		$this->realtime( 6001, '192.168.1.20', true );
		$result = $this->checks()->websocket();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( '192.168.1.20 is a private-network address', $result['cause'] );
	}

	public function test_websocket_fails_on_mixed_content_for_an_https_site(): void {
		$this->home = 'https://shop.example.com';
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, 'https://chat.example.com' );
		$this->bridge = new Fake_Bridge( 'https://chat.example.com' );
		$this->realtime( 6001, 'chat.example.com', false );
		$result = $this->checks()->websocket();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringStartsWith( 'Mixed content: the bridge names its WebSocket server (chat.example.com) without TLS', $result['cause'] );
		$this->assertStringContainsString( 'REALTIME_PUBLIC_TLS=true', $result['action'] );
	}

	/**
	 * The bridge's side of the round trip: it calls the notify route, signed, with the token.
	 *
	 * @param bool $deliver Whether the call reaches WordPress.
	 */
	private function bridge_pings( bool $deliver = true ): void {
		$this->bridge->on(
			'POST',
			'/v1/sites/self/check-notify',
			function ( array $request ) use ( $deliver ) {
				$token = json_decode( $request['body'], true )['token'];
				$this->assertTrue( Request_Signer::for_site()->verify( 'POST', array( '/v1/sites/self/check-notify' ), $request['body'], $request['headers'][ Request_Signer::SITE_HEADER ], $request['headers'][ Request_Signer::TIMESTAMP_HEADER ], $request['headers'][ Request_Signer::SIGNATURE_HEADER ] ) );
				$status = 200;
				if ( $deliver ) {
					$body      = (string) wp_json_encode(
						array(
							'type'  => 'ping',
							'token' => $token,
						)
					);
					$path      = '/?rest_route=/handoff-chat/v1/notify';
					$timestamp = (string) time();
					$ping      = new \WP_REST_Request( 'POST', '/handoff-chat/v1/notify' );
					$ping->set_body( $body );
					$ping->set_header( 'Content-Type', 'application/json' );
					$ping->set_header( 'X-Handoff-Site', self::SITE_ID );
					$ping->set_header( 'X-Handoff-Timestamp', $timestamp );
					$ping->set_header( 'X-Handoff-Signature', hash_hmac( 'sha256', "POST\n" . $path . "\n" . $timestamp . "\n" . hash( 'sha256', $body ), self::SECRET ) );
					$_SERVER['REQUEST_URI'] = $path;
					$status                 = rest_do_request( $ping )->get_status();
				}
				return array(
					200,
					array(
						'delivered'     => 200 === $status,
						'url'           => 'http://127.0.0.1:8889/?rest_route=/handoff-chat/v1/notify',
						'status'        => $status,
						'failure'       => null,
						'error'         => null,
						'bridgeVersion' => '1.2.3',
					),
				);
			}
		);
	}

	public function test_notify_passes_when_the_ping_comes_back_through_the_notify_route(): void {
		$this->bridge_pings();
		$result = $this->checks()->notify();
		$this->assertSame( 'good', $result['status'], $result['cause'] );
		$this->assertStringContainsString( 'http://127.0.0.1:8889/?rest_route=/handoff-chat/v1/notify', $result['cause'] );
		$this->assertSame( '1.2.3', Check_Store::bridge_version() );
	}

	public function test_notify_fails_when_the_acknowledgement_came_from_elsewhere(): void {
		$this->bridge_pings( false );
		$result = $this->checks()->notify();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'this site did not receive it', $result['cause'] );
	}

	/**
	 * The bridge's failures and the cause each one must show.
	 *
	 * @return array<string, array{0: array, 1: string}>
	 */
	public function bridge_failures(): array {
		return array(
			'no URL'             => array(
				array(
					'url'     => null,
					'status'  => null,
					'failure' => 'no_url',
					'error'   => 'The site has no URL on the bridge.',
				),
				'The bridge does not know this site\'s URL',
			),
			'unreachable'        => array(
				array(
					'url'     => 'http://127.0.0.1:8889/?rest_route=/handoff-chat/v1/notify',
					'status'  => null,
					'failure' => 'unreachable',
					'error'   => 'fetch failed: ECONNREFUSED',
				),
				'The bridge could not connect to http://127.0.0.1:8889/?rest_route=/handoff-chat/v1/notify (fetch failed: ECONNREFUSED).',
			),
			'signature refused'  => array(
				array(
					'url'     => 'https://shop.example.com/?rest_route=/handoff-chat/v1/notify',
					'status'  => 401,
					'failure' => 'signature_refused',
					'error'   => 'WordPress answered 401',
				),
				'WordPress refused the bridge\'s signature at https://shop.example.com/?rest_route=/handoff-chat/v1/notify (HTTP 401).',
			),
			'another site there' => array(
				array(
					'url'     => 'https://old.example.com/?rest_route=/handoff-chat/v1/notify',
					'status'  => 200,
					'failure' => 'not_acknowledged',
					'error'   => 'WordPress answered 200',
				),
				'answered HTTP 200 without Handoff Chat\'s reply',
			),
		);
	}

	/**
	 * A failed notify round trip shows the bridge's cause.
	 *
	 * @dataProvider bridge_failures
	 *
	 * @param array  $answer The bridge's answer.
	 * @param string $cause  The cause shown.
	 */
	public function test_notify_fails_with_the_bridges_cause( array $answer, string $cause ): void {
		$this->bridge->on(
			'POST',
			'/v1/sites/self/check-notify',
			array(
				200,
				$answer + array(
					'delivered'     => false,
					'bridgeVersion' => '1.2.3',
				),
			)
		);
		$result = $this->checks()->notify();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( $cause, $result['cause'] );
		$this->assertNotSame( '', $result['action'] );
	}

	public function test_notify_says_when_the_bridge_is_too_old_or_refuses_the_signature(): void {
		$old = $this->checks()->notify();
		$this->assertSame( 'recommended', $old['status'] );
		$this->assertStringContainsString( 'older than the check', $old['cause'] );

		$this->bridge->on( 'POST', '/v1/sites/self/check-notify', array( 401, array( 'error' => array( 'message' => 'Invalid signature.' ) ) ) );
		$refused = $this->checks()->notify();
		$this->assertSame( 'critical', $refused['status'] );
		$this->assertStringContainsString( 'The bridge refused WordPress\'s signature', $refused['cause'] );
	}

	public function test_the_bridge_check_names_the_failing_step(): void {
		$this->bridge->on( 'GET', '/healthz', new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' ) );
		$result = $this->checks()->check( 'bridge', $this->create_user( 'administrator' ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'Bridge reachable: failed (cURL error 7: Failed to connect)', $result['cause'] );
	}

	public function test_without_a_logged_in_user_the_bridge_check_signs_for_a_site_manager(): void {
		$admin = $this->create_user( 'administrator' );
		$this->bridge
			->on( 'GET', '/healthz', array( 200, array( 'ok' => true ) ) )
			->on( 'GET', '/v1/sites/' . self::SITE_ID . '/config', array( 200, array() ) )
			->on( 'GET', '/v1/inbox?limit=1', array( 200, array() ) );
		wp_set_current_user( 0 );
		$this->assertSame( 'good', $this->checks()->check( 'bridge' )['status'] );
		$token = substr( end( $this->bridge->requests )['headers']['Authorization'], 7 );
		$sub   = (int) self::decode_jwt( $token )['payload']['sub'];
		$this->assertGreaterThan( 0, $sub );
		$this->assertTrue( user_can( $sub, 'manage_options' ) );
		$this->assertLessThanOrEqual( $admin->ID, $sub );
	}

	public function test_run_is_the_one_entry_point_of_every_server_check(): void {
		$this->bridge
			->on( 'GET', '/healthz', array( 200, array( 'ok' => true ) ) )
			->on( 'GET', '/v1/inbox?limit=1', array( 200, array() ) );
		$this->realtime( Pusher_Server::closed_port() );
		$this->bridge_pings();
		$results = $this->checks()->run( $this->create_user( 'administrator' ) );
		$this->assertSame( array( 'config', 'bridge', 'websocket', 'notify' ), array_column( $results, 'test' ) );
		$this->assertSame( array( 'good', 'good', 'critical', 'good' ), array_column( $results, 'status' ) );
	}
}
