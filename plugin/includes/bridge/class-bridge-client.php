<?php
/**
 * HTTP calls from WordPress to the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The transport: WordPress's own signed calls to the bridge (signed_request(), e.g. the
 * block editor's flow list, signed by Request_Signer), the unsigned probes of the connection
 * test (probe()), and how the bridge's answers and failures become data or a WP_Error.
 * What is asked of the bridge lives with its callers (Flows_Controller, Connection_Test).
 * The admin app and the widget call the bridge from the browser with their tokens.
 */
final class Bridge_Client {

	/** Seconds, for the connection test's probes. */
	private const TIMEOUT = 5;

	/** Seconds: the block editor waits on these, and a bridge that is down must not hang it. */
	public const SIGNED_TIMEOUT = 4;

	/**
	 * A server-to-server call signed with the site secret (Request_Signer::sign()).
	 *
	 * @param string            $method  The HTTP method: GET, PUT and so on.
	 * @param string            $path    From the bridge's root, with its query: `/v1/flows?x=1`.
	 * @param array|string|null $body    Sent as JSON; a string is sent as is.
	 * @param int|null          $timeout Seconds; null: SIGNED_TIMEOUT. Shorter for calls a page makes on the side.
	 * @return array|\WP_Error The decoded JSON answer ([] for 204). WP_Error data: `status` (503 when
	 *                         the bridge is unreachable or not configured, 502 when it refuses or
	 *                         answers nonsense) and `bridge_status` (the bridge's HTTP status).
	 * @throws \InvalidArgumentException When the path does not start with a slash (a programming error).
	 */
	public function signed_request( string $method, string $path, $body = null, ?int $timeout = null ) {
		if ( ! Settings::is_configured() ) {
			return self::not_configured();
		}
		if ( ! str_starts_with( $path, '/' ) ) {
			throw new \InvalidArgumentException( 'Bridge paths start with a slash.' );
		}
		$method  = strtoupper( $method );
		$payload = '';
		if ( is_string( $body ) ) {
			$payload = $body;
		} elseif ( null !== $body ) {
			$payload = (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		}

		$headers           = Request_Signer::for_site()->sign( $method, $path, $payload, time() );
		$headers['Accept'] = 'application/json';
		if ( '' !== $payload ) {
			$headers['Content-Type'] = 'application/json';
		}
		$response = wp_remote_request(
			Settings::get_bridge_url() . $path,
			array(
				'method'      => $method,
				'timeout'     => $timeout ?? self::SIGNED_TIMEOUT,
				'redirection' => 0,
				'headers'     => $headers,
				'body'        => '' === $payload ? null : $payload,
			)
		);
		return self::decode( $response );
	}

	/** 503, as the advisor-token route answers while the settings are incomplete. */
	public static function not_configured(): \WP_Error {
		return new \WP_Error(
			'handoff_chat_not_configured',
			__( 'Handoff Chat is not connected to a bridge yet. An administrator must connect it under Conversations → Settings, with the connection code the bridge printed.', 'handoff-chat' ),
			array( 'status' => 503 )
		);
	}

	/**
	 * The bridge's JSON answer, or why there is none.
	 *
	 * @param array|\WP_Error $response What wp_remote_request() returned.
	 * @return array|\WP_Error
	 */
	private static function decode( $response ) {
		if ( is_wp_error( $response ) ) {
			return new \WP_Error(
				'handoff_chat_bridge_unreachable',
				/* translators: %s: the network error, as reported by WordPress. */
				sprintf( __( 'The bridge could not be reached: %s', 'handoff-chat' ), $response->get_error_message() ),
				array( 'status' => 503 )
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$raw    = (string) wp_remote_retrieve_body( $response );
		$json   = '' === $raw ? null : json_decode( $raw, true );

		if ( $status >= 200 && $status < 300 ) {
			if ( 204 === $status || '' === $raw ) {
				return array();
			}
			if ( ! is_array( $json ) ) {
				return new \WP_Error(
					'handoff_chat_bridge_bad_response',
					__( 'The bridge sent an answer WordPress cannot read.', 'handoff-chat' ),
					array(
						'status'        => 502,
						'bridge_status' => $status,
					)
				);
			}
			return $json;
		}

		if ( 401 === $status ) {
			$message = __( 'The bridge refused WordPress\'s signature. Check the site id and site secret under Conversations → Settings, and that the server clocks are right.', 'handoff-chat' );
		} else {
			$detail = is_array( $json ) && isset( $json['error']['message'] ) && is_string( $json['error']['message'] )
				? sanitize_text_field( $json['error']['message'] )
				: '';
			if ( '' === $detail ) {
				/* translators: %d: HTTP status code, such as 404 or 500. */
				$message = sprintf( __( 'The bridge answered with an error (HTTP %d).', 'handoff-chat' ), $status );
			} else {
				// The bridge explains in English: better than nothing for the site owner.
				/* translators: 1: HTTP status code, such as 404 or 500; 2: the bridge's explanation, in English. */
				$message = sprintf( __( 'The bridge answered with an error (HTTP %1$d): %2$s', 'handoff-chat' ), $status, $detail );
			}
		}
		return new \WP_Error(
			'handoff_chat_bridge_error',
			$message,
			array(
				'status'        => 502,
				'bridge_status' => $status,
				// The bridge's error code (docs/api.md), for callers that explain it in the site's language.
				'bridge_code'   => is_array( $json ) && isset( $json['error']['code'] ) && is_string( $json['error']['code'] ) ? $json['error']['code'] : '',
			)
		);
	}

	/**
	 * A call whose answer the bridge signs with a key both sides hold (Connection): the
	 * code's key for the code exchange, the site secret for a secret rotation. An answer
	 * without the right signature is an error, so nothing from elsewhere is ever stored.
	 *
	 * @param string                $url     Full URL.
	 * @param string                $method  POST, PUT, and so on.
	 * @param array<string, string> $headers The request's signature headers (SIGNATURE_HEADER among them).
	 * @param string                $payload The exact JSON body ('' for none).
	 * @param string                $key     Hex key the answer is signed with.
	 * @return array|\WP_Error The decoded answer; WP_Error as signed_request() returns them, or
	 *                         `handoff_chat_bridge_unsigned` (502) for an answer not signed with the key.
	 */
	public function verified_request( string $url, string $method, array $headers, string $payload, string $key ) {
		$headers['Accept'] = 'application/json';
		if ( '' !== $payload ) {
			$headers['Content-Type'] = 'application/json';
		}
		$response = wp_remote_request(
			$url,
			array(
				'method'      => strtoupper( $method ),
				'timeout'     => self::SIGNED_TIMEOUT,
				'redirection' => 0,
				'headers'     => $headers,
				'body'        => '' === $payload ? null : $payload,
			)
		);
		$answer   = self::decode( $response );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		$expected = Connection_Code::response_signature( $key, (string) ( $headers[ Request_Signer::SIGNATURE_HEADER ] ?? '' ), (string) wp_remote_retrieve_body( $response ) );
		$received = strtolower( (string) wp_remote_retrieve_header( $response, strtolower( Request_Signer::SIGNATURE_HEADER ) ) );
		if ( ! hash_equals( $expected, $received ) ) {
			return new \WP_Error(
				'handoff_chat_bridge_unsigned',
				__( 'The answer did not come from the bridge that holds this key: its signature does not match. Nothing was saved.', 'handoff-chat' ),
				array( 'status' => 502 )
			);
		}
		return $answer;
	}

	/**
	 * An unsigned GET that reports only how the bridge answered (Connection_Test).
	 *
	 * @param string                $path    From the bridge's root, with its query.
	 * @param array<string, string> $headers Extra headers, e.g. an advisor token.
	 * @return array{status: ?int, detail: string} status null when no HTTP answer came back.
	 */
	public function probe( string $path, array $headers = array() ): array {
		$response = wp_remote_get(
			Settings::get_bridge_url() . $path,
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => $headers + array( 'Accept' => 'application/json' ),
			)
		);
		if ( is_wp_error( $response ) ) {
			return array(
				'status' => null,
				'detail' => $response->get_error_message(),
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		return array(
			'status' => $status,
			/* translators: %d: HTTP status code, such as 200 or 404. */
			'detail' => sprintf( __( 'HTTP %d', 'handoff-chat' ), $status ),
		);
	}
}
