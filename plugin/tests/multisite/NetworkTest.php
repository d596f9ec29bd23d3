<?php
/**
 * Tests of the plugin network-activated on a WordPress multisite.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Multisite;

use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Advisors\Advisor_Sync;
use HandoffChat\Capabilities;
use HandoffChat\Network;
use HandoffChat\Plugin;

require_once __DIR__ . '/NetworkCase.php';

/** On a network every site is its own bridge site: defaults, syncs, the network screen. */
final class NetworkTest extends Network_Case {

	private function sync(): Advisor_Sync {
		return Plugin::instance()->advisor_sync;
	}

	public function test_the_plugin_is_network_active_and_every_site_has_its_defaults(): void {
		$this->assertTrue( Network::is_network_active() );
		foreach ( array( 1, self::site( 'shop' ), self::site( 'blog' ) ) as $site ) {
			switch_to_blog( $site );
			$this->assertNotNull( get_role( Capabilities::ROLE ), "Advisor role on site $site" );
			$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ), "administrators answer on site $site" );
			$this->assertSame( Capabilities::defaults_version(), get_option( Capabilities::VERSION_OPTION ) );
			restore_current_blog();
		}
	}

	public function test_network_activation_applies_the_defaults_on_every_site(): void {
		$shop = self::site( 'shop' );
		switch_to_blog( $shop );
		remove_role( Capabilities::ROLE );
		get_role( 'administrator' )->remove_cap( Capabilities::ANSWER );
		restore_current_blog();

		Plugin::activate( true );

		switch_to_blog( $shop );
		$this->assertNotNull( get_role( Capabilities::ROLE ) );
		$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
		restore_current_blog();
	}

	public function test_a_new_site_of_the_network_gets_the_defaults(): void {
		$site = wpmu_create_blog( (string) DOMAIN_CURRENT_SITE, '/new-' . strtolower( wp_generate_password( 6, false ) ) . '/', 'New', 1 );
		$this->assertIsInt( $site );
		try {
			switch_to_blog( $site );
			$this->assertNotNull( get_role( Capabilities::ROLE ) );
			$this->assertTrue( get_role( 'administrator' )->has_cap( Capabilities::ANSWER ) );
			$this->assertSame( '', get_option( 'handoff_chat_bridge_url' ), 'Its own settings, empty until someone connects it.' );
			restore_current_blog();
		} finally {
			wp_delete_site( $site );
		}
	}

	public function test_a_change_for_another_site_is_sent_from_that_site_to_its_bridge(): void {
		$shop = self::site( 'shop' );
		$user = $this->create_user( 'subscriber', array( 'display_name' => 'Sam Shop' ) );
		add_user_to_blog( $shop, $user->ID, 'editor' );
		$this->sync()->discard_pending();

		// From the main site, without switching: the meta key names the shop.
		$for_shop = new \WP_User( $user->ID, '', $shop );
		$for_shop->add_cap( Capabilities::ANSWER );
		$this->assertSame( array( $user->ID ), $this->sync()->pending( $shop ) );
		$this->assertSame( array(), $this->sync()->pending() );

		$this->assertSame( 1, $this->sync()->flush() );
		$this->assertSame( array(), $this->received( 'main' ) );
		$this->assertSame( array(), $this->received( 'blog' ) );
		$shop_got = $this->received( 'shop' );
		$this->assertCount( 1, $shop_got );
		$this->assertSame( '/v1/advisors/' . $user->ID, $shop_got[0]['path'] );
		$this->assertTrue( $shop_got[0]['body']['canAnswer'] );
		$this->assertSame( 'Sam Shop', $shop_got[0]['body']['displayName'] );
		$this->assert_signed_for( 'shop', $shop_got[0] );
		$this->assertSame( 1, get_current_blog_id(), 'Back on the main site.' );
	}

	public function test_changes_made_while_switched_go_to_that_site_too(): void {
		$blog = self::site( 'blog' );
		$user = $this->create_user( 'subscriber' );
		$this->sync()->discard_pending();

		switch_to_blog( $blog );
		add_user_to_blog( $blog, $user->ID, Capabilities::ROLE );
		restore_current_blog();
		$this->sync()->flush();

		$this->assertSame( array( '/v1/advisors/' . $user->ID ), array_column( $this->received( 'blog' ), 'path' ) );
		$this->assertTrue( $this->received( 'blog' )[0]['body']['canAnswer'] );
		$this->assertSame( array(), $this->received( 'main' ), 'A subscriber of the main site: nothing to say there.' );
	}

	public function test_the_full_sync_of_a_site_lists_that_site_s_advisors(): void {
		$shop      = self::site( 'shop' );
		$main_only = $this->create_user( 'editor' );
		$shop_user = $this->create_user( 'subscriber' );
		$main_only->add_cap( Capabilities::ANSWER );
		add_user_to_blog( $shop, $shop_user->ID, Capabilities::ROLE );

		switch_to_blog( $shop );
		$this->sync()->sync_all();
		restore_current_blog();

		$sent = $this->received( 'shop' );
		$this->assertSame( '/v1/advisors', $sent[0]['path'] );
		$this->assert_signed_for( 'shop', $sent[0] );
		$ids = array_column( $sent[0]['body']['advisors'], 'id' );
		$this->assertContains( (string) $shop_user->ID, $ids );
		$this->assertNotContains( (string) $main_only->ID, $ids );
		$this->assertSame( array(), $this->received( 'main' ) );
	}

	public function test_a_network_deletion_tells_every_site_the_user_answered_on(): void {
		$shop = self::site( 'shop' );
		$user = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Gone Everywhere' ) );
		add_user_to_blog( $shop, $user->ID, Capabilities::ROLE );
		$this->sync()->discard_pending();

		$this->assertTrue( wpmu_delete_user( $user->ID ) );
		$this->sync()->flush();

		foreach ( array( 'main', 'shop' ) as $slug ) {
			$got = $this->received( $slug );
			$this->assertSame( array( '/v1/advisors/' . $user->ID ), array_column( $got, 'path' ), $slug );
			$this->assertFalse( $got[0]['body']['canAnswer'] );
			$this->assertSame( 'Gone Everywhere', $got[0]['body']['displayName'] );
		}
		$this->assertSame( array(), $this->received( 'blog' ) );
	}

	public function test_network_administrators_cannot_be_removed_from_a_site_s_advisors(): void {
		$super = $this->create_user( 'administrator' );
		grant_super_admin( $super->ID );
		try {
			wp_set_current_user( $this->create_user( 'administrator' )->ID );
			$response = rest_do_request( new \WP_REST_Request( 'DELETE', '/handoff-chat/v1/advisors/' . $super->ID ) );
			$this->assertSame( 409, $response->get_status() );
			$this->assertSame( 'handoff_chat_still_advisor', $response->get_data()['code'] );
		} finally {
			revoke_super_admin( $super->ID );
		}
	}

	public function test_the_network_screen_lists_every_site_with_its_own_settings(): void {
		$super = $this->create_user( 'administrator' );
		grant_super_admin( $super->ID );
		try {
			wp_set_current_user( $super->ID );
			$page = new Admin_Page();
			$page->add_network_menu();
			$this->assertSame( 'toplevel_page_' . Admin_Page::NETWORK_SLUG, $page->get_network_hook_suffix() );
			$this->assertSame( 'network-advisors', $page->view_for( $page->get_network_hook_suffix() ) );

			$state = ( new Admin_Assets( $page ) )->get_initial_state( 'network-advisors' );
			$this->assertSame( 'network-advisors', $state['view'] );
			$sites = array_column( $state['sites'], null, 'siteId' );
			$this->assertSame( array( self::SITE_ID, 'network_shop', 'network_blog' ), array_keys( $sites ) );
			$shop = $sites['network_shop'];
			$this->assertSame( (string) self::site( 'shop' ), $shop['id'] );
			$this->assertSame( 'Shop', $shop['name'] );
			$this->assertTrue( $shop['active'] );
			$this->assertTrue( $shop['configured'] );
			$this->assertSame( self::SITES['shop']['bridgeUrl'], $shop['bridgeUrl'] );
			$this->assertStringContainsString( '/shop/', $shop['url'] );
			$this->assertStringContainsString( '/shop/wp-admin/admin.php?page=handoff-chat-advisors', $shop['advisorsUrl'] );
			$this->assertStringContainsString( '/shop/wp-admin/admin.php?page=handoff-chat-settings', $shop['settingsUrl'] );
			$this->assertStringStartsWith( $shop['url'], $shop['advisorsRestUrl'] );
			$this->assertStringContainsString( 'handoff-chat/v1/advisors', $shop['advisorsRestUrl'] );
			$this->assertStringContainsString( 'handoff-chat/v1/advisor-token', $shop['tokenRestUrl'] );
			$this->assertArrayNotHasKey( 'secret', $shop );
			$this->assertStringNotContainsString( self::SITES['shop']['secret'], (string) wp_json_encode( $state ) );
			$this->assertSame( 1, get_current_blog_id() );

			// For those who manage the network's users (WordPress checks it on display and access).
			global $menu;
			$entry = array_values( array_filter( (array) $menu, static fn ( $item ) => Admin_Page::NETWORK_SLUG === ( $item[2] ?? null ) ) );
			$this->assertSame( Capabilities::NETWORK_MANAGE, $entry[0][1] ?? null );
			$this->assertSame( 'manage_network_users', Capabilities::NETWORK_MANAGE );
		} finally {
			revoke_super_admin( $super->ID );
		}
	}
}
