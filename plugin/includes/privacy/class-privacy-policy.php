<?php
/**
 * The text Handoff Chat suggests for the site's privacy policy (Settings → Privacy → Policy Guide).
 *
 * @package HandoffChat
 */

namespace HandoffChat\Privacy;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * What the chat stores, where, for how long, and the visitor's rights, through
 * wp_add_privacy_policy_content() (the admin_init action), in the site's language.
 */
final class Privacy_Policy {

	/** The admin_init action. */
	public function add_content(): void {
		if ( function_exists( 'wp_add_privacy_policy_content' ) ) {
			wp_add_privacy_policy_content( __( 'Handoff Chat', 'handoff-chat' ), $this->content() );
		}
	}

	/** The suggested text, as HTML. */
	public function content(): string {
		$host  = wp_parse_url( Settings::get_bridge_url(), PHP_URL_HOST );
		$where = is_string( $host ) && '' !== $host
			/* translators: %s: host name of the chat server (the bridge), e.g. chat.example.com. */
			? sprintf( __( 'Conversations are stored on our chat server (%s), which we run ourselves; they are not sent to a third-party chat service.', 'handoff-chat' ), $host )
			: __( 'Conversations are stored on our chat server, which we run ourselves; they are not sent to a third-party chat service.', 'handoff-chat' );
		$paragraphs = array(
			__( 'When you use the chat on this site, we store the messages and images you send, your answers to the chatbot\'s questions (for example your name or email address when you give them), the page you started from, your browser\'s description (user agent), the times of your visits to the chat, and the rating you may give at the end of a conversation. Our advisors may add notes about the conversation.', 'handoff-chat' ),
			$where,
			__( 'Your browser keeps a random identifier of the chat (and, when we ask for it, your consent to the chat) in its local storage, so that you find your conversation again from page to page. The chat sets no advertising or tracking cookie.', 'handoff-chat' ),
			__( 'We keep conversations for as long as needed to answer you and follow up on your request, then delete them. You can ask us at any time for a copy of your conversations, for their correction or for their deletion, using the contact details given in this policy; you may also lodge a complaint with your data protection authority.', 'handoff-chat' ),
		);
		// WordPress's convention: the "Suggested text:" label is left out when the text is copied.
		$html = '<p class="privacy-policy-tutorial">' . esc_html__( 'Handoff Chat stores conversations on your own chat server (the bridge). Adapt this text to your retention period and contact details.', 'handoff-chat' ) . '</p>'
			. '<p><strong class="privacy-policy-tutorial">' . esc_html__( 'Suggested text:', 'handoff-chat' ) . ' </strong>' . esc_html( array_shift( $paragraphs ) ) . '</p>';
		foreach ( $paragraphs as $paragraph ) {
			$html .= '<p>' . esc_html( $paragraph ) . '</p>';
		}
		return $html;
	}
}
