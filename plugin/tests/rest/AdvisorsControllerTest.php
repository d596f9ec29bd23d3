<?php
/**
 * Tests of the Advisors REST routes: permissions, full sync, avatar.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Capabilities;
use HandoffChat\Plugin;
use HandoffChat\Settings;

require_once __DIR__ . '/AdvisorsRestCase.php';

/** The Advisors routes: who may call them, the full sync, the avatar. */
final class AdvisorsControllerTest extends Advisors_Rest_Case {

	/** Routes and permissions. */
	public function test_routes_are_registered_with_their_methods(): void {
		$this->assertSame( 10, has_action( 'rest_api_init', array( Plugin::instance()->advisors_controller, 'register_routes' ) ) );
		$routes = rest_get_server()->get_routes( 'handoff-chat/v1' );
		$this->assertSame( array( 'POST' => true ), $routes[ self::NS . '/advisors/sync' ][0]['methods'] );
		$this->assertSame( array( 'POST' => true ), $routes[ self::NS . '/advisors' ][0]['methods'] );
		$this->assertSame( array( 'DELETE' => true ), $routes[ self::NS . '/advisors/(?P<id>[1-9][0-9]{0,19})' ][0]['methods'] );
		$this->assertSame( array( 'PUT' => true ), $routes[ self::NS . '/advisors/(?P<id>[1-9][0-9]{0,19})/avatar' ][0]['methods'] );
	}

	public function test_only_site_managers_may_call_them_and_nothing_reaches_the_bridge_otherwise(): void {
		$target  = $this->create_user( Capabilities::ROLE );
		$calls   = array(
			array( 'POST', '/advisors/sync', null ),
			array( 'POST', '/advisors', array( 'email' => 'someone@example.com' ) ),
			array( 'DELETE', '/advisors/' . $target->ID, null ),
			array( 'PUT', '/advisors/' . $target->ID . '/avatar', array( 'attachmentId' => null ) ),
		);
		$advisor = $this->create_user( Capabilities::ROLE );
		$editor  = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );
		Plugin::instance()->advisor_sync->discard_pending();

		foreach ( $calls as list( $method, $route, $body ) ) {
			wp_set_current_user( 0 );
			$this->assertSame( 401, $this->call( $method, $route, $body )->get_status(), "$method $route logged out" );
			foreach ( array( $advisor, $editor ) as $user ) {
				wp_set_current_user( $user->ID );
				$response = $this->call( $method, $route, $body );
				$this->assertSame( 403, $response->get_status(), "$method $route as an advisor" );
				$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
			}
		}
		$this->assertSame( array(), $this->bridge->requests );
		$this->assertFalse( get_user_by( 'email', 'someone@example.com' ) );
		$this->assertTrue( user_can( $target->ID, Capabilities::ANSWER ) );
	}

	/** POST /advisors/sync. */
	public function test_sync_answers_the_bridge_s_list_as_is(): void {
		$this->as_manager();
		$answer = array(
			'advisors' => array(
				self::record(
					'1',
					array(
						'displayName' => 'Admin',
						'email'       => 'admin@example.com',
						'avatar'      => null,
						'canAnswer'   => true,
					)
				),
			),
			'licences' => array(
				'granted' => 1,
				'quota'   => 5,
			),
		);
		$this->bridge->on( 'PUT', '/v1/advisors', array( 200, $answer ) );

		$response = $this->call( 'POST', '/advisors/sync' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( $answer, $response->get_data() );
		$this->assertSame( array( 'PUT' ), array_column( $this->bridge->requests, 'method' ) );
		$this->assertSame( '/v1/advisors', $this->bridge->requests[0]['path'] );
		$this->assertContains( (string) get_current_user_id(), array_column( json_decode( $this->bridge->requests[0]['body'], true )['advisors'], 'id' ) );
	}

	public function test_sync_failures_are_502_or_503_with_a_message(): void {
		$this->as_manager();
		$this->bridge->on( 'PUT', '/v1/advisors', new \WP_Error( 'http_request_failed', 'Connection refused' ) );
		$response = $this->call( 'POST', '/advisors/sync' );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_bridge_unreachable', $response->get_data()['code'] );
		$this->assertStringContainsString( 'Connection refused', $response->get_data()['message'] );

		$this->bridge->on(
			'PUT',
			'/v1/advisors',
			array(
				400,
				array(
					'error' => array(
						'code'    => 'invalid_body',
						'message' => 'advisors.0.email: Invalid email',
					),
				),
			)
		);
		$response = $this->call( 'POST', '/advisors/sync' );
		$this->assertSame( 502, $response->get_status() );
		$this->assertStringContainsString( 'Invalid email', $response->get_data()['message'] );

		self::set_option_raw( Settings::OPTION_BRIDGE_URL, '' );
		$response = $this->call( 'POST', '/advisors/sync' );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_not_configured', $response->get_data()['code'] );
	}

	/** PUT /advisors/{id}/avatar. */
	public function test_an_image_becomes_the_avatar_and_is_synced(): void {
		$this->as_manager();
		$advisor = $this->create_user( Capabilities::ROLE );
		$image   = $this->images->image();
		$small   = wp_get_attachment_image_url( $image, 'thumbnail' );

		$response = $this->call( 'PUT', '/advisors/' . $advisor->ID . '/avatar', array( 'attachmentId' => $image ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'avatar' => $small ), $response->get_data() );
		$this->assertSame( $image, (int) get_user_meta( $advisor->ID, Advisor_Profile::AVATAR_META, true ) );
		$this->assertSame( $small, $this->singles()[0]['body']['avatar'] );
		$this->assertTrue( $this->singles()[0]['body']['canAnswer'] );

		// null: back to Gravatar.
		$response = $this->call( 'PUT', '/advisors/' . $advisor->ID . '/avatar', array( 'attachmentId' => null ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'avatar' => get_avatar_url( $advisor->ID ) ), $response->get_data() );
		$this->assertSame( '', get_user_meta( $advisor->ID, Advisor_Profile::AVATAR_META, true ) );
		$this->assertSame( get_avatar_url( $advisor->ID ), $this->singles()[1]['body']['avatar'] );
	}

	public function test_the_avatar_must_be_an_image_and_must_be_given(): void {
		$this->as_manager();
		$advisor = $this->create_user( Capabilities::ROLE );
		$route   = '/advisors/' . $advisor->ID . '/avatar';

		$response = $this->call( 'PUT', $route, array( 'attachmentId' => $this->images->text() ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'handoff_chat_not_an_image', $response->get_data()['code'] );
		$this->assertSame( 400, $this->call( 'PUT', $route, array( 'attachmentId' => 'abc' ) )->get_status() );
		$this->assertSame( 400, $this->call( 'PUT', $route, array( 'attachmentId' => 0 ) )->get_status() );
		$this->assertSame( 400, $this->call( 'PUT', $route, array() )->get_status() );
		$this->assertSame( 404, $this->call( 'PUT', '/advisors/987654/avatar', array( 'attachmentId' => null ) )->get_status() );
		$this->assertSame( '', get_user_meta( $advisor->ID, Advisor_Profile::AVATAR_META, true ) );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_the_avatar_of_someone_who_cannot_answer_is_stored_without_a_sync(): void {
		$this->as_manager();
		$subscriber = $this->create_user( 'subscriber' );
		$image      = $this->images->image();

		$this->assertSame( 200, $this->call( 'PUT', '/advisors/' . $subscriber->ID . '/avatar', array( 'attachmentId' => $image ) )->get_status() );
		$this->assertSame( $image, (int) get_user_meta( $subscriber->ID, Advisor_Profile::AVATAR_META, true ) );
		$this->assertSame( array(), $this->bridge->requests );
	}
}
