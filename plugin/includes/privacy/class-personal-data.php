<?php
/**
 * Tools → Export / Erase Personal Data for the chat kept by the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Privacy;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * A personal-data exporter and eraser (WordPress's privacy tools) that ask the bridge,
 * with signed calls, for what it keeps about the visitors whose variables hold the
 * request's email: their details and variables, every conversation with its messages
 * (advisors' private notes about them included) and images. Both are paged as WordPress
 * pages them: the exporter passes WordPress's page on, the eraser deletes a batch per call
 * until the bridge says it is done.
 */
final class Personal_Data {

	/** The key of the exporter and the eraser in WordPress's lists. */
	public const ID = 'handoff-chat';

	/** Seconds: an export page carries whole conversations. */
	private const TIMEOUT = 20;

	/**
	 * The transport to the bridge.
	 *
	 * @var Bridge_Client
	 */
	private Bridge_Client $client;

	/**
	 * Uses WordPress's signed client unless a test passes another.
	 *
	 * @param Bridge_Client|null $client The transport.
	 */
	public function __construct( ?Bridge_Client $client = null ) {
		$this->client = $client ?? new Bridge_Client();
	}

	/**
	 * The wp_privacy_personal_data_exporters filter.
	 *
	 * @param array $exporters The exporters by key.
	 * @return array
	 */
	public function register_exporter( $exporters ): array {
		$exporters             = (array) $exporters;
		$exporters[ self::ID ] = array(
			'exporter_friendly_name' => __( 'Handoff Chat conversations', 'handoff-chat' ),
			'callback'               => array( $this, 'export' ),
		);
		return $exporters;
	}

	/**
	 * The wp_privacy_personal_data_erasers filter.
	 *
	 * @param array $erasers The erasers by key.
	 * @return array
	 */
	public function register_eraser( $erasers ): array {
		$erasers             = (array) $erasers;
		$erasers[ self::ID ] = array(
			'eraser_friendly_name' => __( 'Handoff Chat conversations', 'handoff-chat' ),
			'callback'             => array( $this, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * One page of the export: the visitors (page 1) and up to ten of their conversations.
	 *
	 * @param string $email The request's email address.
	 * @param int    $page  From 1.
	 * @return array|\WP_Error { data, done } as WordPress's exporters answer.
	 */
	public function export( $email, $page = 1 ) {
		if ( ! Settings::is_configured() ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}
		$answer = $this->client->signed_request(
			'POST',
			'/v1/privacy/export',
			array(
				'email' => (string) $email,
				'page'  => max( 1, (int) $page ),
			),
			self::TIMEOUT
		);
		if ( is_wp_error( $answer ) ) {
			return self::failed( $answer );
		}
		$data = array();
		foreach ( (array) ( $answer['visitors'] ?? array() ) as $visitor ) {
			$data[] = $this->visitor_item( (array) $visitor );
		}
		foreach ( (array) ( $answer['conversations'] ?? array() ) as $conversation ) {
			$data[] = $this->conversation_item( (array) $conversation );
		}
		return array(
			'data' => $data,
			'done' => (bool) ( $answer['done'] ?? true ),
		);
	}

	/**
	 * One call of the erasure: the bridge deletes a batch and says whether more is left.
	 *
	 * @param string $email The request's email address.
	 * @param int    $page  From 1 (unused: the bridge deletes what is left each time).
	 * @return array|\WP_Error { items_removed, items_retained, messages, done }.
	 */
	public function erase( $email, $page = 1 ) {
		unset( $page );
		$nothing = array(
			'items_removed'  => false,
			'items_retained' => false,
			'messages'       => array(),
			'done'           => true,
		);
		if ( ! Settings::is_configured() ) {
			return $nothing;
		}
		$answer = $this->client->signed_request( 'POST', '/v1/privacy/erase', array( 'email' => (string) $email ), self::TIMEOUT );
		if ( is_wp_error( $answer ) ) {
			return self::failed( $answer );
		}
		$removed       = (array) ( $answer['removed'] ?? array() );
		$conversations = (int) ( $removed['conversations'] ?? 0 );
		$any           = array_sum( array_map( 'intval', $removed ) ) > 0;
		$messages      = array();
		if ( $conversations > 0 ) {
			$messages[] = sprintf(
				/* translators: %d: how many chat conversations were deleted. */
				_n( '%d chat conversation deleted, with its messages and images.', '%d chat conversations deleted, with their messages and images.', $conversations, 'handoff-chat' ),
				$conversations
			);
		}
		return array(
			'items_removed'  => $any,
			'items_retained' => false,
			'messages'       => $messages,
			'done'           => (bool) ( $answer['done'] ?? true ),
		);
	}

	/**
	 * The visitor's details and variables.
	 *
	 * @param array $visitor As the bridge exports it.
	 * @return array An export item.
	 */
	private function visitor_item( array $visitor ): array {
		$fields = array(
			array(
				'name'  => __( 'Visitor id', 'handoff-chat' ),
				'value' => (string) ( $visitor['id'] ?? '' ),
			),
			array(
				'name'  => __( 'First seen', 'handoff-chat' ),
				'value' => (string) ( $visitor['createdAt'] ?? '' ),
			),
			array(
				'name'  => __( 'Last seen', 'handoff-chat' ),
				'value' => (string) ( $visitor['lastSeenAt'] ?? '' ),
			),
		);
		if ( ! empty( $visitor['userAgent'] ) ) {
			$fields[] = array(
				'name'  => __( 'Browser', 'handoff-chat' ),
				'value' => (string) $visitor['userAgent'],
			);
		}
		foreach ( (array) ( $visitor['variables'] ?? array() ) as $variable ) {
			$fields[] = array(
				'name'  => (string) ( $variable['name'] ?? '' ),
				'value' => (string) ( $variable['value'] ?? '' ),
			);
		}
		return array(
			'group_id'          => 'handoff-chat-visitors',
			'group_label'       => __( 'Chat visitor', 'handoff-chat' ),
			'group_description' => __( 'What the chat knows about the visitor: their details and the answers they gave (variables).', 'handoff-chat' ),
			'item_id'           => 'handoff-chat-visitor-' . ( $visitor['id'] ?? '' ),
			'data'              => $fields,
		);
	}

	/**
	 * One conversation: where and when, its messages in order, its images as links.
	 *
	 * @param array $conversation As the bridge exports it.
	 * @return array An export item.
	 */
	private function conversation_item( array $conversation ): array {
		$lines = array();
		foreach ( (array) ( $conversation['messages'] ?? array() ) as $message ) {
			$lines[] = esc_html( self::message_line( (array) $message ) );
		}
		$fields = array(
			array(
				'name'  => __( 'Conversation', 'handoff-chat' ),
				'value' => (string) ( $conversation['id'] ?? '' ),
			),
			array(
				'name'  => __( 'Started', 'handoff-chat' ),
				'value' => (string) ( $conversation['createdAt'] ?? '' ),
			),
		);
		if ( ! empty( $conversation['pageUrl'] ) ) {
			$fields[] = array(
				'name'  => __( 'Page', 'handoff-chat' ),
				'value' => (string) $conversation['pageUrl'],
			);
		}
		$fields[] = array(
			'name'  => __( 'Messages', 'handoff-chat' ),
			// The export keeps <br> and links only: each message on its line, its text escaped.
			'value' => implode( '<br>', $lines ),
		);
		foreach ( (array) ( $conversation['uploads'] ?? array() ) as $upload ) {
			$fields[] = array(
				'name'  => __( 'Image', 'handoff-chat' ),
				'value' => Settings::get_bridge_url() . (string) ( $upload['url'] ?? '' ),
			);
		}
		return array(
			'group_id'          => 'handoff-chat-conversations',
			'group_label'       => __( 'Chat conversations', 'handoff-chat' ),
			'group_description' => __( 'The visitor\'s chat conversations: their messages, the bot\'s and advisors\' answers, advisors\' private notes about them, and the images sent.', 'handoff-chat' ),
			'item_id'           => 'handoff-chat-conversation-' . ( $conversation['id'] ?? '' ),
			'data'              => $fields,
		);
	}

	/**
	 * "[time] Author: text", a note marked as such.
	 *
	 * @param array $message As the bridge exports it.
	 */
	private static function message_line( array $message ): string {
		$author = (array) ( $message['author'] ?? array() );
		$name   = (string) ( $author['name'] ?? '' );
		if ( '' === $name ) {
			$labels = array(
				'visitor' => __( 'Visitor', 'handoff-chat' ),
				'advisor' => __( 'Advisor', 'handoff-chat' ),
				'bot'     => __( 'Bot', 'handoff-chat' ),
				'system'  => __( 'System', 'handoff-chat' ),
			);
			$name   = $labels[ $author['type'] ?? '' ] ?? (string) ( $author['type'] ?? '' );
		}
		if ( 'note' === ( $message['kind'] ?? '' ) ) {
			/* translators: %s: the advisor who wrote a private note. */
			$name = sprintf( __( '%s (private note)', 'handoff-chat' ), $name );
		}
		return sprintf( '[%s] %s: %s', (string) ( $message['createdAt'] ?? '' ), $name, (string) ( $message['text'] ?? '' ) );
	}

	/**
	 * The bridge's failure as WordPress's privacy screens show it.
	 *
	 * @param \WP_Error $error From Bridge_Client.
	 */
	private static function failed( \WP_Error $error ): \WP_Error {
		return new \WP_Error(
			'handoff_chat_privacy_failed',
			sprintf(
				/* translators: %s: why the bridge could not answer. */
				__( 'The chat server could not process this request: %s Try again in a moment.', 'handoff-chat' ),
				$error->get_error_message()
			)
		);
	}
}
