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
 * editors, WP-CLI, the network's Users screens, this plugin's own routes), but every one
 * writes the user's `{prefix}capabilities` meta through add_cap(), remove_cap(),
 * set_role(), add_role() or remove_role(). The hooks before each write fire while the old
 * value is still stored, so the watcher records whether the user could answer before,
 * and queues them on Advisor_Sync, which compares with the state they end up in.
 *
 * On a network the key names the site (`wp_3_capabilities`), whichever site is current
 * when it is written: the change is queued for that site.
 */
final class Capability_Watcher {

	/**
	 * Changes are queued on the sync.
	 *
	 * @param Advisor_Sync $sync The sync that tells the bridge.
	 */
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
	 * `profile_update`: a name or email the bridge shows may have changed, on every site
	 * the user belongs to.
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
		$sites = is_multisite() ? array_keys( get_blogs_of_user( $user->ID ) ) : array( get_current_blog_id() );
		foreach ( $sites as $site ) {
			// Null: sent only if they can answer there after the update.
			$this->sync->queue( $user->ID, null, (int) $site );
		}
	}

	/**
	 * `delete_user`, while the user still exists: what they looked like is what the
	 * bridge gets with `canAnswer: false`. (On a network this removes them from the
	 * current site only.)
	 *
	 * @param int $user_id The user.
	 */
	public function user_deleting( $user_id ): void {
		$user = get_userdata( (int) $user_id );
		if ( $user instanceof \WP_User && Advisor_Profile::can_answer( $user ) ) {
			$this->sync->queue_deletion( $user );
		}
	}

	/**
	 * `wpmu_delete_user`: a network deletion, from every site where the user could answer.
	 *
	 * @param int $user_id The user.
	 */
	public function network_user_deleting( $user_id ): void {
		foreach ( array_keys( get_blogs_of_user( (int) $user_id ) ) as $site ) {
			switch_to_blog( (int) $site );
			$this->user_deleting( $user_id );
			restore_current_blog();
		}
	}

	/**
	 * The site a capabilities meta key belongs to; null for any other key.
	 *
	 * @param string $meta_key The meta key.
	 */
	public static function site_of( string $meta_key ): ?int {
		global $wpdb;
		if ( $wpdb->base_prefix . 'capabilities' === $meta_key ) {
			// get_blog_prefix() gives the base prefix to site 1 (and to a single site).
			return is_multisite() ? 1 : get_current_blog_id();
		}
		if ( is_multisite() && str_starts_with( $meta_key, $wpdb->base_prefix ) && preg_match( '/^(\d+)_capabilities$/D', substr( $meta_key, strlen( $wpdb->base_prefix ) ), $m ) ) {
			return (int) $m[1];
		}
		return null;
	}

	/**
	 * Queues the user, with whether they can answer before the write, when the key is a capabilities key.
	 *
	 * @param int    $user_id  The user.
	 * @param string $meta_key The meta key being written.
	 */
	private function before_write( int $user_id, string $meta_key ): void {
		$site = $user_id > 0 ? self::site_of( $meta_key ) : null;
		if ( null === $site ) {
			return;
		}
		$switch = get_current_blog_id() !== $site;
		if ( $switch ) {
			switch_to_blog( $site );
		}
		// A fresh WP_User reads the capabilities still stored, not a copy cached elsewhere.
		$could_answer = Advisor_Profile::can_answer( new \WP_User( $user_id ) );
		if ( $switch ) {
			restore_current_blog();
		}
		$this->sync->queue( $user_id, $could_answer, $site );
	}
}
