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
	 * The flow every site has on the bridge: what an empty flowId runs. The value is
	 * contracts/src/flow.ts DEFAULT_FLOW_ID, which PHP cannot import: BlocksTest reads that
	 * file and fails if the two differ.
	 */
	public const DEFAULT_FLOW_ID = 'demo';

	/** Block folders under the build directory. */
	public const BLOCKS = array( 'widget' );

	/** @var array<string, \WP_Block_Type> registered blocks, by folder. */
	private array $registered = array();

	/** @param string|null $build_dir Folder holding the built blocks; tests pass a fixture. */
	public function __construct( private ?string $build_dir = null ) {
		$this->build_dir ??= HANDOFF_CHAT_DIR . 'build/blocks/';
	}

	/** init. */
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
			// JavaScript strings of the editor and the front end come from languages/handoff-chat-*.json.
			foreach ( array_merge( $block_type->editor_script_handles, $block_type->view_script_handles ) as $handle ) {
				wp_set_script_translations( $handle, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
			}
		}
	}

	/**
	 * enqueue_block_editor_assets: what the widget's settings need from PHP, as
	 * `window.handoffChatEditor` (typed in blocks/widget/editor-api.ts).
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

	/** @return array<string, \WP_Block_Type> */
	public function get_registered(): array {
		return $this->registered;
	}
}
