<?php
/**
 * POST /wp-json/handoff-chat/v1/notify
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Bridge\Request_Signer;
use HandoffChat\Health\Check_Store;
use HandoffChat\Notifications\Notifier;
use HandoffChat\Notifications\Reply_Mailer;
use HandoffChat\Plugin;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Where the bridge reports events WordPress acts on: an escalation, emailed to advisors, and
 * an advisor's reply to a visitor who is away (`email-reply`), emailed to the visitor. The bridge signs each call with the site secret exactly as
 * WordPress signs its own calls to the bridge, so Request_Signer, which signs those,
 * checks these. The bridge retries until it gets a 2xx: a call seen before, or a second
 * report of the same event within ten minutes, is answered 200 `{ duplicate: true }` and
 * sends nothing. No route args: the body is validated against body_schema() in the
 * callback, after the signature.
 */
final class Notify_Controller extends Controller {

	public const ROUTE = '/notify';

	/** Seconds a processed call or event is remembered: longer than Request_Signer::WINDOW, so no replay fits in. */
	public const DEDUPE_TTL = 10 * MINUTE_IN_SECONDS;

	/**
	 * The route sends emails, on a clock tests can fix.
	 *
	 * @param Notifier      $notifier Sends the escalation emails.
	 * @param \Closure|null $clock    Returns the current Unix time; null for time(). Tests pass a fixed one,
	 *                                so a timestamp's distance from "now" does not depend on the machine's speed.
	 * @param Reply_Mailer  $replies  Sends advisors' replies to visitors.
	 */
	public function __construct(
		private readonly Notifier $notifier = new Notifier(),
		private readonly ?\Closure $clock = null,
		private readonly Reply_Mailer $replies = new Reply_Mailer()
	) {}

	protected const METHODS = \WP_REST_Server::CREATABLE;

	/**
	 * Public to cookie authentication on purpose: the bridge has no WordPress session. The
	 * caller is authenticated by the HMAC of the site secret over the method, the path it
	 * requested, the timestamp and the exact raw body, checked in constant time.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return true|\WP_Error 503 when the plugin is not configured, 401 for any bad signature.
	 */
	public function create_item_permissions_check( \WP_REST_Request $request ) {
		if ( ! Settings::is_configured() ) {
			return Bridge_Client::not_configured();
		}
		return Request_Signer::for_site()->verify(
			$request->get_method(),
			self::signed_paths(),
			$request->get_body(),
			(string) $request->get_header( Request_Signer::SITE_HEADER ),
			(string) $request->get_header( Request_Signer::TIMESTAMP_HEADER ),
			(string) $request->get_header( Request_Signer::SIGNATURE_HEADER ),
			null === $this->clock ? null : (int) ( $this->clock )()
		);
	}

	/**
	 * Emails the escalation's recipients, once per call and per event.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_item( \WP_REST_Request $request ) {
		// The bridge retries with a new timestamp and signature; the same pair twice is a replay.
		$call = 'handoff_chat_notify_call_' . self::digest( $request->get_header( Request_Signer::TIMESTAMP_HEADER ) . '|' . strtolower( (string) $request->get_header( Request_Signer::SIGNATURE_HEADER ) ) );
		if ( false !== get_transient( $call ) ) {
			return self::duplicate();
		}
		set_transient( $call, 1, self::DEDUPE_TTL );

		$notification = json_decode( $request->get_body(), true );
		if ( is_array( $notification ) && 'ping' === ( $notification['type'] ?? null ) ) {
			return self::ping( $notification );
		}
		$schema = is_array( $notification ) && 'email-reply' === ( $notification['type'] ?? null ) ? self::email_reply_schema() : self::body_schema();
		$valid  = is_array( $notification ) ? rest_validate_value_from_schema( $notification, $schema, 'body' ) : false;
		if ( true !== $valid ) {
			return new \WP_Error(
				'handoff_chat_invalid_notification',
				is_wp_error( $valid )
					/* translators: %s: why the notification was refused, e.g. "body[conversationId] is a required property of body." */
					? sprintf( __( 'The notification is not valid: %s', 'handoff-chat' ), $valid->get_error_message() )
					: __( 'The notification is not valid: the body must be a JSON object.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		$notification = rest_sanitize_value_from_schema( $notification, $schema, 'body' );
		$reply        = 'email-reply' === $notification['type'];

		// Claimed before sending, so a retry that arrives while the emails go out sends nothing.
		// One escalation per conversation; one email per reply.
		$event = 'handoff_chat_notify_event_' . self::digest( $notification['type'] . '|' . ( $reply ? $notification['messageId'] : $notification['conversationId'] ) );
		if ( false !== get_transient( $event ) ) {
			return self::duplicate();
		}
		set_transient( $event, 1, self::DEDUPE_TTL );

		$result = $reply ? $this->replies->send( $notification ) : $this->notifier->notify_escalation( $notification );
		if ( 0 === $result['sent'] && $result['failed'] > 0 ) {
			// Nobody got it: let the bridge try again later.
			delete_transient( $event );
			return new \WP_Error(
				'handoff_chat_mail_failed',
				__( 'WordPress could not send the notification emails. Check the site\'s email settings.', 'handoff-chat' ),
				array( 'status' => 503 )
			);
		}
		return new \WP_REST_Response(
			array(
				'duplicate' => false,
				'sent'      => $result['sent'],
				'failed'    => $result['failed'],
			),
			200
		);
	}

	/**
	 * The paths the bridge may have signed: the one this request arrived at (the bridge
	 * signs what it requests, sub-folder and `?rest_route=` included), and this route's own
	 * URL, for a proxy that rewrites the path on its way in.
	 *
	 * @return string[]
	 */
	private static function signed_paths(): array {
		$paths = array();
		if ( isset( $_SERVER['REQUEST_URI'] ) && is_string( $_SERVER['REQUEST_URI'] ) ) {
			$paths[] = wp_unslash( $_SERVER['REQUEST_URI'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared byte for byte, never output.
		}
		$url     = wp_parse_url( rest_url( Plugin::REST_NAMESPACE . self::ROUTE ) );
		$paths[] = ( $url['path'] ?? '/' ) . ( isset( $url['query'] ) ? '?' . $url['query'] : '' );
		return array_values( array_unique( $paths ) );
	}

	/** The notification the bridge sends (contracts: EscalationNotification). */
	public static function body_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'type'              => array(
					'type'     => 'string',
					'enum'     => array( 'escalated' ),
					'required' => true,
				),
				'conversationId'    => array(
					'type'     => 'string',
					'pattern'  => '^[A-Za-z0-9_-]{1,64}$',
					'required' => true,
				),
				// A WordPress user id (the advisor token's `sub`), or null: nobody is assigned.
				'assignedAdvisorId' => array(
					'type'     => array( 'string', 'null' ),
					'pattern'  => '^[1-9][0-9]{0,19}$',
					'required' => true,
				),
				'visitorName'       => array(
					'type'     => array( 'string', 'null' ),
					'required' => true,
				),
				'preview'           => array(
					'type'     => array( 'string', 'null' ),
					'required' => true,
				),
				// What the visitor typed, sent and chose, oldest first; absent from older bridges (then: preview).
				'lines'             => array(
					'type'     => 'array',
					'items'    => array(
						'type'       => 'object',
						'properties' => array(
							'kind' => array(
								'type'     => 'string',
								'enum'     => array( 'text', 'image', 'choice' ),
								'required' => true,
							),
							'text' => array(
								'type'     => 'string',
								'required' => true,
							),
						),
					),
					'maxItems' => 20,
				),
				// The page the chat started on; absent from older bridges.
				'pageUrl'           => array(
					'type' => array( 'string', 'null' ),
				),
				'pageTitle'         => array(
					'type' => array( 'string', 'null' ),
				),
				// The bridge's list of who may hear of it (licensed, allowed on the page); absent from older bridges.
				'recipients'        => array(
					'type'     => 'array',
					'items'    => array(
						'type'    => 'string',
						'pattern' => '^[1-9][0-9]{0,19}$',
					),
					'maxItems' => 1000,
				),
			),
		);
	}

	/** The `email-reply` notification (contracts: EmailReplyNotification). */
	public static function email_reply_schema(): array {
		$id       = array(
			'type'     => 'string',
			'pattern'  => '^[A-Za-z0-9_-]{1,64}$',
			'required' => true,
		);
		$nullable = array(
			'type'     => array( 'string', 'null' ),
			'required' => true,
		);
		return array(
			'type'       => 'object',
			'properties' => array(
				'type'           => array(
					'type'     => 'string',
					'enum'     => array( 'email-reply' ),
					'required' => true,
				),
				'conversationId' => $id,
				'messageId'      => $id,
				'to'             => array(
					'type'     => 'string',
					'format'   => 'email',
					'required' => true,
				),
				// A WordPress locale (fr_FR, fr), or null: the site's language.
				'locale'         => array(
					'type'     => array( 'string', 'null' ),
					'pattern'  => '^[a-z]{2,3}(_[A-Z]{2}|_[0-9]{3})?$',
					'required' => true,
				),
				'advisorName'    => array(
					'type'     => 'string',
					'required' => true,
				),
				'text'           => array(
					'type'      => 'string',
					'maxLength' => 4000,
					'required'  => true,
				),
				'imageUrl'       => $nullable,
				'pageUrl'        => $nullable,
				'pageTitle'      => $nullable,
				'resumeToken'    => array(
					'type'      => 'string',
					'pattern'   => '^hcr1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
					'maxLength' => 4096,
					'required'  => true,
				),
				'siteName'       => array(
					'type'     => 'string',
					'required' => true,
				),
			),
		);
	}

	/** The answer's schema: duplicate, sent, failed. */
	public function get_item_schema(): array {
		return self::object_schema(
			'handoff-chat-notify',
			array(
				'duplicate' => array(
					'description' => __( 'Whether this call or event was already handled, in which case nothing was sent.', 'handoff-chat' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
				'sent'      => array(
					'description' => __( 'Emails sent.', 'handoff-chat' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'failed'    => array(
					'description' => __( 'Emails WordPress failed to send.', 'handoff-chat' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
			),
		);
	}

	/**
	 * The connection check's `ping` (Connection_Checks::notify()): its token is recorded so the
	 * check knows the bridge's call arrived here; nobody is emailed.
	 *
	 * @param array $ping The decoded body: { type: "ping", token }.
	 * @return \WP_REST_Response|\WP_Error
	 */
	private static function ping( array $ping ) {
		$token = $ping['token'] ?? null;
		if ( ! is_string( $token ) || ! preg_match( '/^[A-Za-z0-9]{16,64}$/D', $token ) ) {
			return new \WP_Error( 'handoff_chat_invalid_notification', __( 'The notification is not valid: a ping needs a token of 16 to 64 letters and digits.', 'handoff-chat' ), array( 'status' => 400 ) );
		}
		Check_Store::record_ping( $token );
		return new \WP_REST_Response(
			array(
				'duplicate' => false,
				'sent'      => 0,
				'failed'    => 0,
				'ping'      => true,
			),
			200
		);
	}

	/** The answer to a call or event already handled: nothing was sent. */
	private static function duplicate(): \WP_REST_Response {
		return new \WP_REST_Response( array( 'duplicate' => true ), 200 );
	}

	/**
	 * Short, fixed-length transient names.
	 *
	 * @param string $value What the name stands for.
	 */
	private static function digest( string $value ): string {
		return substr( hash( 'sha256', $value ), 0, 32 );
	}
}
