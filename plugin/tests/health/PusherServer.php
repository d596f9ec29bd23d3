<?php
/**
 * Starts fake-pusher-server.php for one connection.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Health;

/** A real socket on loopback, in a child process (PHP cannot accept while it connects). */
final class Pusher_Server {

	/**
	 * The port it listens on, on 127.0.0.1.
	 *
	 * @var int
	 */
	public int $port;

	/**
	 * The child process.
	 *
	 * @var resource
	 */
	private $process;

	/**
	 * The child's stdout and stderr.
	 *
	 * @var array<int, resource>
	 */
	private array $pipes = array();

	/**
	 * Starts the server and waits for its port.
	 *
	 * @param string $key  The app key it accepts.
	 * @param string $mode 'pusher', or 'http' for a web server that is no WebSocket server.
	 * @throws \RuntimeException When the child does not start.
	 */
	public function __construct( string $key, string $mode = 'pusher' ) {
		$this->process = proc_open( // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- the test's own child process, not code that runs on a site.
			array( PHP_BINARY, __DIR__ . '/fake-pusher-server.php', $key, $mode ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$this->pipes
		);
		// The child prints its port once it listens.
		$this->port = (int) fgets( $this->pipes[1] );
		if ( $this->port <= 0 ) {
			throw new \RuntimeException( 'fake Pusher server did not start: ' . stream_get_contents( $this->pipes[2] ) );
		}
	}

	public function stop(): void {
		proc_terminate( $this->process );
		foreach ( $this->pipes as $pipe ) {
			fclose( $pipe );
		}
		proc_close( $this->process );
	}

	/** A loopback port nothing listens on: bound by the system, then released. */
	public static function closed_port(): int {
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		$name   = stream_socket_get_name( $server, false );
		fclose( $server );
		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}
}
