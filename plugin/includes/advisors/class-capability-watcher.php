<?php
/**
 * Notices when a user gains or loses the ability to answer, whatever made it happen.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Advisors;

defined( 'ABSPATH' ) || exit;

/**
 * Roles and capabilities change in many places (user-edit.php, bulk role changes, role
 * editors, WP-CLI, this plugin's own routes), but every one writes the user's
 * `{prefix}capabilities` meta through add_cap(), remove_cap(), set_role(), add_role() or
 * remove_role(). The hooks before each write fire while the old value is still stored,
 * so the watcher records whether the user could answer before, and queues them on
 * Advisor_Sync, which compares with the state they end up in.
 */
final class Capability_Watcher {

	public function __construct( private readonly Advisor_Sync $sync ) {}

	/**
	 * `add_user_meta`, before a meta row is added.
	 *
	 * @param int    $user_id  The user.
	 * @param string $meta_key The meta key.
	 */
	public function before_add( $user_id, $meta_key ): void {
		$this->before_write( (int) $user_id, (string) $meta_key );
	}

	/**
	 * `update_user_meta` and `delete_user_meta`, before a meta row changes or goes.
	 *
	 * @param int|int[] $meta_id  The row(s).
	 * @param int       $user_id  The user.
	 * @param string    $meta_key The meta key.
	 */
	public function before_change( $meta_id, $user_id, $meta_key ): void {
		$this->before_write( (int) $user_id, (string) $meta_key );
	}

	/**
	 * `profile_update`: a name or email the bridge shows may have changed.
	 *
	 * @param int      $user_id  The user.
	 * @param \WP_User $old_user Their data before the update.
	 */
	public function profile_updated( $user_id, $old_user = null ): void {
		$user = get_userdata( (int) $user_id );
		if ( ! $user instanceof \WP_User ) {
			return;
		}
		if ( $old_user instanceof \WP_User && $old_user->display_name === $user->display_name && $old_user->user_email === $user->user_email ) {
			return;
		}
		// Null: sent only if they can answer after the update.
		$this->sync->queue( $user->ID, null );
	}

	/**
	 * `delete_user`, while the user still exists: what they looked like is what the
	 * bridge gets with `canAnswer: false`.
	 *
	 * @param int $user_id The user.
	 */
	public function user_deleting( $user_id ): void {
		$user = get_userdata( (int) $user_id );
		if ( $user instanceof \WP_User && Advisor_Profile::can_answer( $user ) ) {
			$this->sync->queue_deletion( $user );
		}
	}

	/** The current site's capabilities meta key (its table prefix + 'capabilities'). */
	public static function meta_key(): string {
		global $wpdb;
		return $wpdb->get_blog_prefix() . 'capabilities';
	}

	private function before_write( int $user_id, string $meta_key ): void {
		if ( $meta_key !== self::meta_key() || $user_id <= 0 ) {
			return;
		}
		// A fresh WP_User reads the capabilities still stored, not a copy cached elsewhere.
		$this->sync->queue( $user_id, Advisor_Profile::can_answer( new \WP_User( $user_id ) ) );
	}
}
