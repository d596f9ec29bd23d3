<?php
/**
 * Tests of POST /handoff-chat/v1/advisor-token.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Capabilities;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

/** Through rest_do_request(): routing, permission callback and response, as api-fetch meets them. */
final class AdvisorTokenControllerTest extends TestCase {

	private const ROUTE = '/handoff-chat/v1/advisor-token';

	private function post(): \WP_REST_Response {
		return rest_do_request( new \WP_REST_Request( 'POST', self::ROUTE ) );
	}

	public function test_route_is_registered_under_the_plugin_namespace(): void {
		$routes = rest_get_server()->get_routes( 'handoff-chat/v1' );
		$this->assertArrayHasKey( self::ROUTE, $routes );
		$this->assertSame( array( 'POST' => true ), $routes[ self::ROUTE ][0]['methods'] );
	}

	public function test_logged_out_visitors_get_401(): void {
		$response = $this->post();
		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_subscribers_get_403(): void {
		wp_set_current_user( $this->create_user( 'subscriber' )->ID );
		$this->assertSame( 403, $this->post()->get_status() );
	}

	public function test_editors_without_the_capability_get_403_and_with_it_200(): void {
		$editor = $this->create_user( 'editor' );
		wp_set_current_user( $editor->ID );
		$this->assertSame( 403, $this->post()->get_status() );

		$editor->add_cap( Capabilities::ANSWER );
		// A fresh WP_User: the current one caches its capabilities.
		wp_set_current_user( 0 );
		wp_set_current_user( $editor->ID );
		$this->assertSame( 200, $this->post()->get_status() );
	}

	public function test_administrators_get_a_token_for_themselves(): void {
		$admin = $this->create_user( 'administrator', array( 'display_name' => 'Ada Admin' ) );
		wp_set_current_user( $admin->ID );

		$before   = time();
		$response = $this->post();
		$data     = $response->get_data();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'token', 'expiresAt', 'bridgeUrl', 'siteId' ), array_keys( $data ) );
		$this->assertSame( self::BRIDGE_URL, $data['bridgeUrl'] );
		$this->assertSame( self::SITE_ID, $data['siteId'] );
		$this->assertSame( 'no-store', $response->get_headers()['Cache-Control'] ?? null );

		$this->assertTrue( self::jwt_signature_valid( $data['token'], self::SECRET ) );
		$claims = self::decode_jwt( $data['token'] )['payload'];
		$this->assertSame( (string) $admin->ID, $claims['sub'] );
		$this->assertSame( 'Ada Admin', $claims['name'] );
		$this->assertSame( self::SITE_ID, $claims['site'] );
		$this->assertGreaterThanOrEqual( $before + 900, $claims['exp'] );

		// ISO 8601 in UTC, the same instant as the token's exp.
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/', $data['expiresAt'] );
		$this->assertSame( $claims['exp'], strtotime( $data['expiresAt'] ) );
	}

	public function test_not_configured_answers_503(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );

		$response = $this->post();
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_not_configured', $response->get_data()['code'] );
		$this->assertNotEmpty( $response->get_data()['message'] );
	}

	public function test_permission_is_checked_before_configuration(): void {
		// A logged-out caller learns nothing about the plugin's state.
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$this->assertSame( 401, $this->post()->get_status() );
	}

	public function test_get_is_not_routed(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$response = rest_do_request( new \WP_REST_Request( 'GET', self::ROUTE ) );
		$this->assertSame( 404, $response->get_status() );
	}
}
