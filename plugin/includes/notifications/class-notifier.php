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

	/** Characters of the visitor's last message quoted in the email. */
	public const PREVIEW_LENGTH = 140;

	/** Characters of the visitor's name (a pseudonym template can make it long). */
	private const NAME_LENGTH = 80;

	/**
	 * Every user who may receive escalation emails: holders of `handoff_chat_answer`,
	 * narrowed by the `handoff_chat_licensed_advisor_ids` filter.
	 *
	 * @return int[]
	 */
	public static function licensed_advisor_ids(): array {
		$ids = array_map( 'intval', get_users( array( 'capability' => Capabilities::ANSWER, 'fields' => 'ID' ) ) );

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
	 * @param array{conversationId: string, assignedAdvisorId: ?string, visitorName: ?string, preview: ?string} $notification
	 *        As validated by the notify route.
	 * @return array{sent: int, failed: int}
	 */
	public function notify_escalation( array $notification ): array {
		$result = array(
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
				 * @param array    $notification The bridge's notification (conversationId, assignedAdvisorId, visitorName, preview).
				 */
				$args = apply_filters( 'handoff_chat_notification_email', $args, $user, $notification );
				if ( ! is_array( $args ) ) {
					continue;
				}
				$sent = wp_mail(
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
	 * @return array{to: string, subject: string, message: string, headers: string[], attachments: string[]}
	 */
	private function compose( \WP_User $user, array $notification, bool $assigned ): array {
		$site    = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		$visitor = self::plain( (string) ( $notification['visitorName'] ?? '' ), self::NAME_LENGTH );
		if ( '' === $visitor ) {
			$visitor = __( 'A visitor', 'handoff-chat' );
		}
		$preview = self::plain( (string) ( $notification['preview'] ?? '' ), self::PREVIEW_LENGTH );
		$link    = add_query_arg(
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
			$assigned
				? __( 'The conversation is assigned to you.', 'handoff-chat' )
				: __( 'No advisor is assigned yet: the first one to reply takes the conversation.', 'handoff-chat' ),
			'',
		);
		if ( '' !== $preview ) {
			$lines[] = __( 'Their last message:', 'handoff-chat' );
			$lines[] = '> ' . $preview;
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
	 * Visitor-supplied text on one line: no control or bidirectional-override characters
	 * (they could fake the layout of the email), whitespace collapsed, truncated with "…".
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
