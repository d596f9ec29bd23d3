<?php
/**
 * Registers the built blocks.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Blocks;

use HandoffChat\Admin\Admin_Page;
use HandoffChat\Capabilities;
use HandoffChat\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Each block is registered from the block.json that the build copied next to its
 * scripts and render.php, so the block's name and assets are written once (blocks/).
 */
final class Blocks {

	/**
	 * The site's default flow on the bridge: what an empty flowId runs (live chat while a new site has none). The value is
	 * contracts/src/flow.ts DEFAULT_FLOW_ID, which PHP cannot import: BlocksTest reads that
	 * file and fails if the two differ.
	 */
	public const DEFAULT_FLOW_ID = 'demo';

	/** Block folders under the build directory. */
	public const BLOCKS = array( 'widget' );

	/**
	 * Registered blocks, by folder.
	 *
	 * @var array<string, \WP_Block_Type>
	 */
	private array $registered = array();

	/**
	 * The blocks come from the build, or from a test's fixture.
	 *
	 * @param string|null $build_dir Folder holding the built blocks; tests pass a fixture.
	 */
	public function __construct( private ?string $build_dir = null ) {
		$this->build_dir ??= HANDOFF_CHAT_DIR . 'build/blocks/';
	}

	/** Registers the built blocks (init). */
	public function register(): void {
		foreach ( self::BLOCKS as $folder ) {
			$dir = trailingslashit( $this->build_dir ) . $folder;
			// Not built yet (a fresh clone before `npm run build`): nothing to register, no error for visitors.
			if ( ! is_readable( $dir . '/block.json' ) ) {
				continue;
			}
			$block_type = register_block_type( $dir );
			if ( ! $block_type instanceof \WP_Block_Type ) {
				continue;
			}
			$this->registered[ $folder ] = $block_type;
			// The editor's JavaScript strings come from languages/handoff-chat-*.json. Not the front
			// end's: that would add `wp-i18n` (and `wp-hooks`) to every visitor page. Its launcher gets
			// its names from render.php; its panel fetches its file (panel_translations_url()).
			foreach ( $block_type->editor_script_handles as $handle ) {
				wp_set_script_translations( $handle, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
			}
		}
	}

	/**
	 * Where the widget's chat panel fetches its translations, with its chunk: the file that
	 * wp_set_script_translations() would have printed inline for the view script, as a URL
	 * ('' in English or when there is none). Honours `load_script_translation_file` like
	 * WordPress; a file outside the plugin and wp-content has no URL, so English.
	 *
	 * @param string|null $locale Defaults to the request's locale.
	 */
	public static function panel_translations_url( ?string $locale = null ): string {
		$locale ??= determine_locale();
		if ( 'en_US' === $locale ) {
			return '';
		}
		$handle = generate_block_asset_handle( 'handoff-chat/widget', 'viewScript' );
		$file   = HANDOFF_CHAT_DIR . 'languages/' . Plugin::TEXT_DOMAIN . "-{$locale}-{$handle}.json";
		/** This filter is documented in wp-includes/l10n.php */
		$file = apply_filters( 'load_script_translation_file', $file, $handle, Plugin::TEXT_DOMAIN ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WordPress's own filter, applied as wp_set_script_translations() does.
		if ( ! is_string( $file ) || ! is_readable( $file ) ) {
			return '';
		}
		$path  = wp_normalize_path( (string) realpath( $file ) );
		$roots = array(
			wp_normalize_path( (string) realpath( HANDOFF_CHAT_DIR ) ) . '/' => HANDOFF_CHAT_URL,
			wp_normalize_path( (string) realpath( WP_CONTENT_DIR ) ) . '/' => trailingslashit( content_url() ),
		);
		foreach ( $roots as $dir => $url ) {
			if ( str_starts_with( $path, $dir ) ) {
				// Its time as the version: a rebuilt translation is fetched anew, not from a cache.
				return add_query_arg( 'ver', (string) filemtime( $path ), $url . substr( $path, strlen( $dir ) ) );
			}
		}
		return '';
	}

	/**
	 * What the widget's settings need from PHP, as `window.handoffChatEditor` (typed in
	 * blocks/widget/editor-api.ts), on enqueue_block_editor_assets.
	 */
	public function add_editor_settings(): void {
		$block = $this->registered['widget'] ?? null;
		if ( ! $block ) {
			return;
		}
		$settings = array(
			'flowsUrl'      => Admin_Page::flows_url(),
			'canManage'     => Capabilities::can_manage(),
			'defaultFlowId' => self::DEFAULT_FLOW_ID,
		);
		foreach ( $block->editor_script_handles as $handle ) {
			wp_add_inline_script( $handle, 'window.handoffChatEditor = ' . wp_json_encode( $settings ) . ';', 'before' );
		}
	}

	/**
	 * The blocks registered by register(), by folder.
	 *
	 * @return array<string, \WP_Block_Type>
	 */
	public function get_registered(): array {
		return $this->registered;
	}
}
