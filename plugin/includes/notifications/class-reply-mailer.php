<?php
/**
 * Advisors' replies emailed to visitors who left an address.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Notifications;

use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Sends the bridge's `email-reply` notification (an advisor answered while the visitor was not
 * on the site) to the visitor with wp_mail(), in the visitor's language when WordPress has it,
 * with a link that opens the conversation again in the widget. Replies to the email are not
 * read: it says so, and sets no Reply-To.
 */
final class Reply_Mailer {

	/** The fragment the widget reads on load (never sent to the server, never in a cached page). */
	public const RESUME_FRAGMENT = 'handoff-chat-resume';

	/** Characters of the reply quoted in the email. */
	private const TEXT_LENGTH = 4000;

	/** Characters of the advisor's name. */
	private const NAME_LENGTH = 80;

	/**
	 * Emails one advisor reply to the visitor.
	 *
	 * @param array{conversationId: string, messageId: string, to: string, locale: ?string, advisorName: string, text: string, imageUrl: ?string, pageUrl: ?string, pageTitle: ?string, resumeToken: string, siteName: string} $notification As validated by the notify route.
	 * @return array{sent: int, failed: int}
	 */
	public function send( array $notification ): array {
		$locale   = self::installed_locale( $notification['locale'] ?? null );
		$switched = null !== $locale && switch_to_locale( $locale );
		try {
			$args = $this->compose( $notification );

			/**
			 * Filters the email of an advisor's reply to a visitor, in the visitor's locale.
			 * Return anything but an array to send nothing.
			 *
			 * @param array $args         wp_mail() arguments: to, subject, message, headers, attachments.
			 * @param array $notification The bridge's notification (conversationId, messageId, to, locale, advisorName, text, imageUrl, pageUrl, pageTitle, resumeToken, siteName).
			 */
			$args = apply_filters( 'handoff_chat_reply_email', $args, $notification );
			if ( ! is_array( $args ) ) {
				return array(
					'sent'   => 0,
					'failed' => 0,
				);
			}
			$sent = Mail_Failures::send(
				$args['to'] ?? $notification['to'],
				(string) ( $args['subject'] ?? '' ),
				(string) ( $args['message'] ?? '' ),
				$args['headers'] ?? array(),
				$args['attachments'] ?? array()
			);
		} finally {
			if ( $switched ) {
				restore_previous_locale();
			}
		}
		return array(
			'sent'   => $sent ? 1 : 0,
			'failed' => $sent ? 0 : 1,
		);
	}

	/**
	 * The visitor's locale as WordPress has it installed (`fr_FR`, or for a bare `fr` the first
	 * installed `fr_*`), or null: the site's language.
	 *
	 * @param string|null $locale The bridge's `locale`.
	 */
	public static function installed_locale( ?string $locale ): ?string {
		if ( null === $locale || '' === $locale ) {
			return null;
		}
		$installed = array_merge( array( 'en_US' ), get_available_languages() );
		if ( in_array( $locale, $installed, true ) ) {
			return $locale;
		}
		$language = strtolower( explode( '_', $locale )[0] );
		foreach ( $installed as $candidate ) {
			if ( strtolower( explode( '_', $candidate )[0] ) === $language ) {
				return $candidate;
			}
		}
		return null;
	}

	/**
	 * The link that opens the conversation in the widget: the page the chat started on when it
	 * is on this site (same host as home_url()), else the home page, with the resume token in
	 * the fragment.
	 *
	 * @param string|null $page_url     The conversation's page.
	 * @param string      $resume_token The bridge's resume token.
	 */
	public static function resume_link( ?string $page_url, string $resume_token ): string {
		$home = home_url( '/' );
		$base = $home;
		$url  = null !== $page_url ? esc_url_raw( $page_url, array( 'http', 'https' ) ) : '';
		if ( '' !== $url ) {
			$host = wp_parse_url( $url, PHP_URL_HOST );
			if ( is_string( $host ) && strtolower( $host ) === strtolower( (string) wp_parse_url( $home, PHP_URL_HOST ) ) ) {
				$base = explode( '#', $url, 2 )[0];
			}
		}
		return $base . '#' . self::RESUME_FRAGMENT . '=' . rawurlencode( $resume_token );
	}

	/**
	 * The wp_mail() arguments, in the current (switched) locale.
	 *
	 * @param array $notification As validated by the notify route.
	 * @return array{to: string, subject: string, message: string, headers: string[], attachments: string[]}
	 */
	private function compose( array $notification ): array {
		$site = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		if ( '' === trim( $site ) ) {
			$site = self::line( (string) ( $notification['siteName'] ?? '' ), self::NAME_LENGTH );
		}
		$advisor = self::line( (string) ( $notification['advisorName'] ?? '' ), self::NAME_LENGTH );
		if ( '' === $advisor ) {
			$advisor = __( 'An advisor', 'handoff-chat' );
		}

		/* translators: %s: site title. */
		$subject = sprintf( __( '%s replied to your message', 'handoff-chat' ), $site );

		$lines = array(
			/* translators: 1: the advisor's name, or "An advisor"; 2: site title. */
			sprintf( __( '%1$s replied to your message on %2$s:', 'handoff-chat' ), $advisor, $site ),
			'',
		);
		$text  = self::text( (string) ( $notification['text'] ?? '' ) );
		$url   = self::image_url( $notification['imageUrl'] ?? null );
		if ( null !== $url ) {
			$lines[] = '' === $text
				? __( 'Image:', 'handoff-chat' )
				/* translators: %s: the caption the advisor sent with an image. */
				: sprintf( __( 'Image: %s', 'handoff-chat' ), $text );
			$lines[] = $url;
		} else {
			foreach ( explode( "\n", $text ) as $line ) {
				$lines[] = '> ' . $line;
			}
		}
		$lines[] = '';
		$lines[] = __( 'Continue the conversation in the chat:', 'handoff-chat' );
		$lines[] = self::resume_link( $notification['pageUrl'] ?? null, (string) $notification['resumeToken'] );
		$lines[] = __( 'This link opens your conversation: do not share it.', 'handoff-chat' );
		$lines[] = '';
		$lines[] = '-- ';
		$lines[] = __( 'Replies to this email are not read: continue in the chat.', 'handoff-chat' );

		return array(
			'to'          => (string) $notification['to'],
			'subject'     => $subject,
			'message'     => implode( "\n", $lines ) . "\n",
			// The advisor's text goes in as is: plain text, whatever a filter makes the default.
			'headers'     => array( 'Content-Type: text/plain; charset=UTF-8' ),
			'attachments' => array(),
		);
	}

	/**
	 * An image reply's address: absolute as the bridge sends it with PUBLIC_URL, else resolved
	 * against this site's bridge URL; null when it is none (or not http(s)).
	 *
	 * @param mixed $url The bridge's `imageUrl`.
	 */
	private static function image_url( $url ): ?string {
		if ( ! is_string( $url ) || '' === $url ) {
			return null;
		}
		if ( str_starts_with( $url, '/' ) && ! str_starts_with( $url, '//' ) ) {
			$bridge = Settings::get_bridge_url();
			if ( '' === $bridge ) {
				return null;
			}
			$url = $bridge . $url;
		}
		$url = esc_url_raw( $url, array( 'http', 'https' ) );
		return '' !== $url ? $url : null;
	}

	/**
	 * The advisor's text, several lines kept: no control (but newlines) or bidirectional-override
	 * characters, trimmed, truncated with "…".
	 *
	 * @param string $text The text.
	 */
	private static function text( string $text ): string {
		$text = wp_check_invalid_utf8( $text, true );
		$text = str_replace( array( "\r\n", "\r" ), "\n", $text );
		$text = (string) preg_replace( '/[^\P{Cc}\n]|[\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]/u', '', $text );
		$text = trim( (string) preg_replace( "/\n{3,}/", "\n\n", $text ) );
		if ( mb_strlen( $text ) > self::TEXT_LENGTH ) {
			$text = rtrim( mb_substr( $text, 0, self::TEXT_LENGTH - 1 ) ) . '…';
		}
		return $text;
	}

	/**
	 * One line: controls and bidirectional overrides gone, whitespace collapsed, truncated.
	 *
	 * @param string $text The text.
	 * @param int    $max  Most characters kept.
	 */
	private static function line( string $text, int $max ): string {
		$text = (string) preg_replace( '/\s+/u', ' ', self::text( $text ) );
		return mb_strlen( $text ) > $max ? rtrim( mb_substr( $text, 0, $max - 1 ) ) . '…' : $text;
	}
}
