<?php
/**
 * What the plugin's REST controllers share.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * One route under Plugin::REST_NAMESPACE answering one method, with WP_REST_Controller's
 * method names: a read is get_items(), a creation create_item(), each with its
 * `*_permissions_check()` as the explicit permission callback.
 */
abstract class Controller {

	/** The route, e.g. '/flows'. */
	public const ROUTE = '';

	/** \WP_REST_Server::READABLE or \WP_REST_Server::CREATABLE. */
	protected const METHODS = \WP_REST_Server::READABLE;

	/** Registers the route (rest_api_init). */
	public function register_routes(): void {
		$handler = \WP_REST_Server::CREATABLE === static::METHODS ? 'create_item' : 'get_items';
		register_rest_route(
			Plugin::REST_NAMESPACE,
			static::ROUTE,
			array(
				array(
					'methods'             => static::METHODS,
					'callback'            => array( $this, $handler ),
					'permission_callback' => array( $this, $handler . '_permissions_check' ),
					'args'                => $this->route_args(),
				),
				'schema' => array( $this, 'get_item_schema' ),
			)
		);
	}

	/** The query or body arguments WordPress validates before the callback. */
	protected function route_args(): array {
		return array();
	}

	/** The answer's JSON schema (object_schema()). */
	abstract public function get_item_schema(): array;

	/**
	 * The answer's JSON schema.
	 *
	 * @param string                              $title      Its title, e.g. 'handoff-chat-flow'.
	 * @param array<string, array<string, mixed>> $properties Its properties.
	 */
	protected static function object_schema( string $title, array $properties ): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => $title,
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * A permission check on one capability.
	 *
	 * @param string $capability What the current user must be able to do.
	 * @param string $message    Translated: why the current user is refused.
	 * @return true|\WP_Error 401 when logged out, 403 when logged in without the capability.
	 */
	protected static function require_capability( string $capability, string $message ) {
		if ( current_user_can( $capability ) ) {
			return true;
		}
		return new \WP_Error( 'rest_forbidden', $message, array( 'status' => rest_authorization_required_code() ) );
	}
}
