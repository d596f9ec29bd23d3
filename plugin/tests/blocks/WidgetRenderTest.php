<?php
/**
 * Tests of the widget block's render.php.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Blocks;

use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

/**
 * The widget's render.php (blocks/widget/, the source, not a build) rendered by WordPress: once as the
 * real block type (block.json's attributes and defaults), once as a block that declares no
 * attributes, so render.php's own checks meet raw values.
 */
final class WidgetRenderTest extends TestCase {

	private const TYPED = 'handoff-chat-test/render-typed';
	private const RAW   = 'handoff-chat-test/render-raw';

	private static function source( string $file ): string {
		return dirname( __DIR__, 3 ) . '/blocks/widget/' . $file;
	}

	protected function setUp(): void {
		parent::setUp();
		$metadata = wp_json_file_decode( self::source( 'block.json' ), array( 'associative' => true ) );
		$render   = static function ( array $attributes, string $content, \WP_Block $block ): string {
			ob_start();
			require self::source( 'render.php' );
			return (string) ob_get_clean();
		};
		register_block_type(
			self::TYPED,
			array(
				'attributes'      => $metadata['attributes'],
				'render_callback' => $render,
			)
		);
		register_block_type( self::RAW, array( 'render_callback' => $render ) );
	}

	protected function tearDown(): void {
		unregister_block_type( self::TYPED );
		unregister_block_type( self::RAW );
		parent::tearDown();
	}

	private static function render( string $name, array $attrs ): string {
		return render_block(
			array(
				'blockName'    => $name,
				'attrs'        => $attrs,
				'innerBlocks'  => array(),
				'innerHTML'    => '',
				'innerContent' => array(),
			)
		);
	}

	/**
	 * The `data-handoff-chat` JSON, as the browser would read it.
	 *
	 * @param string $html The rendered block.
	 */
	private function config( string $html ): array {
		$this->assertSame( 1, preg_match_all( '/data-handoff-chat="([^"]*)"/', $html, $m ), $html );
		$config = json_decode( html_entity_decode( $m[1][0], ENT_QUOTES, 'UTF-8' ), true );
		$this->assertIsArray( $config );
		return $config;
	}

	public function test_defaults_run_the_default_flow_from_its_start(): void {
		$html = self::render( self::TYPED, array() );
		$this->assertStringContainsString( 'class="handoff-chat-mount wp-block-handoff-chat-test-render-typed"', $html );
		$this->assertSame(
			array(
				'bridgeUrl'     => self::BRIDGE_URL,
				'siteId'        => self::SITE_ID,
				'mode'          => 'bot',
				'flowId'        => '',
				'startSequence' => '',
				'title'         => '',
				'position'      => 'right',
				'timeFormat'    => get_option( 'time_format' ),
				'locale'        => 'en_US',
				'labels'        => array(
					'open'  => 'Open chat',
					'close' => 'Close chat',
				),
				// English: the panel has nothing to fetch.
				'i18nUrl'       => '',
				// Settings → Privacy: no consent step until the owner asks for one.
				'consent'       => null,
				'identityUrl'   => admin_url( 'admin-ajax.php?action=handoff_chat_identity' ),
			),
			$this->config( $html )
		);
	}

	public function test_a_logged_in_visitor_gets_the_same_cacheable_markup(): void {
		$anonymous = self::render( self::TYPED, array() );
		wp_set_current_user( $this->create_user( 'subscriber', array( 'display_name' => 'Camille Martin' ) )->ID );
		// Their identity is fetched by the widget (Customer_Identity), never printed in the page.
		$this->assertSame( $anonymous, self::render( self::TYPED, array() ) );
	}

	public function test_the_launcher_names_and_the_panel_translations_follow_the_sites_language(): void {
		$site_locale = static fn () => 'fr_FR';
		// The plugin's French (plugin/languages, compiled by the build), as a French site reads it,
		// without touching the text domains other tests load.
		$mo = new \MO();
		$this->assertTrue( $mo->import_from_file( HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR.mo' ) );
		$french = static fn ( $translation, $text, $domain ) => 'handoff-chat' === $domain ? $mo->translate( $text ) : $translation;
		add_filter( 'locale', $site_locale );
		add_filter( 'gettext', $french, 10, 3 );
		try {
			$config = $this->config( self::render( self::TYPED, array() ) );
		} finally {
			remove_filter( 'locale', $site_locale );
			remove_filter( 'gettext', $french, 10 );
		}
		$this->assertSame(
			array(
				'open'  => 'Ouvrir le chat',
				'close' => 'Fermer le chat',
			),
			$config['labels']
		);
		$this->assertSame( \HandoffChat\Blocks\Blocks::panel_translations_url( 'fr_FR' ), $config['i18nUrl'] );
		$this->assertStringContainsString( 'languages/handoff-chat-fr_FR-handoff-chat-widget-view-script.json?ver=', $config['i18nUrl'] );
	}

	public function test_the_sites_time_format_and_language_reach_the_widget(): void {
		$saved = get_option( 'time_format' );
		update_option( 'time_format', 'G \\h i' );
		$site_locale = static fn () => 'fr_FR';
		add_filter( 'locale', $site_locale );
		try {
			$config = $this->config( self::render( self::TYPED, array() ) );
		} finally {
			remove_filter( 'locale', $site_locale );
			update_option( 'time_format', $saved );
		}
		$this->assertSame( 'G \\h i', $config['timeFormat'] );
		$this->assertSame( 'fr_FR', $config['locale'] );
	}

	public function test_a_page_chooses_its_flow_and_start_sequence(): void {
		$config = $this->config(
			self::render(
				self::TYPED,
				array(
					'flowId'        => 'pricing-page_2',
					'startSequence' => 'quote',
					'position'      => 'left',
				)
			)
		);
		$this->assertSame( 'bot', $config['mode'] );
		$this->assertSame( 'pricing-page_2', $config['flowId'] );
		$this->assertSame( 'quote', $config['startSequence'] );
		$this->assertSame( 'left', $config['position'] );
	}

	public function test_live_chat_only_carries_no_flow(): void {
		$config = $this->config(
			self::render(
				self::TYPED,
				array(
					'mode'          => 'live',
					'flowId'        => 'pricing',
					'startSequence' => 'quote',
				)
			)
		);
		$this->assertSame( array( 'live', '', '' ), array( $config['mode'], $config['flowId'], $config['startSequence'] ) );
	}

	/**
	 * Flow and sequence ids the bridge would refuse become empty.
	 *
	 * @dataProvider bad_ids
	 *
	 * @param mixed $id A bad id.
	 */
	public function test_ids_the_bridge_would_refuse_become_empty( $id ): void {
		$config = $this->config(
			self::render(
				self::RAW,
				array(
					'flowId'        => $id,
					'startSequence' => $id,
				)
			)
		);
		$this->assertSame( '', $config['flowId'] );
		$this->assertSame( '', $config['startSequence'] );
	}

	public function bad_ids(): array {
		return array(
			'upper case'   => array( 'Pricing' ),
			'space'        => array( 'my flow' ),
			'path'         => array( '../admin' ),
			'leading dash' => array( '-x' ),
			'too long'     => array( str_repeat( 'a', 49 ) ),
			'markup'       => array( 'x"><script>alert(1)</script>' ),
			'trailing LF'  => array( "demo\n" ),
			'not a string' => array( array( 'demo' ) ),
			'number'       => array( 7 ),
		);
	}

	public function test_the_longest_valid_id_passes(): void {
		$id = 'a' . str_repeat( '-', 47 );
		$this->assertSame( $id, $this->config( self::render( self::RAW, array( 'flowId' => $id ) ) )['flowId'] );
	}

	public function test_mode_and_position_outside_their_enums_fall_back(): void {
		$config = $this->config(
			self::render(
				self::RAW,
				array(
					'mode'     => 'evil',
					'position' => 'top',
				)
			)
		);
		$this->assertSame( 'bot', $config['mode'] );
		$this->assertSame( 'right', $config['position'] );
	}

	public function test_the_title_is_plain_text_and_the_attribute_is_escaped(): void {
		$html = self::render( self::TYPED, array( 'title' => "Ask \"us\" <script>alert('x')</script> & co" ) );
		$this->assertStringNotContainsString( '<script', $html );
		$this->assertStringNotContainsString( "alert('x')", $html );
		$this->assertSame( 'Ask "us" & co', $this->config( $html )['title'] );
		// One element, one attribute holding the whole JSON: nothing broke out of it.
		$this->assertSame( 1, substr_count( $html, '<div' ) );
	}

	public function test_nothing_but_a_comment_when_not_configured(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		$this->assertSame( '<!-- Handoff Chat: not configured yet. -->', trim( self::render( self::TYPED, array() ) ) );
	}
}
