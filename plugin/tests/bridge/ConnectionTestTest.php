<?php
/**
 * Tests of Connection_Test: Settings → Test connection.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Connection_Test;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/FakeBridge.php';

/** Settings → Test connection: three reads, stopping at the first that names what to fix. */
final class ConnectionTestTest extends TestCase {

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
	 * The checks, run for an administrator.
	 *
	 * @return list<array{label: string, ok: bool, detail: string}>
	 */
	private function run_test(): array {
		return ( new Connection_Test() )->run( $this->create_user( 'administrator' ) );
	}

	public function test_all_three_pass_with_a_token_signed_by_the_secret(): void {
		$this->bridge
			->on( 'GET', '/healthz', array( 200, array( 'ok' => true ) ) )
			->on( 'GET', '/v1/sites/' . self::SITE_ID . '/config', array( 200, array() ) )
			->on( 'GET', '/v1/inbox?limit=1', array( 200, array( 'items' => array() ) ) );

		$results = $this->run_test();
		$this->assertSame( array( 'Bridge reachable', 'Site id known to the bridge', 'Site secret accepted' ), array_column( $results, 'label' ) );
		$this->assertSame( array( true, true, true ), array_column( $results, 'ok' ) );
		$this->assertSame( 'HTTP 200', $results[0]['detail'] );

		$inbox = $this->bridge->requests[2];
		$this->assertStringStartsWith( 'Bearer ', $inbox['headers']['Authorization'] );
		$this->assertTrue( self::jwt_signature_valid( substr( $inbox['headers']['Authorization'], 7 ), self::SECRET ) );
		// Unsigned reads: no request signature on any of them.
		foreach ( $this->bridge->requests as $request ) {
			$this->assertArrayNotHasKey( 'X-Handoff-Signature', $request['headers'] );
			$this->assertSame( 5, $request['timeout'] );
		}
	}

	public function test_an_unreachable_bridge_stops_at_the_first(): void {
		$this->bridge->on( 'GET', '/healthz', new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' ) );
		$results = $this->run_test();
		$this->assertCount( 1, $results );
		$this->assertFalse( $results[0]['ok'] );
		$this->assertSame( 'cURL error 7: Failed to connect', $results[0]['detail'] );
	}

	public function test_an_unknown_site_id_stops_at_the_second(): void {
		$this->bridge->on( 'GET', '/healthz', array( 200, array( 'ok' => true ) ) );
		$results = $this->run_test();
		$this->assertCount( 2, $results );
		$this->assertSame( array( true, false ), array_column( $results, 'ok' ) );
		$this->assertSame( 'The bridge has no site with this id.', $results[1]['detail'] );
	}

	public function test_a_refused_token_means_another_secret(): void {
		$this->bridge
			->on( 'GET', '/healthz', array( 200, array( 'ok' => true ) ) )
			->on( 'GET', '/v1/sites/' . self::SITE_ID . '/config', array( 200, array() ) )
			->on( 'GET', '/v1/inbox?limit=1', array( 401, array() ) );
		$results = $this->run_test();
		$this->assertSame( array( true, true, false ), array_column( $results, 'ok' ) );
		$this->assertSame( 'The bridge rejected a token signed with this secret.', $results[2]['detail'] );
	}
}
