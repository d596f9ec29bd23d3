<?php
/**
 * Tests of the Site Health tests and info.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Health;

use HandoffChat\Health\Check_Store;
use HandoffChat\Notifications\Mail_Failures;
use HandoffChat\Plugin;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';
require_once __DIR__ . '/PusherServer.php';

/**
 * Tools → Site Health: the tests WordPress lists, what its REST calls answer (for whom), the
 * browser check's record and the "Handoff Chat" info section.
 */
final class SiteHealthTest extends TestCase {

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		Check_Store::delete_all();
		Mail_Failures::delete_all();
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		Check_Store::delete_all();
		Mail_Failures::delete_all();
		parent::tearDown();
	}

	private function realtime( int $port ): void {
		$this->bridge->site_config( self::SITE_ID, $port );
	}

	public function test_the_tests_are_listed_direct_and_async_with_their_rest_routes(): void {
		$tests = apply_filters( 'site_status_tests', array() );
		$this->assertArrayHasKey( 'handoff_chat_config', $tests['direct'] );
		$this->assertArrayHasKey( 'handoff_chat_browser', $tests['direct'] );
		foreach ( array( 'bridge', 'websocket', 'notify' ) as $test ) {
			$async = $tests['async'][ 'handoff_chat_' . $test ];
			$this->assertTrue( $async['has_rest'] );
			$this->assertSame( rest_url( 'handoff-chat/v1/site-health/' . $test ), $async['test'] );
			$this->assertIsCallable( $async['async_direct_test'] );
		}

		$config = call_user_func( $tests['direct']['handoff_chat_config']['test'] );
		$this->assertSame( 'good', $config['status'] );
		$this->assertSame( 'handoff_chat_config', $config['test'] );
		$this->assertSame( 'Handoff Chat', $config['badge']['label'] );
		$this->assertStringContainsString( 'page=handoff-chat-settings', $config['actions'] );
	}

	public function test_site_health_rest_reports_a_closed_websocket_port_to_administrators_only(): void {
		$port = Pusher_Server::closed_port();
		$this->realtime( $port );

		wp_set_current_user( $this->create_user( 'editor' )->ID );
		$this->assertSame( 403, rest_do_request( new \WP_REST_Request( 'GET', '/handoff-chat/v1/site-health/websocket' ) )->get_status() );

		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$response = rest_do_request( new \WP_REST_Request( 'GET', '/handoff-chat/v1/site-health/websocket' ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'critical', $data['status'] );
		$this->assertSame( 'handoff_chat_websocket', $data['test'] );
		$this->assertSame( 'red', $data['badge']['color'] );
		$this->assertStringContainsString( 'WebSocket port closed: nothing accepts connections at ws://127.0.0.1:' . $port, $data['description'] );

		// The same check, unformatted, for Settings' check button.
		$raw = rest_do_request( new \WP_REST_Request( 'GET', '/handoff-chat/v1/connection-checks/websocket' ) )->get_data();
		$this->assertSame( array( 'test', 'status', 'label', 'cause', 'action' ), array_keys( $raw ) );
		$this->assertSame( 404, rest_do_request( new \WP_REST_Request( 'GET', '/handoff-chat/v1/connection-checks/other' ) )->get_status() );
	}

	public function test_site_health_rest_passes_with_a_real_websocket_server(): void {
		$server = new Pusher_Server( 'handoff-chat-key' );
		try {
			$this->realtime( $server->port );
			wp_set_current_user( $this->create_user( 'administrator' )->ID );
			$data = rest_do_request( new \WP_REST_Request( 'GET', '/handoff-chat/v1/site-health/websocket' ) )->get_data();
		} finally {
			$server->stop();
		}
		$this->assertSame( 'good', $data['status'] );
		$this->assertSame( 'blue', $data['badge']['color'] );
	}

	public function test_the_browser_check_is_kept_for_site_health(): void {
		$tests   = apply_filters( 'site_status_tests', array() );
		$browser = $tests['direct']['handoff_chat_browser']['test'];
		$this->assertSame( 'recommended', call_user_func( $browser )['status'] );

		$request = new \WP_REST_Request( 'POST', '/handoff-chat/v1/connection-checks/browser' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body(
			(string) wp_json_encode(
				array(
					'realtime' => 'ws://127.0.0.1:1',
					'results'  => array(
						array(
							'id'     => 'http',
							'ok'     => true,
							'label'  => 'The bridge answers this browser',
							'cause'  => 'ok',
							'action' => '',
						),
						array(
							'id'     => 'websocket',
							'ok'     => false,
							'label'  => 'Visitors’ realtime connection (WebSocket) fails',
							'cause'  => 'WebSocket port closed or refused: the browser could not open ws://127.0.0.1:1. <script>',
							'action' => 'Open port 1.',
						),
					),
				)
			)
		);
		wp_set_current_user( $this->create_user( 'editor' )->ID );
		$this->assertSame( 403, rest_do_request( $request )->get_status() );
		$this->assertSame( 'recommended', call_user_func( $browser )['status'] );

		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $response->get_data()['ok'] );

		$bad = new \WP_REST_Request( 'POST', '/handoff-chat/v1/connection-checks/browser' );
		$bad->set_header( 'Content-Type', 'application/json' );
		$bad->set_body( (string) wp_json_encode( array( 'results' => array( array( 'id' => 'http' ) ) ) ) );
		$this->assertSame( 400, rest_do_request( $bad )->get_status() );

		$result = call_user_func( $browser );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( 'WebSocket port closed or refused: the browser could not open ws://127.0.0.1:1.', $result['description'] );
		$this->assertStringNotContainsString( '<script>', $result['description'] );
		$this->assertStringContainsString( 'Open port 1.', $result['description'] );
	}

	public function test_debug_information_has_a_handoff_chat_section_without_the_secret(): void {
		$this->realtime( 6001 );
		Check_Store::save_bridge_version( '0.9.0' );
		Mail_Failures::record( 'SMTP Error: Could not connect to SMTP host.' );

		$info = apply_filters( 'debug_information', array() );
		$this->assertSame( 'Handoff Chat', $info['handoff-chat']['label'] );
		$fields = array_map( static fn ( array $field ) => $field['value'], $info['handoff-chat']['fields'] );
		$this->assertSame( self::BRIDGE_URL, $fields['bridge_url'] );
		$this->assertSame( self::SITE_ID, $fields['site_id'] );
		$this->assertSame( 'Set (never shown)', $fields['site_secret'] );
		$this->assertSame( '0.9.0', $fields['bridge_version'] );
		$this->assertSame( 'ws://127.0.0.1:6001', $fields['realtime_address'] );
		$this->assertSame( 'Never run', $fields['browser_check'] );
		$this->assertStringContainsString( 'SMTP Error: Could not connect to SMTP host.', $fields['email_failure'] );
		$this->assertStringNotContainsString( self::SECRET, (string) wp_json_encode( $info ) );
	}

	public function test_debug_information_when_not_connected(): void {
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, '' );
		$fields = apply_filters( 'debug_information', array() )['handoff-chat']['fields'];
		$this->assertSame( 'Not set', $fields['bridge_url']['value'] );
		$this->assertSame( 'Unknown (not connected)', $fields['realtime_address']['value'] );
		$this->assertSame( 'None', $fields['email_failure']['value'] );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_the_settings_page_prints_the_check_and_the_test_email_button(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		ob_start();
		Plugin::instance()->settings_page->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'id="handoff-chat-checks"', $html );
		$this->assertStringContainsString( 'Check from this browser', $html );
		$this->assertStringContainsString( 'name="action" value="handoff_chat_test_email"', $html );

		$state = Plugin::instance()->settings_page->connection_check_state();
		$this->assertSame( array( 'bridge', 'websocket', 'notify' ), $state['serverChecks'] );
		$this->assertSame( '/handoff-chat/v1/connection-checks', $state['restPath'] );
		$this->assertStringNotContainsString( self::SECRET, (string) wp_json_encode( $state ) );
	}
}
