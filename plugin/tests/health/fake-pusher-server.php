<?php
/**
 * A one-connection Pusher-protocol server on loopback, run as a child process by
 * PusherServer: prints its port, accepts one connection, answers the WebSocket upgrade
 * like the bridge's embedded server (welcome, or pusher:error 4001 for another key), or
 * answers as a plain web server when told to. Arguments: <key> <mode: pusher|http>.
 *
 * @package HandoffChat
 */

// phpcs:disable -- a test fixture run with the PHP CLI, outside WordPress.
$key    = $argv[1] ?? 'app-key';
$mode   = $argv[2] ?? 'pusher';
$server = stream_socket_server( 'tcp://127.0.0.1:0', $errno, $errstr );
if ( false === $server ) {
	fwrite( STDERR, $errstr );
	exit( 1 );
}
$name = stream_socket_get_name( $server, false );
echo substr( $name, strrpos( $name, ':' ) + 1 ), "\n";
fflush( STDOUT );

$conn = stream_socket_accept( $server, 30 );
if ( false === $conn ) {
	exit( 1 );
}
$request = '';
while ( ! str_contains( $request, "\r\n\r\n" ) && ! feof( $conn ) ) {
	$request .= fread( $conn, 4096 );
}
if ( 'http' === $mode ) {
	fwrite( $conn, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" );
	fclose( $conn );
	exit( 0 );
}
preg_match( '/^Sec-WebSocket-Key:\s*(\S+)/mi', $request, $m );
preg_match( '#^GET /app/([^?/ ]+)#', $request, $path );
$accept = base64_encode( sha1( ( $m[1] ?? '' ) . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true ) );
fwrite( $conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {$accept}\r\n\r\n" );
$frame = static function ( string $payload, int $opcode = 1 ): string {
	return chr( 0x80 | $opcode ) . chr( strlen( $payload ) ) . $payload;
};
if ( rawurldecode( $path[1] ?? '' ) === $key ) {
	fwrite( $conn, $frame( json_encode( array( 'event' => 'pusher:connection_established', 'data' => json_encode( array( 'socket_id' => '1.1', 'activity_timeout' => 120 ) ) ) ) ) );
} else {
	fwrite( $conn, $frame( json_encode( array( 'event' => 'pusher:error', 'data' => array( 'code' => 4001, 'message' => 'App key does not exist' ) ) ) ) );
	fwrite( $conn, $frame( pack( 'n', 4001 ) . 'App key does not exist', 8 ) );
}
// Wait for the client's close frame (or its departure).
fread( $conn, 64 );
fclose( $conn );
