<?php
/**
 * Conversations → Settings → "Privacy": the optional consent step of the chat widget.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Privacy;

defined( 'ABSPATH' ) || exit;

/**
 * One site-wide switch and text, for every widget of the site (the block and the
 * site-wide one): consent is the site's policy, not a page's, so no page can skip it.
 * When on, the widget asks before anything reaches the bridge and remembers the answer in
 * the visitor's browser (blocks/widget/consent.ts). Its own form and option group, like
 * Site_Wide_Settings, so saving it posts nothing else.
 */
final class Consent {

	/** The option: array{enabled: bool, text: string}. */
	public const OPTION = 'handoff_chat_consent';

	/** The Settings API option group and page of this form, and the section's anchor. */
	public const GROUP   = 'handoff_chat_privacy';
	public const PAGE    = 'handoff-chat-privacy';
	public const SECTION = 'handoff-chat-privacy';

	/** Longest consent text kept. */
	private const MAX_TEXT = 1000;

	/**
	 * The saved settings (defaults: off, the default text).
	 *
	 * @return array{enabled: bool, text: string}
	 */
	public static function get_settings(): array {
		return self::sanitize( get_option( self::OPTION, array() ) );
	}

	/**
	 * Sanitize callback of the option ('' text: the translated default at render time).
	 *
	 * @param mixed $value The posted or stored value.
	 * @return array{enabled: bool, text: string}
	 */
	public static function sanitize( $value ): array {
		$value = is_array( $value ) ? $value : array();
		$text  = isset( $value['text'] ) && is_string( $value['text'] ) ? sanitize_textarea_field( $value['text'] ) : '';
		return array(
			'enabled' => ! empty( $value['enabled'] ) && 'false' !== $value['enabled'],
			'text'    => mb_substr( trim( $text ), 0, self::MAX_TEXT ),
		);
	}

	/** The text visitors read when the owner wrote none, in the visitor's language. */
	public static function default_text(): string {
		return __( 'Our chat keeps your messages and what you tell us on our chat server, so that our team can answer you. Do you agree?', 'handoff-chat' );
	}

	/**
	 * The widget's `consent` configuration (blocks/widget/config.ts), or null when off.
	 *
	 * @return array{text: string, policyUrl: string, policyLabel: string, agree: string, decline: string}|null
	 */
	public static function widget_config(): ?array {
		$settings = self::get_settings();
		if ( ! $settings['enabled'] ) {
			return null;
		}
		return array(
			'text'        => '' !== $settings['text'] ? $settings['text'] : self::default_text(),
			// '' when the site has no published privacy policy page (Settings → Privacy).
			'policyUrl'   => esc_url_raw( get_privacy_policy_url() ),
			'policyLabel' => __( 'Read our privacy policy', 'handoff-chat' ),
			'agree'       => __( 'I agree', 'handoff-chat' ),
			'decline'     => __( 'Not now', 'handoff-chat' ),
		);
	}

	/** The admin_init action: the option, its section and its fields. */
	public function register_settings(): void {
		register_setting(
			self::GROUP,
			self::OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( self::class, 'sanitize' ),
				'default'           => array(
					'enabled' => false,
					'text'    => '',
				),
				'show_in_rest'      => false,
			)
		);
		add_settings_section(
			self::SECTION,
			__( 'Privacy', 'handoff-chat' ),
			array( $this, 'render_intro' ),
			self::PAGE
		);
		add_settings_field(
			self::id( 'enabled' ),
			__( 'Consent', 'handoff-chat' ),
			array( $this, 'render_enabled' ),
			self::PAGE,
			self::SECTION,
			array( 'label_for' => self::id( 'enabled' ) )
		);
		add_settings_field(
			self::id( 'text' ),
			__( 'Consent text', 'handoff-chat' ),
			array( $this, 'render_text' ),
			self::PAGE,
			self::SECTION,
			array( 'label_for' => self::id( 'text' ) )
		);
	}

	/** The section's form, on the Settings screen (Settings_Page::render()). */
	public function render(): void {
		?>
		<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
			<?php
			settings_fields( self::GROUP );
			do_settings_sections( self::PAGE );
			// Its own label and id: the Settings screen holds several forms.
			submit_button( __( 'Save privacy settings', 'handoff-chat' ), 'primary', 'submit', true, array( 'id' => 'handoff-chat-privacy-submit' ) );
			?>
		</form>
		<?php
	}

	/** The section's introduction, with where the privacy policy page is chosen. */
	public function render_intro(): void {
		echo '<p id="' . esc_attr( self::SECTION ) . '">' . esc_html__( 'Ask visitors to agree before the chat starts. Until they agree, nothing is sent to the chat server; their answer is remembered in their browser.', 'handoff-chat' ) . '</p>';
		$policy = get_privacy_policy_url();
		if ( $policy ) {
			/* translators: %s: address of the site's privacy policy page. */
			$note = sprintf( __( 'The consent step links to your privacy policy: <a href="%s">open it</a>.', 'handoff-chat' ), esc_url( $policy ) );
		} else {
			/* translators: %s: address of Settings → Privacy. */
			$note = sprintf( __( 'Your site has no privacy policy page yet: choose one in <a href="%s">Settings → Privacy</a> so the consent step can link to it.', 'handoff-chat' ), esc_url( admin_url( 'options-privacy.php' ) ) );
		}
		echo '<p>' . wp_kses( $note, array( 'a' => array( 'href' => true ) ) ) . '</p>';
	}

	/** The switch. */
	public function render_enabled(): void {
		printf(
			'<input type="hidden" name="%1$s[posted]" value="1" /><label><input type="checkbox" id="%2$s" name="%1$s[enabled]" value="1"%3$s /> %4$s</label>',
			esc_attr( self::OPTION ),
			esc_attr( self::id( 'enabled' ) ),
			checked( self::get_settings()['enabled'], true, false ),
			esc_html__( 'Ask for consent before the chat starts', 'handoff-chat' )
		);
	}

	/** The text, empty for the translated default (shown as the placeholder). */
	public function render_text(): void {
		printf(
			'<textarea id="%1$s" name="%2$s[text]" rows="3" class="large-text" maxlength="%3$d" placeholder="%4$s" aria-describedby="%1$s-help">%5$s</textarea><p class="description" id="%1$s-help">%6$s</p>',
			esc_attr( self::id( 'text' ) ),
			esc_attr( self::OPTION ),
			(int) self::MAX_TEXT,
			esc_attr( self::default_text() ),
			esc_textarea( self::get_settings()['text'] ),
			esc_html__( 'Leave empty to use the default text shown in the field, translated into each visitor\'s language.', 'handoff-chat' )
		);
	}

	/** Removes the option (uninstall). */
	public static function delete_options(): void {
		delete_option( self::OPTION );
	}

	/**
	 * The HTML id of a field.
	 *
	 * @param string $field The field.
	 */
	private static function id( string $field ): string {
		return 'handoff-chat-consent-' . $field;
	}
}
