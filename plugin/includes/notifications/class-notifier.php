<?php
/**
 * Escalation emails to advisors.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Notifications;

use HandoffChat\Admin\Admin_Page;
use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * Sends one plain-text email per advisor when the bridge reports an escalation: to the
 * assigned advisor, or to every licensed advisor while nobody is assigned. Each email is
 * written in its recipient's locale. Who is "licensed" is decided in one place,
 * licensed_advisor_ids(), so the licences of a later issue only have to filter it.
 */
final class Notifier {

	/** Characters of each of the visitor's lines quoted in the email. */
	public const PREVIEW_LENGTH = 140;

	/** Lines of the visitor's quoted, the most recent. */
	public const MAX_LINES = 5;

	/** Characters of the title of the page where the chat started. */
	private const TITLE_LENGTH = 200;

	/** What bridges before `lines` sent as the preview of an image without caption. */
	private const OLD_IMAGE_PREVIEW = '📷';

	/** Characters of the visitor's name (a pseudonym template can make it long). */
	private const NAME_LENGTH = 80;

	/**
	 * Every user who may receive escalation emails: holders of `handoff_chat_answer`,
	 * narrowed by the `handoff_chat_licensed_advisor_ids` filter.
	 *
	 * @return int[]
	 */
	public static function licensed_advisor_ids(): array {
		$ids = array_map(
			'intval',
			get_users(
				array(
					'capability' => Capabilities::ANSWER,
					'fields'     => 'ID',
				)
			)
		);

		/**
		 * Filters which advisors count as licensed for escalation emails.
		 *
		 * @param int[] $ids Users holding `handoff_chat_answer`. Ids without the capability are dropped afterwards.
		 */
		$filtered = apply_filters( 'handoff_chat_licensed_advisor_ids', $ids );
		$filtered = is_array( $filtered ) ? array_map( 'intval', $filtered ) : array();
		return array_values( array_unique( array_filter( $filtered, static fn ( int $id ) => $id > 0 && user_can( $id, Capabilities::ANSWER ) ) ) );
	}

	/**
	 * Who gets this escalation: the assigned advisor alone when they still answer
	 * conversations (even if they opted out: then nobody, as the conversation is theirs),
	 * otherwise every licensed advisor who did not opt out — within `$allowed`, the bridge's
	 * list of advisors licensed and allowed on the conversation's page, when it sends one.
	 *
	 * @param string|null   $assigned_advisor_id The assignee's user id, or null.
	 * @param string[]|null $allowed             User ids the bridge allows; null: no limit.
	 * @return \WP_User[]
	 */
	public function recipients( ?string $assigned_advisor_id, ?array $allowed = null ): array {
		$assigned = null !== $assigned_advisor_id ? get_userdata( (int) $assigned_advisor_id ) : false;
		if ( $assigned instanceof \WP_User && user_can( $assigned, Capabilities::ANSWER ) ) {
			return '' !== $assigned->user_email && Email_Preference::wants_email( $assigned->ID ) ? array( $assigned ) : array();
		}
		$users = array();
		$ids   = self::licensed_advisor_ids();
		if ( null !== $allowed ) {
			$ids = array_values( array_intersect( $ids, array_map( 'intval', $allowed ) ) );
		}
		foreach ( $ids as $id ) {
			$user = get_userdata( $id );
			if ( $user instanceof \WP_User && '' !== $user->user_email && Email_Preference::wants_email( $id ) ) {
				$users[] = $user;
			}
		}
		return $users;
	}

	/**
	 * Emails the recipients of an escalation.
	 *
	 * @param array{conversationId: string, assignedAdvisorId: ?string, visitorName: ?string, preview: ?string, lines?: array<array{kind: string, text: string}>, pageUrl?: ?string, pageTitle?: ?string} $notification As validated by the notify route.
	 * @return array{sent: int, failed: int}
	 */
	public function notify_escalation( array $notification ): array {
		$result  = array(
			'sent'   => 0,
			'failed' => 0,
		);
		$allowed = isset( $notification['recipients'] ) && is_array( $notification['recipients'] ) ? $notification['recipients'] : null;
		foreach ( $this->recipients( $notification['assignedAdvisorId'], $allowed ) as $user ) {
			$switched = switch_to_user_locale( $user->ID );
			try {
				$args = $this->compose( $user, $notification, (string) $user->ID === $notification['assignedAdvisorId'] );

				/**
				 * Filters an escalation email before it is sent, in its recipient's locale.
				 * Return anything but an array to send nothing to this recipient.
				 *
				 * @param array    $args         wp_mail() arguments: to, subject, message, headers, attachments.
				 * @param \WP_User $user         The recipient.
				 * @param array    $notification The bridge's notification (conversationId, assignedAdvisorId, visitorName, preview, lines, pageUrl, pageTitle).
				 */
				$args = apply_filters( 'handoff_chat_notification_email', $args, $user, $notification );
				if ( ! is_array( $args ) ) {
					continue;
				}
				// Through Mail_Failures: a failure is shown to administrators, not only retried.
				$sent = Mail_Failures::send(
					$args['to'] ?? $user->user_email,
					(string) ( $args['subject'] ?? '' ),
					(string) ( $args['message'] ?? '' ),
					$args['headers'] ?? array(),
					$args['attachments'] ?? array()
				);
				++$result[ $sent ? 'sent' : 'failed' ];
			} finally {
				if ( $switched ) {
					restore_previous_locale();
				}
			}
		}
		return $result;
	}

	/**
	 * The wp_mail() arguments for one recipient, in the current (switched) locale.
	 *
	 * @param \WP_User $user         The recipient.
	 * @param array    $notification As validated by the notify route.
	 * @param bool     $assigned     Whether the conversation is assigned to them.
	 * @return array{to: string, subject: string, message: string, headers: string[], attachments: string[]}
	 */
	private function compose( \WP_User $user, array $notification, bool $assigned ): array {
		$site    = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		$visitor = self::plain( (string) ( $notification['visitorName'] ?? '' ), self::NAME_LENGTH );
		if ( '' === $visitor ) {
			$visitor = __( 'A visitor', 'handoff-chat' );
		}
		$link = add_query_arg(
			array(
				'page'         => Admin_Page::SLUG,
				'conversation' => rawurlencode( $notification['conversationId'] ),
			),
			admin_url( 'admin.php' )
		);

		/* translators: 1: site title; 2: the visitor's name, or "A visitor". */
		$subject = sprintf( __( '[%1$s] %2$s is waiting for an advisor', 'handoff-chat' ), $site, $visitor );

		$lines = array(
			/* translators: 1: the visitor's name, or "A visitor"; 2: site title. */
			sprintf( __( '%1$s asked to talk to an advisor on %2$s.', 'handoff-chat' ), $visitor, $site ),
		);
		$page  = self::page( $notification );
		if ( array() !== $page ) {
			/* translators: %s: the title of the page where the visitor opened the chat, or its address. */
			$lines[] = sprintf( __( 'Chat started on: %s', 'handoff-chat' ), $page[0] );
			if ( isset( $page[1] ) ) {
				$lines[] = $page[1];
			}
		}
		$lines[] = $assigned
			? __( 'The conversation is assigned to you.', 'handoff-chat' )
			: __( 'No advisor is assigned yet: the first one to reply takes the conversation.', 'handoff-chat' );
		$lines[] = '';

		$quoted = self::quoted_lines( $notification );
		if ( array() !== $quoted ) {
			$lines[] = 1 === count( $quoted ) ? __( 'Their last message:', 'handoff-chat' ) : __( 'Their last messages, most recent last:', 'handoff-chat' );
			foreach ( $quoted as $line ) {
				$lines[] = '> ' . $line;
			}
			$lines[] = '';
		}
		$lines[] = __( 'Open the conversation:', 'handoff-chat' );
		$lines[] = $link;
		$lines[] = '';
		$lines[] = '-- ';
		/* translators: %s: URL of the recipient's profile page in wp-admin. */
		$lines[] = sprintf( __( 'To stop these emails, untick "Email me when a conversation is escalated" on your profile: %s', 'handoff-chat' ), admin_url( 'profile.php' ) );

		return array(
			'to'          => $user->user_email,
			'subject'     => $subject,
			'message'     => implode( "\n", $lines ) . "\n",
			// Visitor text goes in as is: say so, in case a filter makes mail HTML by default.
			'headers'     => array( 'Content-Type: text/plain; charset=UTF-8' ),
			'attachments' => array(),
		);
	}

	/**
	 * What the visitor typed, sent and chose, as the email quotes it (the recipient's locale):
	 * an image reads "Image" or "Image: <caption>", a button press says it was one, so a label
	 * never reads as if typed. Bridges before `lines` send only `preview`, their last message.
	 *
	 * @param array $notification As validated by the notify route.
	 * @return string[]
	 */
	private static function quoted_lines( array $notification ): array {
		if ( ! isset( $notification['lines'] ) || ! is_array( $notification['lines'] ) ) {
			$preview = (string) ( $notification['preview'] ?? '' );
			if ( self::OLD_IMAGE_PREVIEW === trim( $preview ) ) {
				return array( __( 'Image', 'handoff-chat' ) );
			}
			$preview = self::plain( $preview, self::PREVIEW_LENGTH );
			return '' !== $preview ? array( $preview ) : array();
		}
		$quoted = array();
		foreach ( array_slice( $notification['lines'], -self::MAX_LINES ) as $line ) {
			$text = self::plain( (string) ( $line['text'] ?? '' ), self::PREVIEW_LENGTH );
			switch ( $line['kind'] ?? '' ) {
				case 'image':
					if ( '' === $text ) {
						$quoted[] = __( 'Image', 'handoff-chat' );
					} else {
						/* translators: %s: the caption the visitor sent with an image. */
						$quoted[] = sprintf( __( 'Image: %s', 'handoff-chat' ), $text );
					}
					break;
				case 'choice':
					if ( '' !== $text ) {
						/* translators: %s: the label of the chatbot button the visitor pressed. */
						$quoted[] = sprintf( __( 'Pressed the button “%s”', 'handoff-chat' ), $text );
					}
					break;
				default:
					if ( '' !== $text ) {
						$quoted[] = $text;
					}
			}
		}
		return $quoted;
	}

	/**
	 * Where the chat started: its title (or address) first, then its address on a line of its
	 * own when there is a title; nothing for an address that is not http(s).
	 *
	 * @param array $notification As validated by the notify route.
	 * @return string[]
	 */
	private static function page( array $notification ): array {
		$url   = self::plain( (string) ( $notification['pageUrl'] ?? '' ), 2048 );
		$url   = '' !== $url ? esc_url_raw( $url, array( 'http', 'https' ) ) : '';
		$title = self::plain( (string) ( $notification['pageTitle'] ?? '' ), self::TITLE_LENGTH );
		if ( '' === $title ) {
			return '' !== $url ? array( $url ) : array();
		}
		return '' !== $url ? array( $title, $url ) : array( $title );
	}

	/**
	 * Visitor-supplied text on one line: no control or bidirectional-override characters
	 * (they could fake the layout of the email), whitespace collapsed, truncated with "…".
	 *
	 * @param string $text The text.
	 * @param int    $max  Most characters kept.
	 */
	private static function plain( string $text, int $max ): string {
		$text = wp_check_invalid_utf8( $text, true );
		$text = (string) preg_replace( '/[\p{Cc}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]+/u', ' ', $text );
		$text = trim( (string) preg_replace( '/\s+/u', ' ', $text ) );
		if ( mb_strlen( $text ) > $max ) {
			$text = rtrim( mb_substr( $text, 0, $max - 1 ) ) . '…';
		}
		return $text;
	}
}
