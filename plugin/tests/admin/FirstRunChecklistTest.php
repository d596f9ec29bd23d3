<?php
/**
 * The first-run checklist's WordPress side, and the starter flow's texts.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\First_Run_Checklist;
use HandoffChat\Admin\Starter_Flow;
use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

/**
 * Where the widget is (a published post with the block, or the site-wide option), where to
 * test it, the per-user dismissal through its route, and who gets the checklist at all.
 */
final class FirstRunChecklistTest extends TestCase {

	/**
	 * Posts made by the test, deleted after it.
	 *
	 * @var int[]
	 */
	private array $post_ids = array();

	/**
	 * The site-wide option before the test (false: none), put back after it.
	 *
	 * @var mixed
	 */
	private $saved_site_wide;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_site_wide = get_option( Site_Wide_Widget::OPTION );
		delete_option( Site_Wide_Widget::OPTION );
		// Posts other tests left with the block would answer for this one.
		foreach ( get_posts(
			array(
				'post_type'      => 'any',
				'post_status'    => 'publish',
				's'              => 'wp:' . Site_Wide_Widget::BLOCK,
				'fields'         => 'ids',
				'posts_per_page' => -1,
			)
		) as $id ) {
			wp_update_post(
				array(
					'ID'          => $id,
					'post_status' => 'draft',
				)
			);
			$this->post_ids[] = $id;
		}
	}

	protected function tearDown(): void {
		foreach ( $this->post_ids as $id ) {
			wp_delete_post( $id, true );
		}
		false === $this->saved_site_wide ? delete_option( Site_Wide_Widget::OPTION ) : update_option( Site_Wide_Widget::OPTION, $this->saved_site_wide );
		parent::tearDown();
	}

	private function page( string $content, string $status = 'publish' ): int {
		$id = wp_insert_post(
			array(
				'post_type'    => 'page',
				'post_status'  => $status,
				'post_title'   => 'Checklist page',
				'post_content' => $content,
			)
		);
		$this->assertIsInt( $id );
		$this->post_ids[] = $id;
		return $id;
	}

	public function test_the_widget_step_follows_a_published_block_or_the_site_wide_option(): void {
		$admin = $this->create_user( 'administrator' );
		$state = First_Run_Checklist::state( $admin );
		$this->assertFalse( $state['blockPlaced'] );
		$this->assertFalse( $state['siteWide'] );
		$this->assertSame( '', $state['testUrl'], 'Nowhere to test yet.' );
		$this->assertSame( admin_url( 'post-new.php?post_type=page' ), $state['newPageUrl'] );
		$this->assertStringEndsWith( 'page=handoff-chat-settings#handoff-chat-site-wide', $state['siteWideUrl'] );

		$this->page( '<!-- wp:handoff-chat/widget {"mode":"live"} /-->', 'draft' );
		$this->page( '<!-- wp:paragraph --><p>handoff-chat/widget, in words only</p><!-- /wp:paragraph -->' );
		$this->assertFalse( First_Run_Checklist::state( $admin )['blockPlaced'], 'A draft or a mention is no widget.' );

		$with  = $this->page( '<!-- wp:handoff-chat/widget /-->' );
		$state = First_Run_Checklist::state( $admin );
		$this->assertTrue( $state['blockPlaced'] );
		$this->assertSame( get_permalink( $with ) . '#handoff-chat', $state['testUrl'] );

		wp_update_post(
			array(
				'ID'          => $with,
				'post_status' => 'draft',
			)
		);
		update_option( Site_Wide_Widget::OPTION, Site_Wide_Widget::sanitize( array( 'enabled' => '1' ) + Site_Wide_Widget::defaults() ) );
		$state = First_Run_Checklist::state( $admin );
		$this->assertFalse( $state['blockPlaced'] );
		$this->assertTrue( $state['siteWide'] );
		$this->assertSame( home_url( '/' ) . '#handoff-chat', $state['testUrl'] );
	}

	public function test_each_manager_hides_and_shows_it_for_themselves_through_the_route(): void {
		$admin = $this->create_user( 'administrator' );
		$other = $this->create_user( 'administrator' );
		wp_set_current_user( $admin->ID );
		$post = static function ( $dismissed ) {
			$request = new \WP_REST_Request( 'POST', '/handoff-chat/v1/checklist' );
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( array( 'dismissed' => $dismissed ) ) );
			return rest_do_request( $request );
		};

		$response = $post( true );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'dismissed' => true ), $response->get_data() );
		$this->assertTrue( First_Run_Checklist::state( $admin )['dismissed'] );
		$this->assertFalse( First_Run_Checklist::state( $other )['dismissed'], 'Per user.' );

		$this->assertSame( array( 'dismissed' => false ), $post( false )->get_data() );
		$this->assertFalse( First_Run_Checklist::state( $admin )['dismissed'] );
		$this->assertSame( '', get_user_meta( $admin->ID, First_Run_Checklist::META_DISMISSED, true ) );

		$this->assertSame( 400, $post( 'maybe' )->get_status() );

		wp_set_current_user( $this->create_user( Capabilities::ROLE )->ID );
		$this->assertSame( 403, $post( true )->get_status() );
	}

	public function test_only_managers_get_it_on_the_inbox(): void {
		$page   = new Admin_Page();
		$assets = new Admin_Assets( $page );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$this->assertArrayHasKey( 'checklist', $assets->get_initial_state( 'inbox' ) );
		$this->assertArrayNotHasKey( 'checklist', $assets->get_initial_state( 'flows' ) );
		wp_set_current_user( $this->create_user( Capabilities::ROLE )->ID );
		$this->assertArrayNotHasKey( 'checklist', $assets->get_initial_state( 'inbox' ) );
	}

	public function test_the_starter_flow_speaks_the_sites_language_not_the_users(): void {
		if ( ! is_readable( HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR.mo' ) ) {
			$this->markTestSkipped( 'plugin/languages is not built (npm run build:i18n).' );
		}
		$english = Starter_Flow::texts();
		$this->assertSame( 'Hello! How can we help you today?', $english['greeting'] );

		// An administrator reading wp-admin in English on a French site (WordPress's French installed).
		$admin = $this->create_user( 'administrator', array( 'locale' => 'en_US' ) );
		wp_set_current_user( $admin->ID );
		set_current_screen( 'dashboard' );
		$site_locale = static fn() => 'fr_FR';
		$installed   = static fn( $languages ) => array_merge( (array) $languages, array( 'fr_FR' ) );
		add_filter( 'locale', $site_locale );
		add_filter( 'get_available_languages', $installed );
		// The switcher lists the installed languages when it starts.
		$switcher                      = $GLOBALS['wp_locale_switcher'];
		$GLOBALS['wp_locale_switcher'] = new \WP_Locale_Switcher();
		$GLOBALS['wp_locale_switcher']->init();
		try {
			$this->assertSame( 'en_US', determine_locale() );
			$french = Starter_Flow::texts();
			$state  = ( new Admin_Assets( new Admin_Page() ) )->get_initial_state( 'flows' );
		} finally {
			remove_filter( 'locale', $site_locale );
			remove_filter( 'get_available_languages', $installed );
			unset( $GLOBALS['current_screen'] );
			remove_filter( 'locale', array( $GLOBALS['wp_locale_switcher'], 'filter_locale' ) );
			remove_filter( 'determine_locale', array( $GLOBALS['wp_locale_switcher'], 'filter_locale' ) );
			$GLOBALS['wp_locale_switcher'] = $switcher;
		}
		$this->assertSame( array_keys( $english ), array_keys( $french ) );
		$this->assertSame( 'Bonjour ! Comment pouvons-nous vous aider aujourd’hui ?', $french['greeting'] );
		$this->assertStringContainsString( '{{EMAIL}}', $french['thanks'] );
		$this->assertSame( $french, $state['starterFlow'] );
		$this->assertSame( 'Hello! How can we help you today?', __( 'Hello! How can we help you today?', 'handoff-chat' ), 'The admin\'s own language is back.' );
	}
}
