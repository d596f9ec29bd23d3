<?php
/**
 * The texts of the starter flow, in the site's language.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * A new site has no bot (its widgets run live chat). Conversations → Bot flows offers a
 * short neutral flow to start from; visitors read it, so its texts are in the site's
 * language (Settings → General), not in the language of the administrator who creates it.
 * The flow itself is assembled by admin/src/utils/starter-flow.ts from these texts.
 */
final class Starter_Flow {

	/**
	 * The texts, translated into the site's locale.
	 *
	 * @return array<string, string>
	 */
	public static function texts(): array {
		$switched = switch_to_locale( get_locale() );
		$texts    = array(
			'name'          => __( 'Starter flow', 'handoff-chat' ),
			'welcomeName'   => __( 'Welcome', 'handoff-chat' ),
			'greeting'      => __( 'Hello! How can we help you today?', 'handoff-chat' ),
			'talkLabel'     => __( 'Talk to someone', 'handoff-chat' ),
			'questionLabel' => __( 'Leave a question', 'handoff-chat' ),
			'waiting'       => __( 'One moment, we are finding someone to answer you…', 'handoff-chat' ),
			'fallback'      => __( 'Nobody is available right now. Leave your email address and we will answer you by email.', 'handoff-chat' ),
			/* translators: keep {{EMAIL}} as it is: the visitor's email address replaces it. */
			'thanks'        => __( 'Thank you! We will answer you at {{EMAIL}}.', 'handoff-chat' ),
			'backToMenu'    => __( 'Back to the menu', 'handoff-chat' ),
			'askQuestion'   => __( 'What is your question? Write it in one message.', 'handoff-chat' ),
			'questionSaved' => __( 'Thank you, your question is with our team.', 'handoff-chat' ),
		);
		if ( $switched ) {
			restore_previous_locale();
		}
		return $texts;
	}
}
