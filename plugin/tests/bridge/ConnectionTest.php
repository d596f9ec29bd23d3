<?php
/**
 * Tests of connecting with a code, rotating the secret and sending the site's address.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Connection;
use HandoffChat\Bridge\Connection_Code;
use HandoffChat\Bridge\Request_Signer;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/FakeBridge.php';

/**
 * Connection against a bridge that checks signatures the way the real one does
 * (bridge-server/src/routes/connect.ts); the fixed vector below is also asserted by the
 * bridge's tests (connect.test.ts), so both sides implement the same format.
 */
final class ConnectionTest extends TestCase {

	/** Built by the bridge's formatCode() for the URL, id and secret below. */
	private const CODE       = 'hc1_d1t78w3k78qjyrv8c5t2wsbrc5pq0v355shpyv9t70t38csfc9s6js37cm_abcdefgh12_0123456789abcdefghjkmnpqrs_bd5d';
	private const CODE_URL   = 'https://chat.example.com:8443/bridge';
	private const CODE_ID    = 'abcdefgh12';
	private const CODE_KEY   = '8544a381255545834725e07a1f2650e7fefe9832f83a6bbdff2e1c4fc049cfc8';
	private const NEW_SECRET = 'abababababababababababababababababababababababababababababababab';

	/**
	 * The bridge of the code (CODE_URL).
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::CODE_URL );
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		parent::tearDown();
	}

	/**
	 * What the bridge does with an exchange: checks the signature with the code's key, answers signed.
	 *
	 * @param array $answer [status, body] when the signature is right.
	 * @return callable
	 */
	private function bridge_answer( array $answer ): callable {
		return function ( array $request ) use ( $answer ) {
			$headers   = $request['headers'];
			$signature = $headers['X-Handoff-Signature'] ?? '';
			$expected  = hash_hmac(
				'sha256',
				"POST\n/v1/connect\n" . ( $headers['X-Handoff-Timestamp'] ?? '' ) . "\n" . hash( 'sha256', $request['body'] ),
				self::CODE_KEY
			);
			if ( ! hash_equals( $expected, $signature ) ) {
				return array(
					401,
					array(
						'error' => array(
							'code'    => 'connect_signature_invalid',
							'message' => 'x',
						),
					),
				);
			}
			$body = (string) wp_json_encode( $answer[1] );
			return array( $answer[0], $body, array( 'x-handoff-signature' => Connection_Code::response_signature( self::CODE_KEY, $signature, $body ) ) );
		};
	}

	private function stored(): array {
		return array(
			get_option( Settings::OPTION_BRIDGE_URL ),
			get_option( Settings::OPTION_SITE_ID ),
			get_option( Settings::OPTION_SITE_SECRET ),
		);
	}

	public function test_the_code_format_matches_the_bridge_vector(): void {
		$code = Connection_Code::parse( self::CODE );
		$this->assertNotNull( $code );
		$this->assertSame( self::CODE_URL, $code->bridge_url );
		$this->assertSame( self::CODE_ID, $code->id );
		$this->assertSame( self::CODE_KEY, $code->key() );
		// The bridge's signResponse() for its vector request and answer.
		$this->assertSame(
			'518ce00a786792db2e3b404231adf54e81dd72ace1f90c968158ff33ffd85f01',
			Connection_Code::response_signature(
				self::CODE_KEY,
				'49634cc01b1cd296b667b86dae0f00fa9f287f0f73f3d0e6e0e729c17da82dd0',
				'{"siteId":"site_0011223344556677","name":"Shop","url":"https://shop.example.com","secret":"' . self::NEW_SECRET . '"}'
			)
		);
	}

	public function test_a_sloppy_paste_reads_the_same_and_a_typo_is_refused(): void {
		$sloppy = "  \n" . strtoupper( substr( self::CODE, 0, 30 ) ) . "\n " . substr( self::CODE, 30 ) . ' ';
		$this->assertSame( self::CODE_KEY, Connection_Code::parse( $sloppy )->key() );
		// Crockford look-alikes: O for 0, I and L for 1.
		$this->assertSame( self::CODE_KEY, Connection_Code::parse( str_replace( '_0123', '_O123', self::CODE ) )->key() );
		$this->assertSame( self::CODE_KEY, Connection_Code::parse( str_replace( 'h12_', 'hI2_', self::CODE ) )->key() );
		$this->assertNull( Connection_Code::parse( str_replace( 'abcdefgh12', 'abcdefgh13', self::CODE ) ) );
		$this->assertNull( Connection_Code::parse( substr( self::CODE, 0, -1 ) ) );
		$this->assertNull( Connection_Code::parse( self::SECRET ) );
	}

	public function test_connect_exchanges_the_code_and_stores_what_the_bridge_signed(): void {
		self::set_option_raw( Settings::OPTION_BRIDGE_URL, '' );
		self::set_option_raw( Settings::OPTION_SITE_ID, '' );
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$this->bridge->on(
			'POST',
			'/v1/connect',
			$this->bridge_answer(
				array(
					200,
					array(
						'siteId' => 'site_0011223344556677',
						'name'   => 'Shop',
						'url'    => home_url(),
						'secret' => self::NEW_SECRET,
					),
				)
			)
		);

		$result = ( new Connection() )->connect( ' ' . self::CODE . "\n" );

		$this->assertSame(
			array(
				'site_id'    => 'site_0011223344556677',
				'bridge_url' => self::CODE_URL,
				'name'       => 'Shop',
			),
			$result
		);
		$this->assertSame( array( self::CODE_URL, 'site_0011223344556677', self::NEW_SECRET ), $this->stored() );
		$request = $this->bridge->requests[0];
		$this->assertSame( self::CODE_URL . '/v1/connect', $request['url'] );
		$this->assertSame(
			array(
				'code'   => self::CODE_ID,
				'url'    => untrailingslashit( home_url() ),
				'locale' => get_locale(),
			),
			json_decode( $request['body'], true )
		);
		// Only the code's id travels: neither its secret part nor the whole code.
		$sent = wp_json_encode( $request );
		$this->assertStringNotContainsString( '0123456789abcdefghjkmnpqrs', $sent );
		$this->assertArrayNotHasKey( Request_Signer::SITE_HEADER, $request['headers'] );
	}

	/**
	 * The bridge's refusals: HTTP status, error code, the start of WordPress's message.
	 *
	 * @return array<string, array{0: int, 1: string, 2: string}>
	 */
	public function bridge_refusals(): array {
		return array(
			'unknown'  => array( 404, 'connect_code_unknown', 'The bridge does not know this connection code.' ),
			'expired'  => array( 410, 'connect_code_expired', 'This connection code has expired.' ),
			'used'     => array( 409, 'connect_code_used', 'This connection code has already been used' ),
			'tampered' => array( 401, 'connect_signature_invalid', 'The bridge did not accept this code\'s signature.' ),
			'replayed' => array( 401, 'connect_request_expired', 'The bridge refused the request as too old.' ),
			'too many' => array( 429, 'rate_limited', 'Too many connection attempts from this server.' ),
		);
	}

	/**
	 * Each refusal of the bridge, in the site's words; the settings stay as they were.
	 *
	 * @dataProvider bridge_refusals
	 *
	 * @param int    $status  The bridge's HTTP status.
	 * @param string $code    Its error code.
	 * @param string $message The start of WordPress's message.
	 */
	public function test_each_refusal_has_its_own_message_and_nothing_is_stored( int $status, string $code, string $message ): void {
		$before = $this->stored();
		$this->bridge->on(
			'POST',
			'/v1/connect',
			array(
				$status,
				array(
					'error' => array(
						'code'    => $code,
						'message' => 'English text',
					),
				),
			)
		);

		$result = ( new Connection() )->connect( self::CODE );

		$this->assertWPError( $result );
		$this->assertSame( 'handoff_chat_' . $code, $result->get_error_code() );
		$this->assertStringStartsWith( $message, $result->get_error_message() );
		$this->assertSame( $before, $this->stored() );
	}

	public function test_an_answer_not_signed_with_the_code_key_is_not_stored(): void {
		$before = $this->stored();
		$this->bridge->on(
			'POST',
			'/v1/connect',
			array(
				200,
				array(
					'siteId' => 'site_evil',
					'secret' => self::NEW_SECRET,
				),
				array( 'x-handoff-signature' => str_repeat( '0', 64 ) ),
			)
		);
		$result = ( new Connection() )->connect( self::CODE );
		$this->assertWPError( $result );
		$this->assertSame( 'handoff_chat_bridge_unsigned', $result->get_error_code() );
		$this->assertSame( $before, $this->stored() );
	}

	public function test_a_malformed_code_is_refused_before_anything_is_sent(): void {
		$before = $this->stored();
		$result = ( new Connection() )->connect( 'site_1234 secret' );
		$this->assertWPError( $result );
		$this->assertSame( 'handoff_chat_code_malformed', $result->get_error_code() );
		$this->assertSame( array(), $this->bridge->requests );
		$this->assertSame( $before, $this->stored() );
	}

	public function test_rotate_secret_stores_the_new_secret_only_from_an_answer_signed_with_the_old_one(): void {
		$this->bridge->remove();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		$good         = true;
		$this->bridge->on(
			'POST',
			'/v1/site/secret',
			function ( array $request ) use ( &$good ) {
				$signature = $request['headers']['X-Handoff-Signature'];
				$expected  = hash_hmac( 'sha256', "POST\n/v1/site/secret\n" . $request['headers']['X-Handoff-Timestamp'] . "\n" . hash( 'sha256', '' ), self::SECRET );
				if ( ! hash_equals( $expected, $signature ) || self::SITE_ID !== $request['headers']['X-Handoff-Site'] ) {
					return array(
						401,
						array(
							'error' => array(
								'code'    => 'unauthorized',
								'message' => 'x',
							),
						),
					);
				}
				$body = (string) wp_json_encode(
					array(
						'siteId' => self::SITE_ID,
						'secret' => self::NEW_SECRET,
					)
				);
				return array( 200, $body, array( 'x-handoff-signature' => Connection_Code::response_signature( $good ? self::SECRET : 'another', $signature, $body ) ) );
			}
		);

		$good = false;
		$this->assertSame( 'handoff_chat_bridge_unsigned', ( new Connection() )->rotate_secret()->get_error_code() );
		$this->assertSame( self::SECRET, Settings::get_site_secret() );

		$good = true;
		$this->assertTrue( ( new Connection() )->rotate_secret() );
		$this->assertSame( self::NEW_SECRET, Settings::get_site_secret() );
	}

	public function test_update_site_url_sends_home_url_signed_and_status_reads_the_bridge(): void {
		$this->bridge->remove();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
		$this->bridge
			->on(
				'PUT',
				'/v1/site',
				fn( array $request ) => array(
					200,
					array(
						'siteId' => self::SITE_ID,
						'name'   => 'Shop',
						'url'    => json_decode( $request['body'], true )['url'],
					),
				)
			)
			->site( self::SITE_ID, 'Shop', 'https://shop.example.com' );

		$answer = ( new Connection() )->update_site_url();
		$this->assertSame( untrailingslashit( home_url() ), $answer['url'] );
		$this->assertSame( 'PUT', $this->bridge->requests[0]['method'] );
		$this->assertArrayHasKey( 'X-Handoff-Signature', $this->bridge->requests[0]['headers'] );

		$status = ( new Connection() )->status();
		$this->assertTrue( $status['configured'] );
		$this->assertFalse( $status['locked'] );
		$this->assertSame( self::SITE_ID, $status['site_id'] );
		$this->assertSame( 'https://shop.example.com', $status['bridge']['url'] );
	}

	/**
	 * Asserts a WP_Error.
	 *
	 * @param mixed $actual The value.
	 */
	private function assertWPError( $actual ): void {
		$this->assertInstanceOf( \WP_Error::class, $actual );
	}
}
