<?php
/**
 * Tests of the bridge's signed escalation notifications.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Notifications\Notifier;
use HandoffChat\Rest\Notify_Controller;
use HandoffChat\Settings;
use HandoffChat\Tests\Notifications\Mail_Catcher;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/notifications/MailCatcher.php';

/**
 * The bridge's signed calls, through rest_do_request(): signature, replays, validation.
 * Signatures are computed here independently, as bridge-server/src/services/notifications.ts does.
 */
final class NotifyControllerTest extends TestCase {

	private const ROUTE = '/handoff-chat/v1/notify';
	private const PATH  = '/wp-json/handoff-chat/v1/notify';

	/**
	 * The emails wp_mail() was asked to send.
	 *
	 * @var Mail_Catcher
	 */
	private Mail_Catcher $mail;

	/**
	 * REQUEST_URI before the test, put back after it.
	 *
	 * @var string|null
	 */
	private ?string $request_uri;

	/**
	 * An advisor who receives the escalation emails.
	 *
	 * @var \WP_User
	 */
	private \WP_User $advisor;

	protected function setUp(): void {
		parent::setUp();
		$this->request_uri = $_SERVER['REQUEST_URI'] ?? null;
		$this->mail        = new Mail_Catcher();
		$this->advisor     = $this->create_user( 'administrator' );
	}

	protected function tearDown(): void {
		global $wpdb;
		$this->mail->remove();
		$_SERVER['REQUEST_URI'] = $this->request_uri;
		// The replay and event markers of this test.
		$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%handoff\\_chat\\_notify\\_%'" );
		wp_cache_flush();
		parent::tearDown();
	}

	private function body( array $overrides = array() ): string {
		return (string) wp_json_encode(
			$overrides + array(
				'type'              => 'escalated',
				'conversationId'    => 'c_' . bin2hex( random_bytes( 16 ) ),
				'assignedAdvisorId' => (string) $this->advisor->ID,
				'visitorName'       => 'Jeanne',
				'preview'           => 'Hello, I need help with my order.',
			),
			JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
		);
	}

	/**
	 * The headers the bridge sends.
	 *
	 * @param string $path The path signed.
	 * @param string $body The raw body.
	 * @param array  $o    Overrides: site, secret, timestamp, signed_body.
	 * @return array<string, string>
	 */
	private static function signed_headers( string $path, string $body, array $o = array() ): array {
		// time() read when the call is signed, never in a data provider (which runs before every test).
		$timestamp = (string) ( $o['timestamp'] ?? time() );
		$signed    = 'POST' . "\n" . $path . "\n" . $timestamp . "\n" . hash( 'sha256', $o['signed_body'] ?? $body );
		return array(
			'X-Handoff-Site'      => $o['site'] ?? self::SITE_ID,
			'X-Handoff-Timestamp' => $timestamp,
			'X-Handoff-Signature' => hash_hmac( 'sha256', $signed, $o['secret'] ?? self::SECRET ),
		);
	}

	/**
	 * A call to the notify route, as the bridge makes it.
	 *
	 * @param string $body The raw body.
	 * @param array  $o    Path (signed), request_uri (received; defaults to path), headers, and signed_headers()'s options.
	 */
	private function send( string $body, array $o = array() ): \WP_REST_Response {
		return rest_do_request( $this->request( $body, $o ) );
	}

	/**
	 * The request send() dispatches.
	 *
	 * @param string $body The raw body.
	 * @param array  $o    As send().
	 */
	private function request( string $body, array $o = array() ): \WP_REST_Request {
		$path                   = $o['path'] ?? self::PATH;
		$_SERVER['REQUEST_URI'] = $o['request_uri'] ?? $path;
		$request                = new \WP_REST_Request( 'POST', self::ROUTE );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( $body );
		foreach ( $o['headers'] ?? self::signed_headers( $path, $body, $o ) as $name => $value ) {
			$request->set_header( $name, $value );
		}
		return $request;
	}

	public function test_route_is_registered_for_post_only(): void {
		$routes = rest_get_server()->get_routes( 'handoff-chat/v1' );
		$this->assertArrayHasKey( self::ROUTE, $routes );
		$this->assertSame( array( 'POST' => true ), $routes[ self::ROUTE ][0]['methods'] );
		$this->assertSame( 404, rest_do_request( new \WP_REST_Request( 'GET', self::ROUTE ) )->get_status() );
	}

	public function test_a_valid_call_emails_the_assigned_advisor(): void {
		$body     = $this->body();
		$response = $this->send( $body );

		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame(
			array(
				'duplicate' => false,
				'sent'      => 1,
				'failed'    => 0,
			),
			$response->get_data()
		);
		$this->assertSame( array( $this->advisor->user_email ), $this->mail->recipients() );
		$this->assertStringContainsString( 'conversation=' . json_decode( $body, true )['conversationId'], $this->mail->mails[0]['message'] );
	}

	public function test_the_visitors_lines_and_page_reach_the_email(): void {
		$response = $this->send(
			$this->body(
				array(
					'lines'     => array(
						array(
							'kind' => 'choice',
							'text' => 'Opening hours',
						),
						array(
							'kind' => 'image',
							'text' => 'My receipt',
						),
					),
					'pageUrl'   => 'https://shop.example/contact/',
					'pageTitle' => 'Contact',
				)
			)
		);
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$message = $this->mail->mails[0]['message'];
		$this->assertStringContainsString( "> Pressed the button “Opening hours”\n> Image: My receipt\n", $message );
		$this->assertStringContainsString( "Chat started on: Contact\nhttps://shop.example/contact/\n", $message );
	}

	public function test_the_route_is_public_to_cookies_but_not_to_logged_in_users_without_a_signature(): void {
		wp_set_current_user( $this->advisor->ID );
		$response = $this->send( $this->body(), array( 'headers' => array() ) );
		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), $this->mail->mails );
	}

	/**
	 * Signatures the route must refuse.
	 *
	 * @return array<string, array{0: array}>
	 */
	public static function bad_signatures(): array {
		return array(
			'wrong secret'        => array( array( 'secret' => 'OtherSecret0123456789abcdefghijklmnopqrs' ) ),
			'tampered body'       => array( array( 'signed_body' => '{"type":"escalated"}' ) ),
			'other site'          => array( array( 'site' => 'other_site' ) ),
			'another path signed' => array(
				array(
					'path'        => '/v1/flows',
					'request_uri' => self::PATH,
				),
			),
		);
	}

	/**
	 * A bad signature is a 401, and no email leaves.
	 *
	 * @dataProvider bad_signatures
	 *
	 * @param array $options send()'s options.
	 */
	public function test_bad_signatures_are_401_and_send_nothing( array $options ): void {
		$response = $this->send( $this->body(), $options );
		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'handoff_chat_bad_signature', $response->get_data()['code'] );
		$this->assertNotEmpty( $response->get_data()['message'] );
		$this->assertSame( array(), $this->mail->mails );
	}

	/**
	 * The window is checked against a fixed clock the controller is given: a timestamp computed
	 * ahead of the check (a data provider, a slow machine) would drift into or out of it.
	 */
	public function test_a_timestamp_more_than_300_seconds_away_is_401_and_the_edges_pass(): void {
		$now        = 1900000000;
		$controller = new Notify_Controller( new Notifier(), static fn (): int => $now );
		$body       = $this->body();
		foreach ( array(
			-301  => false,
			-300  => true,
			0     => true,
			300   => true,
			301   => false,
			86400 => false,
		) as $offset => $accepted ) {
			$result = $controller->create_item_permissions_check( $this->request( $body, array( 'timestamp' => $now + $offset ) ) );
			if ( $accepted ) {
				$this->assertTrue( $result, "offset $offset" );
			} else {
				$this->assertInstanceOf( \WP_Error::class, $result, "offset $offset" );
				$this->assertSame( 'handoff_chat_bad_signature', $result->get_error_code() );
				$this->assertSame( 401, $result->get_error_data()['status'] );
				$this->assertStringContainsString( 'expired', $result->get_error_message() );
			}
		}
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_missing_or_malformed_headers_are_401(): void {
		$body    = $this->body();
		$headers = self::signed_headers( self::PATH, $body );
		foreach ( array_keys( $headers ) as $name ) {
			$partial = $headers;
			unset( $partial[ $name ] );
			$this->assertSame( 401, $this->send( $body, array( 'headers' => $partial ) )->get_status(), $name );
		}
		$this->assertSame( 401, $this->send( $body, array( 'headers' => array( 'X-Handoff-Signature' => 'zz' ) + $headers ) )->get_status() );
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_the_signature_may_be_upper_case_hex(): void {
		$body                           = $this->body();
		$headers                        = self::signed_headers( self::PATH, $body );
		$headers['X-Handoff-Signature'] = strtoupper( $headers['X-Handoff-Signature'] );
		$this->assertSame( 200, $this->send( $body, array( 'headers' => $headers ) )->get_status() );
	}

	public function test_the_path_received_is_what_is_checked_sub_folders_and_plain_permalinks_included(): void {
		// WordPress in a sub-folder: the bridge signs /blog/wp-json/…, which is what PHP receives.
		$this->assertSame( 200, $this->send( $this->body(), array( 'path' => '/blog' . self::PATH ) )->get_status() );
		// Plain permalinks: ?rest_route= is part of the signed path.
		$this->assertSame( 200, $this->send( $this->body(), array( 'path' => '/?rest_route=/handoff-chat/v1/notify' ) )->get_status() );
		// Behind a proxy that rewrites the path: this route's own URL is accepted too.
		$this->assertSame( 200, $this->send( $this->body(), array( 'request_uri' => '/internal/index.php' ) )->get_status() );
		$this->assertCount( 3, $this->mail->mails );
	}

	public function test_not_configured_is_503(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$response = $this->send( $this->body() );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_not_configured', $response->get_data()['code'] );
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_a_replayed_call_is_a_duplicate_and_sends_nothing_more(): void {
		$body    = $this->body();
		$headers = self::signed_headers( self::PATH, $body );
		$this->assertSame( 200, $this->send( $body, array( 'headers' => $headers ) )->get_status() );

		$replay = $this->send( $body, array( 'headers' => $headers ) );
		$this->assertSame( 200, $replay->get_status() );
		$this->assertSame( array( 'duplicate' => true ), $replay->get_data() );
		$this->assertCount( 1, $this->mail->mails );
	}

	public function test_a_retry_of_the_same_event_with_a_new_signature_is_a_duplicate(): void {
		$body = $this->body();
		$this->assertSame( 200, $this->send( $body, array( 'timestamp' => time() - 10 ) )->get_status() );
		// The bridge's retry: same body, new timestamp, new signature.
		$retry = $this->send( $body );
		$this->assertSame( array( 'duplicate' => true ), $retry->get_data() );
		$this->assertCount( 1, $this->mail->mails );

		// Another conversation is another event.
		$this->assertSame( 1, $this->send( $this->body() )->get_data()['sent'] );
	}

	public function test_when_every_email_fails_the_bridge_is_asked_to_retry_and_the_retry_sends(): void {
		$body               = $this->body();
		$this->mail->result = false;
		$response           = $this->send( $body, array( 'timestamp' => time() - 10 ) );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'handoff_chat_mail_failed', $response->get_data()['code'] );

		$this->mail->result = true;
		$retry              = $this->send( $body );
		$this->assertSame( 200, $retry->get_status() );
		$this->assertSame( 1, $retry->get_data()['sent'] );
	}

	/**
	 * Bodies the route must refuse.
	 *
	 * @return array<string, array{0: string}>
	 */
	public static function bad_bodies(): array {
		return array(
			'unknown type'         => array( '{"type":"closed","conversationId":"c_1","assignedAdvisorId":null,"visitorName":null,"preview":null}' ),
			'missing conversation' => array( '{"type":"escalated","assignedAdvisorId":null,"visitorName":null,"preview":null}' ),
			'bad conversation id'  => array( '{"type":"escalated","conversationId":"../x","assignedAdvisorId":null,"visitorName":null,"preview":null}' ),
			'bad advisor id'       => array( '{"type":"escalated","conversationId":"c_1","assignedAdvisorId":"admin","visitorName":null,"preview":null}' ),
			'numeric preview'      => array( '{"type":"escalated","conversationId":"c_1","assignedAdvisorId":null,"visitorName":null,"preview":12}' ),
			'a line of no kind'    => array( '{"type":"escalated","conversationId":"c_1","assignedAdvisorId":null,"visitorName":null,"preview":null,"lines":[{"kind":"video","text":"x"}]}' ),
			'numeric page URL'     => array( '{"type":"escalated","conversationId":"c_1","assignedAdvisorId":null,"visitorName":null,"preview":null,"pageUrl":12}' ),
			'a JSON string'        => array( '"escalated"' ),
			'not JSON'             => array( 'type=escalated' ),
		);
	}

	/**
	 * A bad body with a valid signature is a 400.
	 *
	 * @dataProvider bad_bodies
	 *
	 * @param string $body The raw body.
	 */
	public function test_bad_bodies_with_a_valid_signature_are_400( string $body ): void {
		$response = $this->send( $body );
		$this->assertSame( 400, $response->get_status() );
		$this->assertNotEmpty( $response->get_data()['message'] );
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_bad_bodies_without_a_valid_signature_are_401(): void {
		// The signature is checked first: an anonymous caller learns nothing from the validation.
		$response = $this->send( '{"type":"closed"}', array( 'secret' => 'OtherSecret0123456789abcdefghijklmnopqrs' ) );
		$this->assertSame( 401, $response->get_status() );
	}

	public function test_an_unassigned_escalation_emails_every_advisor(): void {
		$other = $this->create_user( 'administrator' );
		$this->send( $this->body( array( 'assignedAdvisorId' => null ) ) );

		$to = $this->mail->recipients();
		$this->assertContains( $this->advisor->user_email, $to );
		$this->assertContains( $other->user_email, $to );
	}

	/**
	 * An `email-reply` as the bridge sends it.
	 *
	 * @param array $overrides Fields to change.
	 */
	private static function reply_body( array $overrides = array() ): string {
		return (string) wp_json_encode(
			$overrides + array(
				'type'           => 'email-reply',
				'conversationId' => 'c_0123456789abcdef0123456789abcdef',
				'messageId'      => 'm_' . bin2hex( random_bytes( 16 ) ),
				'to'             => 'lea@example.fr',
				'locale'         => 'fr_FR',
				'advisorName'    => 'Anna',
				'text'           => 'Yes, in two days.',
				'imageUrl'       => null,
				'pageUrl'        => 'https://elsewhere.example/contact/',
				'pageTitle'      => 'Contact',
				'resumeToken'    => 'hcr1.eyJzIjoic2l0ZSJ9.c2lnbmF0dXJl',
				'siteName'       => 'Shop',
			),
			JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
		);
	}

	public function test_an_email_reply_is_emailed_to_the_visitor_once_per_message(): void {
		$body     = self::reply_body();
		$response = $this->send( $body );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame(
			array(
				'duplicate' => false,
				'sent'      => 1,
				'failed'    => 0,
			),
			$response->get_data()
		);
		$this->assertSame( array( 'lea@example.fr' ), $this->mail->recipients() );
		$this->assertStringContainsString( "> Yes, in two days.\n", $this->mail->mails[0]['message'] );
		// Not this site's page: the link opens the home page.
		$this->assertStringContainsString( home_url( '/' ) . '#handoff-chat-resume=hcr1.eyJzIjoic2l0ZSJ9.c2lnbmF0dXJl', $this->mail->mails[0]['message'] );

		// The bridge's retry of the same message sends nothing more; the next reply is another email.
		$this->assertSame( array( 'duplicate' => true ), $this->send( $body )->get_data() );
		$this->assertSame( 1, $this->send( self::reply_body() )->get_data()['sent'] );
		$this->assertCount( 2, $this->mail->mails );
	}

	public function test_a_bad_email_reply_is_400_and_sends_nothing(): void {
		foreach ( array(
			array( 'to' => 'not an email' ),
			array( 'resumeToken' => 'eyJ.forged' ),
			array( 'locale' => '../../etc' ),
			array( 'messageId' => '' ),
		) as $bad ) {
			$response = $this->send( self::reply_body( $bad ) );
			$this->assertSame( 400, $response->get_status(), wp_json_encode( $bad ) );
		}
		$body = json_decode( self::reply_body(), true );
		unset( $body['resumeToken'] );
		$this->assertSame( 400, $this->send( (string) wp_json_encode( $body ) )->get_status() );
		$this->assertSame( array(), $this->mail->mails );
	}
}
