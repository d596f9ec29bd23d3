<?php
/**
 * Tests of inviting an advisor and removing the ability to answer.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Capabilities;
use HandoffChat\Plugin;

require_once __DIR__ . '/AdvisorsRestCase.php';

/** POST /advisors (invite) and DELETE /advisors/{id} (remove the ability to answer). */
final class AdvisorsInviteRemoveTest extends Advisors_Rest_Case {

	/** POST /advisors. */
	public function test_inviting_an_existing_user_gives_them_the_capability(): void {
		$this->as_manager();
		$editor = $this->create_user( 'editor', array( 'display_name' => 'Ed Existing' ) );

		$response = $this->invite( strtoupper( $editor->user_email ) );
		$data     = $response->get_data();

		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $data['created'] );
		$this->assertSame(
			array(
				'id'          => (string) $editor->ID,
				'displayName' => 'Ed Existing',
				'email'       => $editor->user_email,
			),
			$data['user']
		);
		$this->assertTrue( user_can( $editor->ID, Capabilities::ANSWER ) );
		$this->assertSame( array( 'editor' ), array_values( get_userdata( $editor->ID )->roles ), 'Their role is left alone.' );
		$this->assertSame( array(), $this->mail->mails );

		$this->assertSame( array( '/v1/advisors/' . $editor->ID ), array_column( $this->singles(), 'path' ) );
		$this->assertTrue( $this->singles()[0]['body']['canAnswer'] );
		$this->assertSame( (string) $editor->ID, $data['advisor']['id'] );
		$this->assertTrue( $data['advisor']['canAnswer'] );
		$this->assertNotContains( $editor->ID, Plugin::instance()->advisor_sync->pending(), 'The route said it already.' );
	}

	public function test_inviting_a_new_person_creates_an_advisor_who_chooses_a_password(): void {
		$this->as_manager();
		$email = 'new.person+chat@example.com';

		$response = $this->invite( $email, 'Noor Newcomer' );
		$data     = $response->get_data();

		$this->assertSame( 201, $response->get_status() );
		$this->assertTrue( $data['created'] );
		$user = get_user_by( 'email', $email );
		$this->assertInstanceOf( \WP_User::class, $user );
		$this->assertSame( (string) $user->ID, $data['user']['id'] );
		$this->assertSame( 'Noor Newcomer', $user->display_name );
		$this->assertSame( 'new.personchat', $user->user_login );
		$this->assertSame( array( Capabilities::ROLE ), array_values( $user->roles ) );
		$this->assertTrue( user_can( $user, Capabilities::ANSWER ) );
		$this->assertFalse( user_can( $user, 'edit_posts' ) );

		// WordPress's own "set your password" email, to the new user only.
		$this->assertSame( array( $email ), $this->mail->recipients() );
		$this->assertStringContainsString( 'action=rp', $this->mail->mails[0]['message'] );
		$this->assertStringContainsString( 'login=new.personchat', $this->mail->mails[0]['message'] );

		$this->assertSame( 'Noor Newcomer', $data['advisor']['displayName'] );
		$this->assertSame( array( '/v1/advisors/' . $user->ID ), array_column( $this->singles(), 'path' ) );
		$this->assertSame(
			array(
				'displayName' => 'Noor Newcomer',
				'email'       => $email,
				'avatar'      => get_avatar_url( $user->ID ),
				'canAnswer'   => true,
			),
			$this->singles()[0]['body']
		);
	}

	public function test_a_new_person_without_a_name_is_called_by_the_email_s_local_part_and_logins_stay_unique(): void {
		$this->as_manager();
		$first = $this->invite( 'sam@one.example' )->get_data();
		$again = $this->invite( 'sam@two.example' )->get_data();

		$this->assertSame( 'sam', $first['user']['displayName'] );
		$this->assertSame( 'sam', get_userdata( (int) $first['user']['id'] )->user_login );
		$this->assertSame( 'sam2', get_userdata( (int) $again['user']['id'] )->user_login );
	}

	public function test_inviting_someone_who_can_already_answer_is_a_409(): void {
		$admin    = $this->as_manager();
		$response = $this->invite( $admin->user_email );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'handoff_chat_already_advisor', $response->get_data()['code'] );
		$this->assertSame( 'Mia Manager can already answer conversations.', $response->get_data()['message'] );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_a_bad_email_is_a_400(): void {
		$this->as_manager();
		foreach ( array( 'not-an-email', '', 'a@b' ) as $email ) {
			$response = $this->call( 'POST', '/advisors', array( 'email' => $email ) );
			$this->assertSame( 400, $response->get_status(), $email );
		}
		$this->assertSame( 400, $this->call( 'POST', '/advisors', array( 'name' => 'No Email' ) )->get_status() );
		$this->assertSame( array(), $this->bridge->requests );
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_a_user_with_no_role_on_the_site_gets_the_advisor_role(): void {
		$this->as_manager();
		$nobody = $this->create_user( 'subscriber' );
		$nobody->remove_role( 'subscriber' );
		$this->assertSame( array(), get_userdata( $nobody->ID )->roles );

		$this->assertSame( 200, $this->invite( $nobody->user_email )->get_status() );
		$this->assertSame( array( Capabilities::ROLE ), array_values( get_userdata( $nobody->ID )->roles ) );
		$this->assertTrue( user_can( $nobody->ID, 'read' ) );
	}

	public function test_inviting_back_an_administrator_who_was_removed_lifts_the_denial(): void {
		$this->as_manager();
		$admin = $this->create_user( 'administrator' );
		$admin->add_cap( Capabilities::ANSWER, false );

		$this->assertSame( 200, $this->invite( $admin->user_email )->get_status() );
		$this->assertTrue( user_can( $admin->ID, Capabilities::ANSWER ) );
		$this->assertArrayNotHasKey( Capabilities::ANSWER, get_userdata( $admin->ID )->caps );
	}

	public function test_an_invitation_the_bridge_did_not_hear_about_still_counts(): void {
		$this->as_manager();
		$editor = $this->create_user( 'editor' );
		$this->bridge->on( 'PUT', '/v1/advisors/' . $editor->ID, new \WP_Error( 'http_request_failed', 'Connection refused' ) );

		$response = $this->invite( $editor->user_email );
		$this->assertSame( 200, $response->get_status() );
		$this->assertNull( $response->get_data()['advisor'] );
		$this->assertTrue( user_can( $editor->ID, Capabilities::ANSWER ) );
	}

	/** DELETE /advisors/{id}. */
	public function test_removing_an_administrator_denies_the_capability_to_them_only(): void {
		$this->as_manager();
		$admin = $this->create_user( 'administrator' );

		$response = $this->call( 'DELETE', '/advisors/' . $admin->ID );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'removed' => true,
				'synced'  => true,
			),
			$response->get_data()
		);

		$admin = get_userdata( $admin->ID );
		$this->assertFalse( user_can( $admin, Capabilities::ANSWER ) );
		$this->assertFalse( $admin->caps[ Capabilities::ANSWER ] );
		$this->assertSame( array( 'administrator' ), array_values( $admin->roles ) );
		$this->assertTrue( Capabilities::can_manage( $admin ) );
		$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ), 'Other administrators keep it.' );

		$this->assertSame( array( '/v1/advisors/' . $admin->ID ), array_column( $this->singles(), 'path' ) );
		$this->assertFalse( $this->singles()[0]['body']['canAnswer'] );
		$this->assertNotContains( $admin->ID, Plugin::instance()->advisor_sync->pending(), 'Not sent twice.' );
	}

	public function test_removing_someone_whose_only_role_is_advisor_leaves_them_without_a_role(): void {
		$this->as_manager();
		$advisor = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Ava Advisor' ) );

		$this->assertSame( 200, $this->call( 'DELETE', '/advisors/' . $advisor->ID )->get_status() );

		$advisor = get_userdata( $advisor->ID );
		$this->assertInstanceOf( \WP_User::class, $advisor, 'The account stays.' );
		$this->assertSame( array(), $advisor->roles );
		$this->assertSame( array(), $advisor->caps );
		$this->assertFalse( user_can( $advisor, Capabilities::ANSWER ) );
		$this->assertSame( 'Ava Advisor', $this->singles()[0]['body']['displayName'] );
		$this->assertFalse( $this->singles()[0]['body']['canAnswer'] );
	}

	public function test_removing_a_capability_given_to_the_user_takes_it_back(): void {
		$this->as_manager();
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );

		$this->assertSame( 200, $this->call( 'DELETE', '/advisors/' . $editor->ID )->get_status() );
		$editor = get_userdata( $editor->ID );
		$this->assertArrayNotHasKey( Capabilities::ANSWER, $editor->caps );
		$this->assertSame( array( 'editor' ), array_values( $editor->roles ) );
		$this->assertFalse( user_can( $editor, Capabilities::ANSWER ) );
	}

	public function test_a_manager_removing_themselves_keeps_managing_the_site(): void {
		$me = $this->as_manager();

		$this->assertSame( 200, $this->call( 'DELETE', '/advisors/' . $me->ID )->get_status() );
		$this->assertFalse( user_can( $me->ID, Capabilities::ANSWER ) );
		$this->assertTrue( Capabilities::can_manage( $me->ID ) );

		// Even if an owner gave the Advisor role the right to manage the site.
		get_role( Capabilities::ROLE )->add_cap( Capabilities::MANAGE );
		try {
			$owner = $this->create_user( Capabilities::ROLE );
			wp_set_current_user( $owner->ID );
			$this->assertSame( 200, $this->call( 'DELETE', '/advisors/' . $owner->ID )->get_status() );
			$owner = get_userdata( $owner->ID );
			$this->assertTrue( Capabilities::can_manage( $owner ) );
			$this->assertFalse( user_can( $owner, Capabilities::ANSWER ) );
		} finally {
			get_role( Capabilities::ROLE )->remove_cap( Capabilities::MANAGE );
		}
	}

	public function test_removing_when_the_bridge_is_down_still_removes_and_says_so(): void {
		$this->as_manager();
		$advisor = $this->create_user( Capabilities::ROLE );
		$this->bridge->on( 'PUT', '/v1/advisors/' . $advisor->ID, new \WP_Error( 'http_request_failed', 'Connection refused' ) );

		$response = $this->call( 'DELETE', '/advisors/' . $advisor->ID );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'removed' => true,
				'synced'  => false,
			),
			$response->get_data()
		);
		$this->assertFalse( user_can( $advisor->ID, Capabilities::ANSWER ) );
	}

	public function test_removing_an_unknown_user_is_a_404(): void {
		$this->as_manager();
		$response = $this->call( 'DELETE', '/advisors/987654' );
		$this->assertSame( 404, $response->get_status() );
		$this->assertSame( 'handoff_chat_unknown_user', $response->get_data()['code'] );
		$this->assertSame( 404, $this->call( 'DELETE', '/advisors/0' )->get_status(), 'Not even routed.' );
	}
}
