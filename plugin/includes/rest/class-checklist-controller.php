<?php
/**
 * POST /wp-json/handoff-chat/v1/checklist
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Admin\First_Run_Checklist;
use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * Hides or shows the first-run checklist for the current user (site managers: the
 * checklist is theirs, its steps are site configuration).
 */
final class Checklist_Controller extends Controller {

	public const ROUTE = '/checklist';

	protected const METHODS = \WP_REST_Server::CREATABLE;

	/** The body: `{ dismissed: boolean }`. */
	protected function route_args(): array {
		return array(
			'dismissed' => array(
				'description' => __( 'Hide the checklist (true) or show it again (false).', 'handoff-chat' ),
				'type'        => 'boolean',
				'required'    => true,
			),
		);
	}

	/**
	 * Managers only: the checklist is theirs.
	 *
	 * @return true|\WP_Error 401 when logged out, 403 for users who cannot manage the plugin.
	 */
	public function create_item_permissions_check() {
		return self::require_capability( Capabilities::MANAGE, __( 'Sorry, you are not allowed to change the setup checklist.', 'handoff-chat' ) );
	}

	/**
	 * Saves the flag in the user's meta.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response `{ dismissed: boolean }`.
	 */
	public function create_item( \WP_REST_Request $request ) {
		$user = wp_get_current_user();
		First_Run_Checklist::set_dismissed( $user, (bool) $request['dismissed'] );
		return new \WP_REST_Response( array( 'dismissed' => First_Run_Checklist::is_dismissed( $user ) ), 200 );
	}

	/** The answer's schema. */
	public function get_item_schema(): array {
		return self::object_schema(
			'handoff-chat-checklist',
			array(
				'dismissed' => array(
					'type'        => 'boolean',
					'description' => __( 'Whether the checklist is hidden for the current user.', 'handoff-chat' ),
				),
			)
		);
	}
}
