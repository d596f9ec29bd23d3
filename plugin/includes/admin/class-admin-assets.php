<?php
/**
 * The admin app's script, style and initial state.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Capabilities;
use HandoffChat\Network;
use HandoffChat\Plugin;
use HandoffChat\Rest\Advisor_Token_Controller;
use HandoffChat\Rest\Advisors_Controller;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Loaded on Admin_Page's screens only. The initial state is typed in
 * admin/src/global.d.ts (window.handoffChatAdmin); its `view` tells the app which page
 * it is on.
 */
final class Admin_Assets {

	public const SCRIPT_HANDLE = 'handoff-chat-admin';

	/** The app's entry in the build (webpack.config.js). */
	public const ENTRY = 'index';

	/** The views of the app, one per screen (Admin_Page::view_for()). */
	public const VIEWS = array( 'inbox', 'flows', 'advisors', 'network-advisors', 'integrations', 'reports' );

	/** WordPress pages the Advisors screen's page picker asks /wp/v2/pages for at once (the REST maximum). */
	public const PAGES_PER_PAGE = 100;

	/**
	 * The app's screens and its build.
	 *
	 * @param Admin_Page $page  The screens that host the app.
	 * @param App_Build  $build The built admin app.
	 */
	public function __construct(
		private readonly Admin_Page $page,
		private readonly App_Build $build = new App_Build()
	) {}

	/**
	 * The app, on its own screens only (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix The current screen's hook.
	 */
	public function enqueue( string $hook_suffix ): void {
		$view = $this->page->view_for( $hook_suffix );
		if ( null === $view || ! $this->build->has( self::ENTRY ) ) {
			return;
		}
		$asset = $this->build->asset( self::ENTRY );

		if ( in_array( $view, array( 'flows', 'advisors', 'network-advisors' ), true ) ) {
			// Image steps and advisors' avatars are picked in the media library (wp.media).
			wp_enqueue_media();
		}

		wp_enqueue_script(
			self::SCRIPT_HANDLE,
			$this->build->url( self::ENTRY . '.js' ),
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

		if ( $this->build->has_file( self::ENTRY . '.css' ) ) {
			wp_enqueue_style(
				self::SCRIPT_HANDLE,
				$this->build->url( self::ENTRY . '.css' ),
				array( 'wp-components' ),
				$asset['version'] ?? HANDOFF_CHAT_VERSION
			);
		}
	}

	/**
	 * What the app needs before its first request. Never the secret: the app gets bridge
	 * access only through the advisor-token route. The REST nonce and root come with
	 * wp-api-fetch, as for every api-fetch call.
	 *
	 * @param string $view 'inbox', 'flows', 'advisors' or 'network-advisors': the page the app is on.
	 * @return array{view: string, configured: bool, bridgeUrl: string, siteId: string, settingsUrl: string, tokenPath: string, user: array{id: string, name: string, avatar: string}, canManage: bool, currentUserId: string, advisorsPath: string, pagesPerPage: int, advisorsUrl: string, timeFormat: string, locale: string, timeZone: string, sites?: list<array<string, mixed>>, starterFlow?: array<string, string>, checklist?: array<string, mixed>}
	 */
	public function get_initial_state( string $view = 'inbox' ): array {
		$user  = wp_get_current_user();
		$state = array(
			'view'          => in_array( $view, self::VIEWS, true ) ? $view : 'inbox',
			'configured'    => Settings::is_configured(),
			'bridgeUrl'     => Settings::get_bridge_url(),
			'siteId'        => Settings::get_site_id(),
			'settingsUrl'   => Settings_Page::url(),
			'tokenPath'     => '/' . Plugin::REST_NAMESPACE . Advisor_Token_Controller::ROUTE,
			'user'          => array(
				'id'     => (string) $user->ID,
				'name'   => $user->display_name,
				// As the bridge and the advisor token know it: the media-library pick, else Gravatar.
				'avatar' => Advisor_Profile::avatar_url( $user ) ?? '',
			),
			// Site managers edit the pseudonym template and canned responses (the token's `manage`).
			'canManage'     => Capabilities::can_manage(),
			// The Advisors screen marks the manager's own row (removing oneself asks for confirmation).
			'currentUserId' => (string) $user->ID,
			'advisorsPath'  => '/' . Plugin::REST_NAMESPACE . Advisors_Controller::ROUTE,
			'pagesPerPage'  => self::PAGES_PER_PAGE,
			// Where a manager goes about licences ('' for those who cannot open that page).
			'advisorsUrl'   => Capabilities::can_manage() ? Admin_Page::advisors_url() : '',
			// Message times as the site writes them (Settings → General), in this user's language: the widget uses the same format.
			'timeFormat'    => (string) get_option( 'time_format' ),
			'locale'        => get_user_locale( $user ),
			// Settings → General's time zone: the reports count days and hours in it; the opening hours' default.
			'timeZone'      => self::site_time_zone(),
		);
		if ( 'flows' === $state['view'] ) {
			// Visitors read the starter flow: in the site's language, not this user's.
			$state['starterFlow'] = Starter_Flow::texts();
		}
		if ( 'inbox' === $state['view'] && Capabilities::can_manage() ) {
			// Its steps are site configuration: shown to those who can do them.
			$state['checklist'] = First_Run_Checklist::state( $user );
		}
		if ( 'network-advisors' === $state['view'] ) {
			// One tab per site: each is its own bridge site, with its own settings and routes.
			$state['sites'] = Network::sites();
		}
		return $state;
	}

	/**
	 * WordPress's time zone as an IANA name (what the bridge and the browser's Intl read): a
	 * city as is; a whole-hour UTC offset as Etc/GMT∓N (POSIX signs are inverted); any other
	 * offset (e.g. +05:30, which has no Etc/ name) as UTC.
	 */
	public static function site_time_zone(): string {
		$zone = wp_timezone_string();
		if ( ! preg_match( '/^([+-])(\d{2}):(\d{2})$/', $zone, $m ) ) {
			return '' === $zone ? 'UTC' : $zone;
		}
		$hours = (int) $m[2];
		if ( '00' !== $m[3] || 0 === $hours ) {
			return 'UTC';
		}
		return 'Etc/GMT' . ( '+' === $m[1] ? '-' : '+' ) . $hours;
	}
}
