<?php
/**
 * Registers the built blocks.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Blocks;

use HandoffChat\Plugin;

defined( 'ABSPATH' ) || exit;

/**
 * Each block is registered from the block.json that the build copied next to its
 * scripts and render.php, so the block's name and assets are written once (blocks/).
 */
final class Blocks {

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

	/** @return array<string, \WP_Block_Type> */
	public function get_registered(): array {
		return $this->registered;
	}
}
