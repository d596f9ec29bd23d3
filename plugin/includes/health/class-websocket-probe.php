<?php
/**
 * A Pusher-protocol WebSocket handshake from PHP.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

defined( 'ABSPATH' ) || exit;

// A network socket, not a file: WP_Filesystem has no sockets.
// phpcs:disable WordPress.WP.AlternativeFunctions

/**
 * Opens a TCP (or TLS) connection to the realtime server's public address, asks for the
 * WebSocket upgrade pusher-js asks for (`/app/<key>?protocol=7`), and waits for the
 * server's `pusher:connection_established`; then closes. Each way of failing has its code,
 * so the caller can say what to fix: nothing listening, no answer (firewall), TLS, not a
 * WebSocket server, an unknown app key.
 */
final class WebSocket_Probe {

	/** Nothing accepts connections there (connection refused, unknown host). */
	public const CONNECT_FAILED = 'connect_failed';

	/** The connection attempt got no answer in time: a firewall drops it, or the host is down. */
	public const TIMEOUT = 'timeout';

	/** Something answered, but not with a WebSocket upgrade (HTTP status line in the detail). */
	public const NOT_WEBSOCKET = 'not_websocket';

	/** The server refused the app key (Pusher error 4001). */
	public const BAD_KEY = 'bad_key';

	/** Another Pusher error, or the connection closed before the welcome. */
	public const REFUSED = 'refused';

	/**
	 * Tries the handshake.
	 *
	 * @param string $host    Host name or IP address.
	 * @param int    $port    TCP port.
	 * @param bool   $tls     Whether to speak TLS (wss).
	 * @param string $key     The Pusher app key the widget uses.
	 * @param float  $timeout Seconds for each step.
	 * @return array{ok: bool, code: string, detail: string} `code` '' when ok; `detail` in English (a network error or what the server said).
	 */
	public function handshake( string $host, int $port, bool $tls, string $key, float $timeout = 5.0 ): array {
		$target  = ( $tls ? 'tls://' : 'tcp://' ) . ( str_contains( $host, ':' ) ? '[' . $host . ']' : $host ) . ':' . $port;
		$context = stream_context_create(
			array(
				'ssl' => array(
					'peer_name'   => $host,
					'verify_peer' => true,
					'cafile'      => ABSPATH . WPINC . '/certificates/ca-bundle.crt',
				),
			)
		);
		$errno   = 0;
		$errstr  = '';
		// Warnings of a failed connect are reported through $errno/$errstr.
		$socket = @stream_socket_client( $target, $errno, $errstr, $timeout, STREAM_CLIENT_CONNECT, $context ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		if ( false === $socket ) {
			$timed_out = 110 === $errno || false !== stripos( $errstr, 'timed out' );
			return self::fail( $timed_out ? self::TIMEOUT : self::CONNECT_FAILED, '' !== $errstr ? $errstr : 'connection failed (' . $errno . ')' );
		}
		stream_set_timeout( $socket, (int) ceil( $timeout ) );
		try {
			return $this->upgrade( $socket, $host, $port, $tls, $key );
		} finally {
			fclose( $socket );
		}
	}

	/**
	 * The upgrade request, its answer and the first Pusher event.
	 *
	 * @param resource $socket Connected stream.
	 * @param string   $host   Host name, for the Host header.
	 * @param int      $port   Port, for the Host header.
	 * @param bool     $tls    Whether it is wss.
	 * @param string   $key    Pusher app key.
	 * @return array{ok: bool, code: string, detail: string}
	 */
	private function upgrade( $socket, string $host, int $port, bool $tls, string $key ): array {
		$nonce   = base64_encode( random_bytes( 16 ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the WebSocket key is base64 by protocol.
		$default = $tls ? 443 : 80;
		$request = 'GET /app/' . rawurlencode( $key ) . '?protocol=7&client=handoff-chat-php&version=' . rawurlencode( HANDOFF_CHAT_VERSION ) . "&flash=false HTTP/1.1\r\n"
			. 'Host: ' . ( str_contains( $host, ':' ) ? '[' . $host . ']' : $host ) . ( $default === $port ? '' : ':' . $port ) . "\r\n"
			. "Upgrade: websocket\r\nConnection: Upgrade\r\n"
			. 'Sec-WebSocket-Key: ' . $nonce . "\r\nSec-WebSocket-Version: 13\r\n"
			. 'Origin: ' . home_url() . "\r\n\r\n";
		fwrite( $socket, $request );

		$status = fgets( $socket );
		if ( false === $status ) {
			return self::fail( self::meta_timed_out( $socket ) ? self::TIMEOUT : self::NOT_WEBSOCKET, 'no HTTP answer to the upgrade request' );
		}
		$status = trim( $status );
		$accept = '';
		do {
			$line = fgets( $socket );
			if ( false === $line ) {
				break;
			}
			if ( 0 === stripos( $line, 'Sec-WebSocket-Accept:' ) ) {
				$accept = trim( substr( $line, 21 ) );
			}
		} while ( "\r\n" !== $line && "\n" !== $line );

		if ( ! preg_match( '#^HTTP/1\.[01] 101\b#', $status ) ) {
			return self::fail( self::NOT_WEBSOCKET, '' !== $status ? $status : 'empty answer' );
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- RFC 6455 accept key.
		if ( base64_encode( sha1( $nonce . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true ) ) !== $accept ) {
			return self::fail( self::NOT_WEBSOCKET, 'the upgrade answer is not a WebSocket handshake' );
		}

		$frame = $this->read_frame( $socket );
		if ( null === $frame ) {
			return self::fail( self::REFUSED, self::meta_timed_out( $socket ) ? 'no Pusher welcome in time' : 'closed before the Pusher welcome' );
		}
		if ( 8 === $frame['opcode'] ) {
			$code = strlen( $frame['payload'] ) >= 2 ? unpack( 'n', substr( $frame['payload'], 0, 2 ) )[1] : 0;
			return self::fail( 4001 === $code ? self::BAD_KEY : self::REFUSED, 'closed with ' . $code . ' ' . substr( $frame['payload'], 2 ) );
		}
		$event = json_decode( $frame['payload'], true );
		$name  = is_array( $event ) && isset( $event['event'] ) ? (string) $event['event'] : '';
		if ( 'pusher:connection_established' === $name ) {
			// A close frame (1000, masked as clients must), politely.
			$mask = random_bytes( 4 );
			fwrite( $socket, "\x88\x82" . $mask . ( "\x03\xe8" ^ substr( $mask, 0, 2 ) ) );
			return array(
				'ok'     => true,
				'code'   => '',
				'detail' => 'pusher:connection_established',
			);
		}
		if ( 'pusher:error' === $name ) {
			$data = is_array( $event['data'] ?? null ) ? $event['data'] : (array) json_decode( (string) ( $event['data'] ?? '' ), true );
			$code = (int) ( $data['code'] ?? 0 );
			return self::fail( 4001 === $code ? self::BAD_KEY : self::REFUSED, trim( $code . ' ' . ( $data['message'] ?? '' ) ) );
		}
		return self::fail( self::REFUSED, 'unexpected first event: ' . substr( $frame['payload'], 0, 200 ) );
	}

	/**
	 * One unmasked server frame (a server never masks).
	 *
	 * @param resource $socket Connected stream.
	 * @return array{opcode: int, payload: string}|null Null when the stream ends or times out.
	 */
	private function read_frame( $socket ): ?array {
		$head = self::read( $socket, 2 );
		if ( null === $head ) {
			return null;
		}
		$opcode = ord( $head[0] ) & 0x0f;
		$length = ord( $head[1] ) & 0x7f;
		if ( 126 === $length ) {
			$ext    = self::read( $socket, 2 );
			$length = null === $ext ? 0 : unpack( 'n', $ext )[1];
		} elseif ( 127 === $length ) {
			$ext    = self::read( $socket, 8 );
			$length = null === $ext ? 0 : unpack( 'J', $ext )[1];
		}
		// The welcome is small: anything larger is not what is expected.
		if ( $length > 65536 ) {
			return null;
		}
		$payload = $length > 0 ? self::read( $socket, $length ) : '';
		return null === $payload ? null : array(
			'opcode'  => $opcode,
			'payload' => $payload,
		);
	}

	/**
	 * Exactly $length bytes, or null.
	 *
	 * @param resource $socket Connected stream.
	 * @param int      $length Bytes to read.
	 * @return string|null
	 */
	private static function read( $socket, int $length ): ?string {
		$data = '';
		$read = 0;
		while ( $read < $length ) {
			$chunk = fread( $socket, $length - $read );
			if ( false === $chunk || '' === $chunk ) {
				if ( feof( $socket ) || self::meta_timed_out( $socket ) ) {
					return null;
				}
			} else {
				$data .= $chunk;
				$read += strlen( $chunk );
			}
		}
		return $data;
	}

	/**
	 * Whether the last read on the stream timed out.
	 *
	 * @param resource $socket Connected stream.
	 * @return bool
	 */
	private static function meta_timed_out( $socket ): bool {
		$meta = stream_get_meta_data( $socket );
		return ! empty( $meta['timed_out'] );
	}

	/**
	 * A failed result.
	 *
	 * @param string $code   One of the class constants.
	 * @param string $detail What happened, in English.
	 * @return array{ok: bool, code: string, detail: string}
	 */
	private static function fail( string $code, string $detail ): array {
		return array(
			'ok'     => false,
			'code'   => $code,
			'detail' => $detail,
		);
	}
}
