<?php
/**
 * Tests of GET /handoff-chat/v1/flows.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Plugin;
use HandoffChat\Rest\Flows_Controller;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';

/** GET /handoff-chat/v1/flows through rest_do_request(), on a fake bridge. */
final class FlowsControllerTest extends TestCase {

	private const ROUTE = '/handoff-chat/v1/flows';

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		delete_transient( Flows_Controller::cache_key() );
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		$this->bridge
			->on(
				'GET',
				'/v1/flows',
				array(
					200,
					array(
						'flows' => array(
							array(
								'id'   => 'demo',
								'name' => 'Demo',
								'mode' => 'bot',
							),
							array(
								'id'   => 'gone',
								'name' => 'Deleted meanwhile',
								'mode' => 'bot',
							),
							array(
								'id'   => 'Bad Id',
								'name' => 'Never asked for',
								'mode' => 'bot',
							),
							array(
								'id'   => 'support',
								'name' => 'Support',
								'mode' => 'live',
							),
						),
					),
				)
			)
			->on(
				'GET',
				'/v1/flows/demo',
				array(
					200,
					self::record(
						'demo',
						'Demo <em>flow</em>',
						'bot',
						'welcome',
						array(
							'welcome' => 'Welcome',
							'faq'     => 'FAQ',
						)
					),
				)
			)
			->on( 'GET', '/v1/flows/support', array( 200, self::record( 'support', 'Support', 'live', 'hello', array( 'hello' => 'Hello' ) ) ) );
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		delete_transient( Flows_Controller::cache_key() );
		parent::tearDown();
	}

	private static function record( string $id, string $name, string $mode, string $start, array $sequences ): array {
		$seqs = array();
		foreach ( $sequences as $seq_id => $seq_name ) {
			$seqs[] = array(
				'id'    => $seq_id,
				'name'  => $seq_name,
				'steps' => array(
					array(
						'id'   => 's1',
						'type' => 'text',
						'text' => 'Secret-ish step text',
					),
				),
			);
		}
		return array(
			'flow'      => array(
				'id'            => $id,
				'name'          => $name,
				'mode'          => $mode,
				'startSequence' => $start,
				'sequences'     => $seqs,
			),
			'createdAt' => '2026-01-01T00:00:00.000Z',
			'updatedAt' => '2026-01-01T00:00:00.000Z',
		);
	}

	private function get( array $query = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( $query );
		return rest_do_request( $request );
	}

	private function as_editor(): void {
		wp_set_current_user( $this->create_user( 'editor' )->ID );
	}

	public function test_route_is_registered_and_wired(): void {
		$routes = rest_get_server()->get_routes( 'handoff-chat/v1' );
		$this->assertArrayHasKey( self::ROUTE, $routes );
		$this->assertSame( array( 'GET' => true ), $routes[ self::ROUTE ][0]['methods'] );
		$this->assertSame( 10, has_action( 'rest_api_init', array( Plugin::instance()->flows_controller, 'register_routes' ) ) );
		$this->assertSame( 10, has_action( 'enqueue_block_editor_assets', array( Plugin::instance()->blocks, 'add_editor_settings' ) ) );
	}

	public function test_logged_out_401_subscribers_403_and_nothing_reaches_the_bridge(): void {
		$this->assertSame( 401, $this->get()->get_status() );
		wp_set_current_user( $this->create_user( 'subscriber' )->ID );
		$response = $this->get();
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_editors_and_authors_get_the_flows_for_the_picker(): void {
		$this->as_editor();
		$response = $this->get();
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				array(
					'id'            => 'demo',
					'name'          => 'Demo flow',
					'mode'          => 'bot',
					'startSequence' => 'welcome',
					'sequences'     => array(
						array(
							'id'   => 'welcome',
							'name' => 'Welcome',
						),
						array(
							'id'   => 'faq',
							'name' => 'FAQ',
						),
					),
				),
				array(
					'id'            => 'support',
					'name'          => 'Support',
					'mode'          => 'live',
					'startSequence' => 'hello',
					'sequences'     => array(
						array(
							'id'   => 'hello',
							'name' => 'Hello',
						),
					),
				),
			),
			$response->get_data()
		);
		// The list, then each listed flow with a valid id; a 404 (deleted meanwhile) is left out.
		$this->assertSame(
			array( '/v1/flows', '/v1/flows/demo', '/v1/flows/gone', '/v1/flows/support' ),
			array_column( $this->bridge->requests, 'path' )
		);
		foreach ( $this->bridge->requests as $sent ) {
			$this->assertSame(
				hash_hmac( 'sha256', "GET\n" . $sent['path'] . "\n" . $sent['headers']['X-Handoff-Timestamp'] . "\n" . hash( 'sha256', '' ), self::SECRET ),
				$sent['headers']['X-Handoff-Signature']
			);
			$this->assertSame( self::SITE_ID, $sent['headers']['X-Handoff-Site'] );
		}

		wp_set_current_user( $this->create_user( 'author' )->ID );
		$this->assertSame( 200, $this->get()->get_status() );
	}

	public function test_answers_are_kept_for_a_minute_and_refresh_skips_the_copy(): void {
		$this->as_editor();
		$before = time();
		$first  = $this->get()->get_data();
		$after  = time();
		$calls  = count( $this->bridge->requests );

		$this->assertSame( $first, $this->get()->get_data() );
		$this->assertCount( $calls, $this->bridge->requests, 'The second call is served from the transient.' );
		$this->assertSame( $first, get_transient( Flows_Controller::cache_key() ) );
		$timeout = (int) get_option( '_transient_timeout_' . Flows_Controller::cache_key() );
		// Stored between $before and $after: bracketed, whatever the machine's speed.
		$this->assertGreaterThanOrEqual( $before + 60, $timeout );
		$this->assertLessThanOrEqual( $after + 60, $timeout );

		$this->bridge->on( 'GET', '/v1/flows', array( 200, array( 'flows' => array() ) ) );
		$this->assertSame( $first, $this->get()->get_data() );
		$refreshed = $this->get( array( 'refresh' => '1' ) );
		$this->assertSame( array(), $refreshed->get_data() );
		$this->assertSame( array(), get_transient( Flows_Controller::cache_key() ) );
	}

	public function test_the_copy_belongs_to_one_bridge_and_site(): void {
		$key = Flows_Controller::cache_key();
		self::set_option_raw( Settings::OPTION_SITE_ID, 'other_site' );
		$this->assertNotSame( $key, Flows_Controller::cache_key() );
	}

	public function test_an_unreachable_bridge_is_a_503_and_is_not_cached(): void {
		$this->as_editor();
		$this->bridge->on( 'GET', '/v1/flows', new \WP_Error( 'http_request_failed', 'Connection refused' ) );
		$response = $this->get();
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_bridge_unreachable', $response->get_data()['code'] );
		$this->assertStringContainsString( 'Connection refused', $response->get_data()['message'] );
		$this->assertFalse( get_transient( Flows_Controller::cache_key() ) );
	}

	public function test_a_refusing_bridge_is_a_502_even_halfway(): void {
		$this->as_editor();
		$this->bridge->on(
			'GET',
			'/v1/flows/support',
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
		$response = $this->get();
		$this->assertSame( 502, $response->get_status() );
		$this->assertSame( 'handoff_chat_bridge_error', $response->get_data()['code'] );
		$this->assertFalse( get_transient( Flows_Controller::cache_key() ) );
	}

	public function test_not_configured_is_a_503_after_the_permission_check(): void {
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, '' );
		$this->assertSame( 401, $this->get()->get_status() );
		$this->as_editor();
		$response = $this->get();
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_not_configured', $response->get_data()['code'] );
		$this->assertSame( array(), $this->bridge->requests );
	}
}
