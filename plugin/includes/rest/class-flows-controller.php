<?php
/**
 * GET /wp-json/handoff-chat/v1/flows
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The bot flows the widget block's settings offer, read from the bridge with a signed
 * call. Block editors need them without being advisors, so the capability is edit_posts,
 * and the answer holds only what a picker shows (ids, names, sequences), never the steps.
 */
final class Flows_Controller extends Controller {

	public const ROUTE = '/flows';

	/** Seconds. Short: flows are edited on the bridge and `?refresh=1` skips it anyway. */
	public const CACHE_TTL = 60;

	/** The bridge answers at most this many flows' details per list (one call each). */
	public const MAX_FLOWS = 50;

	/** Same rule as the bridge's flow and sequence ids (contracts SLUG_PATTERN). */
	public const SLUG_PATTERN = '/^[a-z0-9][a-z0-9_-]{0,47}$/D';

	/**
	 * Flows come from the bridge.
	 *
	 * @param Bridge_Client $client The bridge.
	 */
	public function __construct( private readonly Bridge_Client $client = new Bridge_Client() ) {}

	/** `refresh`: skip the cached copy. */
	protected function route_args(): array {
		return array(
			'refresh' => array(
				'description' => __( 'Ask the bridge again instead of using the copy kept for a minute.', 'handoff-chat' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
	}

	/**
	 * Anyone who edits posts (the widget block's flow picker).
	 *
	 * @return true|\WP_Error 401 when logged out, 403 for users who cannot edit posts.
	 */
	public function get_items_permissions_check() {
		return self::require_capability( 'edit_posts', __( 'Sorry, you are not allowed to see the bot flows.', 'handoff-chat' ) );
	}

	/**
	 * The site's flows, from the bridge or the copy kept for a minute.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_items( \WP_REST_Request $request ) {
		// Before the cache, so no copy outlives the configuration.
		if ( ! Settings::is_configured() ) {
			return Bridge_Client::not_configured();
		}
		$key   = self::cache_key();
		$flows = $request['refresh'] ? false : get_transient( $key );
		if ( ! is_array( $flows ) ) {
			$flows = $this->fetch();
			if ( is_wp_error( $flows ) ) {
				return $flows;
			}
			set_transient( $key, $flows, self::CACHE_TTL );
		}
		return new \WP_REST_Response( $flows, 200 );
	}

	/** Per bridge and site, so a changed connection never shows the previous site's flows. */
	public static function cache_key(): string {
		return 'handoff_chat_flows_' . md5( Settings::get_bridge_url() . '|' . Settings::get_site_id() );
	}

	/**
	 * The list, then each flow for its sequences. A flow the bridge cannot read (404) is
	 * left out; any other failure fails the whole answer, so nothing partial is cached.
	 *
	 * @return array<int, array<string, mixed>>|\WP_Error
	 */
	private function fetch() {
		$list = $this->client->signed_request( 'GET', '/v1/flows' );
		if ( is_wp_error( $list ) ) {
			return $list;
		}
		$summaries = isset( $list['flows'] ) && is_array( $list['flows'] ) ? $list['flows'] : array();
		$flows     = array();
		foreach ( array_slice( $summaries, 0, self::MAX_FLOWS ) as $summary ) {
			$id = is_array( $summary ) && isset( $summary['id'] ) && is_string( $summary['id'] ) ? $summary['id'] : '';
			if ( ! preg_match( self::SLUG_PATTERN, $id ) ) {
				continue;
			}
			$record = $this->client->signed_request( 'GET', '/v1/flows/' . rawurlencode( $id ) );
			if ( is_wp_error( $record ) ) {
				if ( 404 === ( $record->get_error_data()['bridge_status'] ?? null ) ) {
					continue;
				}
				return $record;
			}
			$flow = self::shape( $record['flow'] ?? null );
			if ( null !== $flow ) {
				$flows[] = $flow;
			}
		}
		return $flows;
	}

	/**
	 * What the block needs of a flow, checked; null for one that is not a flow.
	 *
	 * @param mixed $flow A flow as the bridge stores it.
	 * @return array{id: string, name: string, mode: string, startSequence: string, sequences: list<array{id: string, name: string}>}|null
	 */
	private static function shape( $flow ): ?array {
		if ( ! is_array( $flow ) || ! is_string( $flow['id'] ?? null ) || ! preg_match( self::SLUG_PATTERN, $flow['id'] ) ) {
			return null;
		}
		$sequences = array();
		foreach ( is_array( $flow['sequences'] ?? null ) ? $flow['sequences'] : array() as $sequence ) {
			if ( is_array( $sequence ) && is_string( $sequence['id'] ?? null ) && preg_match( self::SLUG_PATTERN, $sequence['id'] ) ) {
				$sequences[] = array(
					'id'   => $sequence['id'],
					'name' => is_string( $sequence['name'] ?? null ) ? sanitize_text_field( $sequence['name'] ) : $sequence['id'],
				);
			}
		}
		return array(
			'id'            => $flow['id'],
			'name'          => is_string( $flow['name'] ?? null ) ? sanitize_text_field( $flow['name'] ) : $flow['id'],
			'mode'          => 'live' === ( $flow['mode'] ?? null ) ? 'live' : 'bot',
			'startSequence' => is_string( $flow['startSequence'] ?? null ) ? $flow['startSequence'] : '',
			'sequences'     => $sequences,
		);
	}

	/** The schema of one flow in the list. */
	public function get_item_schema(): array {
		$slug = array(
			'type'    => 'string',
			'pattern' => '^[a-z0-9][a-z0-9_-]{0,47}$',
		);
		return self::object_schema(
			'handoff-chat-flow',
			array(
				'id'            => $slug + array( 'description' => __( 'Flow id on the bridge.', 'handoff-chat' ) ),
				'name'          => array(
					'description' => __( 'Flow name.', 'handoff-chat' ),
					'type'        => 'string',
				),
				'mode'          => array(
					'description' => __( 'bot: the chatbot answers first; live: straight to the advisors.', 'handoff-chat' ),
					'type'        => 'string',
					'enum'        => array( 'bot', 'live' ),
				),
				'startSequence' => $slug + array( 'description' => __( 'The sequence a conversation starts with.', 'handoff-chat' ) ),
				'sequences'     => array(
					'description' => __( 'The flow\'s sequences, in order.', 'handoff-chat' ),
					'type'        => 'array',
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'   => $slug,
							'name' => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}
}
