<?php
/**
 * The widget on every page: settings, where it shows, one widget only, its assets.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Blocks;

use HandoffChat\Admin\Site_Wide_Settings;
use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Tests\TestCase;

/**
 * Renders a block registered from blocks/widget's own block.json and render.php (the
 * source, under a fixture name, with stand-in scripts) so the footer's markup is the block's.
 */
final class SiteWideWidgetTest extends TestCase {

	private const BLOCK = 'handoff-chat-test/site-wide';

	/**
	 * A temporary build folder for the fixture block; removed after the test.
	 *
	 * @var string
	 */
	private string $build_dir = '';

	/**
	 * The site-wide widget under test.
	 *
	 * @var Site_Wide_Widget
	 */
	private Site_Wide_Widget $widget;

	/**
	 * Posts made by the test, deleted after it.
	 *
	 * @var int[]
	 */
	private array $post_ids = array();

	/**
	 * Options before the test, put back after it.
	 *
	 * @var array<string, mixed>
	 */
	private array $saved = array();

	protected function setUp(): void {
		parent::setUp();
		foreach ( array( Site_Wide_Widget::OPTION, 'show_on_front', 'page_on_front', 'stylesheet', 'template', 'current_theme' ) as $option ) {
			$this->saved[ $option ] = get_option( $option );
		}
		// A front-end request: no admin screen left by another test.
		unset( $GLOBALS['current_screen'] );
		$this->register_fixture_block();
		$this->widget = new Site_Wide_Widget( self::BLOCK );
		add_filter( 'render_block_' . self::BLOCK, array( $this->widget, 'note_block' ) );
		remove_action( 'wp_footer', array( \HandoffChat\Plugin::instance()->site_wide_widget, 'render_footer' ), 5 );
		add_action( 'wp_footer', array( $this->widget, 'render_footer' ), 5 );
	}

	protected function tearDown(): void {
		remove_action( 'wp_footer', array( $this->widget, 'render_footer' ), 5 );
		add_action( 'wp_footer', array( \HandoffChat\Plugin::instance()->site_wide_widget, 'render_footer' ), 5 );
		remove_filter( 'render_block_' . self::BLOCK, array( $this->widget, 'note_block' ) );
		$block = \WP_Block_Type_Registry::get_instance()->get_registered( self::BLOCK );
		foreach ( array_merge( $block->view_script_handles, $block->style_handles ) as $handle ) {
			wp_dequeue_script( $handle );
			wp_dequeue_style( $handle );
		}
		unregister_block_type( self::BLOCK );
		array_map( 'unlink', glob( $this->build_dir . '*' ) );
		rmdir( $this->build_dir );
		foreach ( $this->post_ids as $id ) {
			wp_delete_post( $id, true );
		}
		foreach ( $this->saved as $option => $value ) {
			false === $value ? delete_option( $option ) : update_option( $option, $value );
		}
		$GLOBALS['wp_query']     = new \WP_Query();
		$GLOBALS['wp_the_query'] = $GLOBALS['wp_query'];
		unset( $GLOBALS['post'] );
		$GLOBALS['wp_theme_directories'] = array_values( array_diff( $GLOBALS['wp_theme_directories'], array( dirname( __DIR__ ) . '/fixtures/themes' ) ) );
		parent::tearDown();
	}

	/** The widget's block.json (renamed) and render.php, with stand-ins for the built scripts and style. */
	private function register_fixture_block(): void {
		$source          = dirname( __DIR__, 3 ) . '/blocks/widget/';
		$this->build_dir = trailingslashit( get_temp_dir() ) . 'handoff-site-wide-' . wp_generate_password( 8, false ) . '/';
		wp_mkdir_p( $this->build_dir );
		$metadata         = wp_json_file_decode( $source . 'block.json', array( 'associative' => true ) );
		$metadata['name'] = self::BLOCK;
		unset( $metadata['editorScript'], $metadata['editorStyle'] );
		$metadata['viewScript'] = 'file:./view.js';
		$metadata['style']      = 'file:./style-index.css';
		$files                  = array(
			'block.json'      => wp_json_encode( $metadata ),
			'view.js'         => 'void 0;',
			'view.asset.php'  => "<?php return array( 'dependencies' => array(), 'version' => 'f1' );",
			'style-index.css' => '.handoff-chat-mount{}',
			'render.php'      => (string) file_get_contents( $source . 'render.php' ),
		);
		foreach ( $files as $name => $content ) {
			file_put_contents( $this->build_dir . $name, $content );
		}
		$this->assertInstanceOf( \WP_Block_Type::class, register_block_type( $this->build_dir ) );
	}

	private function view_handle(): string {
		return \WP_Block_Type_Registry::get_instance()->get_registered( self::BLOCK )->view_script_handles[0];
	}

	private function enable( array $settings = array() ): void {
		update_option( Site_Wide_Widget::OPTION, Site_Wide_Widget::sanitize( $settings + array( 'enabled' => '1' ) + Site_Wide_Widget::defaults() ) );
	}

	private function post( string $type, string $content = 'Hello.' ): int {
		$id = wp_insert_post(
			array(
				'post_type'    => $type,
				'post_status'  => 'publish',
				'post_title'   => 'Site-wide ' . $type,
				'post_content' => $content,
			)
		);
		$this->assertIsInt( $id );
		$this->post_ids[] = $id;
		return $id;
	}

	/**
	 * The main query of a front-end request, as WordPress sets it up for these query vars.
	 *
	 * @param array $query_vars The request's query vars.
	 */
	private function visit( array $query_vars ): void {
		$GLOBALS['wp_the_query'] = new \WP_Query( $query_vars );
		$GLOBALS['wp_query']     = $GLOBALS['wp_the_query'];
		// What WP::register_globals() gives templates.
		$GLOBALS['post'] = $GLOBALS['wp_query']->post;
	}

	private function footer(): string {
		ob_start();
		$this->widget->render_footer();
		return (string) ob_get_clean();
	}

	private static function mounts( string $html ): int {
		return (int) preg_match_all( '/data-handoff-chat="/', $html );
	}

	public function test_sanitizes_the_posted_form_and_odd_values(): void {
		$this->assertSame(
			array(
				'enabled'     => true,
				'front_page'  => false,
				'post_types'  => array( 'page', 'product' ),
				'other_pages' => false,
				'exclude_ids' => array( 12, 34 ),
				'mode'        => 'live',
				'position'    => 'left',
			),
			Site_Wide_Widget::sanitize(
				array(
					'posted'      => '1',
					'enabled'     => '1',
					'post_types'  => array( 'page', 'Product', 'page', array( 'x' ) ),
					'exclude_ids' => '12, 34;; 12 abc -5 0',
					'mode'        => 'live',
					'position'    => 'left',
				)
			)
		);
		$odd = Site_Wide_Widget::sanitize(
			array(
				'enabled'  => 'false',
				'mode'     => '<script>',
				'position' => 'top',
			)
		);
		$this->assertFalse( $odd['enabled'] );
		$this->assertSame( 'bot', $odd['mode'] );
		$this->assertSame( 'right', $odd['position'] );
		$this->assertSame( Site_Wide_Widget::defaults(), Site_Wide_Widget::sanitize( Site_Wide_Widget::defaults() ) );
		$this->assertFalse( Site_Wide_Widget::defaults()['enabled'], 'Off until the owner turns it on.' );
	}

	public function test_a_form_without_the_section_keeps_the_saved_settings(): void {
		$this->enable( array( 'position' => 'left' ) );
		$saved = Site_Wide_Widget::get_settings();
		$this->assertSame( $saved, ( new Site_Wide_Settings() )->sanitize_posted( null ) );
		// The section posted with every box unchecked: off.
		$this->assertFalse( ( new Site_Wide_Settings() )->sanitize_posted( array( 'posted' => '1' ) )['enabled'] );
	}

	public function test_decides_by_front_page_post_type_exclusions_and_other_pages(): void {
		$page  = $this->post( 'page' );
		$other = $this->post( 'page' );
		$post  = $this->post( 'post' );
		update_option( 'show_on_front', 'page' );
		update_option( 'page_on_front', $page );

		$this->visit( array( 'page_id' => $other ) );
		$this->assertFalse( $this->widget->should_show(), 'Off by default.' );
		$this->enable();
		$this->assertTrue( $this->widget->should_show() );

		$this->visit( array( 'page_id' => $page ) );
		$this->assertTrue( is_front_page() );
		$this->assertTrue( $this->widget->should_show() );
		$this->enable( array( 'front_page' => '' ) );
		$this->assertFalse( $this->widget->should_show(), 'The front page follows its own box, not its post type.' );

		$this->enable( array( 'post_types' => array( 'post' ) ) );
		$this->visit( array( 'page_id' => $other ) );
		$this->assertFalse( $this->widget->should_show(), 'Pages left out.' );
		$this->visit( array( 'p' => $post ) );
		$this->assertTrue( $this->widget->should_show() );
		$this->enable( array( 'exclude_ids' => (string) $post ) );
		$this->assertFalse( $this->widget->should_show(), 'That post is excluded.' );

		$this->visit( array( 'cat' => 1 ) );
		$this->assertTrue( is_archive() );
		$this->assertTrue( $this->widget->should_show() );
		$this->enable( array( 'other_pages' => '' ) );
		$this->assertFalse( $this->widget->should_show() );

		$this->enable();
		$this->visit( array( 'page_id' => $other ) );
		self::set_option_raw( \HandoffChat\Settings::OPTION_SITE_SECRET, '' );
		$this->assertFalse( $this->widget->should_show(), 'Not connected: nothing to show.' );
	}

	public function test_renders_the_block_once_from_the_footer_with_its_assets(): void {
		$this->enable(
			array(
				'mode'     => 'live',
				'position' => 'left',
			)
		);
		$this->visit( array( 'page_id' => $this->post( 'page' ) ) );
		$this->assertFalse( wp_script_is( $this->view_handle(), 'enqueued' ) );

		$html = $this->footer();
		$this->assertSame( 1, self::mounts( $html ), $html );
		$this->assertStringContainsString( 'class="handoff-chat-mount wp-block-handoff-chat-test-site-wide"', $html );
		preg_match( '/data-handoff-chat="([^"]*)"/', $html, $m );
		$config = json_decode( html_entity_decode( $m[1], ENT_QUOTES, 'UTF-8' ), true );
		$this->assertSame( 'live', $config['mode'] );
		$this->assertSame( 'left', $config['position'] );
		$this->assertSame( self::SITE_ID, $config['siteId'] );
		$this->assertTrue( wp_script_is( $this->view_handle(), 'enqueued' ), 'The block\'s view script comes with it.' );
		$this->assertSame( '', $this->footer(), 'Once per page.' );
	}

	public function test_a_page_holding_the_block_keeps_it_and_gets_no_second_widget(): void {
		$this->enable( array( 'position' => 'left' ) );
		$id = $this->post( 'page', '<!-- wp:' . self::BLOCK . ' {"position":"right","mode":"live"} /-->' );
		$this->visit( array( 'page_id' => $id ) );
		$content = do_blocks( get_post( $id )->post_content );
		$this->assertSame( 1, self::mounts( $content ) );
		$this->assertSame( '', $this->footer() );

		// Held in the content but not rendered (an excerpt, say): still the page's block.
		$fresh = new Site_Wide_Widget( self::BLOCK );
		ob_start();
		$fresh->render_footer();
		$this->assertSame( '', (string) ob_get_clean() );
	}

	public function test_nothing_and_no_assets_where_it_does_not_show(): void {
		$this->enable( array( 'post_types' => array( 'post' ) ) );
		$this->visit( array( 'page_id' => $this->post( 'page' ) ) );
		$this->assertSame( '', $this->footer() );
		$this->assertFalse( wp_script_is( $this->view_handle(), 'enqueued' ) );
		foreach ( \WP_Block_Type_Registry::get_instance()->get_registered( self::BLOCK )->style_handles as $handle ) {
			$this->assertFalse( wp_style_is( $handle, 'enqueued' ), $handle );
		}
	}

	public function test_a_classic_theme_page_gets_the_widget_and_its_script_from_wp_footer(): void {
		register_theme_directory( dirname( __DIR__ ) . '/fixtures/themes' );
		search_theme_directories( true );
		switch_theme( 'handoff-classic' );
		$this->assertFalse( wp_is_block_theme() );
		$this->enable();
		$this->visit( array( 'page_id' => $this->post( 'page', '<!-- wp:paragraph --><p>No block here.</p><!-- /wp:paragraph -->' ) ) );

		ob_start();
		require get_template_directory() . '/index.php';
		$html = (string) ob_get_clean();

		$this->assertStringContainsString( 'No block here.', $html );
		$this->assertSame( 1, self::mounts( $html ), 'One widget, from the footer.' );
		$this->assertMatchesRegularExpression( '#<script[^>]+src="[^"]*view\.js[^"]*"[^>]*id="' . preg_quote( $this->view_handle(), '#' ) . '-js"#', $html );
		$this->assertLessThan( strpos( $html, '</body>' ), strpos( $html, 'data-handoff-chat=' ) );
	}
}
