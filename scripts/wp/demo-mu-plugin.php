<?php
/**
 * Plugin Name: Handoff Chat — demo site
 * Description: Installed by scripts/wp/site.mjs on the demo and end-to-end sites (startStack) only, never on production sites nor on the PHP test sites. Offline, WordPress's emoji images (s.w.org) and Gravatars are broken images, and WordPress has no language pack: here emoji stay text, avatars are initials drawn by the site, and the plugin's translations count as installed languages.
 */

/*
 * Emoji: where the browser cannot draw an emoji, WordPress swaps it for an image from
 * s.w.org, a broken image offline. The demo keeps emoji as text. The wp-admin hooks are
 * added by admin-filters.php, after `init`, hence `admin_init` too. A test may keep
 * WordPress's behaviour with the `handoff_demo_wp_emoji` filter.
 */
function handoff_demo_remove_wp_emoji(): void {
	if ( apply_filters( 'handoff_demo_wp_emoji', false ) ) {
		return;
	}
	remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
	remove_action( 'embed_head', 'print_emoji_detection_script' );
	remove_action( 'admin_print_scripts', 'print_emoji_detection_script' );
	remove_action( 'wp_enqueue_scripts', 'wp_enqueue_emoji_styles' );
	remove_action( 'enqueue_embed_scripts', 'wp_enqueue_emoji_styles' );
	remove_action( 'admin_enqueue_scripts', 'wp_enqueue_emoji_styles' );
	remove_action( 'wp_print_styles', 'print_emoji_styles' );
	remove_action( 'admin_print_styles', 'print_emoji_styles' );
	remove_filter( 'the_content_feed', 'wp_staticize_emoji' );
	remove_filter( 'comment_text_rss', 'wp_staticize_emoji' );
	remove_filter( 'wp_mail', 'wp_staticize_emoji_for_email' );
	add_filter( 'emoji_svg_url', '__return_false' );
}
add_action( 'init', 'handoff_demo_remove_wp_emoji' );
add_action( 'admin_init', 'handoff_demo_remove_wp_emoji' );

/**
 * Avatars: Gravatar is out of reach, so every avatar is a picture of the person's initials
 * served by this site (mu-plugins/handoff-demo/avatar.php) — in WordPress's screens, and
 * as the advisors' faces the plugin sends to the bridge. A picture chosen in the plugin's
 * Advisors screen still wins: the plugin asks for an avatar only without one.
 *
 * @param mixed $id_or_email What get_avatar() was given: user id, email, WP_User, WP_Post, WP_Comment.
 */
function handoff_demo_avatar_name( $id_or_email ): string {
	if ( $id_or_email instanceof WP_Comment ) {
		return $id_or_email->user_id ? handoff_demo_avatar_name( (int) $id_or_email->user_id ) : (string) $id_or_email->comment_author;
	}
	if ( $id_or_email instanceof WP_Post ) {
		$id_or_email = (int) $id_or_email->post_author;
	}
	$user = false;
	if ( $id_or_email instanceof WP_User ) {
		$user = $id_or_email;
	} elseif ( is_numeric( $id_or_email ) ) {
		$user = get_user_by( 'id', (int) $id_or_email );
	} elseif ( is_string( $id_or_email ) ) {
		$user = get_user_by( 'email', $id_or_email );
		if ( ! $user ) {
			return strstr( $id_or_email, '@', true ) ?: $id_or_email;
		}
	}
	return $user ? ( $user->display_name ?: $user->user_login ) : '';
}

add_filter(
	'pre_get_avatar_data',
	static function ( $args, $id_or_email ) {
		if ( isset( $args['url'] ) ) {
			return $args;
		}
		$name = handoff_demo_avatar_name( $id_or_email );
		// The rule of the plugin's initials (client-core/src/initials.ts): two words at most.
		$words    = preg_split( '/\s+/u', (string) preg_replace( '/[^\p{L}\p{N}\s]+/u', ' ', $name ), -1, PREG_SPLIT_NO_EMPTY );
		$initials = mb_strtoupper( implode( '', array_map( static fn( $w ) => mb_substr( $w, 0, 1 ), array_slice( $words, 0, 2 ) ) ) );
		// One colour per person, steady from page to page.
		$hue                  = hexdec( substr( md5( $name ), 0, 4 ) ) % 360;
		$args['url']          = add_query_arg(
			array(
				'initials' => rawurlencode( '' === $initials ? '?' : $initials ),
				'hue'      => $hue,
			),
			WPMU_PLUGIN_URL . '/handoff-demo/avatar.php'
		);
		$args['found_avatar'] = true;
		return $args;
	},
	10,
	2
);

/**
 * Languages: offline, WordPress downloads no language pack, knows no language but English
 * and shows no language selector. The plugin ships its own translations: those locales
 * count as installed here, so Settings → General, the profile and the login screen offer
 * them, and switch_to_locale() accepts them (it refuses a locale WordPress does not list,
 * which would leave each advisor's email in the site's language). WordPress's own strings stay English.
 *
 * @param string[]    $languages Locales found in wp-content/languages.
 * @param string|null $dir       Null: WordPress's own languages (another folder is left alone).
 * @return string[]
 */
function handoff_demo_plugin_languages( $languages, $dir ) {
	if ( null !== $dir ) {
		return $languages;
	}
	foreach ( glob( WP_PLUGIN_DIR . '/handoff-chat/languages/handoff-chat-*.mo' ) ?: array() as $file ) {
		$languages[] = substr( basename( $file, '.mo' ), strlen( 'handoff-chat-' ) );
	}
	return array_values( array_unique( $languages ) );
}
add_filter( 'get_available_languages', 'handoff_demo_plugin_languages', 10, 2 );

/*
 * The list of translations WordPress.org would give (language selectors ask for it, and log
 * a warning when it cannot be had): the languages above, named in their own language.
 */
add_filter(
	'translations_api',
	static function ( $result, $type ) {
		if ( false !== $result ) {
			return $result;
		}
		$translations = array();
		if ( 'core' === $type ) {
			foreach ( handoff_demo_plugin_languages( array(), null ) as $locale ) {
				$name           = class_exists( 'Locale' ) ? Locale::getDisplayName( $locale, $locale ) : '';
				$name           = mb_strtoupper( mb_substr( $name, 0, 1 ) ) . mb_substr( $name, 1 );
				$translations[] = array(
					'language'     => $locale,
					'native_name'  => '' !== $name ? $name : $locale,
					'english_name' => class_exists( 'Locale' ) ? Locale::getDisplayName( $locale, 'en' ) : $locale,
					'iso'          => array( strtok( $locale, '_' ) ),
				);
			}
		}
		return array( 'translations' => $translations );
	},
	10,
	2
);
