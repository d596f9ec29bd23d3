<?php
/**
 * Tests of Customer_Identity: the signed identity the widget fetches for a logged-in visitor.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Blocks;

use HandoffChat\Blocks\Customer_Identity;
use HandoffChat\Tests\TestCase;

/** The admin-ajax answer, checked as the bridge verifies it (bridge-server/src/auth/identity.ts). */
final class CustomerIdentityTest extends TestCase {

	/**
	 * The JSON wp_send_json() printed before wp_die().
	 *
	 * @var string|null
	 */
	private ?string $sent = null;

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'wp_doing_ajax', '__return_true' );
		add_filter( 'wp_die_ajax_handler', array( $this, 'die_handler' ) );
	}

	protected function tearDown(): void {
		remove_filter( 'wp_doing_ajax', '__return_true' );
		remove_filter( 'wp_die_ajax_handler', array( $this, 'die_handler' ) );
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/** Filter wp_die_ajax_handler: the answer ends the request; stop there instead. */
	public function die_handler(): callable {
		return static function () {
			throw new \RuntimeException( 'die' );
		};
	}

	/** What the registered ajax action answers for the current user. */
	private function ajax(): array {
		$action = is_user_logged_in() ? 'wp_ajax_handoff_chat_identity' : 'wp_ajax_nopriv_handoff_chat_identity';
		$this->assertNotFalse( has_action( $action ), "{$action} is registered." );
		ob_start();
		try {
			do_action( $action ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.DynamicHooknameFound -- the plugin's own wp_ajax_ hooks.
			$this->fail( 'The answer ends the request.' );
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'die', $e->getMessage() );
		} finally {
			$this->sent = (string) ob_get_clean();
		}
		return json_decode( $this->sent, true );
	}

	public function test_a_logged_in_user_gets_a_short_single_use_identity_with_their_name_and_email(): void {
		$user = $this->create_user(
			'subscriber',
			array(
				'display_name' => 'Camille Martin',
				'user_email'   => 'camille@example.com',
			)
		);
		wp_set_current_user( $user->ID );
		$before = time();
		$body   = $this->ajax();
		$jwt    = self::decode_jwt( $body['token'] );
		$claims = $jwt['payload'];

		$this->assertSame( 'HS256', $jwt['header']['alg'] );
		$this->assertTrue( self::jwt_signature_valid( $body['token'], self::SECRET ) );
		$this->assertFalse( self::jwt_signature_valid( $body['token'], self::SECRET . 'x' ) );
		$this->assertSame( 'wordpress', $claims['iss'] ); // phpcs:ignore WordPress.WP.CapitalPDangit.Misspelled -- the issuer claim.
		$this->assertSame( 'handoff-chat:identity', $claims['aud'] );
		$this->assertSame( (string) $user->ID, $claims['sub'] );
		$this->assertSame( self::SITE_ID, $claims['site'] );
		$this->assertSame( 'Camille Martin', $claims['name'] );
		$this->assertSame( 'camille@example.com', $claims['email'] );
		$this->assertGreaterThanOrEqual( $before, $claims['iat'] );
		$this->assertLessThanOrEqual( 300, $claims['exp'] - $claims['iat'], 'At most five minutes.' );
		$this->assertGreaterThan( $claims['iat'], $claims['exp'] );
		$this->assertSame( $claims['exp'], $body['expiresAt'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $claims['jti'] );
		// A fresh jti each time: the bridge accepts each identity once.
		$again = self::decode_jwt( $this->ajax()['token'] )['payload'];
		$this->assertNotSame( $claims['jti'], $again['jti'] );
	}

	public function test_a_logged_out_visitor_gets_none(): void {
		$this->create_user( 'subscriber' );
		wp_set_current_user( 0 );
		$this->assertSame( array( 'token' => null ), $this->ajax() );
		$this->assertStringNotContainsString( '@', (string) $this->sent );
	}

	public function test_the_answer_is_never_stored_by_browsers_or_proxies(): void {
		$headers = Customer_Identity::headers();
		$this->assertStringContainsString( 'no-store', $headers['Cache-Control'] );
		$this->assertStringContainsString( 'private', $headers['Cache-Control'] );
		$this->assertSame( 'Cookie', $headers['Vary'] );
	}

	public function test_the_widget_finds_it_at_a_url_without_user_data(): void {
		$this->assertSame( admin_url( 'admin-ajax.php?action=handoff_chat_identity' ), Customer_Identity::url() );
	}
}
