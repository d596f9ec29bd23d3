<?php
/**
 * Deleting the plugin from the Plugins screen: remove what it stored in WordPress.
 * Conversations live on the bridge and are not touched. Members of the Advisor role
 * keep their accounts, with no role on this site.
 *
 * @package HandoffChat
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

// The plugin itself is not loaded during uninstall.
require_once __DIR__ . '/includes/class-settings.php';
require_once __DIR__ . '/includes/class-capabilities.php';
require_once __DIR__ . '/includes/notifications/class-email-preference.php';
require_once __DIR__ . '/includes/advisors/class-advisor-profile.php';
require_once __DIR__ . '/includes/notifications/class-mail-failures.php';
require_once __DIR__ . '/includes/health/class-check-store.php';
require_once __DIR__ . '/includes/blocks/class-site-wide-widget.php';
require_once __DIR__ . '/includes/admin/class-first-run-checklist.php';
require_once __DIR__ . '/includes/privacy/class-consent.php';

HandoffChat\Settings::delete_options();
HandoffChat\Capabilities::remove();
HandoffChat\Notifications\Email_Preference::delete_all();
HandoffChat\Advisors\Advisor_Profile::delete_all();
HandoffChat\Notifications\Mail_Failures::delete_all();
HandoffChat\Health\Check_Store::delete_all();
HandoffChat\Blocks\Site_Wide_Widget::delete_options();
HandoffChat\Admin\First_Run_Checklist::delete_user_meta();
HandoffChat\Privacy\Consent::delete_options();
