<?php
/**
 * The chat widget on every page, without placing the block: one option, rendered from wp_footer.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Blocks;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Renders the widget block itself (blocks/widget's block.json and render.php) from wp_footer,
 * so the markup, the view script and the style are the block's, enqueued only on pages where
 * the widget shows — on classic themes (no block to place) as on block themes. A page that
 * renders the block keeps the block's settings and gets no second widget.
 */
final class Site_Wide_Widget {

	/** The option holding the settings (an array, see defaults()). */
	public const OPTION = 'handoff_chat_site_wide';

	/** The widget block, as blocks/widget/block.json names it. */
	public const BLOCK = 'handoff-chat/widget';

	/** Settings screen section, also the anchor the first-run checklist links to. */
	public const SECTION = 'handoff-chat-site-wide';

	/**
	 * Whether the block was rendered on this request (by the page, a template or the footer).
	 *
	 * @var bool
	 */
	private bool $block_rendered = false;

	/**
	 * Constructor.
	 *
	 * @param string $block_name The block to render; tests pass a fixture block.
	 */
	public function __construct( private readonly string $block_name = self::BLOCK ) {}

	/**
	 * The settings before the owner saves any.
	 *
	 * @return array{enabled: bool, front_page: bool, post_types: list<string>, other_pages: bool, exclude_ids: list<int>, mode: string, position: string}
	 */
	public static function defaults(): array {
		return array(
			'enabled'     => false,
			'front_page'  => true,
			'post_types'  => array( 'post', 'page' ),
			// Blog index, archives, search results, 404.
			'other_pages' => true,
			'exclude_ids' => array(),
			// 'bot': the site's default flow (live chat while it has none); 'live': advisors only.
			'mode'        => 'bot',
			'position'    => 'right',
		);
	}

	/**
	 * The saved settings, read through sanitize() so a hand-edited option cannot break pages.
	 *
	 * @return array{enabled: bool, front_page: bool, post_types: list<string>, other_pages: bool, exclude_ids: list<int>, mode: string, position: string}
	 */
	public static function get_settings(): array {
		$saved = get_option( self::OPTION, null );
		return is_array( $saved ) ? self::sanitize( $saved ) : self::defaults();
	}

	/**
	 * Sanitize callback of the option (the Settings API form posts an array; unchecked boxes are absent).
	 *
	 * @param mixed $value The posted or stored value.
	 * @return array{enabled: bool, front_page: bool, post_types: list<string>, other_pages: bool, exclude_ids: list<int>, mode: string, position: string}
	 */
	public static function sanitize( $value ): array {
		$value = is_array( $value ) ? $value : array();
		$types = array();
		foreach ( (array) ( $value['post_types'] ?? array() ) as $type ) {
			$type = is_string( $type ) ? sanitize_key( $type ) : '';
			if ( '' !== $type && ! in_array( $type, $types, true ) ) {
				$types[] = $type;
			}
		}
		$ids = $value['exclude_ids'] ?? array();
		// The form sends "12, 34"; the stored option is a list.
		$ids = is_string( $ids ) ? preg_split( '/[\s,;]+/', $ids, -1, PREG_SPLIT_NO_EMPTY ) : (array) $ids;
		$ids = array_values(
			array_unique(
				array_filter(
					array_map(
						'intval',
						// Positive whole numbers only: "-5" or "abc" is no post.
						array_filter( (array) $ids, static fn( $id ): bool => is_scalar( $id ) && 1 === preg_match( '/^\d{1,19}$/', (string) $id ) )
					)
				)
			)
		);
		$flag = static fn( string $key ): bool => ! empty( $value[ $key ] ) && 'false' !== $value[ $key ];
		return array(
			'enabled'     => $flag( 'enabled' ),
			'front_page'  => $flag( 'front_page' ),
			'post_types'  => $types,
			'other_pages' => $flag( 'other_pages' ),
			'exclude_ids' => array_slice( $ids, 0, 500 ),
			'mode'        => isset( $value['mode'] ) && 'live' === $value['mode'] ? 'live' : 'bot',
			'position'    => isset( $value['position'] ) && 'left' === $value['position'] ? 'left' : 'right',
		);
	}

	/** Whether the owner turned the site-wide widget on. */
	public static function is_enabled(): bool {
		return self::get_settings()['enabled'];
	}

	/**
	 * The render_block_{name} filter: the page holds the block, which wins over the footer's copy.
	 *
	 * @param string $content The block's HTML.
	 * @return string The same HTML.
	 */
	public function note_block( $content ) {
		$this->block_rendered = true;
		return $content;
	}

	/**
	 * Whether the current front-end request gets the site-wide widget, per the settings.
	 *
	 * @param array|null $settings Defaults to the saved settings.
	 * @return bool
	 */
	public function should_show( ?array $settings = null ): bool {
		$settings ??= self::get_settings();
		if ( ! $settings['enabled'] || ! Settings::is_configured() || is_admin() || is_feed() || is_embed() ) {
			return false;
		}
		$id = (int) get_queried_object_id();
		if ( $id && in_array( $id, $settings['exclude_ids'], true ) ) {
			return false;
		}
		if ( is_front_page() ) {
			return $settings['front_page'];
		}
		if ( is_singular() ) {
			return in_array( (string) get_post_type( $id ), $settings['post_types'], true );
		}
		return $settings['other_pages'];
	}

	/** The wp_footer action: the widget, once, where the settings want it and no block is on the page. */
	public function render_footer(): void {
		if ( $this->block_rendered || ! $this->should_show() ) {
			return;
		}
		// The page's content may hold the block without rendering it here (an excerpt): still the page's.
		if ( is_singular() && has_block( $this->block_name, (int) get_queried_object_id() ) ) {
			return;
		}
		if ( ! \WP_Block_Type_Registry::get_instance()->is_registered( $this->block_name ) ) {
			return;
		}
		$settings = self::get_settings();
		// render_block() runs the block's own render.php and enqueues its view script and
		// style, which WordPress prints later in this footer (wp_print_footer_scripts).
		echo render_block( // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- the block's render.php escapes its output.
			array(
				'blockName'    => $this->block_name,
				'attrs'        => array(
					'mode'     => $settings['mode'],
					'position' => $settings['position'],
				),
				'innerBlocks'  => array(),
				'innerHTML'    => '',
				'innerContent' => array(),
			)
		);
	}

	/** Removes the option (uninstall). */
	public static function delete_options(): void {
		delete_option( self::OPTION );
	}
}
