<?php
/**
 * Who can answer, told to the bridge: all at once, or one user at a time.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Advisors;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Capabilities;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Signed calls to the bridge's advisor sync (docs/api.md, "Advisors, licences and page
 * restrictions"). The full sync lists every user who can answer, and the bridge revokes
 * whoever is missing from it; the single-user sync reports one change.
 *
 * Changes seen while a page runs (Capability_Watcher) are queued and sent once per user
 * at `shutdown`, from the state the user ended up in, with a short timeout: the page
 * that changed a role never fails or waits long because of the bridge. A failure is
 * logged, and the next full sync (Conversations → Advisors) repairs it.
 *
 * On a network every site is its own bridge site: the queue is kept per site, and each
 * site's changes are computed and sent from that site (its capabilities, its settings).
 */
final class Advisor_Sync {

	public const PATH = '/v1/advisors';

	/** The bridge takes at most this many advisors in one full sync (contracts syncAdvisorsBody). */
	public const MAX_ADVISORS = 1000;

	/** Seconds, for the syncs queued by a page that did something else. */
	public const BACKGROUND_TIMEOUT = 2;

	/**
	 * Per site, users whose ability may have changed: site id → user id → whether they
	 * could answer there before the first change this request (null: not known, e.g. a
	 * profile edit).
	 *
	 * @var array<int, array<int, ?bool>>
	 */
	private array $pending = array();

	/**
	 * Per site, what to send for deleted users, taken while they still existed.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	private array $deleted = array();

	/**
	 * Syncs are signed calls to the bridge.
	 *
	 * @param Bridge_Client $client The bridge.
	 */
	public function __construct( private readonly Bridge_Client $client = new Bridge_Client() ) {}

	/**
	 * Every user of this site who can answer, by id, as the full sync sends them.
	 *
	 * @return list<array{id: string, displayName: string, email: ?string, avatar: ?string}>
	 */
	public static function advisors(): array {
		// The capability query matches the capability's name in a user's meta, granted or
		// denied, and every member of a role that has it: user_can() decides.
		$users = get_users(
			array(
				'capability' => Capabilities::ANSWER,
				'orderby'    => 'ID',
				'order'      => 'ASC',
				'fields'     => 'all',
			)
		);
		$list  = array();
		foreach ( $users as $user ) {
			if ( $user instanceof \WP_User && Advisor_Profile::can_answer( $user ) ) {
				$list[] = Advisor_Profile::synced( $user );
			}
		}
		return $list;
	}

	/**
	 * `PUT /v1/advisors`.
	 *
	 * @return array|\WP_Error The bridge's AdvisorsListResponse, as it answered.
	 */
	public function sync_all() {
		$advisors = self::advisors();
		if ( count( $advisors ) > self::MAX_ADVISORS ) {
			return new \WP_Error(
				'handoff_chat_too_many_advisors',
				sprintf(
					/* translators: 1: how many users can answer conversations; 2: the most the bridge accepts. */
					__( '%1$d users can answer conversations on this site; the bridge accepts at most %2$d. Remove the ability from some of them, then try again.', 'handoff-chat' ),
					count( $advisors ),
					self::MAX_ADVISORS
				),
				array( 'status' => 409 )
			);
		}
		$answer = $this->client->signed_request( 'PUT', self::PATH, array( 'advisors' => $advisors ) );
		if ( ! is_wp_error( $answer ) ) {
			// The bridge now has this site's advisors as they are: what was queued would only repeat it.
			$site = get_current_blog_id();
			unset( $this->pending[ $site ], $this->deleted[ $site ] );
		}
		return $answer;
	}

	/**
	 * `PUT /v1/advisors/:id` now, for one user. Whatever was queued for them is dropped:
	 * this call says the same, later.
	 *
	 * @param \WP_User  $user       The user, as they are now.
	 * @param bool|null $can_answer Null: whether they can answer now.
	 * @param int|null  $timeout    Seconds; null: the client's default.
	 * @return array|\WP_Error The bridge's AdvisorResponse.
	 */
	public function sync_user( \WP_User $user, ?bool $can_answer = null, ?int $timeout = null ) {
		$site = get_current_blog_id();
		unset( $this->pending[ $site ][ $user->ID ], $this->deleted[ $site ][ $user->ID ] );
		return $this->send( $user->ID, Advisor_Profile::single( $user, $can_answer ), $timeout );
	}

	/**
	 * Notes that a user's ability to answer, name, email or avatar may have changed.
	 *
	 * @param int       $user_id      The user.
	 * @param bool|null $could_answer Whether they could answer before this change; null: unknown.
	 * @param int|null  $site         The site (blog id) it concerns; null: the current one.
	 */
	public function queue( int $user_id, ?bool $could_answer = null, ?int $site = null ): void {
		if ( $user_id <= 0 ) {
			return;
		}
		$site ??= get_current_blog_id();
		// The state before the first change of the request is the one the bridge knows.
		if ( null === ( $this->pending[ $site ][ $user_id ] ?? null ) ) {
			$this->pending[ $site ][ $user_id ] = $could_answer;
		}
	}

	/**
	 * A user about to be deleted who could answer on the current site: they will be
	 * reported to it as no longer able to.
	 *
	 * @param \WP_User $user The user.
	 */
	public function queue_deletion( \WP_User $user ): void {
		$this->deleted[ get_current_blog_id() ][ $user->ID ] = Advisor_Profile::single( $user, false );
		$this->queue( $user->ID, true );
	}

	/**
	 * Ids queued for a site and not sent yet (tests, and the shutdown flush).
	 *
	 * @param int|null $site Null: the current site.
	 * @return int[]
	 */
	public function pending( ?int $site = null ): array {
		return array_keys( $this->pending[ $site ?? get_current_blog_id() ] ?? array() );
	}

	/** Forgets what was queued (tests). */
	public function discard_pending(): void {
		$this->pending = array();
		$this->deleted = array();
	}

	/**
	 * `shutdown`: one single-user sync per queued user whose ability is or was there
	 * (a subscriber who registers is nobody the bridge needs to hear about), each from
	 * the site it concerns.
	 *
	 * @return int How many calls were made.
	 */
	public function flush(): int {
		$pending       = $this->pending;
		$deleted       = $this->deleted;
		$this->pending = array();
		$this->deleted = array();
		$calls         = 0;
		foreach ( $pending as $site => $users ) {
			$switch = is_multisite() && get_current_blog_id() !== $site;
			if ( $switch && ! get_site( $site ) ) {
				continue;
			}
			if ( $switch ) {
				switch_to_blog( $site );
			}
			$calls += $this->flush_site( $users, $deleted[ $site ] ?? array() );
			if ( $switch ) {
				restore_current_blog();
			}
		}
		return $calls;
	}

	/**
	 * The calls for one site, the current one.
	 *
	 * @param array<int, ?bool>                $pending User id → could answer before.
	 * @param array<int, array<string, mixed>> $deleted User id → body taken before deletion.
	 */
	private function flush_site( array $pending, array $deleted ): int {
		if ( ! Settings::is_configured() ) {
			return 0;
		}
		$calls = 0;
		foreach ( $pending as $user_id => $could_answer ) {
			$user = get_userdata( $user_id );
			if ( $user instanceof \WP_User ) {
				$body = Advisor_Profile::single( $user );
			} elseif ( isset( $deleted[ $user_id ] ) ) {
				$body = $deleted[ $user_id ];
			} else {
				continue;
			}
			if ( ! $body['canAnswer'] && true !== $could_answer ) {
				continue;
			}
			++$calls;
			$this->send( $user_id, $body, self::BACKGROUND_TIMEOUT );
		}
		return $calls;
	}

	/**
	 * `PUT /v1/advisors/:id`, logged and announced when it fails.
	 *
	 * @param int                  $user_id The user.
	 * @param array<string, mixed> $body    The single-user body.
	 * @param int|null             $timeout Seconds; null: the client's default.
	 * @return array|\WP_Error
	 */
	private function send( int $user_id, array $body, ?int $timeout ) {
		$answer = $this->client->signed_request( 'PUT', self::PATH . '/' . $user_id, $body, $timeout );
		if ( is_wp_error( $answer ) ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the site owner's only trace of a sync that failed on the side.
			error_log( sprintf( 'Handoff Chat: the bridge was not told about advisor %d (%s); the next full sync under Conversations → Advisors repairs it.', $user_id, $answer->get_error_message() ) );
			/**
			 * Fires when a single-user advisor sync fails.
			 *
			 * @param int       $user_id The user.
			 * @param \WP_Error $answer  Why.
			 */
			do_action( 'handoff_chat_advisor_sync_failed', $user_id, $answer );
		}
		return $answer;
	}
}
