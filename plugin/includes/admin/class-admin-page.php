<?php
/**
 * wp-admin → Conversations (the inbox) and Conversations → Bot flows (the flow
 * editor): two pages that host the same React admin app.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Capabilities;
use HandoffChat\Plugin;
use HandoffChat\Rest\Advisor_Token_Controller;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Menu entries, the root element and the app's assets, loaded on these pages only.
 * The initial state is typed in admin/src/global.d.ts (window.handoffChatAdmin); its
 * `view` tells the app which page it is on.
 */
final class Admin_Page {

	public const SLUG             = 'handoff-chat';
	public const FLOWS_SLUG       = 'handoff-chat-flows';
	public const SCRIPT_HANDLE    = 'handoff-chat-admin';
	/** The menu's live count of conversations to handle, on every admin page. */
	public const BADGE_HANDLE     = 'handoff-chat-menu-badge';
	/** WordPress's own count markup, in the plugin's orange (white text stays readable). */
	public const BADGE_CSS        = '#adminmenu #toplevel_page_handoff-chat .awaiting-mod{background-color:#c2410c;color:#fff}';
	public const ROOT_ID          = 'handoff-chat-admin';
	/** Bot flows are site configuration: site managers only (the bridge checks the token's `manage` claim too). */
	public const FLOWS_CAPABILITY = 'manage_options';

	private string $hook_suffix       = '';
	private string $flows_hook_suffix = '';

	/**
	 * @param string|null $build_dir Folder of the built app (index.js, index.asset.php); tests pass a fixture.
	 * @param string|null $build_url Its URL.
	 */
	public function __construct(
		private ?string $build_dir = null,
		private ?string $build_url = null
	) {
		$this->build_dir ??= HANDOFF_CHAT_DIR . 'build/admin/';
		$this->build_url ??= HANDOFF_CHAT_URL . 'build/admin/';
	}

	public function add_menu(): void {
		$this->hook_suffix = (string) add_menu_page(
			__( 'Conversations', 'handoff-chat' ),
			__( 'Conversations', 'handoff-chat' ),
			Capabilities::ANSWER,
			self::SLUG,
			array( $this, 'render' ),
			'dashicons-format-chat',
			26
		);
		$this->flows_hook_suffix = (string) add_submenu_page(
			self::SLUG,
			__( 'Bot flows', 'handoff-chat' ),
			__( 'Bot flows', 'handoff-chat' ),
			self::FLOWS_CAPABILITY,
			self::FLOWS_SLUG,
			array( $this, 'render_flows' )
		);
	}

	public function get_hook_suffix(): string {
		return $this->hook_suffix;
	}

	/** '' when the current user may not see the Bot flows page (WordPress adds no submenu then). */
	public function get_flows_hook_suffix(): string {
		return $this->flows_hook_suffix;
	}

	/** Which app view a screen hook belongs to; null for any other screen. */
	private function view_for( string $hook_suffix ): ?string {
		if ( '' !== $this->hook_suffix && $hook_suffix === $this->hook_suffix ) {
			return 'inbox';
		}
		if ( '' !== $this->flows_hook_suffix && $hook_suffix === $this->flows_hook_suffix ) {
			return 'flows';
		}
		return null;
	}

	public function is_built(): bool {
		return is_readable( $this->build_dir . 'index.asset.php' ) && is_readable( $this->build_dir . 'index.js' );
	}

	/**
	 * admin_enqueue_scripts: the menu count on every screen (for advisors), the app on its
	 * own screens only.
	 */
	public function enqueue( string $hook_suffix ): void {
		$this->enqueue_menu_badge();
		$view = $this->view_for( $hook_suffix );
		if ( null === $view || ! $this->is_built() ) {
			return;
		}
		$asset = require $this->build_dir . 'index.asset.php';

		if ( 'flows' === $view ) {
			// Image steps can pick their picture in the media library (wp.media).
			wp_enqueue_media();
		}

		wp_enqueue_script(
			self::SCRIPT_HANDLE,
			$this->build_url . 'index.js',
			$asset['dependencies'] ?? array(),
			$asset['version'] ?? HANDOFF_CHAT_VERSION,
			array( 'in_footer' => true )
		);
		wp_set_script_translations( self::SCRIPT_HANDLE, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
		// JSON_HEX_TAG: no value (a display name, an avatar URL) can close the <script> element.
		wp_add_inline_script(
			self::SCRIPT_HANDLE,
			'window.handoffChatAdmin = ' . wp_json_encode( $this->get_initial_state( $view ), JSON_HEX_TAG ) . ';',
			'before'
		);

		if ( is_readable( $this->build_dir . 'index.css' ) ) {
			wp_enqueue_style(
				self::SCRIPT_HANDLE,
				$this->build_url . 'index.css',
				array( 'wp-components' ),
				$asset['version'] ?? HANDOFF_CHAT_VERSION
			);
		}
	}

	public function is_badge_built(): bool {
		return is_readable( $this->build_dir . 'menu-badge.asset.php' ) && is_readable( $this->build_dir . 'menu-badge.js' );
	}

	/**
	 * The small script that keeps the "Conversations" menu item's count live (it reads the
	 * count from the bridge with the user's advisor token). Advisors only, once configured.
	 */
	public function enqueue_menu_badge(): void {
		if ( ! current_user_can( Capabilities::ANSWER ) || ! Settings::is_configured() || ! $this->is_badge_built() ) {
			return;
		}
		if ( wp_script_is( self::BADGE_HANDLE, 'enqueued' ) ) {
			return;
		}
		$asset = require $this->build_dir . 'menu-badge.asset.php';
		wp_enqueue_script(
			self::BADGE_HANDLE,
			$this->build_url . 'menu-badge.js',
			$asset['dependencies'] ?? array(),
			$asset['version'] ?? HANDOFF_CHAT_VERSION,
			array(
				'in_footer' => true,
				'strategy'  => 'defer',
			)
		);
		wp_set_script_translations( self::BADGE_HANDLE, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
		wp_add_inline_script(
			self::BADGE_HANDLE,
			'window.handoffChatMenuBadge = ' . wp_json_encode( $this->get_badge_state(), JSON_HEX_TAG ) . ';',
			'before'
		);
		// A style handle without a file: only the rule that colours the count.
		wp_register_style( self::BADGE_HANDLE, false, array(), HANDOFF_CHAT_VERSION );
		wp_enqueue_style( self::BADGE_HANDLE );
		wp_add_inline_style( self::BADGE_HANDLE, self::BADGE_CSS );
	}

	/**
	 * The menu count's state (typed in admin/src/global.d.ts, HandoffChatMenuBadgeState).
	 *
	 * @return array{configured: bool, bridgeUrl: string, siteId: string, tokenPath: string}
	 */
	public function get_badge_state(): array {
		return array(
			'configured' => Settings::is_configured(),
			'bridgeUrl'  => Settings::get_bridge_url(),
			'siteId'     => Settings::get_site_id(),
			'tokenPath'  => '/' . Plugin::REST_NAMESPACE . Advisor_Token_Controller::ROUTE,
		);
	}

	/**
	 * What the app needs before its first request. Never the secret: the app gets bridge
	 * access only through the advisor-token route.
	 *
	 * @param string $view 'inbox' or 'flows': the page the app is on.
	 * @return array{view: string, configured: bool, bridgeUrl: string, siteId: string, settingsUrl: string, tokenPath: string, user: array{id: string, name: string, avatar: string}, canManage: bool}
	 */
	public function get_initial_state( string $view = 'inbox' ): array {
		$user   = wp_get_current_user();
		$avatar = get_avatar_url( $user->ID );
		return array(
			'view'        => 'flows' === $view ? 'flows' : 'inbox',
			'configured'  => Settings::is_configured(),
			'bridgeUrl'   => Settings::get_bridge_url(),
			'siteId'      => Settings::get_site_id(),
			'settingsUrl' => Settings_Page::url(),
			'tokenPath'   => '/' . Plugin::REST_NAMESPACE . Advisor_Token_Controller::ROUTE,
			'user'        => array(
				'id'     => (string) $user->ID,
				'name'   => $user->display_name,
				'avatar' => is_string( $avatar ) ? $avatar : '',
			),
			// Site managers edit the pseudonym template and canned responses (the token's `manage`).
			'canManage'   => current_user_can( 'manage_options' ),
		);
	}

	public function render(): void {
		$this->render_root( __( 'The Conversations inbox needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	public function render_flows(): void {
		$this->render_root( __( 'The bot flow editor needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	private function render_root( string $noscript ): void {
		?>
		<div class="wrap">
			<?php if ( ! $this->is_built() ) : ?>
				<div class="notice notice-error">
					<p>
						<?php
						printf(
							/* translators: %s: the command to run, "npm run build". */
							esc_html__( 'The Conversations app has not been built. Run %s in the plugin\'s source folder, then reload this page.', 'handoff-chat' ),
							'<code>npm run build</code>'
						);
						?>
					</p>
				</div>
			<?php endif; ?>
			<div id="<?php echo esc_attr( self::ROOT_ID ); ?>" class="handoff-chat-admin"></div>
			<noscript>
				<p><?php echo esc_html( $noscript ); ?></p>
			</noscript>
		</div>
		<?php
	}
}
