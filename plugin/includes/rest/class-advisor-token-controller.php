<?php
/**
 * POST /wp-json/handoff-chat/v1/advisor-token
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Bridge\Token_Signer;
use HandoffChat\Capabilities;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Mints the short-lived token with which the admin app talks to the bridge. Called with
 * the wp-admin cookie and REST nonce (api-fetch), so only a logged-in advisor gets one.
 * POST, not GET: every call creates a new credential and must never be cached.
 */
final class Advisor_Token_Controller extends Controller {

	public const ROUTE = '/advisor-token';

	protected const METHODS = \WP_REST_Server::CREATABLE;

	/**
	 * Advisors only.
	 *
	 * @return true|\WP_Error 401 when logged out, 403 when logged in without the capability.
	 */
	public function create_item_permissions_check() {
		return self::require_capability( Capabilities::ANSWER, __( 'Sorry, you are not allowed to answer conversations.', 'handoff-chat' ) );
	}

	/**
	 * A fresh token for the current user.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_item() {
		if ( ! Settings::is_configured() ) {
			return Bridge_Client::not_configured();
		}

		$signer = new Token_Signer( Settings::get_site_id(), Settings::get_site_secret() );
		$signed = $signer->sign_advisor_token( wp_get_current_user() );

		$response = new \WP_REST_Response(
			array(
				'token'     => $signed['token'],
				'expiresAt' => gmdate( 'Y-m-d\TH:i:s\Z', $signed['expires_at'] ),
				'bridgeUrl' => Settings::get_bridge_url(),
				'siteId'    => Settings::get_site_id(),
			),
			200
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/** The answer's schema: token and expiry. */
	public function get_item_schema(): array {
		return self::object_schema(
			'handoff-chat-advisor-token',
			array(
				'token'     => array(
					'description' => __( 'Advisor token (JWT, HS256) for the bridge.', 'handoff-chat' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'expiresAt' => array(
					'description' => __( 'When the token expires (ISO 8601, UTC).', 'handoff-chat' ),
					'type'        => 'string',
					'format'      => 'date-time',
					'readonly'    => true,
				),
				'bridgeUrl' => array(
					'description' => __( 'Base URL of the bridge, without trailing slash.', 'handoff-chat' ),
					'type'        => 'string',
					'format'      => 'uri',
					'readonly'    => true,
				),
				'siteId'    => array(
					'description' => __( 'This site\'s id on the bridge.', 'handoff-chat' ),
					'type'        => 'string',
					'readonly'    => true,
				),
			),
		);
	}
}
