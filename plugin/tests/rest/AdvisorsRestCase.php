<?php
/**
 * What the tests of the Advisors routes share.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Tests\Advisors\Image_Fixture;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\Notifications\Mail_Catcher;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';
require_once dirname( __DIR__ ) . '/notifications/MailCatcher.php';
require_once dirname( __DIR__ ) . '/advisors/ImageFixture.php';

/**
 * Calls through rest_do_request(), on a fake bridge that answers every single-user sync
 * with the record it would keep, wp_mail() caught, and real images in the media library.
 */
abstract class Advisors_Rest_Case extends TestCase {

	protected const NS = '/handoff-chat/v1';

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	protected Fake_Bridge $bridge;

	/**
	 * The emails wp_mail() was asked to send.
	 *
	 * @var Mail_Catcher
	 */
	protected Mail_Catcher $mail;

	/**
	 * Images added to the media library for this test.
	 *
	 * @var Image_Fixture
	 */
	protected Image_Fixture $images;

	/**
	 * Emails of users the invitations may have created, deleted afterwards.
	 *
	 * @var string[]
	 */
	private array $invited = array();

	protected function setUp(): void {
		parent::setUp();
		$this->mail   = new Mail_Catcher();
		$this->images = new Image_Fixture();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		$this->bridge->match(
			'PUT',
			'#^/v1/advisors/\d+$#',
			static fn ( array $sent ) => array(
				200,
				array(
					'advisor'  => self::record( substr( $sent['path'], strlen( '/v1/advisors/' ) ), json_decode( $sent['body'], true ) ),
					'licences' => array(
						'granted' => 0,
						'quota'   => 5,
					),
				),
			)
		);
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		$this->mail->remove();
		$this->images->remove();
		foreach ( $this->invited as $email ) {
			$user = get_user_by( 'email', $email );
			if ( $user ) {
				wp_delete_user( $user->ID );
			}
		}
		parent::tearDown();
	}

	/**
	 * The AdvisorRecord the bridge keeps after a single-user sync.
	 *
	 * @param string $id   WordPress user id.
	 * @param array  $body The single-user sync body.
	 */
	protected static function record( string $id, array $body ): array {
		return array(
			'id'                   => $id,
			'name'                 => $body['displayName'],
			'displayName'          => $body['displayName'],
			'visibleName'          => null,
			'email'                => $body['email'],
			'avatar'               => $body['avatar'],
			'canAnswer'            => $body['canAnswer'],
			'licensed'             => false,
			'showBotConversations' => true,
			'pages'                => array( 'mode' => 'all' ),
			'capacity'             => null,
			'lastActiveAt'         => null,
			'messageCount'         => 0,
		);
	}

	protected function call( string $method, string $route, ?array $body = null ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, self::NS . $route );
		if ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		return rest_do_request( $request );
	}

	protected function as_manager(): \WP_User {
		$admin = $this->create_user( 'administrator', array( 'display_name' => 'Mia Manager' ) );
		wp_set_current_user( $admin->ID );
		return $admin;
	}

	protected function invite( string $email, ?string $name = null ): \WP_REST_Response {
		$this->invited[] = $email;
		return $this->call( 'POST', '/advisors', array( 'email' => $email ) + ( null === $name ? array() : array( 'name' => $name ) ) );
	}

	/**
	 * The single-user syncs sent, each checked for its signature.
	 *
	 * @return list<array{path: string, body: array}>
	 */
	protected function singles(): array {
		$singles = array();
		foreach ( $this->bridge->requests as $sent ) {
			if ( 'PUT' === $sent['method'] && preg_match( '#^/v1/advisors/\d+$#', $sent['path'] ) ) {
				$this->assertSame( self::SITE_ID, $sent['headers']['X-Handoff-Site'] );
				$this->assertSame(
					hash_hmac( 'sha256', "PUT\n" . $sent['path'] . "\n" . $sent['headers']['X-Handoff-Timestamp'] . "\n" . hash( 'sha256', $sent['body'] ), self::SECRET ),
					$sent['headers']['X-Handoff-Signature']
				);
				$singles[] = array(
					'path' => $sent['path'],
					'body' => json_decode( $sent['body'], true ),
				);
			}
		}
		return $singles;
	}
}
