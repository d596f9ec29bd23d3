<?php
/**
 * Each advisor's choice to receive escalation emails, on their profile page.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Notifications;

use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * A user meta, on unless set to '0', shown as a checkbox on the profile screen of users
 * who answer conversations (their own profile and user-edit.php alike).
 */
final class Email_Preference {

	public const META_KEY = 'handoff_chat_email_notifications';

	private const NONCE_FIELD  = '_handoff_chat_email_nonce';
	private const NONCE_ACTION = 'handoff_chat_email_notifications_';

	/**
	 * Whether the user gets escalation emails (yes unless they opted out).
	 *
	 * @param int $user_id The user.
	 */
	public static function wants_email( int $user_id ): bool {
		return '0' !== get_user_meta( $user_id, self::META_KEY, true );
	}

	/**
	 * The checkbox on a profile (show_user_profile, edit_user_profile).
	 *
	 * @param \WP_User $user Whose profile it is.
	 */
	public function render( \WP_User $user ): void {
		if ( ! user_can( $user, Capabilities::ANSWER ) ) {
			return;
		}
		?>
		<h2><?php esc_html_e( 'Handoff Chat', 'handoff-chat' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th scope="row"><?php esc_html_e( 'Email notifications', 'handoff-chat' ); ?></th>
				<td>
					<label for="<?php echo esc_attr( self::META_KEY ); ?>">
						<input type="checkbox" name="<?php echo esc_attr( self::META_KEY ); ?>" id="<?php echo esc_attr( self::META_KEY ); ?>" value="1" <?php checked( self::wants_email( $user->ID ) ); ?> />
						<?php esc_html_e( 'Email me when a conversation is escalated', 'handoff-chat' ); ?>
					</label>
					<p class="description"><?php esc_html_e( 'Sent when a visitor asks for an advisor: to the advisor the conversation is assigned to, or to every advisor while nobody is assigned.', 'handoff-chat' ); ?></p>
					<?php wp_nonce_field( self::NONCE_ACTION . $user->ID, self::NONCE_FIELD, false ); ?>
				</td>
			</tr>
		</table>
		<?php
	}

	/**
	 * Saves the checkbox (personal_options_update, edit_user_profile_update). Only when our
	 * own field's nonce is present and valid (so other forms that update users leave the
	 * choice alone) and the current user may edit this user.
	 *
	 * @param int $user_id Whose profile was saved.
	 */
	public function save( int $user_id ): void {
		$nonce = isset( $_POST[ self::NONCE_FIELD ] ) ? sanitize_text_field( wp_unslash( $_POST[ self::NONCE_FIELD ] ) ) : '';
		if ( '' === $nonce || ! wp_verify_nonce( $nonce, self::NONCE_ACTION . $user_id ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_user', $user_id ) ) {
			return;
		}
		update_user_meta( $user_id, self::META_KEY, empty( $_POST[ self::META_KEY ] ) ? '0' : '1' );
	}

	/** Uninstall. */
	public static function delete_all(): void {
		delete_metadata( 'user', 0, self::META_KEY, '', true );
	}
}
