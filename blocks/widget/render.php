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
	: 'live';
$handoff_chat_position = isset( $attributes['position'] ) && in_array( $attributes['position'], array( 'right', 'left' ), true )
	? $attributes['position']
	: 'right';
$handoff_chat_title    = isset( $attributes['title'] ) && is_string( $attributes['title'] )
	? sanitize_text_field( $attributes['title'] )
	: '';

$handoff_chat_config = array(
	'bridgeUrl' => esc_url_raw( \HandoffChat\Settings::get_bridge_url() ),
	'siteId'    => \HandoffChat\Settings::get_site_id(),
	'mode'      => $handoff_chat_mode,
	'title'     => $handoff_chat_title,
	'position'  => $handoff_chat_position,
);
?>
<div <?php echo get_block_wrapper_attributes( array( 'class' => 'handoff-chat-mount' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by get_block_wrapper_attributes(). ?> data-handoff-chat="<?php echo esc_attr( wp_json_encode( $handoff_chat_config ) ); ?>"></div>
