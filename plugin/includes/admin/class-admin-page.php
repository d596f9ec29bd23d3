<?php
/**
 * The wp-admin pages Conversations (the inbox), Conversations → Reports, Conversations → Bot flows
 * (the flow editor), Conversations → Advisors and Conversations → Integrations: pages that host the
 * same React admin app.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * The menu entries and the root element the app draws into. Admin_Assets loads the app
 * on these pages; Menu_Badge keeps the menu's count live everywhere else.
 */
final class Admin_Page {

	public const SLUG          = 'handoff-chat';
	public const FLOWS_SLUG    = 'handoff-chat-flows';
	public const ADVISORS_SLUG = 'handoff-chat-advisors';
	public const NETWORK_SLUG  = 'handoff-chat-network-advisors';

	public const INTEGRATIONS_SLUG = 'handoff-chat-integrations';
	public const REPORTS_SLUG      = 'handoff-chat-reports';
	public const ROOT_ID           = 'handoff-chat-admin';

	/**
	 * Screen hook of the Conversations page; '' before admin_menu.
	 *
	 * @var string
	 */
	private string $hook_suffix = '';

	/**
	 * Screen hook of the Bot flows page; '' when the user may not see it.
	 *
	 * @var string
	 */
	private string $flows_hook_suffix = '';

	/**
	 * Screen hook of the Advisors page; '' when the user may not see it.
	 *
	 * @var string
	 */
	private string $advisors_hook_suffix = '';

	/**
	 * The Integrations page's hook (webhooks and API keys), '' for users who may not see it.
	 *
	 * @var string
	 */
	private string $integrations_hook_suffix = '';

	/**
	 * The Reports page's hook, '' for users who may not see it.
	 *
	 * @var string
	 */
	private string $reports_hook_suffix = '';

	/**
	 * Screen hook of the network's Advisors page; '' outside the network admin.
	 *
	 * @var string
	 */
	private string $network_hook_suffix = '';

	/**
	 * The pages check the app's build before drawing its root.
	 *
	 * @param App_Build $build The built admin app.
	 */
	public function __construct( private readonly App_Build $build = new App_Build() ) {}

	/** The flow editor, linked from the widget block's settings. */
	public static function flows_url(): string {
		return admin_url( 'admin.php?page=' . self::FLOWS_SLUG );
	}

	/** The Conversations menu and its Bot flows and Advisors submenus (admin_menu). */
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
		// The whole team's figures, per advisor too: managers only (the bridge checks `manage` too).
		$this->reports_hook_suffix = (string) add_submenu_page(
			self::SLUG,
			__( 'Reports', 'handoff-chat' ),
			__( 'Reports', 'handoff-chat' ),
			Capabilities::MANAGE,
			self::REPORTS_SLUG,
			array( $this, 'render_reports' )
		);
		// Bot flows are site configuration (the bridge checks the token's `manage` claim too).
		$this->flows_hook_suffix = (string) add_submenu_page(
			self::SLUG,
			__( 'Bot flows', 'handoff-chat' ),
			__( 'Bot flows', 'handoff-chat' ),
			Capabilities::MANAGE,
			self::FLOWS_SLUG,
			array( $this, 'render_flows' )
		);
		// Who answers, their licences and pages: site configuration too.
		$this->advisors_hook_suffix = (string) add_submenu_page(
			self::SLUG,
			__( 'Advisors', 'handoff-chat' ),
			__( 'Advisors', 'handoff-chat' ),
			Capabilities::MANAGE,
			self::ADVISORS_SLUG,
			array( $this, 'render_advisors' )
		);
		// Webhooks and API keys reach the site's conversations from outside: managers only.
		$this->integrations_hook_suffix = (string) add_submenu_page(
			self::SLUG,
			__( 'Integrations', 'handoff-chat' ),
			__( 'Integrations', 'handoff-chat' ),
			Capabilities::MANAGE,
			self::INTEGRATIONS_SLUG,
			array( $this, 'render_integrations' )
		);
	}

	/** '' when the current user may not see the Integrations page. */
	public function get_integrations_hook_suffix(): string {
		return $this->integrations_hook_suffix;
	}

	/** '' when the current user may not see the Reports page. */
	public function get_reports_hook_suffix(): string {
		return $this->reports_hook_suffix;
	}

	/** The Advisors screen. */
	public static function advisors_url(): string {
		return admin_url( 'admin.php?page=' . self::ADVISORS_SLUG );
	}

	/** Network admin → Advisors: one tab per site of the network (Network::sites()). */
	public function add_network_menu(): void {
		$this->network_hook_suffix = (string) add_menu_page(
			__( 'Advisors of the network', 'handoff-chat' ),
			__( 'Advisors', 'handoff-chat' ),
			Capabilities::NETWORK_MANAGE,
			self::NETWORK_SLUG,
			array( $this, 'render_advisors' ),
			'dashicons-format-chat',
			26
		);
	}

	/** '' before network_admin_menu or for users who do not administer the network. */
	public function get_network_hook_suffix(): string {
		return $this->network_hook_suffix;
	}

	/** '' before admin_menu. */
	public function get_hook_suffix(): string {
		return $this->hook_suffix;
	}

	/** '' when the current user may not see the Bot flows page (WordPress adds no submenu then). */
	public function get_flows_hook_suffix(): string {
		return $this->flows_hook_suffix;
	}

	/** '' when the current user may not see the Advisors page. */
	public function get_advisors_hook_suffix(): string {
		return $this->advisors_hook_suffix;
	}

	/**
	 * Which app view a screen hook belongs to ('inbox', 'flows', 'advisors', 'network-advisors', 'integrations' or 'reports'); null for any other screen.
	 *
	 * @param string $hook_suffix The screen's hook (admin_enqueue_scripts).
	 */
	public function view_for( string $hook_suffix ): ?string {
		$views = array(
			'inbox'            => $this->hook_suffix,
			'flows'            => $this->flows_hook_suffix,
			'advisors'         => $this->advisors_hook_suffix,
			'network-advisors' => $this->network_hook_suffix,
			'integrations'     => $this->integrations_hook_suffix,
			'reports'          => $this->reports_hook_suffix,
		);
		foreach ( $views as $view => $suffix ) {
			if ( '' !== $suffix && $hook_suffix === $suffix ) {
				return $view;
			}
		}
		return null;
	}

	/** The Conversations page. */
	public function render(): void {
		$this->render_root( __( 'The Conversations inbox needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	/** The Bot flows page. */
	public function render_flows(): void {
		$this->render_root( __( 'The bot flow editor needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	/** The Advisors pages (site and network). */
	public function render_advisors(): void {
		$this->render_root( __( 'The Advisors screen needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	/** The Integrations page (webhooks and API keys). */
	public function render_integrations(): void {
		$this->render_root( __( 'The Integrations screen needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	/** The Reports page (charts and tables of the conversations). */
	public function render_reports(): void {
		$this->render_root( __( 'The Reports screen needs JavaScript. Please enable it in your browser.', 'handoff-chat' ) );
	}

	/**
	 * The element the app draws into, and a notice when the app is not built.
	 *
	 * @param string $noscript What browsers without JavaScript show.
	 */
	private function render_root( string $noscript ): void {
		?>
		<div class="wrap">
			<?php if ( ! $this->build->has( Admin_Assets::ENTRY ) ) : ?>
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
