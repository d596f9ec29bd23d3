<?php
/**
 * Conversations → Settings → "Chat on every page": the site-wide widget's section.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Blocks\Site_Wide_Widget;

defined( 'ABSPATH' ) || exit;

/**
 * Its own form on the Settings screen, in its own option group: options.php checks the
 * nonce and the capability and saves this option alone (a group saves every option it
 * holds, so sharing the connection's group would post those fields empty), and the form
 * stays in view while the manual connection fields sit behind a disclosure.
 */
final class Site_Wide_Settings {

	/** The Settings API option group and page of this form. */
	public const GROUP = 'handoff_chat_site_wide';
	public const PAGE  = 'handoff-chat-site-wide';

	/** The form's field names: the option's array keys. */
	private const NAME = Site_Wide_Widget::OPTION;

	/** The Settings screen, at this section. */
	public static function url(): string {
		return Settings_Page::url() . '#' . Site_Wide_Widget::SECTION;
	}

	/** The admin_init action: the option, its section and its fields. */
	public function register_settings(): void {
		register_setting(
			self::GROUP,
			Site_Wide_Widget::OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( $this, 'sanitize_posted' ),
				'default'           => Site_Wide_Widget::defaults(),
				'show_in_rest'      => false,
			)
		);
		add_settings_section(
			Site_Wide_Widget::SECTION,
			__( 'Chat on every page', 'handoff-chat' ),
			array( $this, 'render_intro' ),
			self::PAGE
		);
		$fields = array(
			'enabled'  => __( 'Show the chat', 'handoff-chat' ),
			'where'    => __( 'Where', 'handoff-chat' ),
			'exclude'  => __( 'Hide it on', 'handoff-chat' ),
			'mode'     => __( 'Conversation', 'handoff-chat' ),
			'position' => __( 'Position', 'handoff-chat' ),
		);
		foreach ( $fields as $field => $label ) {
			$args = array( 'field' => $field );
			if ( 'where' !== $field ) {
				// A <label for> on the row's title; the "Where" row is a fieldset with its own legend.
				$args['label_for'] = self::id( $field );
			}
			add_settings_field( self::id( $field ), $label, array( $this, 'render_field' ), self::PAGE, Site_Wide_Widget::SECTION, $args );
		}
	}

	/**
	 * Sanitize callback. A form without this section (nothing posted for it) keeps the saved settings.
	 *
	 * @param mixed $value The posted value.
	 * @return array<string, mixed>
	 */
	public function sanitize_posted( $value ): array {
		return is_array( $value ) ? Site_Wide_Widget::sanitize( $value ) : Site_Wide_Widget::get_settings();
	}

	/**
	 * The section's form, on the Settings screen (Settings_Page::render()).
	 *
	 * @return void
	 */
	public function render(): void {
		?>
		<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
			<?php
			settings_fields( self::GROUP );
			do_settings_sections( self::PAGE );
			// Its own id: the Settings screen holds several forms.
			submit_button( null, 'primary', 'submit', true, array( 'id' => 'handoff-chat-site-wide-submit' ) );
			?>
		</form>
		<?php
	}

	/** The section's introduction. */
	public function render_intro(): void {
		echo '<p id="' . esc_attr( Site_Wide_Widget::SECTION ) . '">' . esc_html__( 'Show the chat widget on every page without placing the block, on any theme. Pages that hold the Handoff Chat block keep the block\'s own settings.', 'handoff-chat' ) . '</p>';
	}

	/**
	 * One field of the section.
	 *
	 * @param array{field: string} $args Which field.
	 */
	public function render_field( array $args ): void {
		$settings = Site_Wide_Widget::get_settings();
		switch ( $args['field'] ) {
			case 'enabled':
				// Marks the section as posted: unchecked boxes send nothing (see sanitize_posted()).
				printf( '<input type="hidden" name="%s[posted]" value="1" />', esc_attr( self::NAME ) );
				$this->checkbox( 'enabled', $settings['enabled'], __( 'On every page of the site', 'handoff-chat' ), self::id( 'enabled' ) );
				break;
			case 'where':
				$this->render_where( $settings );
				break;
			case 'exclude':
				printf(
					'<input type="text" id="%1$s" name="%2$s[exclude_ids]" value="%3$s" class="regular-text" inputmode="numeric" pattern="[0-9 ,;]*" aria-describedby="%1$s-help" />',
					esc_attr( self::id( 'exclude' ) ),
					esc_attr( self::NAME ),
					esc_attr( implode( ', ', $settings['exclude_ids'] ) )
				);
				echo '<p class="description" id="' . esc_attr( self::id( 'exclude' ) ) . '-help">' . esc_html__( 'IDs of pages or posts, separated by commas (the ID shows in the address when you edit one: post=123).', 'handoff-chat' ) . '</p>';
				break;
			case 'mode':
				$this->select(
					'mode',
					$settings['mode'],
					array(
						'bot'  => __( 'The chatbot (the default flow), then advisors', 'handoff-chat' ),
						'live' => __( 'Live chat with advisors only', 'handoff-chat' ),
					)
				);
				echo '<p class="description">' . esc_html__( 'While the site has no default flow, visitors get live chat either way.', 'handoff-chat' ) . '</p>';
				break;
			case 'position':
				$this->select(
					'position',
					$settings['position'],
					array(
						'right' => __( 'Bottom right', 'handoff-chat' ),
						'left'  => __( 'Bottom left', 'handoff-chat' ),
					)
				);
				break;
		}
	}

	/**
	 * The "Where" fieldset: front page, each public post type, the other pages.
	 *
	 * @param array<string, mixed> $settings The saved settings.
	 */
	private function render_where( array $settings ): void {
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'Where', 'handoff-chat' ) . '</legend>';
		$this->checkbox( 'front_page', $settings['front_page'], __( 'The front page', 'handoff-chat' ) );
		$types = get_post_types( array( 'public' => true ), 'objects' );
		unset( $types['attachment'] );
		foreach ( $types as $type ) {
			printf(
				'<label><input type="checkbox" name="%1$s[post_types][]" value="%2$s"%3$s /> %4$s</label><br />',
				esc_attr( self::NAME ),
				esc_attr( $type->name ),
				checked( in_array( $type->name, $settings['post_types'], true ), true, false ),
				esc_html( $type->labels->name )
			);
		}
		$this->checkbox( 'other_pages', $settings['other_pages'], __( 'Other pages: blog, archives, search results, not found', 'handoff-chat' ) );
		echo '</fieldset>';
	}

	/**
	 * A checkbox of the option.
	 *
	 * @param string $key     Its key in the option.
	 * @param bool   $checked Its value.
	 * @param string $label   Its label.
	 * @param string $id      Its id ('' for none).
	 */
	private function checkbox( string $key, bool $checked, string $label, string $id = '' ): void {
		printf(
			'<label><input type="checkbox" name="%1$s[%2$s]" value="1"%3$s%4$s /> %5$s</label><br />',
			esc_attr( self::NAME ),
			esc_attr( $key ),
			$id ? ' id="' . esc_attr( $id ) . '"' : '',
			checked( $checked, true, false ),
			esc_html( $label )
		);
	}

	/**
	 * A select of the option.
	 *
	 * @param string                $key     Its key in the option.
	 * @param string                $value   Its value.
	 * @param array<string, string> $choices Value → label.
	 */
	private function select( string $key, string $value, array $choices ): void {
		printf( '<select id="%1$s" name="%2$s[%3$s]">', esc_attr( self::id( $key ) ), esc_attr( self::NAME ), esc_attr( $key ) );
		foreach ( $choices as $choice => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $choice ), selected( $value, $choice, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/**
	 * The HTML id of a field.
	 *
	 * @param string $field The field.
	 * @return string
	 */
	private static function id( string $field ): string {
		return 'handoff-chat-site-wide-' . $field;
	}
}
