<?php
/**
 * The live count on the "Conversations" menu item.
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
 * A small script, on every admin screen, that reads the count of conversations to
 * handle from the bridge with the user's advisor token and shows it in WordPress's own
 * count markup. Advisors only, once configured.
 */
final class Menu_Badge {

	public const HANDLE = 'handoff-chat-menu-badge';

	/** Its entry in the build (webpack.config.js): kept apart from the app, and small. */
	public const ENTRY = 'menu-badge';

	/** WordPress's own count markup, in the plugin's orange (white text stays readable). */
	public const CSS = '#adminmenu #toplevel_page_handoff-chat .awaiting-mod{background-color:#c2410c;color:#fff}';

	/**
	 * The badge's script comes from the admin app's build.
	 *
	 * @param App_Build $build The built admin app.
	 */
	public function __construct( private readonly App_Build $build = new App_Build() ) {}

	/** On every screen (admin_enqueue_scripts). */
	public function enqueue(): void {
		if ( ! current_user_can( Capabilities::ANSWER ) || ! Settings::is_configured() || ! $this->build->has( self::ENTRY ) ) {
			return;
		}
		if ( wp_script_is( self::HANDLE, 'enqueued' ) ) {
			return;
		}
		$asset = $this->build->asset( self::ENTRY );
		wp_enqueue_script(
			self::HANDLE,
			$this->build->url( self::ENTRY . '.js' ),
			$asset['dependencies'] ?? array(),
			$asset['version'] ?? HANDOFF_CHAT_VERSION,
			array(
				'in_footer' => true,
				'strategy'  => 'defer',
			)
		);
		wp_set_script_translations( self::HANDLE, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
		wp_add_inline_script(
			self::HANDLE,
			'window.handoffChatMenuBadge = ' . wp_json_encode( $this->get_state(), JSON_HEX_TAG ) . ';',
			'before'
		);
		// A style handle without a file: only the rule that colours the count.
		wp_register_style( self::HANDLE, false, array(), HANDOFF_CHAT_VERSION );
		wp_enqueue_style( self::HANDLE );
		wp_add_inline_style( self::HANDLE, self::CSS );
	}

	/**
	 * The count's state (typed in admin/src/global.d.ts, HandoffChatMenuBadgeState).
	 *
	 * @return array{configured: bool, bridgeUrl: string, siteId: string, tokenPath: string}
	 */
	public function get_state(): array {
		return array(
			'configured' => Settings::is_configured(),
			'bridgeUrl'  => Settings::get_bridge_url(),
			'siteId'     => Settings::get_site_id(),
			'tokenPath'  => '/' . Plugin::REST_NAMESPACE . Advisor_Token_Controller::ROUTE,
		);
	}
}
