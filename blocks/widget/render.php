<?php
/**
 * Front-end markup of the Handoff Chat widget: an empty mount point carrying the
 * public configuration; view.js draws the launcher into it.
 *
 * Nothing user-specific is printed (no nonce, no visitor id): the page stays
 * cacheable, and the widget gets its visitor token from the bridge itself.
 *
 * @package HandoffChat
 *
 * @var array $attributes Block attributes.
 */

defined( 'ABSPATH' ) || exit;

if ( ! class_exists( '\HandoffChat\Settings' ) || ! \HandoffChat\Settings::is_configured() ) {
	echo '<!-- Handoff Chat: not configured yet. -->';
	return;
}

$handoff_chat_mode     = isset( $attributes['mode'] ) && in_array( $attributes['mode'], array( 'bot', 'live' ), true )
	? $attributes['mode']
	: 'bot';
$handoff_chat_position = isset( $attributes['position'] ) && in_array( $attributes['position'], array( 'right', 'left' ), true )
	? $attributes['position']
	: 'right';
$handoff_chat_title    = isset( $attributes['title'] ) && is_string( $attributes['title'] )
	? sanitize_text_field( $attributes['title'] )
	: '';

// Flow and sequence ids as the bridge spells them (contracts SLUG_PATTERN); '' = the default flow, its own start.
$handoff_chat_slug           = static function ( $value ): string {
	return is_string( $value ) && preg_match( '/^[a-z0-9][a-z0-9_-]{0,47}$/D', $value ) ? $value : '';
};
$handoff_chat_flow_id        = 'bot' === $handoff_chat_mode ? $handoff_chat_slug( $attributes['flowId'] ?? '' ) : '';
$handoff_chat_start_sequence = 'bot' === $handoff_chat_mode ? $handoff_chat_slug( $attributes['startSequence'] ?? '' ) : '';

$handoff_chat_config = array(
	'bridgeUrl'     => esc_url_raw( \HandoffChat\Settings::get_bridge_url() ),
	'siteId'        => \HandoffChat\Settings::get_site_id(),
	'mode'          => $handoff_chat_mode,
	'flowId'        => $handoff_chat_flow_id,
	'startSequence' => $handoff_chat_start_sequence,
	'title'         => $handoff_chat_title,
	'position'      => $handoff_chat_position,
	// Message times as the site writes them (Settings → General), in the site's language: the inbox uses the same.
	'timeFormat'    => (string) get_option( 'time_format' ),
	'locale'        => get_locale(),
	// The launcher carries no gettext (it is on every page): its names come translated from here.
	'labels'        => array(
		'open'  => __( 'Open chat', 'handoff-chat' ),
		'close' => __( 'Close chat', 'handoff-chat' ),
	),
	// The chat panel's translations, fetched with its chunk when the visitor reaches for it.
	'i18nUrl'       => \HandoffChat\Blocks\Blocks::panel_translations_url(),
	// Settings → Privacy: asked before anything reaches the bridge; null when off.
	'consent'       => class_exists( '\HandoffChat\Privacy\Consent' ) ? \HandoffChat\Privacy\Consent::widget_config() : null,
	// Known customers: where the widget asks WordPress for a logged-in visitor's signed identity (the same URL for everyone).
	'identityUrl'   => \HandoffChat\Blocks\Customer_Identity::url(),
);
?>
<div <?php echo get_block_wrapper_attributes( array( 'class' => 'handoff-chat-mount' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by get_block_wrapper_attributes(). ?> data-handoff-chat="<?php echo esc_attr( wp_json_encode( $handoff_chat_config ) ); ?>"></div>
