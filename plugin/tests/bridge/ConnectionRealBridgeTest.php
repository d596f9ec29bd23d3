<?php
/**
 * Tests of Connection against the real, built bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Connection;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

/**
 * The bridge of bridge-server/dist (npm test builds it first) in its own process, on a
 * temporary data folder and free ports; its operator CLI prints the codes. What the
 * fake-bridge tests (ConnectionTest) check piece by piece, here end to end over HTTP.
 */
final class ConnectionRealBridgeTest extends TestCase {

	/**
	 * The bridge process.
	 *
	 * @var resource|null
	 */
	private static $process = null;

	/**
	 * The bridge's temporary data folder.
	 *
	 * @var string
	 */
	private static string $data_dir = '';

	/**
	 * Where the bridge listens.
	 *
	 * @var string
	 */
	private static string $bridge_url = '';

	/**
	 * The bridge's environment, shared with its CLI.
	 *
	 * @var array<string, string>
	 */
	private static array $env = array();

	/**
	 * The repository's root.
	 *
	 * @return string
	 */
	private static function root(): string {
		return dirname( __DIR__, 3 );
	}

	/**
	 * A port nothing listens on now.
	 *
	 * @return int
	 */
	private static function free_port(): int {
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		$name   = stream_socket_get_name( $server, false );
		fclose( $server );
		return (int) substr( (string) $name, strrpos( (string) $name, ':' ) + 1 );
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$server = self::root() . '/bridge-server/dist/server.js';
		if ( ! is_file( $server ) ) {
			self::fail( 'The bridge is not built: run npm run build:bridge.' );
		}
		self::$data_dir   = sys_get_temp_dir() . '/handoff-php-bridge-' . wp_generate_password( 8, false );
		$port             = self::free_port();
		self::$bridge_url = 'http://127.0.0.1:' . $port;
		self::$env        = array(
			'PATH'          => (string) getenv( 'PATH' ),
			'DATA_DIR'      => self::$data_dir,
			'BRIDGE_PORT'   => (string) $port,
			'REALTIME_PORT' => (string) self::free_port(),
			'PUBLIC_URL'    => self::$bridge_url,
			'LOG_LEVEL'     => 'silent',
		);
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- the test's own child process, not code that runs on a site.
		self::$process = proc_open( array( 'node', $server ), array( array( 'file', '/dev/null', 'r' ), array( 'file', '/dev/null', 'w' ), array( 'file', '/dev/null', 'w' ) ), $pipes, self::root(), self::$env );
		// Ready when /healthz answers (the bridge listens once its database is migrated).
		for ( $i = 0; $i < 300; $i++ ) {
			$health = wp_remote_get( self::$bridge_url . '/healthz', array( 'timeout' => 1 ) );
			if ( 200 === wp_remote_retrieve_response_code( $health ) ) {
				return;
			}
			usleep( 100000 );
		}
		self::fail( 'The bridge did not start.' );
	}

	public static function tearDownAfterClass(): void {
		if ( is_resource( self::$process ) ) {
			proc_terminate( self::$process );
			proc_close( self::$process );
		}
		exec( 'rm -rf ' . escapeshellarg( self::$data_dir ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_exec -- removes the test's own temporary folder.
		parent::tearDownAfterClass();
	}

	/**
	 * The operator's CLI on the running bridge's data, with --json.
	 *
	 * @param string ...$args Command and arguments.
	 * @return array The decoded answer.
	 */
	private static function cli( string ...$args ): array {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- the bridge's CLI, run by the test.
		$process = proc_open(
			array_merge( array( 'node', self::root() . '/bridge-server/dist/cli/index.js' ), $args, array( '--json' ) ),
			array( array( 'file', '/dev/null', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ),
			$pipes,
			self::root(),
			self::$env
		);
		$out     = stream_get_contents( $pipes[1] );
		$err     = stream_get_contents( $pipes[2] );
		proc_close( $process );
		$json = json_decode( (string) $out, true );
		self::assertIsArray( $json, (string) $err );
		return $json;
	}

	public function test_a_code_connects_once_then_rotation_and_reconnection_work(): void {
		$site = self::cli( 'sites:create', '--name', 'PHP shop' );

		$connected = ( new Connection() )->connect( $site['connectionCode'] );
		$this->assertSame(
			array(
				'site_id'    => $site['siteId'],
				'bridge_url' => self::$bridge_url,
				'name'       => 'PHP shop',
			),
			$connected
		);
		// The bridge gave a fresh secret: the one sites:create made is no longer the site's.
		$secret = Settings::get_site_secret();
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', $secret );
		$this->assertNotSame( $site['secret'], $secret );
		$status = ( new Connection() )->status();
		$this->assertSame( untrailingslashit( home_url() ), $status['bridge']['url'] );

		$again = ( new Connection() )->connect( $site['connectionCode'] );
		$this->assertSame( 'handoff_chat_connect_code_used', $again->get_error_code() );
		$this->assertSame( $secret, Settings::get_site_secret() );

		$this->assertTrue( ( new Connection() )->rotate_secret() );
		$this->assertNotSame( $secret, Settings::get_site_secret() );
		$this->assertIsArray( ( new Connection() )->status()['bridge'] );

		// sites:connect-code for a WordPress that lost its settings.
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$code = self::cli( 'sites:connect-code', $site['siteId'] );
		$this->assertSame( $site['siteId'], ( new Connection() )->connect( $code['connectionCode'] )['site_id'] );
		$this->assertIsArray( ( new Connection() )->status()['bridge'] );
	}
}
