<?php
/**
 * Tests of the block registration and the editor settings.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Blocks;

use HandoffChat\Blocks\Blocks;
use HandoffChat\Tests\TestCase;

/** Registering the built block, its translations and the editor settings. */
final class BlocksTest extends TestCase {

	private const FIXTURE_BLOCK = 'handoff-chat-test/widget';

	/**
	 * A temporary build folder; removed after the test.
	 *
	 * @var string
	 */
	private string $build_dir = '';

	protected function tearDown(): void {
		$registry = \WP_Block_Type_Registry::get_instance();
		if ( $registry->is_registered( self::FIXTURE_BLOCK ) ) {
			foreach ( array_merge( $registry->get_registered( self::FIXTURE_BLOCK )->editor_script_handles, $registry->get_registered( self::FIXTURE_BLOCK )->view_script_handles ) as $handle ) {
				wp_deregister_script( $handle );
			}
			unregister_block_type( self::FIXTURE_BLOCK );
		}
		if ( $this->build_dir ) {
			array_map( 'unlink', glob( $this->build_dir . 'widget/*' ) );
			rmdir( $this->build_dir . 'widget' );
			rmdir( $this->build_dir );
		}
		parent::tearDown();
	}

	/** A built block as @wordpress/scripts lays it out: block.json, scripts, their asset files, render.php. */
	private function make_fixture_build(): string {
		$this->build_dir = trailingslashit( get_temp_dir() ) . 'handoff-blocks-build-' . wp_generate_password( 8, false ) . '/';
		wp_mkdir_p( $this->build_dir . 'widget' );
		$files = array(
			'block.json'      => wp_json_encode(
				array(
					'apiVersion'   => 3,
					'name'         => self::FIXTURE_BLOCK,
					'title'        => 'Fixture widget',
					'category'     => 'widgets',
					'textdomain'   => 'handoff-chat',
					'editorScript' => 'file:./index.js',
					'viewScript'   => 'file:./view.js',
					'render'       => 'file:./render.php',
				)
			),
			'index.js'        => 'void 0;',
			'index.asset.php' => "<?php return array( 'dependencies' => array( 'wp-blocks' ), 'version' => 'f1' );",
			'view.js'         => 'void 0;',
			'view.asset.php'  => "<?php return array( 'dependencies' => array(), 'version' => 'f1' );",
			'render.php'      => '<div class="fixture"></div>',
		);
		foreach ( $files as $name => $content ) {
			file_put_contents( $this->build_dir . 'widget/' . $name, $content );
		}
		return $this->build_dir;
	}

	public function test_registers_the_built_block_and_sets_script_translations(): void {
		$blocks = new Blocks( $this->make_fixture_build() );
		$blocks->register();

		$block = \WP_Block_Type_Registry::get_instance()->get_registered( self::FIXTURE_BLOCK );
		$this->assertInstanceOf( \WP_Block_Type::class, $block );
		$this->assertSame( array( 'widget' => $block ), $blocks->get_registered() );
		$this->assertNotEmpty( $block->view_script_handles );
		$this->assertNotEmpty( $block->editor_script_handles );

		foreach ( $block->editor_script_handles as $handle ) {
			$script = wp_scripts()->registered[ $handle ] ?? null;
			$this->assertNotNull( $script, $handle );
			$this->assertSame( 'handoff-chat', $script->textdomain, $handle );
			$this->assertSame( HANDOFF_CHAT_DIR . 'languages', $script->translations_path, $handle );
		}
		// The front end pulls no wp-i18n onto visitor pages (set_translations would add it).
		foreach ( $block->view_script_handles as $handle ) {
			$script = wp_scripts()->registered[ $handle ] ?? null;
			$this->assertNotNull( $script, $handle );
			$this->assertSame( array(), $script->deps, $handle );
			$this->assertEmpty( $script->textdomain, $handle );
		}
	}

	public function test_the_panel_fetches_the_view_script_translations_of_the_locale(): void {
		$this->assertSame( '', Blocks::panel_translations_url( 'en_US' ) );
		$this->assertSame( '', Blocks::panel_translations_url( 'xx_XX' ) );
		$file = HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR-handoff-chat-widget-view-script.json';
		if ( ! is_readable( $file ) ) {
			$this->markTestSkipped( 'plugin/languages is not built (npm run build:i18n).' );
		}
		$this->assertSame(
			HANDOFF_CHAT_URL . 'languages/handoff-chat-fr_FR-handoff-chat-widget-view-script.json?ver=' . filemtime( $file ),
			Blocks::panel_translations_url( 'fr_FR' )
		);
		// Moved elsewhere by a filter, as WordPress's own loader allows; outside wp-content: no URL.
		$elsewhere = static fn() => '/etc/hostname';
		add_filter( 'load_script_translation_file', $elsewhere );
		$this->assertSame( '', Blocks::panel_translations_url( 'fr_FR' ) );
		remove_filter( 'load_script_translation_file', $elsewhere );
	}

	/**
	 * What the editor script's inline `before` script assigns.
	 *
	 * @param Blocks $blocks The blocks, registered.
	 * @return array<string, mixed> what the editor script's inline `before` script assigns.
	 */
	private function editor_settings( Blocks $blocks ): array {
		$block  = \WP_Block_Type_Registry::get_instance()->get_registered( self::FIXTURE_BLOCK );
		$handle = $block->editor_script_handles[0];
		unset( wp_scripts()->registered[ $handle ]->extra['before'] );
		$blocks->add_editor_settings();
		$before = wp_scripts()->get_data( $handle, 'before' );
		$this->assertIsArray( $before );
		$this->assertCount( 1, array_filter( $before ) );
		$this->assertSame( 1, preg_match( '/^window\.handoffChatEditor = (\{.*\});$/', (string) end( $before ), $m ), (string) end( $before ) );
		return json_decode( $m[1], true );
	}

	public function test_the_editor_learns_where_flows_are_edited_and_who_may(): void {
		$blocks = new Blocks( $this->make_fixture_build() );
		$blocks->register();

		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$this->assertSame(
			array(
				'flowsUrl'      => admin_url( 'admin.php?page=handoff-chat-flows' ),
				'canManage'     => true,
				'defaultFlowId' => Blocks::DEFAULT_FLOW_ID,
			),
			$this->editor_settings( $blocks )
		);

		wp_set_current_user( $this->create_user( 'editor' )->ID );
		$this->assertFalse( $this->editor_settings( $blocks )['canManage'] );
	}

	public function test_the_default_flow_id_is_the_contracts_one(): void {
		// The repository's root: plugin/tests/blocks/ → ../../..
		$sources = glob( dirname( __DIR__, 3 ) . '/contracts/src/*.ts' );
		$this->assertNotEmpty( $sources, 'contracts/src is where the shared constants live.' );
		$found = array();
		foreach ( $sources as $source ) {
			if ( preg_match( '/^export const DEFAULT_FLOW_ID\s*(?::\s*string\s*)?=\s*([\'"])([^\'"]+)\1;?$/m', (string) file_get_contents( $source ), $m ) ) {
				$found[ basename( $source ) ] = $m[2];
			}
		}
		$this->assertCount( 1, $found, 'Exactly one `export const DEFAULT_FLOW_ID = \'…\'` in contracts/src.' );
		$this->assertSame( reset( $found ), Blocks::DEFAULT_FLOW_ID, 'Blocks::DEFAULT_FLOW_ID must follow contracts DEFAULT_FLOW_ID.' );
	}

	public function test_no_editor_settings_without_the_block(): void {
		$blocks = new Blocks( trailingslashit( get_temp_dir() ) . 'handoff-no-build-' . wp_generate_password( 8, false ) );
		$blocks->register();
		$before = wp_scripts()->registered;
		$blocks->add_editor_settings();
		$this->assertSame( $before, wp_scripts()->registered );
	}

	public function test_a_missing_build_is_skipped_quietly(): void {
		$blocks = new Blocks( trailingslashit( get_temp_dir() ) . 'handoff-no-build-' . wp_generate_password( 8, false ) );
		$blocks->register();
		$this->assertSame( array(), $blocks->get_registered() );
	}

	public function test_the_real_widget_block_is_registered_when_built(): void {
		if ( ! is_readable( HANDOFF_CHAT_DIR . 'build/blocks/widget/block.json' ) ) {
			$this->markTestSkipped( 'plugin/build/blocks/widget is not built (npm run build).' );
		}
		$metadata = wp_json_file_decode( HANDOFF_CHAT_DIR . 'build/blocks/widget/block.json', array( 'associative' => true ) );
		$block    = \WP_Block_Type_Registry::get_instance()->get_registered( $metadata['name'] );

		$this->assertInstanceOf( \WP_Block_Type::class, $block );
		$this->assertSame( 'handoff-chat/widget', $block->name );
		foreach ( $block->editor_script_handles as $handle ) {
			$this->assertSame( 'handoff-chat', wp_scripts()->registered[ $handle ]->textdomain ?? null, $handle );
		}
		// Visitor pages get the launcher alone: no WordPress script printed before it.
		foreach ( $block->view_script_handles as $handle ) {
			$this->assertSame( array(), wp_scripts()->registered[ $handle ]->deps ?? null, $handle );
		}
	}
}
