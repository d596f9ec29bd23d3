<?php
/**
 * Tests of `wp handoff-chat`.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Cli;

use HandoffChat\Bridge\Connection_Code;
use HandoffChat\Cli_Command;
use HandoffChat\Settings;
use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/../bridge/FakeBridge.php';
require_once __DIR__ . '/WpCliStandIn.php';

/**
 * The command class called as WP-CLI calls it, with WP-CLI's documented output API
 * (WP_CLI::line, success, error — which exits) recorded by a stand-in: WP-CLI itself is
 * not a dependency of this repository (the same commands were also run by hand with WP-CLI
 * 2.11 against a real bridge while they were written).
 */
final class CliCommandTest extends TestCase {

	/**
	 * The configured bridge.
	 *
	 * @var Fake_Bridge
	 */
	private Fake_Bridge $bridge;

	protected function setUp(): void {
		parent::setUp();
		\WP_CLI::$out = array();
		$this->bridge = new Fake_Bridge( self::BRIDGE_URL );
	}

	protected function tearDown(): void {
		$this->bridge->remove();
		parent::tearDown();
	}

	/**
	 * Runs a subcommand; an error ends it as WP-CLI's exit would.
	 *
	 * @param string $method     The method.
	 * @param array  $args       Positional arguments.
	 * @param array  $assoc_args Flags.
	 * @return list<string> What was printed, each line prefixed by its kind.
	 */
	private function run_command( string $method, array $args = array(), array $assoc_args = array() ): array {
		try {
			( new Cli_Command() )->$method( $args, $assoc_args );
		} catch ( \WP_CLI_Stand_In_Exit $exit ) {
			\WP_CLI::$out[] = 'exit 1';
		}
		return \WP_CLI::$out;
	}

	public function test_status_shows_the_connection_and_what_the_bridge_knows(): void {
		$this->bridge->site( self::SITE_ID, 'Shop', 'https://shop.example.com' );
		$out = $this->run_command( 'status', array(), array( 'format' => 'json' ) );
		$this->assertCount( 1, $out );
		$this->assertSame(
			array(
				'connected'         => 'yes',
				'bridge_url'        => self::BRIDGE_URL,
				'site_id'           => self::SITE_ID,
				'site_url'          => untrailingslashit( home_url() ),
				'set_by'            => 'settings',
				'bridge'            => 'reachable, signature accepted',
				'address_on_bridge' => 'https://shop.example.com',
			),
			json_decode( substr( $out[0], strlen( 'line: ' ) ), true )
		);
		$this->assertStringNotContainsString( self::SECRET, implode( "\n", $out ) );
	}

	public function test_status_fails_when_not_connected_or_when_the_bridge_refuses(): void {
		$this->bridge->on(
			'GET',
			'/v1/site',
			array(
				401,
				array(
					'error' => array(
						'code'    => 'unauthorized',
						'message' => 'Invalid signature.',
					),
				),
			)
		);
		$out = $this->run_command( 'status' );
		$this->assertSame( 'exit 1', end( $out ) );
		$this->assertStringStartsWith( 'error: The bridge refused WordPress\'s signature.', $out[ count( $out ) - 2 ] );

		\WP_CLI::$out = array();
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$out = $this->run_command( 'status' );
		$this->assertContains( 'line: connected:          no', $out );
		$this->assertContains( 'error: Not connected. Run: wp handoff-chat connect <code>', $out );
	}

	public function test_connect_stores_the_connection_and_says_so_without_the_secret(): void {
		$code   = 'hc1_d1t78w3k78qjyrv8c5t2wsbrc5pq0v355shpyv9t70t38csfc9s6js37cm_abcdefgh12_0123456789abcdefghjkmnpqrs_bd5d';
		$key    = '8544a381255545834725e07a1f2650e7fefe9832f83a6bbdff2e1c4fc049cfc8';
		$secret = str_repeat( 'cd', 32 );
		$bridge = new Fake_Bridge( 'https://chat.example.com:8443/bridge' );
		$bridge->on(
			'POST',
			'/v1/connect',
			function ( array $request ) use ( $key, $secret ) {
				$body = (string) wp_json_encode(
					array(
						'siteId' => 'site_cli',
						'name'   => 'Shop',
						'secret' => $secret,
					)
				);
				return array( 200, $body, array( 'x-handoff-signature' => Connection_Code::response_signature( $key, $request['headers']['X-Handoff-Signature'], $body ) ) );
			}
		);
		try {
			$out = $this->run_command( 'connect', array( $code ) );
		} finally {
			$bridge->remove();
		}
		$this->assertSame( array( 'success: Connected to the bridge at https://chat.example.com:8443/bridge as site site_cli. This site\'s address was sent to the bridge.' ), $out );
		$this->assertSame( $secret, Settings::get_site_secret() );
		$this->assertSame( 'site_cli', Settings::get_site_id() );
	}

	public function test_connect_with_a_bad_code_fails_with_the_reason(): void {
		$out = $this->run_command( 'connect', array( 'hc1_nope' ) );
		$this->assertSame( array( 'error: This is not a complete connection code. Copy the whole code the bridge printed (it starts with hc1_) and paste it again.', 'exit 1' ), $out );
		$this->assertSame( self::SECRET, Settings::get_site_secret() );
	}

	public function test_test_runs_the_server_checks_and_fails_on_a_critical_one(): void {
		$this->create_user( 'administrator' );
		$this->bridge->on( 'GET', '/healthz', new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' ) );
		$out = $this->run_command( 'test' );
		// Site Health's checks, in order, each with its cause and what to do.
		$this->assertSame(
			array(
				'line: ✔ Handoff Chat is connected to a bridge',
				'line:   Bridge URL ' . self::BRIDGE_URL . ', site id ' . self::SITE_ID . '.',
				'line: ✘ WordPress cannot use the bridge',
				'line:   Bridge reachable: failed (cURL error 7: Failed to connect) at ' . self::BRIDGE_URL . '.',
			),
			array_slice( $out, 0, 4 )
		);
		// One headline per check: config, bridge, websocket, notify.
		$this->assertCount( 4, preg_grep( '/^line: [✔!✘] /u', $out ) );
		$this->assertSame( array( 'error: The connection test failed.', 'exit 1' ), array_slice( $out, -2 ) );
	}
}
