<?php
/**
 * Tests of the personal-data exporter and eraser.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Privacy;

use HandoffChat\Bridge\Request_Signer;
use HandoffChat\Privacy\Personal_Data;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';

/** Tools → Export / Erase Personal Data reach the bridge through signed calls, page by page. */
final class PersonalDataTest extends TestCase {

	/**
	 * The bridge WordPress talks to in this test.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		parent::tearDown();
	}

	/**
	 * The exporter or eraser WordPress's privacy tools run.
	 *
	 * @param string $filter wp_privacy_personal_data_exporters or wp_privacy_personal_data_erasers.
	 */
	private static function privacy_callback( string $filter ): callable {
		$list = apply_filters( $filter, array() ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.DynamicHooknameFound -- WordPress's own filters.
		self::assertArrayHasKey( Personal_Data::ID, $list );
		return $list[ Personal_Data::ID ]['callback'];
	}

	/**
	 * Whether a recorded request carries a valid signature of its method, path and body.
	 *
	 * @param array $request As Fake_Bridge recorded it.
	 */
	private function assert_signed( array $request ): void {
		$expected = Request_Signer::for_site()->sign( $request['method'], $request['path'], $request['body'], (int) $request['headers']['X-Handoff-Timestamp'] );
		$this->assertSame( $expected['X-Handoff-Signature'], $request['headers']['X-Handoff-Signature'] );
	}

	public function test_exports_the_chat_of_the_email_page_by_page(): void {
		$this->bridge->on(
			'POST',
			'/v1/privacy/export',
			static function ( array $request ) {
				$body = json_decode( $request['body'], true );
				if ( 2 === $body['page'] ) {
					return array(
						200,
						array(
							'visitors'      => array(),
							'conversations' => array(),
							'done'          => true,
						),
					);
				}
				return array(
					200,
					array(
						'visitors'      => array(
							array(
								'id'         => 'v_1',
								'createdAt'  => '2026-12-01T10:00:00.000Z',
								'lastSeenAt' => '2026-12-02T10:00:00.000Z',
								'userAgent'  => 'Firefox',
								'variables'  => array(
									array(
										'name'      => 'EMAIL',
										'value'     => 'jane@example.com',
										'updatedAt' => '2026-12-01T10:01:00.000Z',
									),
								),
							),
						),
						'conversations' => array(
							array(
								'id'        => 'c_1',
								'visitorId' => 'v_1',
								'state'     => 'closed',
								'pageUrl'   => 'https://shop.example/cart',
								'createdAt' => '2026-12-01T10:00:00.000Z',
								'messages'  => array(
									array(
										'seq'       => 1,
										'kind'      => 'text',
										'author'    => array(
											'type' => 'visitor',
											'name' => null,
										),
										'text'      => 'My <b>parcel</b> is lost',
										'createdAt' => '2026-12-01T10:00:01.000Z',
									),
									array(
										'seq'       => 2,
										'kind'      => 'note',
										'author'    => array(
											'type' => 'advisor',
											'name' => 'Anna',
										),
										'text'      => 'Refund her',
										'createdAt' => '2026-12-01T10:00:02.000Z',
									),
								),
								'uploads'   => array(
									array(
										'id'  => 'abc',
										'url' => '/v1/uploads/abc',
									),
								),
							),
						),
						'done'          => false,
					),
				);
			}
		);
		$export = self::privacy_callback( 'wp_privacy_personal_data_exporters' );

		$first = $export( 'jane@example.com', 1 );
		$this->assertFalse( $first['done'] );
		$this->assertCount( 2, $first['data'] );
		list( $visitor, $conversation ) = $first['data'];
		$this->assertSame( 'handoff-chat-visitors', $visitor['group_id'] );
		$this->assertContains(
			array(
				'name'  => 'EMAIL',
				'value' => 'jane@example.com',
			),
			$visitor['data']
		);
		$this->assertSame( 'handoff-chat-conversation-c_1', $conversation['item_id'] );
		$values = array_column( $conversation['data'], 'value', 'name' );
		// Each message on its line, the visitor's text escaped, the note marked as such.
		$this->assertSame(
			'[2026-12-01T10:00:01.000Z] Visitor: My &lt;b&gt;parcel&lt;/b&gt; is lost<br>[2026-12-01T10:00:02.000Z] Anna (private note): Refund her',
			$values['Messages']
		);
		$this->assertSame( self::BRIDGE_URL . '/v1/uploads/abc', $values['Image'] );
		$this->assertSame( 'https://shop.example/cart', $values['Page'] );

		$this->assertTrue( $export( 'jane@example.com', 2 )['done'] );
		$this->assertCount( 2, $this->bridge->requests );
		$this->assertSame(
			array(
				'email' => 'jane@example.com',
				'page'  => 1,
			),
			json_decode( $this->bridge->requests[0]['body'], true )
		);
		$this->assert_signed( $this->bridge->requests[0] );
	}

	public function test_erases_batch_by_batch_until_the_bridge_is_done(): void {
		$calls = 0;
		$this->bridge->on(
			'POST',
			'/v1/privacy/erase',
			static function () use ( &$calls ) {
				++$calls;
				return array(
					200,
					array(
						'removed' => array(
							'visitors'      => 2 === $calls ? 1 : 0,
							'conversations' => 1 === $calls ? 10 : 2,
							'messages'      => 40,
							'variables'     => 2 === $calls ? 3 : 0,
							'uploads'       => 1,
						),
						'done'    => 2 === $calls,
					),
				);
			}
		);
		$erase = self::privacy_callback( 'wp_privacy_personal_data_erasers' );

		$first = $erase( 'jane@example.com', 1 );
		$this->assertSame(
			array(
				'items_removed'  => true,
				'items_retained' => false,
				'messages'       => array( '10 chat conversations deleted, with their messages and images.' ),
				'done'           => false,
			),
			$first
		);
		$this->assertTrue( $erase( 'jane@example.com', 2 )['done'] );
		$this->assertSame( array( 'email' => 'jane@example.com' ), json_decode( $this->bridge->requests[0]['body'], true ) );
		$this->assert_signed( $this->bridge->requests[1] );
	}

	public function test_nothing_found_removes_nothing(): void {
		$this->bridge->on(
			'POST',
			'/v1/privacy/erase',
			array(
				200,
				array(
					'removed' => array(
						'visitors'      => 0,
						'conversations' => 0,
						'messages'      => 0,
						'variables'     => 0,
						'uploads'       => 0,
					),
					'done'    => true,
				),
			)
		);
		$answer = self::privacy_callback( 'wp_privacy_personal_data_erasers' )( 'nobody@example.com', 1 );
		$this->assertFalse( $answer['items_removed'] );
		$this->assertSame( array(), $answer['messages'] );
		$this->assertTrue( $answer['done'] );
	}

	public function test_a_bridge_failure_fails_the_request_instead_of_reporting_it_done(): void {
		$this->bridge->on( 'POST', '/v1/privacy/export', new \WP_Error( 'http_request_failed', 'Connection refused' ) );
		$this->bridge->on(
			'POST',
			'/v1/privacy/erase',
			array(
				500,
				array(
					'error' => array(
						'code'    => 'internal',
						'message' => 'Boom',
					),
				),
			)
		);
		$export = self::privacy_callback( 'wp_privacy_personal_data_exporters' )( 'jane@example.com', 1 );
		$erase  = self::privacy_callback( 'wp_privacy_personal_data_erasers' )( 'jane@example.com', 1 );
		$this->assert_wp_error( $export );
		$this->assert_wp_error( $erase );
		$this->assertSame( 'handoff_chat_privacy_failed', $erase->get_error_code() );
		$this->assertStringContainsString( 'The chat server could not process this request', $export->get_error_message() );
	}

	public function test_an_unconnected_site_has_no_chat_data(): void {
		delete_option( Settings::OPTION_SITE_SECRET );
		$this->assertSame(
			array(
				'data' => array(),
				'done' => true,
			),
			self::privacy_callback( 'wp_privacy_personal_data_exporters' )( 'jane@example.com', 1 )
		);
		$this->assertTrue( self::privacy_callback( 'wp_privacy_personal_data_erasers' )( 'jane@example.com', 1 )['done'] );
		$this->assertSame( array(), $this->bridge->requests );
	}

	/**
	 * A WP_Error, as WordPress's privacy screens expect on failure.
	 *
	 * @param mixed $value The callback's answer.
	 */
	private function assert_wp_error( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
