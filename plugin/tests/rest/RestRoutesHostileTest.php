<?php
/**
 * Every REST route of the plugin called by the threat model's attackers.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Capabilities;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\Notifications\Mail_Catcher;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';
require_once dirname( __DIR__ ) . '/notifications/MailCatcher.php';

/**
 * Every REST route the plugin registers under its namespace (read from WordPress's REST
 * server, not listed by hand) called by each attacker of the threat model (README,
 * "Security"): logged out, a subscriber, an advisor without `manage`, an editor, and a
 * caller signing as another site. ROUTES says who each route is for; a route missing from
 * it fails, so a new route must be given its rule here. The unprivileged get 401 (logged
 * out) or 403 `rest_forbidden`, the bridge's signed callback 401 for a foreign signature;
 * nothing reaches the bridge, no mail leaves, no user is created.
 *
 * @group hostile
 */
final class RestRoutesHostileTest extends TestCase {

	private const NS = '/handoff-chat/v1';

	/**
	 * "METHOD route pattern" → who may call it: a capability, or `public` with the reason and
	 * what checks the caller instead (the route's own permission callback).
	 */
	private const ROUTES = array(
		'GET /handoff-chat/v1'                            => array( 'public' => 'WordPress\'s namespace index: the route list, no data' ),
		'POST /handoff-chat/v1/advisor-token'             => array( 'capability' => Capabilities::ANSWER ),
		'GET /handoff-chat/v1/flows'                      => array( 'capability' => 'edit_posts' ),
		'POST /handoff-chat/v1/notify'                    => array( 'public' => 'the bridge has no WordPress session: an HMAC signature of the site secret is checked instead' ),
		'POST /handoff-chat/v1/advisors/sync'             => array( 'capability' => Capabilities::MANAGE ),
		'POST /handoff-chat/v1/advisors'                  => array( 'capability' => Capabilities::MANAGE ),
		'DELETE /handoff-chat/v1/advisors/(?P<id>[1-9][0-9]{0,19})' => array( 'capability' => Capabilities::MANAGE ),
		'PUT /handoff-chat/v1/advisors/(?P<id>[1-9][0-9]{0,19})/avatar' => array( 'capability' => Capabilities::MANAGE ),
		'GET /handoff-chat/v1/connection-checks/(?P<test>config|bridge|websocket|notify)' => array( 'capability' => Capabilities::MANAGE ),
		'GET /handoff-chat/v1/site-health/(?P<test>config|bridge|websocket|notify)' => array( 'capability' => Capabilities::MANAGE ),
		'POST /handoff-chat/v1/connection-checks/browser' => array( 'capability' => Capabilities::MANAGE ),
		'POST /handoff-chat/v1/checklist'                 => array( 'capability' => Capabilities::MANAGE ),
		'GET /handoff-chat/v1/customers/(?P<id>[1-9][0-9]{0,19})/shop' => array( 'capability' => Capabilities::ANSWER ),
	);

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	/**
	 * The emails wp_mail() was asked to send.
	 *
	 * @var Mail_Catcher
	 */
	private Mail_Catcher $mail;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		$this->mail   = new Mail_Catcher();
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		$this->mail->remove();
		parent::tearDown();
	}

	/**
	 * The plugin's routes as WordPress's REST server has them.
	 *
	 * @return array<string, array<string, mixed>> "METHOD pattern" → the route's handler.
	 */
	private static function registered(): array {
		$found = array();
		foreach ( rest_get_server()->get_routes( 'handoff-chat/v1' ) as $pattern => $handlers ) {
			foreach ( $handlers as $handler ) {
				foreach ( array_keys( array_filter( $handler['methods'] ) ) as $method ) {
					$found[ $method . ' ' . $pattern ] = $handler;
				}
			}
		}
		return $found;
	}

	public function test_every_registered_route_has_a_rule_and_every_rule_a_route(): void {
		$registered = array_keys( self::registered() );
		$this->assertGreaterThanOrEqual( 8, count( $registered ) );
		// A new route must be added to ROUTES with who may call it: "new route without a permission check".
		$this->assertSame( array(), array_values( array_diff( $registered, array_keys( self::ROUTES ) ) ) );
		$this->assertSame( array(), array_values( array_diff( array_keys( self::ROUTES ), $registered ) ) );
	}

	public function test_only_routes_public_by_rule_skip_a_permission_check(): void {
		foreach ( self::registered() as $route => $handler ) {
			$callback = $handler['permission_callback'] ?? null;
			$open     = null === $callback || '__return_true' === $callback;
			if ( isset( self::ROUTES[ $route ]['public'] ) && str_starts_with( $route, 'GET ' ) ) {
				continue;
			}
			// Writes, and reads not public by rule, have a real check (notify: the signature's).
			$this->assertFalse( $open, "$route has no permission check" );
			$this->assertIsArray( $callback, $route );
		}
	}

	/**
	 * The attackers of the threat model.
	 *
	 * @return array<string, array{0: string}> The attackers, by name.
	 */
	public static function attackers(): array {
		return array(
			'logged out'                 => array( 'anonymous' ),
			'subscriber'                 => array( 'subscriber' ),
			'advisor without manage'     => array( Capabilities::ROLE ),
			'editor'                     => array( 'editor' ),
			'signed as another site'     => array( 'other-site' ),
			'signed with a wrong secret' => array( 'wrong-secret' ),
		);
	}

	/**
	 * Every route refuses each attacker, and nothing happens.
	 *
	 * @dataProvider attackers
	 *
	 * @param string $who A role, or how an anonymous caller signs.
	 */
	public function test_every_route_refuses_an_unprivileged_caller_and_does_nothing( string $who ): void {
		$target = $this->create_user( Capabilities::ROLE );
		if ( in_array( $who, array( 'subscriber', 'editor', Capabilities::ROLE ), true ) ) {
			wp_set_current_user( $this->create_user( $who )->ID );
		}
		$users_before = count_users()['total_users'];
		$checked      = 0;

		foreach ( self::registered() as $route => $handler ) {
			$rule                     = self::ROUTES[ $route ];
			list( $method, $pattern ) = explode( ' ', $route, 2 );
			if ( isset( $rule['public'] ) && 'GET' === $method ) {
				continue;
			}
			$allowed = isset( $rule['capability'] ) && user_can( get_current_user_id(), $rule['capability'] );
			if ( $allowed ) {
				// e.g. an editor reads the flows for the block editor, an advisor mints their own token.
				continue;
			}
			$path    = str_replace( '(?P<id>[1-9][0-9]{0,19})', (string) $target->ID, $pattern );
			$path    = (string) preg_replace( '/\(\?P<test>[^)]*\)/', 'notify', $path );
			$request = new \WP_REST_Request( $method, $path );
			$body    = (string) wp_json_encode(
				array(
					'email'          => 'mallory@example.com',
					'attachmentId'   => null,
					'type'           => 'assigned',
					'conversationId' => 'c_1',
					'dismissed'      => true,
				)
			);
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( $body );
			if ( in_array( $who, array( 'other-site', 'wrong-secret' ), true ) ) {
				$timestamp = (string) time();
				$signed    = $method . "\n" . $path . "\n" . $timestamp . "\n" . hash( 'sha256', $body );
				$request->set_header( 'X-Handoff-Site', 'other-site' === $who ? 'another_site' : self::SITE_ID );
				$request->set_header( 'X-Handoff-Timestamp', $timestamp );
				$request->set_header( 'X-Handoff-Signature', hash_hmac( 'sha256', $signed, 'AnotherSecret0123456789abcdefghijklmnopqr' ) );
			}
			$_SERVER['REQUEST_URI'] = '/wp-json' . $path;

			$response = rest_do_request( $request );
			$data     = $response->get_data();
			$status   = $response->get_status();
			if ( isset( $rule['public'] ) ) {
				$this->assertSame( 401, $status, "$route as $who" );
				$this->assertSame( 'handoff_chat_bad_signature', $data['code'] ?? null, "$route as $who" );
			} else {
				$this->assertSame( is_user_logged_in() ? 403 : 401, $status, "$route as $who" );
				$this->assertSame( 'rest_forbidden', $data['code'] ?? null, "$route as $who" );
			}
			$this->assertSame( array( 'code', 'message', 'data' ), array_keys( $data ), "$route as $who: an error, nothing else" );
			++$checked;
		}

		$this->assertGreaterThanOrEqual( 5, $checked );
		$this->assertSame( array(), $this->bridge->requests, 'nothing reached the bridge' );
		$this->assertSame( array(), $this->mail->mails, 'no mail left' );
		$this->assertSame( $users_before, count_users()['total_users'], 'no user created' );
		$this->assertFalse( get_user_by( 'email', 'mallory@example.com' ) );
		$this->assertTrue( user_can( $target->ID, Capabilities::ANSWER ), 'the advisor is still one' );
	}
}
