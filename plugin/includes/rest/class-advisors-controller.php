<?php
/**
 * /wp-json/handoff-chat/v1/advisors…: what the Advisors screen asks of WordPress.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Advisors\Advisor_Roster;
use HandoffChat\Advisors\Advisor_Sync;
use HandoffChat\Capabilities;
use HandoffChat\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * The WordPress half of Conversations → Advisors (site managers only): the full sync,
 * inviting someone, removing the ability to answer, and the avatar picked in the media
 * library. Licences, names shown to visitors, page restrictions and capacities are the
 * bridge's, changed by the app with the manager's advisor token.
 *
 *   POST   /advisors/sync         → the bridge's AdvisorsListResponse, as it answered
 *   POST   /advisors              { email, name? } → { advisor, user, created }
 *   DELETE /advisors/{id}         → { removed: true, synced }
 *   PUT    /advisors/{id}/avatar  { attachmentId: int|null } → { avatar }
 */
final class Advisors_Controller extends Controller {

	public const ROUTE = '/advisors';

	/** A WordPress user id in a route. */
	private const ID_PATTERN = '(?P<id>[1-9][0-9]{0,19})';

	/**
	 * The routes tell the bridge (sync) what they change in WordPress (roster).
	 *
	 * @param Advisor_Sync   $sync   Tells the bridge.
	 * @param Advisor_Roster $roster Changes who can answer.
	 */
	public function __construct(
		private readonly Advisor_Sync $sync = new Advisor_Sync(),
		private readonly Advisor_Roster $roster = new Advisor_Roster()
	) {}

	/** Several routes of one resource: the base class registers one. */
	public function register_routes(): void {
		$permission = array( $this, 'manage_permissions_check' );
		$schema     = array( $this, 'get_item_schema' );
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE . '/sync',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'sync_items' ),
					'permission_callback' => $permission,
					'args'                => array(),
				),
			)
		);
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE,
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => $permission,
					'args'                => $this->invite_args(),
				),
				'schema' => $schema,
			)
		);
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE . '/' . self::ID_PATTERN,
			array(
				array(
					'methods'             => \WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => $permission,
					'args'                => array( 'id' => self::id_arg() ),
				),
			)
		);
		register_rest_route(
			Plugin::REST_NAMESPACE,
			self::ROUTE . '/' . self::ID_PATTERN . '/avatar',
			array(
				array(
					'methods'             => 'PUT',
					'callback'            => array( $this, 'update_avatar' ),
					'permission_callback' => $permission,
					'args'                => array(
						'id'           => self::id_arg(),
						'attachmentId' => array(
							'description' => __( 'The media-library image to show as this advisor\'s avatar; null: back to Gravatar.', 'handoff-chat' ),
							'type'        => array( 'integer', 'null' ),
							'minimum'     => 1,
						),
					),
				),
			)
		);
	}

	/**
	 * Site managers only.
	 *
	 * @return true|\WP_Error 401 when logged out, 403 for anyone who does not manage the site.
	 */
	public function manage_permissions_check() {
		return self::require_capability( Capabilities::MANAGE, __( 'Sorry, you are not allowed to manage the advisors.', 'handoff-chat' ) );
	}

	/**
	 * Sends the full list of advisors to the bridge.
	 *
	 * @return \WP_REST_Response|\WP_Error 503 when the bridge is unreachable or not configured, 502 when it refuses.
	 */
	public function sync_items() {
		$answer = $this->sync->sync_all();
		return is_wp_error( $answer ) ? $answer : new \WP_REST_Response( $answer, 200 );
	}

	/**
	 * Invites someone by email.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error 201 for a new account, 200 for an existing user.
	 */
	public function create_item( \WP_REST_Request $request ) {
		$invited = $this->roster->invite( (string) $request['email'], isset( $request['name'] ) ? (string) $request['name'] : null );
		if ( is_wp_error( $invited ) ) {
			return $invited;
		}
		$user   = $invited['user'];
		$answer = $this->sync->sync_user( $user );
		return new \WP_REST_Response(
			array(
				// Null when the bridge could not be told: the next full sync does it.
				'advisor' => is_wp_error( $answer ) || ! is_array( $answer['advisor'] ?? null ) ? null : $answer['advisor'],
				'user'    => array(
					'id'          => (string) $user->ID,
					'displayName' => Advisor_Profile::display_name( $user ),
					'email'       => $user->user_email,
				),
				'created' => $invited['created'],
			),
			$invited['created'] ? 201 : 200
		);
	}

	/**
	 * Takes the ability to answer away from a user.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error 404 for an unknown user, 409 when WordPress still lets them answer.
	 */
	public function delete_item( \WP_REST_Request $request ) {
		$user = self::user( (int) $request['id'] );
		if ( is_wp_error( $user ) ) {
			return $user;
		}
		$user = $this->roster->remove( $user );
		if ( is_wp_error( $user ) ) {
			return $user;
		}
		$answer = $this->sync->sync_user( $user, false );
		return new \WP_REST_Response(
			array(
				'removed' => true,
				// False: the bridge was not reached; WordPress no longer mints tokens for them anyway.
				'synced'  => ! is_wp_error( $answer ),
			),
			200
		);
	}

	/**
	 * Sets or clears a user's avatar.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error 400 when the attachment is not an image, 404 for an unknown user.
	 */
	public function update_avatar( \WP_REST_Request $request ) {
		$user = self::user( (int) $request['id'] );
		if ( is_wp_error( $user ) ) {
			return $user;
		}
		if ( ! $request->has_param( 'attachmentId' ) ) {
			return new \WP_Error(
				'rest_missing_callback_param',
				__( 'Say which image to use (attachmentId), or null to go back to Gravatar.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		$attachment_id = null === $request['attachmentId'] ? null : (int) $request['attachmentId'];
		if ( ! Advisor_Profile::set_avatar_id( $user->ID, $attachment_id ) ) {
			return new \WP_Error(
				'handoff_chat_not_an_image',
				__( 'The avatar must be an image of the media library.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		if ( Advisor_Profile::can_answer( $user ) ) {
			// A failure is logged; the screen shows the new avatar after the next full sync.
			$this->sync->sync_user( $user );
		}
		return new \WP_REST_Response( array( 'avatar' => Advisor_Profile::avatar_url( $user ) ), 200 );
	}

	/**
	 * The user of a route's id.
	 *
	 * @param int $user_id From the route.
	 * @return \WP_User|\WP_Error 404 when there is no such user.
	 */
	private static function user( int $user_id ) {
		$user = get_userdata( $user_id );
		if ( $user instanceof \WP_User ) {
			return $user;
		}
		return new \WP_Error(
			'handoff_chat_unknown_user',
			__( 'There is no such user on this site. Sync the advisors to bring the list up to date.', 'handoff-chat' ),
			array( 'status' => 404 )
		);
	}

	/** The `id` argument of the user routes. */
	private static function id_arg(): array {
		return array(
			'description' => __( 'WordPress user id.', 'handoff-chat' ),
			'type'        => 'integer',
			'minimum'     => 1,
		);
	}

	/** The body of an invitation. */
	private function invite_args(): array {
		return array(
			'email' => array(
				'description' => __( 'Email address of the person to invite.', 'handoff-chat' ),
				'type'        => 'string',
				'format'      => 'email',
				'required'    => true,
			),
			'name'  => array(
				'description' => __( 'Their name, for a new account; default: the part of the email before the @.', 'handoff-chat' ),
				'type'        => 'string',
				'maxLength'   => 200,
			),
		);
	}

	/** The answer of POST /advisors. */
	public function get_item_schema(): array {
		return self::object_schema(
			'handoff-chat-advisor-invitation',
			array(
				'advisor' => array(
					'description' => __( 'The bridge\'s record of the advisor (AdvisorRecord); null when the bridge could not be reached.', 'handoff-chat' ),
					'type'        => array( 'object', 'null' ),
					'readonly'    => true,
				),
				'user'    => array(
					'description' => __( 'The WordPress user.', 'handoff-chat' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'id'          => array( 'type' => 'string' ),
						'displayName' => array( 'type' => 'string' ),
						'email'       => array(
							'type'   => 'string',
							'format' => 'email',
						),
					),
				),
				'created' => array(
					'description' => __( 'Whether a new account was created (it received an email to choose a password).', 'handoff-chat' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
			),
		);
	}
}
