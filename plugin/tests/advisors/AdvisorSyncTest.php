<?php
/**
 * Tests of Advisor_Sync: who can answer, told to the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Advisors;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Advisors\Advisor_Sync;
use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Capabilities;
use HandoffChat\Plugin;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';

/**
 * What reaches the bridge: the full sync, and the single-user syncs the capability hooks
 * queue (through the plugin's own instance and hooks, flushed as `shutdown` would).
 */
final class AdvisorSyncTest extends TestCase {

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	/**
	 * The plugin's own sync, with its queue.
	 *
	 * @var Advisor_Sync
	 */
	private Advisor_Sync $sync;

	/**
	 * The time() when the test started: a call's timestamp lies between it and the assertion.
	 *
	 * @var int
	 */
	private int $started;

	protected function setUp(): void {
		parent::setUp();
		$this->started = time();
		$this->bridge  = new Fake_Bridge( self::BRIDGE_URL );
		$this->bridge->on( 'PUT', '/v1/advisors', static fn ( array $sent ) => array( 200, self::list_answer( json_decode( $sent['body'], true )['advisors'] ) ) );
		$this->sync = Plugin::instance()->advisor_sync;
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		parent::tearDown();
	}

	/**
	 * What the bridge answers to a full sync (AdvisorsListResponse), abridged.
	 *
	 * @param array $advisors The advisors it was sent.
	 */
	private static function list_answer( array $advisors ): array {
		return array(
			'advisors' => array_map(
				static fn ( array $a ) => $a + array(
					'name'      => $a['displayName'],
					'canAnswer' => true,
					'licensed'  => false,
				),
				$advisors
			),
			'licences' => array(
				'granted' => 0,
				'quota'   => 5,
			),
		);
	}

	/**
	 * Answers 200 AdvisorResponse to the single-user sync of this user.
	 *
	 * @param int $user_id The user.
	 */
	private function answer_single( int $user_id ): void {
		$this->bridge->on(
			'PUT',
			'/v1/advisors/' . $user_id,
			static fn ( array $sent ) => array(
				200,
				array(
					'advisor'  => array( 'id' => (string) $user_id ) + json_decode( $sent['body'], true ),
					'licences' => array(
						'granted' => 0,
						'quota'   => 5,
					),
				),
			)
		);
	}

	/**
	 * The signature the bridge checks (bridge-server/src/auth/signed-request.ts).
	 *
	 * @param array $sent One request the fake bridge received.
	 */
	private function assert_signed( array $sent ): void {
		$this->assertSame( self::SITE_ID, $sent['headers']['X-Handoff-Site'] );
		// Bracketed, not "within 5 s of now": how long the test took does not matter.
		$timestamp = (int) $sent['headers']['X-Handoff-Timestamp'];
		$this->assertGreaterThanOrEqual( $this->started, $timestamp );
		$this->assertLessThanOrEqual( time(), $timestamp );
		$this->assertSame(
			hash_hmac( 'sha256', $sent['method'] . "\n" . $sent['path'] . "\n" . $sent['headers']['X-Handoff-Timestamp'] . "\n" . hash( 'sha256', $sent['body'] ), self::SECRET ),
			$sent['headers']['X-Handoff-Signature']
		);
		$this->assertSame( 'application/json', $sent['headers']['Content-Type'] );
	}

	/**
	 * The single-user syncs sent.
	 *
	 * @return list<array{path: string, body: array, timeout: mixed}> The single-user syncs sent.
	 */
	private function singles(): array {
		$singles = array();
		foreach ( $this->bridge->requests as $sent ) {
			if ( 'PUT' === $sent['method'] && preg_match( '#^/v1/advisors/\d+$#', $sent['path'] ) ) {
				$this->assert_signed( $sent );
				$singles[] = array(
					'path'    => $sent['path'],
					'body'    => json_decode( $sent['body'], true ),
					'timeout' => $sent['timeout'],
				);
			}
		}
		return $singles;
	}

	public function test_the_full_sync_sends_every_user_who_can_answer_and_nobody_else(): void {
		$admin      = $this->create_user( 'administrator', array( 'display_name' => 'Ada Admin' ) );
		$advisor    = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Ivy Invited' ) );
		$editor     = $this->create_user( 'editor' );
		$subscriber = $this->create_user( 'subscriber' );
		$denied     = $this->create_user( 'administrator' );
		$editor->add_cap( Capabilities::ANSWER );
		$denied->add_cap( Capabilities::ANSWER, false );
		$this->assertNotSame( array(), $this->sync->pending() );

		$answer = $this->sync->sync_all();
		$this->assertSame( array(), $this->sync->pending(), 'The full sync said it all.' );

		$this->assertCount( 1, $this->bridge->requests );
		$sent = $this->bridge->requests[0];
		$this->assertSame( 'PUT', $sent['method'] );
		$this->assertSame( '/v1/advisors', $sent['path'] );
		$this->assertSame( self::BRIDGE_URL . '/v1/advisors', $sent['url'] );
		$this->assert_signed( $sent );

		$body = json_decode( $sent['body'], true );
		$this->assertSame( array( 'advisors' ), array_keys( $body ) );
		$ids = array_column( $body['advisors'], 'id' );
		foreach ( array( $admin, $advisor, $editor ) as $user ) {
			$this->assertContains( (string) $user->ID, $ids );
		}
		$this->assertNotContains( (string) $subscriber->ID, $ids );
		$this->assertNotContains( (string) $denied->ID, $ids, 'A per-user denial beats the role.' );
		// Every entry: a user who can answer, as Advisor_Profile describes them, ids as strings in order.
		foreach ( $body['advisors'] as $entry ) {
			$this->assertIsString( $entry['id'] );
			$this->assertTrue( user_can( (int) $entry['id'], Capabilities::ANSWER ) );
			$this->assertSame( Advisor_Profile::synced( get_userdata( (int) $entry['id'] ) ), $entry );
		}
		$sorted = $ids;
		sort( $sorted, SORT_NUMERIC );
		$this->assertSame( $sorted, $ids );
		$entry = $body['advisors'][ array_search( (string) $advisor->ID, $ids, true ) ];
		$this->assertSame(
			array(
				'id'          => (string) $advisor->ID,
				'displayName' => 'Ivy Invited',
				'email'       => $advisor->user_email,
				'avatar'      => get_avatar_url( $advisor->ID ),
			),
			$entry
		);

		// The bridge's answer, as it came.
		$this->assertSame( self::list_answer( $body['advisors'] ), $answer );
	}

	public function test_the_full_sync_reports_the_bridge_s_failures(): void {
		$this->bridge->on( 'PUT', '/v1/advisors', new \WP_Error( 'http_request_failed', 'Connection refused' ) );
		$answer = $this->sync->sync_all();
		$this->assertInstanceOf( \WP_Error::class, $answer );
		$this->assertSame( 503, $answer->get_error_data()['status'] );

		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$this->bridge->requests = array();
		$answer                 = $this->sync->sync_all();
		$this->assertSame( 'handoff_chat_not_configured', $answer->get_error_code() );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_gaining_the_capability_queues_one_sync_sent_at_the_end_of_the_request(): void {
		$this->assertSame( 10, has_action( 'shutdown', array( $this->sync, 'flush' ) ) );
		$editor = $this->create_user( 'editor', array( 'display_name' => 'Eve Editor' ) );
		$this->sync->discard_pending();
		$this->answer_single( $editor->ID );

		$editor->add_cap( Capabilities::ANSWER );
		$this->assertSame( array( $editor->ID ), $this->sync->pending() );
		$this->assertSame( array(), $this->bridge->requests, 'Nothing is sent while the page runs.' );

		$this->assertSame( 1, $this->sync->flush() );
		$this->assertSame(
			array(
				array(
					'path'    => '/v1/advisors/' . $editor->ID,
					'body'    => array(
						'displayName' => 'Eve Editor',
						'email'       => $editor->user_email,
						'avatar'      => get_avatar_url( $editor->ID ),
						'canAnswer'   => true,
					),
					'timeout' => Advisor_Sync::BACKGROUND_TIMEOUT,
				),
			),
			$this->singles()
		);
		$this->assertLessThan( Bridge_Client::SIGNED_TIMEOUT, Advisor_Sync::BACKGROUND_TIMEOUT );
		$this->assertSame( array(), $this->sync->pending() );
		$this->assertSame( 0, $this->sync->flush(), 'Sent once.' );
	}

	public function test_losing_it_by_remove_cap_set_role_or_remove_role_sends_can_answer_false(): void {
		$editor  = $this->create_user( 'editor' );
		$advisor = $this->create_user( Capabilities::ROLE );
		$both    = $this->create_user( 'author' );
		$editor->add_cap( Capabilities::ANSWER );
		$both->add_role( Capabilities::ROLE );
		$this->sync->discard_pending();

		$editor->remove_cap( Capabilities::ANSWER );
		$advisor->set_role( 'subscriber' );
		$both->remove_role( Capabilities::ROLE );
		$this->sync->flush();

		$singles = $this->singles();
		$this->assertSame(
			array( '/v1/advisors/' . $editor->ID, '/v1/advisors/' . $advisor->ID, '/v1/advisors/' . $both->ID ),
			array_column( $singles, 'path' )
		);
		foreach ( $singles as $single ) {
			$this->assertFalse( $single['body']['canAnswer'] );
		}
	}

	public function test_a_role_granting_it_counts_and_several_writes_make_one_call(): void {
		$author = $this->create_user( 'author' );
		$this->sync->discard_pending();

		$author->add_role( Capabilities::ROLE );
		$author->add_cap( 'upload_files' );
		wp_update_user(
			array(
				'ID'           => $author->ID,
				'display_name' => 'Arno Renamed',
			)
		);
		$this->sync->flush();

		$singles = $this->singles();
		$this->assertCount( 1, $singles );
		$this->assertTrue( $singles[0]['body']['canAnswer'] );
		$this->assertSame( 'Arno Renamed', $singles[0]['body']['displayName'] );
	}

	public function test_users_who_never_could_answer_are_nobody_the_bridge_hears_about(): void {
		$subscriber = $this->create_user( 'subscriber' );
		$editor     = $this->create_user( 'editor' );
		$editor->set_role( 'author' );
		wp_update_user(
			array(
				'ID'           => $subscriber->ID,
				'display_name' => 'Sue Renamed',
			)
		);
		$this->assertContains( $subscriber->ID, $this->sync->pending() );

		$this->assertSame( 0, $this->sync->flush() );
		$this->assertSame( array(), $this->bridge->requests );
	}

	public function test_a_new_user_with_the_advisor_role_is_synced(): void {
		$advisor = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Nina New' ) );
		$this->sync->flush();

		$singles = $this->singles();
		$this->assertSame( array( '/v1/advisors/' . $advisor->ID ), array_column( $singles, 'path' ) );
		$this->assertTrue( $singles[0]['body']['canAnswer'] );
		$this->assertSame( 'Nina New', $singles[0]['body']['displayName'] );
	}

	public function test_a_name_or_email_change_of_an_advisor_is_synced_and_a_save_without_changes_is_not(): void {
		$advisor = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Old Name' ) );
		$this->sync->discard_pending();
		add_filter( 'send_email_change_email', '__return_false' );

		wp_update_user(
			array(
				'ID'  => $advisor->ID,
				'url' => 'https://example.com/me',
			)
		);
		$this->assertSame( array(), $this->sync->pending() );

		wp_update_user(
			array(
				'ID'         => $advisor->ID,
				'user_email' => 'renamed-' . $advisor->user_email,
			)
		);
		remove_filter( 'send_email_change_email', '__return_false' );
		$this->sync->flush();
		$singles = $this->singles();
		$this->assertCount( 1, $singles );
		$this->assertSame( 'renamed-' . $advisor->user_email, $singles[0]['body']['email'] );
		$this->assertSame( get_avatar_url( 'renamed-' . $advisor->user_email ), $singles[0]['body']['avatar'] );
	}

	public function test_deleting_an_advisor_sends_can_answer_false_with_what_they_were(): void {
		$advisor = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Gone Soon' ) );
		$email   = $advisor->user_email;
		$this->sync->discard_pending();

		$this->assertTrue( wp_delete_user( $advisor->ID ) );
		$this->assertFalse( get_userdata( $advisor->ID ) );
		$this->sync->flush();

		$this->assertSame(
			array(
				array(
					'path'    => '/v1/advisors/' . $advisor->ID,
					'body'    => array(
						'displayName' => 'Gone Soon',
						'email'       => $email,
						'avatar'      => get_avatar_url( $email ),
						'canAnswer'   => false,
					),
					'timeout' => Advisor_Sync::BACKGROUND_TIMEOUT,
				),
			),
			$this->singles()
		);
	}

	public function test_a_failure_is_logged_and_never_thrown(): void {
		$editor = $this->create_user( 'editor' );
		$this->sync->discard_pending();
		$this->bridge->on( 'PUT', '/v1/advisors/' . $editor->ID, new \WP_Error( 'http_request_failed', 'Operation timed out after 2000 milliseconds' ) );
		$failed = array();
		$listen = static function ( int $user_id, \WP_Error $error ) use ( &$failed ) {
			$failed[] = array( $user_id, $error->get_error_code() );
		};
		add_action( 'handoff_chat_advisor_sync_failed', $listen, 10, 2 );
		$log      = (string) tempnam( sys_get_temp_dir(), 'hc-log' );
		$previous = ini_set( 'error_log', $log ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- captured for this test only.

		try {
			$editor->add_cap( Capabilities::ANSWER );
			$this->assertSame( 1, $this->sync->flush() );
		} finally {
			ini_set( 'error_log', (string) $previous ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- puts back the log this test redirected.
			remove_action( 'handoff_chat_advisor_sync_failed', $listen, 10 );
		}

		$this->assertSame( array( array( $editor->ID, 'handoff_chat_bridge_unreachable' ) ), $failed );
		$logged = (string) file_get_contents( $log );
		unlink( $log );
		$this->assertStringContainsString( 'Handoff Chat: the bridge was not told about advisor ' . $editor->ID, $logged );
		$this->assertStringContainsString( 'Operation timed out', $logged );
	}

	public function test_nothing_is_sent_before_the_plugin_is_configured(): void {
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, '' );
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( Capabilities::ANSWER );

		$this->assertSame( 0, $this->sync->flush() );
		$this->assertSame( array(), $this->bridge->requests );
		$this->assertSame( array(), $this->sync->pending() );
	}

	public function test_a_direct_sync_replaces_what_was_queued_for_that_user(): void {
		$editor = $this->create_user( 'editor' );
		$other  = $this->create_user( 'editor' );
		$this->answer_single( $editor->ID );
		$editor->add_cap( Capabilities::ANSWER );
		$other->add_cap( Capabilities::ANSWER );

		$answer = $this->sync->sync_user( get_userdata( $editor->ID ) );
		$this->assertSame( (string) $editor->ID, $answer['advisor']['id'] );
		$this->assertTrue( $answer['advisor']['canAnswer'] );
		$this->assertSame( Bridge_Client::SIGNED_TIMEOUT, $this->bridge->requests[0]['timeout'] );
		$this->assertSame( array( $other->ID ), $this->sync->pending() );
	}
}
