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
 * Today only the settings screen's connection test talks to the bridge from PHP; the
 * admin app and the widget call it from the browser.
 */
final class Bridge_Client {

	private const TIMEOUT = 5;

	/**
	 * Checks, in order, that the bridge answers, that it knows this site id, and that it
	 * accepts a token signed with this secret.
	 *
	 * @return list<array{label: string, ok: bool, detail: string}>
	 */
	public function test_connection( \WP_User $user ): array {
		$base    = Settings::get_bridge_url();
		$site_id = Settings::get_site_id();
		$results = array();

		$health    = $this->get( $base . '/healthz' );
		$results[] = array(
			'label'  => __( 'Bridge reachable', 'handoff-chat' ),
			'ok'     => 200 === $health['status'],
			'detail' => $health['detail'],
		);
		if ( null === $health['status'] ) {
			return $results;
		}

		$config    = $this->get( $base . '/v1/sites/' . rawurlencode( $site_id ) . '/config' );
		$results[] = array(
			'label'  => __( 'Site id known to the bridge', 'handoff-chat' ),
			'ok'     => 200 === $config['status'],
			'detail' => 404 === $config['status'] ? __( 'The bridge has no site with this id.', 'handoff-chat' ) : $config['detail'],
		);
		if ( 200 !== $config['status'] ) {
			return $results;
		}

		// A read with a freshly minted advisor token: 401 here means the secret differs from the bridge's.
		$signed    = ( new Token_Signer( $site_id, Settings::get_site_secret() ) )->sign_advisor_token( $user );
		$inbox     = $this->get( $base . '/v1/inbox?limit=1', array( 'Authorization' => 'Bearer ' . $signed['token'] ) );
		$results[] = array(
			'label'  => __( 'Site secret accepted', 'handoff-chat' ),
			'ok'     => 200 === $inbox['status'],
			'detail' => 401 === $inbox['status'] ? __( 'The bridge rejected a token signed with this secret.', 'handoff-chat' ) : $inbox['detail'],
		);
		return $results;
	}

	/**
	 * @return array{status: ?int, detail: string} status null when no HTTP answer came back.
	 */
	private function get( string $url, array $headers = array() ): array {
		$response = wp_remote_get(
			$url,
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
