<?php
/**
 * REST routes of the connection checks.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

use HandoffChat\Capabilities;
use HandoffChat\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * - GET  /connection-checks/<test>: one server check (Settings' check button);
 * - GET  /site-health/<test>: the same, in Site Health's shape (its async tests);
 * - POST /connection-checks/browser: keeps the result of the check run in the browser.
 * All for users who manage the plugin, with the REST nonce (cookie authentication).
 */
final class Checks_Controller {

	public const ROUTE             = '/connection-checks';
	public const SITE_HEALTH_ROUTE = '/site-health';

	/**
	 * Dependencies.
	 *
	 * @param Connection_Checks $checks The checks.
	 */
	public function __construct( private readonly Connection_Checks $checks = new Connection_Checks() ) {}

	/**
	 * Action rest_api_init.
	 *
	 * @return void
	 */
	public function register_routes(): void {
		$test = '(?P<test>' . implode( '|', Connection_Checks::SERVER_CHECKS ) . ')';
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE . '/' . $test,
			array(
				'methods'             => \WP_REST_Server::READABLE,
				'callback'            => fn ( \WP_REST_Request $request ) => rest_ensure_response( $this->checks->check( (string) $request['test'] ) ),
				'permission_callback' => array( $this, 'permissions_check' ),
			)
		);
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::SITE_HEALTH_ROUTE . '/' . $test,
			array(
				'methods'             => \WP_REST_Server::READABLE,
				'callback'            => fn ( \WP_REST_Request $request ) => rest_ensure_response( Site_Health::format( $this->checks->check( (string) $request['test'] ) ) ),
				'permission_callback' => array( $this, 'permissions_check' ),
			)
		);
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE . '/browser',
			array(
				'methods'             => \WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'save_browser_check' ),
				'permission_callback' => array( $this, 'permissions_check' ),
			)
		);
	}

	/**
	 * Who may run and read the checks.
	 *
	 * @return true|\WP_Error
	 */
	public function permissions_check() {
		if ( Capabilities::can_manage() ) {
			return true;
		}
		return new \WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to check the connection.', 'handoff-chat' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * The browser's results, validated in the callback so that a caller without the right is
	 * refused before anything is said about the body.
	 *
	 * @return array
	 */
	public static function browser_body_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'results'  => array(
					'type'     => 'array',
					'required' => true,
					'maxItems' => 20,
					'items'    => array(
						'type'       => 'object',
						'properties' => array(
							'id'     => array(
								'type'     => 'string',
								'required' => true,
							),
							'ok'     => array(
								'type'     => 'boolean',
								'required' => true,
							),
							'label'  => array(
								'type'     => 'string',
								'required' => true,
							),
							'cause'  => array( 'type' => 'string' ),
							'action' => array( 'type' => 'string' ),
						),
					),
				),
				'realtime' => array( 'type' => 'string' ),
			),
		);
	}

	/**
	 * Keeps the browser's results (Site Health shows them).
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function save_browser_check( \WP_REST_Request $request ) {
		$body  = $request->get_json_params();
		$valid = is_array( $body ) ? rest_validate_value_from_schema( $body, self::browser_body_schema(), 'body' ) : false;
		if ( true !== $valid ) {
			return new \WP_Error(
				'rest_invalid_param',
				is_wp_error( $valid ) ? $valid->get_error_message() : __( 'The body must be a JSON object.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		$record = Check_Store::save_browser_check( $body['results'], (string) ( $body['realtime'] ?? '' ), get_current_user_id() );
		return new \WP_REST_Response(
			array(
				'ok'     => $record['ok'],
				'at'     => $record['at'],
				'health' => $this->checks->browser(),
			),
			200
		);
	}
}
