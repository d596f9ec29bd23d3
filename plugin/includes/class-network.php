<?php
/**
 * Multisite: every site of the network is its own bridge site.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\Settings_Page;
use HandoffChat\Rest\Advisor_Token_Controller;
use HandoffChat\Rest\Advisors_Controller;

defined( 'ABSPATH' ) || exit;

/**
 * Each site keeps its own settings (bridge URL, site id, secret), roles and advisors,
 * exactly as a single site does; what a network adds is applying the defaults to every
 * site when the plugin is network-activated or a site is created, and one list of the
 * sites for the network admin's Advisors screen.
 */
final class Network {

	/**
	 * Sites handled at once by network activation and listed on the network screen.
	 * Larger networks: the other sites get their defaults on their first admin page
	 * (Capabilities::maybe_upgrade()).
	 */
	public const MAX_SITES = 500;

	/** What activation applies to one site: the current one. */
	public static function apply_site_defaults(): void {
		Capabilities::grant();
		Settings::add_options();
	}

	/** Network activation: the defaults on each site. */
	public static function activate_sites(): void {
		foreach ( self::site_ids() as $site_id ) {
			switch_to_blog( $site_id );
			self::apply_site_defaults();
			restore_current_blog();
		}
	}

	/**
	 * `wp_initialize_site`, after WordPress made the new site's tables: the defaults, when
	 * the plugin is active on the whole network.
	 *
	 * @param \WP_Site $site The new site.
	 */
	public static function initialize_site( \WP_Site $site ): void {
		if ( ! self::is_network_active() ) {
			return;
		}
		switch_to_blog( (int) $site->blog_id );
		self::apply_site_defaults();
		restore_current_blog();
	}

	/** Whether the plugin is active on the whole network. */
	public static function is_network_active(): bool {
		return is_multisite() && array_key_exists( plugin_basename( HANDOFF_CHAT_FILE ), (array) get_site_option( 'active_sitewide_plugins', array() ) );
	}

	/**
	 * The sites, each with its own connection and the URLs the network screen needs to
	 * work on it (its REST routes are absolute URLs: api-fetch's `path` is the main site's).
	 *
	 * @return list<array{id: string, name: string, url: string, active: bool, configured: bool, bridgeUrl: string, siteId: string, settingsUrl: string, advisorsUrl: string, advisorsRestUrl: string, tokenRestUrl: string}>
	 */
	public static function sites(): array {
		$sites = array();
		foreach ( self::site_ids() as $site_id ) {
			switch_to_blog( $site_id );
			$sites[] = array(
				'id'              => (string) $site_id,
				'name'            => (string) get_bloginfo( 'name' ),
				'url'             => home_url( '/' ),
				'active'          => self::is_network_active() || in_array( plugin_basename( HANDOFF_CHAT_FILE ), (array) get_option( 'active_plugins', array() ), true ),
				'configured'      => Settings::is_configured(),
				'bridgeUrl'       => Settings::get_bridge_url(),
				'siteId'          => Settings::get_site_id(),
				'settingsUrl'     => Settings_Page::url(),
				'advisorsUrl'     => Admin_Page::advisors_url(),
				'advisorsRestUrl' => rest_url( Plugin::REST_NAMESPACE . Advisors_Controller::ROUTE ),
				'tokenRestUrl'    => rest_url( Plugin::REST_NAMESPACE . Advisor_Token_Controller::ROUTE ),
			);
			restore_current_blog();
		}
		return $sites;
	}

	/**
	 * Live sites (not archived, deleted or spam), by id; the current site alone outside multisite.
	 *
	 * @return int[]
	 */
	private static function site_ids(): array {
		if ( ! is_multisite() ) {
			return array( get_current_blog_id() );
		}
		return array_map(
			'intval',
			get_sites(
				array(
					'fields'   => 'ids',
					'number'   => self::MAX_SITES,
					'archived' => 0,
					'deleted'  => 0,
					'spam'     => 0,
					'orderby'  => 'id',
				)
			)
		);
	}
}
