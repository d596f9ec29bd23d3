<?php
/**
 * What the first-run checklist on the Conversations screen knows from WordPress.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Plugin;
use HandoffChat\Rest\Checklist_Controller;

defined( 'ABSPATH' ) || exit;

/**
 * Connect → place the widget → be available → send yourself a test message. The app
 * knows the connection, the advisor's licence and the conversations from the bridge; this
 * says where the widget is (a published post holding the block, or the site-wide option),
 * where to test it, and whether this user hid the list (user meta, per user).
 */
final class First_Run_Checklist {

	/** User meta: '1' once the user dismissed the checklist. */
	public const META_DISMISSED = 'handoff_chat_checklist_dismissed';

	/** Opens the widget on arrival (blocks/widget/launcher.ts). */
	public const OPEN_HASH = '#handoff-chat';

	/**
	 * The checklist's initial state (admin/src/global.d.ts HandoffChatChecklistState).
	 *
	 * @param \WP_User $user The user looking at the Conversations screen.
	 * @return array{dismissed: bool, blockPlaced: bool, siteWide: bool, newPageUrl: string, siteWideUrl: string, testUrl: string, dismissPath: string}
	 */
	public static function state( \WP_User $user ): array {
		$with_block = self::post_with_block();
		$site_wide  = Site_Wide_Widget::get_settings();
		$test_url   = '';
		if ( $with_block ) {
			$test_url = (string) get_permalink( $with_block );
		} elseif ( $site_wide['enabled'] ) {
			// The front page when the widget shows there, else the newest post or page it covers.
			$test_url = $site_wide['front_page'] ? home_url( '/' ) : self::site_wide_page( $site_wide );
		}
		return array(
			'dismissed'   => self::is_dismissed( $user ),
			'blockPlaced' => null !== $with_block,
			'siteWide'    => $site_wide['enabled'],
			'newPageUrl'  => admin_url( 'post-new.php?post_type=page' ),
			'siteWideUrl' => Site_Wide_Settings::url(),
			'testUrl'     => '' === $test_url ? '' : $test_url . self::OPEN_HASH,
			'dismissPath' => '/' . Plugin::REST_NAMESPACE . Checklist_Controller::ROUTE,
		);
	}

	/**
	 * Whether the user hid the checklist.
	 *
	 * @param \WP_User $user The user.
	 * @return bool
	 */
	public static function is_dismissed( \WP_User $user ): bool {
		return '1' === get_user_meta( $user->ID, self::META_DISMISSED, true );
	}

	/**
	 * Hides or shows the checklist for the user.
	 *
	 * @param \WP_User $user      The user.
	 * @param bool     $dismissed Hidden.
	 */
	public static function set_dismissed( \WP_User $user, bool $dismissed ): void {
		if ( $dismissed ) {
			update_user_meta( $user->ID, self::META_DISMISSED, '1' );
		} else {
			delete_user_meta( $user->ID, self::META_DISMISSED );
		}
	}

	/**
	 * The newest published post (any public type) whose content holds the widget block.
	 *
	 * @return \WP_Post|null
	 */
	public static function post_with_block(): ?\WP_Post {
		$types = array_values( array_diff( get_post_types( array( 'public' => true ) ), array( 'attachment' ) ) );
		// The block's comment delimiter, as serialize_block() writes it.
		$query = new \WP_Query(
			array(
				'post_type'              => $types,
				'post_status'            => 'publish',
				's'                      => '<!-- wp:' . Site_Wide_Widget::BLOCK . ' ',
				'search_columns'         => array( 'post_content' ),
				'sentence'               => true,
				'posts_per_page'         => 1,
				'orderby'                => 'date',
				'order'                  => 'DESC',
				'no_found_rows'          => true,
				'update_post_meta_cache' => false,
				'update_post_term_cache' => false,
				'suppress_filters'       => true,
			)
		);
		foreach ( $query->posts as $post ) {
			if ( $post instanceof \WP_Post && has_block( Site_Wide_Widget::BLOCK, $post ) ) {
				return $post;
			}
		}
		return null;
	}

	/**
	 * A published page or post the site-wide widget shows on, when the front page is left out.
	 *
	 * @param array{post_types: list<string>, exclude_ids: list<int>} $settings Site-wide settings.
	 * @return string Its permalink, or '' when none.
	 */
	private static function site_wide_page( array $settings ): string {
		if ( ! $settings['post_types'] ) {
			return '';
		}
		$ids = get_posts(
			array(
				'post_type'      => $settings['post_types'],
				'post_status'    => 'publish',
				'post__not_in'   => $settings['exclude_ids'],
				'posts_per_page' => 1,
				'fields'         => 'ids',
			)
		);
		return $ids ? (string) get_permalink( (int) $ids[0] ) : '';
	}

	/** Removes every user's flag (uninstall). */
	public static function delete_user_meta(): void {
		delete_metadata( 'user', 0, self::META_DISMISSED, '', true );
	}
}
