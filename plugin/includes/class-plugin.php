<?php
/**
 * Boots the plugin: the one place where hooks are wired.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

use HandoffChat\Advisors\Advisor_Sync;
use HandoffChat\Advisors\Capability_Watcher;
use HandoffChat\Admin\Admin_Assets;
use HandoffChat\Admin\Admin_Page;
use HandoffChat\Admin\App_Build;
use HandoffChat\Admin\Menu_Badge;
use HandoffChat\Admin\Connection_Section;
use HandoffChat\Admin\Settings_Page;
use HandoffChat\Admin\Site_Wide_Settings;
use HandoffChat\Blocks\Blocks;
use HandoffChat\Blocks\Customer_Identity;
use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Health\Checks_Controller;
use HandoffChat\Health\Site_Health;
use HandoffChat\Notifications\Email_Preference;
use HandoffChat\Notifications\Mail_Failures;
use HandoffChat\Privacy\Consent;
use HandoffChat\Privacy\Privacy_Policy;
use HandoffChat\Rest\Advisor_Token_Controller;
use HandoffChat\Rest\Advisors_Controller;
use HandoffChat\Rest\Checklist_Controller;
use HandoffChat\Rest\Customer_Shop_Controller;
use HandoffChat\Rest\Flows_Controller;
use HandoffChat\Rest\Notify_Controller;
use HandoffChat\Privacy\Personal_Data;

defined( 'ABSPATH' ) || exit;

/**
 * Every add_action/add_filter of the plugin, in one list, so a reader sees at a glance
 * what runs when. Classes only expose the callbacks.
 */
final class Plugin {

	/** REST namespace of every route of the plugin. */
	public const REST_NAMESPACE = 'handoff-chat/v1';

	/** Text domain of every string, PHP and JavaScript. */
	public const TEXT_DOMAIN = 'handoff-chat';

	/**
	 * The one instance, created by boot().
	 *
	 * @var Plugin|null
	 */
	private static ?Plugin $instance = null;

	/**
	 * The Conversations, Flows and Advisors screens.
	 *
	 * @var Admin_Page
	 */
	public readonly Admin_Page $admin_page;

	/**
	 * The admin app's scripts and styles on those screens.
	 *
	 * @var Admin_Assets
	 */
	public readonly Admin_Assets $admin_assets;

	/**
	 * The menu's count of conversations waiting for an advisor.
	 *
	 * @var Menu_Badge
	 */
	public readonly Menu_Badge $menu_badge;

	/**
	 * Settings → Handoff Chat.
	 *
	 * @var Settings_Page
	 */
	public readonly Settings_Page $settings_page;

	/**
	 * Settings → Connection: connect with a code, rotate the secret, update the address.
	 *
	 * @var Connection_Section
	 */
	public readonly Connection_Section $connection_section;

	/**
	 * The widget block.
	 *
	 * @var Blocks
	 */
	public readonly Blocks $blocks;

	/**
	 * REST: an advisor's token for the bridge.
	 *
	 * @var Advisor_Token_Controller
	 */
	public readonly Advisor_Token_Controller $advisor_token_controller;

	/**
	 * REST: the site's bot flow.
	 *
	 * @var Flows_Controller
	 */
	public readonly Flows_Controller $flows_controller;

	/**
	 * REST: the bridge's escalation notifications.
	 *
	 * @var Notify_Controller
	 */
	public readonly Notify_Controller $notify_controller;

	/**
	 * The escalation-email opt-out on users' profiles.
	 *
	 * @var Email_Preference
	 */
	public readonly Email_Preference $email_preference;

	/**
	 * Tells the bridge who can answer.
	 *
	 * @var Advisor_Sync
	 */
	public readonly Advisor_Sync $advisor_sync;

	/**
	 * Queues an advisor sync when a user's capabilities, name or email change.
	 *
	 * @var Capability_Watcher
	 */
	public readonly Capability_Watcher $capability_watcher;

	/**
	 * REST: the Advisors screen (list, invite, remove).
	 *
	 * @var Advisors_Controller
	 */
	public readonly Advisors_Controller $advisors_controller;

	/**
	 * The widget on every page, rendered from wp_footer.
	 *
	 * @var Site_Wide_Widget
	 */
	public readonly Site_Wide_Widget $site_wide_widget;

	/**
	 * Settings → Chat on every page.
	 *
	 * @var Site_Wide_Settings
	 */
	public readonly Site_Wide_Settings $site_wide_settings;

	/**
	 * REST: hides or shows the first-run checklist for the current user.
	 *
	 * @var Checklist_Controller
	 */
	public readonly Checklist_Controller $checklist_controller;

	/**
	 * Tools → Site Health: the connection checks as tests, and the "Handoff Chat" info section.
	 *
	 * @var Site_Health
	 */
	public readonly Site_Health $site_health;

	/**
	 * REST: the connection checks (Settings' button, Site Health's async tests, the browser's result).
	 *
	 * @var Checks_Controller
	 */
	public readonly Checks_Controller $checks_controller;

	/**
	 * Failed notification emails: the notice and the test email.
	 *
	 * @var Mail_Failures
	 */
	public readonly Mail_Failures $mail_failures;

	/**
	 * Settings → Privacy: the widget's consent step.
	 *
	 * @var Consent
	 */
	public readonly Consent $consent;

	/**
	 * The chat's paragraph in the privacy policy guide.
	 *
	 * @var Privacy_Policy
	 */
	public readonly Privacy_Policy $privacy_policy;

	/**
	 * Tools → Export / Erase Personal Data: the chat kept by the bridge.
	 *
	 * @var Personal_Data
	 */
	public readonly Personal_Data $personal_data;

	/**
	 * REST: a known customer's WooCommerce orders and cart for the visitor panel.
	 *
	 * @var Customer_Shop_Controller
	 */
	public readonly Customer_Shop_Controller $customer_shop_controller;

	/** Creates the plugin's objects; boot() wires their hooks. */
	private function __construct() {
		$app_build                      = new App_Build();
		$this->admin_page               = new Admin_Page( $app_build );
		$this->admin_assets             = new Admin_Assets( $this->admin_page, $app_build );
		$this->menu_badge               = new Menu_Badge( $app_build );
		$this->settings_page            = new Settings_Page();
		$this->connection_section       = new Connection_Section();
		$this->blocks                   = new Blocks();
		$this->advisor_token_controller = new Advisor_Token_Controller();
		$this->flows_controller         = new Flows_Controller();
		$this->notify_controller        = new Notify_Controller();
		$this->email_preference         = new Email_Preference();
		// One sync for the watcher and the routes: a route's own call replaces what was queued.
		$this->advisor_sync        = new Advisor_Sync();
		$this->capability_watcher  = new Capability_Watcher( $this->advisor_sync );
		$this->advisors_controller = new Advisors_Controller( $this->advisor_sync );
		// Connection checks (Site Health, Settings) and failed notification emails.
		$this->site_health       = new Site_Health();
		$this->checks_controller = new Checks_Controller();
		$this->mail_failures     = new Mail_Failures();
		// The widget on every page (Settings → Chat on every page), and the first-run checklist's route.
		$this->site_wide_widget     = new Site_Wide_Widget();
		$this->site_wide_settings   = new Site_Wide_Settings();
		$this->checklist_controller = new Checklist_Controller();
		// Privacy: the widget's consent step, the privacy policy suggestion.
		$this->consent        = new Consent();
		$this->privacy_policy = new Privacy_Policy();
		$this->personal_data  = new Personal_Data();
		// Known customers' WooCommerce data (nothing without WooCommerce).
		$this->customer_shop_controller = new Customer_Shop_Controller();
	}

	/** Creates the instance and wires its hooks once, however often it is called. */
	public static function boot(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self();
			self::$instance->register_hooks();
		}
		return self::$instance;
	}

	/**
	 * The plugin, booted if it was not yet.
	 *
	 * @return Plugin
	 */
	public static function instance(): Plugin {
		return self::boot();
	}

	/**
	 * Activation hook: what must exist before the first request, on this site or, for a
	 * network activation, on every site of the network.
	 *
	 * @param bool $network_wide Activated for the whole network.
	 */
	public static function activate( $network_wide = false ): void {
		if ( is_multisite() && $network_wide ) {
			Network::activate_sites();
			return;
		}
		Network::apply_site_defaults();
	}

	/** Every hook of the plugin. */
	private function register_hooks(): void {
		add_action( 'init', array( $this, 'load_textdomain' ) );
		add_action( 'init', array( $this->blocks, 'register' ) );
		add_action( 'enqueue_block_editor_assets', array( $this->blocks, 'add_editor_settings' ) );
		add_action( 'rest_api_init', array( $this->advisor_token_controller, 'register_routes' ) );
		add_action( 'rest_api_init', array( $this->flows_controller, 'register_routes' ) );
		add_action( 'rest_api_init', array( $this->notify_controller, 'register_routes' ) );
		add_action( 'rest_api_init', array( $this->advisors_controller, 'register_routes' ) );
		add_action( 'rest_api_init', array( $this->checklist_controller, 'register_routes' ) );
		add_action( 'rest_api_init', array( $this->customer_shop_controller, 'register_routes' ) );
		// The site-wide widget: a page that renders the block keeps it; otherwise the footer
		// renders the block once (before wp_print_footer_scripts, at 20, prints its script).
		add_filter( 'render_block_' . Site_Wide_Widget::BLOCK, array( $this->site_wide_widget, 'note_block' ) );
		add_action( 'wp_footer', array( $this->site_wide_widget, 'render_footer' ), 5 );
		// Known customers: the widget's signed identity of a logged-in visitor (logged out: none).
		add_action( 'wp_ajax_' . Customer_Identity::ACTION, array( Customer_Identity::class, 'respond' ) );
		add_action( 'wp_ajax_nopriv_' . Customer_Identity::ACTION, array( Customer_Identity::class, 'respond' ) );

		add_action( 'admin_init', array( Capabilities::class, 'maybe_upgrade' ) );
		add_action( 'admin_init', array( $this->settings_page, 'register_settings' ) );
		add_action( 'admin_init', array( $this->site_wide_settings, 'register_settings' ) );
		add_action( 'admin_init', array( $this->consent, 'register_settings' ) );
		add_action( 'admin_init', array( $this->privacy_policy, 'add_content' ) );
		// The Settings submenu must come after the top-level page it hangs under.
		add_action( 'admin_menu', array( $this->admin_page, 'add_menu' ) );
		add_action( 'admin_menu', array( $this->settings_page, 'add_menu' ), 11 );
		add_action( 'network_admin_menu', array( $this->admin_page, 'add_network_menu' ) );
		// The menu count on every screen (for advisors), the app on its own screens only.
		add_action( 'admin_enqueue_scripts', array( $this->menu_badge, 'enqueue' ) );
		add_action( 'admin_enqueue_scripts', array( $this->admin_assets, 'enqueue' ) );
		add_action( 'admin_post_' . Settings_Page::TEST_ACTION, array( $this->settings_page, 'handle_test_connection' ) );
		add_action( 'admin_post_' . Connection_Section::CONNECT_ACTION, array( $this->connection_section, 'handle_connect' ) );
		add_action( 'admin_post_' . Connection_Section::ROTATE_ACTION, array( $this->connection_section, 'handle_rotate_secret' ) );
		add_action( 'admin_post_' . Connection_Section::SITE_URL_ACTION, array( $this->connection_section, 'handle_update_site_url' ) );
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			\WP_CLI::add_command( 'handoff-chat', Cli_Command::class );
		}
		// Escalation emails: the opt-out checkbox on one's own profile and on user-edit.php.
		add_action( 'show_user_profile', array( $this->email_preference, 'render' ) );
		add_action( 'edit_user_profile', array( $this->email_preference, 'render' ) );
		add_action( 'personal_options_update', array( $this->email_preference, 'save' ) );
		add_action( 'edit_user_profile_update', array( $this->email_preference, 'save' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( HANDOFF_CHAT_FILE ), array( $this->settings_page, 'add_action_link' ) );

		// The Advisor role's name, wherever WordPress lists roles.
		add_filter( 'gettext_with_context_default', array( Capabilities::class, 'translate_role_name' ), 10, 3 );
		// Who can answer, told to the bridge: every write of a user's capabilities meta
		// (add_cap, remove_cap, set_role…), name or email edits and deletions are queued,
		// then sent once per user when the request ends.
		add_action( 'add_user_meta', array( $this->capability_watcher, 'before_add' ), 10, 2 );
		add_action( 'update_user_meta', array( $this->capability_watcher, 'before_change' ), 10, 3 );
		add_action( 'delete_user_meta', array( $this->capability_watcher, 'before_change' ), 10, 3 );
		add_action( 'profile_update', array( $this->capability_watcher, 'profile_updated' ), 10, 2 );
		add_action( 'delete_user', array( $this->capability_watcher, 'user_deleting' ) );
		add_action( 'wpmu_delete_user', array( $this->capability_watcher, 'network_user_deleting' ) );
		add_action( 'shutdown', array( $this->advisor_sync, 'flush' ) );
		// Connection checks: Site Health tests and info, their REST routes; failed emails' notice and test email.
		add_filter( 'site_status_tests', array( $this->site_health, 'add_tests' ) );
		add_filter( 'debug_information', array( $this->site_health, 'add_debug_information' ) );
		add_action( 'rest_api_init', array( $this->checks_controller, 'register_routes' ) );
		add_action( 'wp_mail_failed', array( $this->mail_failures, 'on_failure' ) );
		add_action( 'admin_notices', array( $this->mail_failures, 'render_notices' ) );
		add_action( 'admin_enqueue_scripts', array( $this->settings_page, 'enqueue_connection_check' ) );
		add_action( 'admin_post_' . Mail_Failures::TEST_ACTION, array( $this->mail_failures, 'handle_test_email' ) );
		add_action( 'admin_post_' . Mail_Failures::DISMISS_ACTION, array( $this->mail_failures, 'handle_dismiss' ) );
		// Tools → Export / Erase Personal Data cover the chat (the bridge's visitors with that email).
		add_filter( 'wp_privacy_personal_data_exporters', array( $this->personal_data, 'register_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( $this->personal_data, 'register_eraser' ) );
		// Networks: a new site gets the defaults when the plugin is active network-wide (after its tables exist).
		add_action( 'wp_initialize_site', array( Network::class, 'initialize_site' ), 20 );
	}

	/** Loads the PHP translations from the plugin's languages folder. */
	public function load_textdomain(): void {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( HANDOFF_CHAT_FILE ) ) . '/languages' );
	}
}
